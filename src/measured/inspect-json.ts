import type { PreparedSpectrum } from './prepare.ts';

/**
 * The JSON of `xasinv inspect --json` and `POST /api/inspect` for a prepared spectrum.
 * @example console.log(JSON.stringify(inspectJson(prepareMeasured(file))));
 */
export function inspectJson(p: PreparedSpectrum): Record<string, unknown> {
  const { spectrum: s, preEdge: pe } = p;
  const n = s.energyEv.length;
  return {
    format: s.meta.format,
    source: s.meta.source,
    label: s.meta.label,
    group: s.meta.group ?? null,
    element: p.element ?? null,
    edge: p.edge ?? null,
    elementSource: p.elementSource,
    e0: p.e0Ev,
    edgeStep: p.edgeStep,
    points: n,
    energyRange: [s.energyEv[0], s.energyEv[n - 1]],
    energy: s.energyEv,
    mu: s.mu,
    norm: pe.norm,
    flat: pe.flat,
    pre: pe.pre,
    post: pe.post,
    recipe: pe.recipe,
    muSource: s.meta.muSource,
    warnings: p.warnings,
  };
}

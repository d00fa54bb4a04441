import { athenaNormalisation } from '../io/index.ts';
import type { PreparedSpectrum } from './prepare.ts';

/**
 * The normalisation stored with the spectrum (an Athena project group's `bkg_*`), in the fields
 * the API's normalisation overrides take (e0, pre1, pre2, norm1, norm2: E0 on the file's energies,
 * ranges relative to E0), with what Athena stored beside it; null for other formats.
 * @example projectParameters(prepareMeasured('Fe.prj')) // { e0: 7106.19, pre1: -150, pre2: -30, norm1: 150, norm2: 1756.4, athena: { e0: 7112, eshift: 5.81, nnorm: 3 } }
 */
export function projectParameters(p: PreparedSpectrum): { e0: number; pre1?: number; pre2?: number; norm1?: number; norm2?: number; athena: { e0: number; eshift: number; nnorm?: number } } | null {
  if (p.spectrum.meta.format !== 'athena') return null;
  const a = athenaNormalisation(p.spectrum.meta.headers);
  if (!a) return null;
  return {
    e0: a.e0Ev,
    ...(a.pre1RelE0Ev !== undefined ? { pre1: a.pre1RelE0Ev } : {}),
    ...(a.pre2RelE0Ev !== undefined ? { pre2: a.pre2RelE0Ev } : {}),
    ...(a.norm1RelE0Ev !== undefined ? { norm1: a.norm1RelE0Ev } : {}),
    ...(a.norm2RelE0Ev !== undefined ? { norm2: a.norm2RelE0Ev } : {}),
    athena: { e0: a.athenaE0Ev, eshift: a.eshiftEv, ...(a.athenaNnorm !== undefined ? { nnorm: a.athenaNnorm } : {}) },
  };
}

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
    projectParameters: projectParameters(p),
    muSource: s.meta.muSource,
    warnings: p.warnings,
  };
}

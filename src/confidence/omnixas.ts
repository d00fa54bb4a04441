/**
 * @module confidence/omnixas
 * Out-of-distribution test spectra for eval:confidence: OmniXAS processed FEFF spectra of other
 * absorbers (141 points, 0.25 eV apart from a per-element `e_start`), relabelled so their edge
 * sits on the model element's K edge.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { edgeEnergy } from '../elements/index.ts';
import type { Spectrum } from '../io/index.ts';
import { padPreEdge } from './theory-as-measured.ts';

/** Energy step of the OmniXAS processed spectra (eV). */
export const OMNIXAS_STEP_EV = 0.25;

/**
 * `e_start` per element from the text of OmniXAS `transformations.yaml` (the first value of each
 * element after the `e_start:` key; commented lines are skipped).
 *
 * @example
 * parseOmnixasStarts('e_start:\n  Co: 7709.282\n  # Cu: 8990\n  Cu: 8983.173\n'); // { Co: 7709.282, Cu: 8983.173 }
 */
export function parseOmnixasStarts(text: string): Record<string, number> {
  const block = text.slice(text.indexOf('e_start:'));
  const out: Record<string, number> = {};
  for (const m of block.matchAll(/^\s+([A-Z][a-z]?):\s*([0-9.]+)/gm)) if (!(m[1]! in out)) out[m[1]!] = Number(m[2]);
  return out;
}

/**
 * The test and val spectra of `element` in an OmniXAS processed folder (`<El>_FEFF_<split>_y.txt`,
 * one spectrum a line; at most `limit` per file), moved by the K-edge difference onto
 * `modelElement`'s edge, labelled as `modelElement` K, with a flat pre-edge (baseline: first 2 eV).
 *
 * @example
 * omnixasSpectra(dir, 'Co', 'Fe', parseOmnixasStarts(yaml), 20); // up to 40 Co spectra on the Fe K edge
 */
export function omnixasSpectra(dir: string, element: string, modelElement: string, starts: Readonly<Record<string, number>>, limit = Infinity): Spectrum[] {
  const out: Spectrum[] = [];
  const shift = edgeEnergy(modelElement, 'K') - edgeEnergy(element, 'K');
  for (const split of ['test', 'val']) {
    const file = join(dir, `${element}_FEFF_${split}_y.txt`);
    if (!existsSync(file)) continue;
    const rows = readFileSync(file, 'utf8').trim().split('\n').slice(0, limit);
    rows.forEach((line, i) => {
      const mu = Float64Array.from(line.trim().split(/\s+/).map(Number));
      const energyEv = Float64Array.from(mu, (_, k) => starts[element]! + OMNIXAS_STEP_EV * k + shift);
      out.push(padPreEdge({ energyEv, mu, meta: { format: 'columns', source: `${element}_FEFF_${split}_y.txt#${i}`, element: modelElement, edge: 'K', headers: {} }, warnings: [] }, 2));
    });
  }
  return out;
}

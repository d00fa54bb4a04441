/**
 * @module lab/benchmark/reference-check
 * Checks one reference-phase CIF with the project's own code (src/structure, src/chemistry): the
 * file parses, its reduced formula is the phase's, each absorber site's first shell matches the
 * spec's expected neighbour groups, and (where it applies) the bond-valence sum of the absorber is
 * within 0.3 v.u. of its valence. Used by test/benchmark/reference-phases.test.ts and by the
 * PROVENANCE.md writer, so the numbers in the PROVENANCE are the ones the test saw.
 */
import { siteChemistry } from '../../src/chemistry/index.ts';
import { formulaOf, inequivalentSites, neighborsOf, parseStructure, type Structure } from '../../src/structure/index.ts';
import type { AbsorberExpectation, PhaseSpec } from './reference-phases.ts';

/** Largest allowed |BVS − valence| (v.u.). */
export const BVS_TOLERANCE = 0.3;

/** Result for one inequivalent absorber site. */
export interface SiteCheck {
  element: string;
  label: string;
  multiplicity: number;
  /** The nearest neighbours compared with the expectation, in order. */
  shell: { element: string; distance: number }[];
  /** Problems with the first shell; empty when it matches. */
  shellProblems: string[];
  /** Bond-valence sum with the parameters of the expected valence, or null when not checked. */
  bvs: number | null;
  bvsProblem: string | null;
  bvsSkipped: string | null;
}

/** Result of a whole phase. */
export interface PhaseCheck {
  file: string;
  formula: string;
  formulaProblem: string | null;
  warnings: readonly string[];
  sites: SiteCheck[];
  ok: boolean;
}

function checkSite(structure: Structure, index: number, multiplicity: number, exp: AbsorberExpectation): SiteCheck {
  const total = exp.shell.reduce((a, g) => a + g.count, 0);
  const maxD = Math.max(...exp.shell.map((g) => g.distance)) + exp.toleranceAngstrom + 0.05;
  const nb = neighborsOf(structure, index, maxD + 0.5);
  const shell: { element: string; distance: number }[] = [];
  for (let k = 0; k < nb.indices.length && shell.length < total; k++) {
    if (nb.distances[k]! < 0.5) continue;
    shell.push({ element: structure.species[nb.indices[k]!]!, distance: nb.distances[k]! });
  }
  const problems: string[] = [];
  if (shell.length < total) problems.push(`only ${shell.length} neighbours within ${maxD.toFixed(2)} Å, expected ${total}`);
  let k = 0;
  for (const g of exp.shell) {
    for (let i = 0; i < g.count && k < shell.length; i++, k++) {
      const n = shell[k]!;
      if (n.element !== g.neighbor || Math.abs(n.distance - g.distance) > exp.toleranceAngstrom) {
        problems.push(`neighbour ${k + 1}: ${n.element} at ${n.distance.toFixed(4)} Å, expected ${g.neighbor} at ${g.distance} ± ${exp.toleranceAngstrom} Å`);
      }
    }
  }
  let bvs: number | null = null;
  let bvsProblem: string | null = null;
  let bvsSkipped: string | null = null;
  if (exp.bvs === 'check') {
    const chem = siteChemistry(structure, index);
    const cand = chem.candidates.find((c) => c.state === exp.valence);
    if (!cand) bvsProblem = `no bond-valence parameters for ${exp.element}(${exp.valence})`;
    else {
      bvs = cand.bvs;
      if (cand.missing.length > 0) bvsProblem = `no parameters for ${exp.element}(${exp.valence})–${cand.missing.join(', ')}`;
      else if (Math.abs(cand.bvs - exp.valence) > BVS_TOLERANCE) bvsProblem = `bond-valence sum ${cand.bvs.toFixed(2)} v.u. is more than ${BVS_TOLERANCE} from the valence ${exp.valence}`;
    }
  } else bvsSkipped = exp.bvs.skip;
  return { element: exp.element, label: structure.labels?.[index] ?? String(index), multiplicity, shell, shellProblems: problems, bvs, bvsProblem, bvsSkipped };
}

/**
 * Check CIF `text` against `spec`.
 *
 * @example checkReferencePhase(referencePhase('MnO_manganosite'), text).ok // true
 */
export function checkReferencePhase(spec: PhaseSpec, text: string): PhaseCheck {
  const structure = parseStructure(text, { name: `${spec.file}.cif`, format: 'cif' });
  const formula = formulaOf(structure).reducedFormula;
  const sorted = (f: string) => [...f.matchAll(/([A-Z][a-z]?)(\d*)/g)].map((m) => `${m[1]}${m[2]}`).sort().join('');
  const formulaProblem = sorted(formula) === sorted(spec.formula) ? null : `formula ${formula}, expected ${spec.formula}`;
  const sites: SiteCheck[] = [];
  for (const exp of spec.expect) {
    const groups = inequivalentSites(structure, exp.element).filter((g) => !exp.sites || exp.sites.includes(structure.labels?.[g.index] ?? ''));
    if (groups.length === 0) {
      sites.push({ element: exp.element, label: '—', multiplicity: 0, shell: [], shellProblems: [`no ${exp.element} site in the structure`], bvs: null, bvsProblem: null, bvsSkipped: null });
      continue;
    }
    for (const g of groups) sites.push(checkSite(structure, g.index, g.multiplicity, exp));
  }
  const ok = formulaProblem === null && sites.every((s) => s.shellProblems.length === 0 && s.bvsProblem === null);
  return { file: spec.file, formula, formulaProblem, warnings: structure.warnings ?? [], sites, ok };
}

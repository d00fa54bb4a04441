/**
 * @module chemistry/agreement
 * How far the top candidates of a ranking agree on the absorber's chemistry: counts per oxidation
 * label and per coordination label, and one sentence such as
 * `top 10: 9 × Cu(II), 4-coordinate O (7)` (9 of the 10 are Cu(II); 7 are 4-coordinate O).
 *
 * Each candidate counts once, split over its absorber sites by multiplicity (magnetite adds ⅓ to
 * `Fe(III)` and ⅔ to `Fe(II/III)`), so counts can be fractional; they print with one decimal then.
 */
import { formatCount } from './labels.ts';

/** What the summary needs of a site (an {@link AbsorberSite} has it). */
export interface ChemistrySiteLike {
  multiplicity: number;
  oxidationLabel: string;
  coordinationLabel: string;
  bvs: number | null;
}

/** One label and how many candidates carry it. */
export interface ChemistryCount {
  label: string;
  /** Candidates (multiplicity-weighted fractions summed). */
  count: number;
  /** Mean BVS of the sites behind the count (same weights); null when none has one. */
  meanBvs: number | null;
}

/** Result of {@link chemistryAgreement}. */
export interface ChemistryAgreement {
  /** Candidates considered. */
  top: number;
  /** Of them, those with at least one site readout. */
  withChemistry: number;
  /** Most frequent first. */
  oxidation: ChemistryCount[];
  coordination: ChemistryCount[];
  /** `top 10: 9 × Cu(II), 4-coordinate O (7)`. */
  sentence: string;
}

/**
 * Agreement of the first `top` rows (each the absorber sites of one candidate, or null/undefined
 * when the candidate has no readout).
 *
 * @example
 * chemistryAgreement([cuoSites, cuoSites, cu2oSites]).sentence; // 'top 3: 2 × Cu(II), 4-coordinate O (2)'
 */
export function chemistryAgreement(rows: readonly (readonly ChemistrySiteLike[] | null | undefined)[], { top = rows.length }: { top?: number } = {}): ChemistryAgreement {
  const considered = rows.slice(0, Math.max(0, top));
  const oxidation = new Tally();
  const coordination = new Tally();
  let withChemistry = 0;
  for (const sites of considered) {
    const total = (sites ?? []).reduce((a, s) => a + s.multiplicity, 0);
    if (!sites || !(total > 0)) continue;
    withChemistry++;
    for (const s of sites) {
      const w = s.multiplicity / total;
      oxidation.add(s.oxidationLabel, w, s.bvs);
      coordination.add(s.coordinationLabel, w, s.bvs);
    }
  }
  const ox = oxidation.sorted();
  const co = coordination.sorted();
  const head = `top ${considered.length}`;
  let sentence: string;
  if (withChemistry === 0) sentence = `${head}: no chemistry readout`;
  else {
    sentence = `${head}: ${formatCount(ox[0]!.count)} × ${ox[0]!.label}, ${co[0]!.label} (${formatCount(co[0]!.count)})`;
    const without = considered.length - withChemistry;
    if (without > 0) sentence += `; ${without} without a readout`;
  }
  return { top: considered.length, withChemistry, oxidation: ox, coordination: co, sentence };
}

class Tally {
  private readonly map = new Map<string, { count: number; bvsWeight: number; bvsSum: number }>();

  add(label: string, weight: number, bvs: number | null): void {
    const e = this.map.get(label) ?? { count: 0, bvsWeight: 0, bvsSum: 0 };
    e.count += weight;
    if (bvs !== null) {
      e.bvsWeight += weight;
      e.bvsSum += weight * bvs;
    }
    this.map.set(label, e);
  }

  sorted(): ChemistryCount[] {
    return [...this.map.entries()]
      .map(([label, e]) => ({ label, count: e.count, meanBvs: e.bvsWeight > 0 ? e.bvsSum / e.bvsWeight : null }))
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  }
}

/**
 * @module chemistry/agreement
 * What the top candidates of a ranking say about the absorber's chemistry, in a form that cannot
 * contradict itself:
 * - every candidate counts once, under ONE oxidation label (its sites' labels joined, most abundant
 *   first: magnetite is `Fe(III) + Fe(II/III)`) and one coordination label (its most abundant
 *   site's), so counts are whole numbers;
 * - each candidate carries a fit weight (1 when none is given; screening passes how close its score
 *   is to the best one's, see {@link fitWeights}), and a label leads by its share of the weight;
 * - a consensus is claimed only when the leading label holds more than half the weight AND the best
 *   candidate carries it; otherwise the sentence says "no consensus" and names both;
 * - the sentence starts with the best candidate, so the headline and the #1 row always agree.
 *
 * `top 10: the best fit reads Cu(I), 2-coordinate O; 7 of 10 agree (81 % of the fit weight)`
 * `top 10: no consensus: the best fit reads Cu(I); 6 of 10 read Cu(II) (58 % of the fit weight)`
 */

/** What the summary needs of a site (an {@link AbsorberSite} has it). */
export interface ChemistrySiteLike {
  multiplicity: number;
  oxidationLabel: string;
  coordinationLabel: string;
  bvs: number | null;
}

/** One label: how many candidates carry it, and their share of the fit weight. */
export interface ChemistryCount {
  label: string;
  /** Candidates carrying the label (a whole number). */
  count: number;
  /** Their share of the total fit weight, 0–1. */
  weight: number;
  /** Mean BVS of their sites (multiplicity-weighted); null when none has one. */
  meanBvs: number | null;
}

/** Result of {@link chemistryAgreement}. */
export interface ChemistryAgreement {
  /** Candidates considered. */
  top: number;
  /** Of them, those with at least one site readout. */
  withChemistry: number;
  /** Labels by fit weight, largest first. */
  oxidation: ChemistryCount[];
  coordination: ChemistryCount[];
  /** The best (first) candidate's labels; null without a readout. */
  best: { oxidation: string; coordination: string } | null;
  /** The labels a consensus was found for (null: no consensus on that property). */
  consensus: { oxidation: string | null; coordination: string | null };
  /** One sentence, starting with the best candidate. */
  sentence: string;
}

/** Defaults of {@link chemistryAgreement} and {@link fitWeights}. */
export const CHEMISTRY_AGREEMENT_DEFAULTS = Object.freeze({
  /** A label leads a consensus above this share of the fit weight (a majority). */
  consensusShare: 0.5,
});

/**
 * The oxidation label of a candidate: its distinct site labels, most abundant (by multiplicity)
 * first, joined with " + ".
 * @example candidateOxidationLabel([{ oxidationLabel: 'Fe(III)', multiplicity: 8 }, { oxidationLabel: 'Fe(II/III)', multiplicity: 16 }]) // 'Fe(II/III) + Fe(III)'
 */
export function candidateOxidationLabel(sites: readonly Pick<ChemistrySiteLike, 'oxidationLabel' | 'multiplicity'>[]): string {
  return byAbundance(sites.map((s) => [s.oxidationLabel, s.multiplicity])).join(' + ');
}

/** The coordination label of a candidate: its most abundant site's. */
function candidateCoordinationLabel(sites: readonly ChemistrySiteLike[]): string {
  return byAbundance(sites.map((s) => [s.coordinationLabel, s.multiplicity]))[0]!;
}

function byAbundance(pairs: [string, number][]): string[] {
  const m = new Map<string, number>();
  for (const [label, n] of pairs) m.set(label, (m.get(label) ?? 0) + n);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([label]) => label);
}

/**
 * Fit weights of ranked candidates: exp(−½ z²) with z = (score − best score) / σ, σ the candidate's
 * score σ (floored at `floor`; 1 when no σ is known). The best candidate weighs 1; one whose score is
 * 2σ worse weighs 0.14.
 * @example fitWeights([{ score: 0.1, scoreSigma: 0.05 }, { score: 0.2, scoreSigma: 0.05 }]) // [1, 0.135…]
 */
export function fitWeights(rows: readonly { score: number; scoreSigma: number | null }[], { floor = 1e-6 }: { floor?: number } = {}): number[] {
  if (rows.length === 0) return [];
  const best = Math.min(...rows.map((r) => r.score));
  return rows.map((r) => {
    if (r.scoreSigma === null || !Number.isFinite(r.scoreSigma)) return 1;
    const z = (r.score - best) / Math.max(floor, r.scoreSigma);
    return Math.exp(-0.5 * z * z);
  });
}

/**
 * Agreement of the first `top` rows (each the absorber sites of one candidate, or null/undefined
 * when the candidate has no readout), in rank order; `weights` (default 1 each) are the rows' fit weights.
 *
 * @example
 * chemistryAgreement([cu2oSites, cuoSites, cuoSites]).sentence;
 * // 'top 3: no consensus: the best fit reads Cu(I), 2-coordinate O; 2 of 3 read Cu(II) (67 % of the fit weight)'
 */
export function chemistryAgreement(
  rows: readonly (readonly ChemistrySiteLike[] | null | undefined)[],
  { top = rows.length, weights, consensusShare = CHEMISTRY_AGREEMENT_DEFAULTS.consensusShare }: { top?: number; weights?: readonly number[]; consensusShare?: number } = {},
): ChemistryAgreement {
  const considered = rows.slice(0, Math.max(0, top));
  const oxidation = new Tally();
  const coordination = new Tally();
  let withChemistry = 0;
  let best: ChemistryAgreement['best'] = null;
  considered.forEach((sites, i) => {
    const total = (sites ?? []).reduce((a, s) => a + s.multiplicity, 0);
    if (!sites || !(total > 0)) return;
    withChemistry++;
    const w = Math.max(0, weights?.[i] ?? 1);
    const bvsSites = sites.filter((s) => s.bvs !== null);
    const bvsTotal = bvsSites.reduce((a, s) => a + s.multiplicity, 0);
    const bvs = bvsTotal > 0 ? bvsSites.reduce((a, s) => a + s.multiplicity * s.bvs!, 0) / bvsTotal : null;
    const ox = candidateOxidationLabel(sites);
    const co = candidateCoordinationLabel(sites);
    oxidation.add(ox, w, bvs);
    coordination.add(co, w, bvs);
    if (i === 0) best = { oxidation: ox, coordination: co };
  });
  const ox = oxidation.sorted();
  const co = coordination.sorted();
  const lead = (counts: ChemistryCount[], bestLabel: string | undefined): string | null =>
    counts[0] && bestLabel === counts[0].label && counts[0].weight > consensusShare ? counts[0].label : null;
  const b = best as ChemistryAgreement['best'];
  const consensus = { oxidation: lead(ox, b?.oxidation), coordination: lead(co, b?.coordination) };
  return { top: considered.length, withChemistry, oxidation: ox, coordination: co, best: b, consensus, sentence: sentenceOf(considered.length, withChemistry, b, ox, consensus) };
}

function sentenceOf(top: number, withChemistry: number, best: ChemistryAgreement['best'], ox: ChemistryCount[], consensus: ChemistryAgreement['consensus']): string {
  const head = `top ${top}`;
  if (withChemistry === 0) return `${head}: no chemistry readout`;
  const pct = (w: number) => `${Math.round(100 * w)} % of the fit weight`;
  const without = top - withChemistry;
  const tail = without > 0 ? `; ${without} without a readout` : '';
  if (!best) {
    const c = ox[0]!;
    return `${head}: the best fit has no chemistry readout; ${c.count} of ${withChemistry} read ${c.label} (${pct(c.weight)})${tail}`;
  }
  const bestText = `the best fit reads ${best.oxidation}, ${best.coordination}`;
  if (withChemistry === 1) return `${head}: ${bestText}; no other candidate has a readout${tail}`;
  if (consensus.oxidation !== null) {
    const c = ox[0]!;
    return `${head}: ${bestText}; ${c.count} of ${withChemistry} agree on ${c.label} (${pct(c.weight)})${tail}`;
  }
  const other = ox.find((c) => c.label !== best.oxidation)!;
  const mine = ox.find((c) => c.label === best.oxidation)!;
  return `${head}: no consensus: ${bestText} (${mine.count} of ${withChemistry}, ${pct(mine.weight)}); ${other.count} of ${withChemistry} read ${other.label} (${pct(other.weight)})${tail}`;
}

class Tally {
  /** Per label; `first` is the rank of its first candidate (ties are broken in rank order). */
  private readonly map = new Map<string, { count: number; weight: number; bvsWeight: number; bvsSum: number; first: number }>();
  private total = 0;

  add(label: string, weight: number, bvs: number | null): void {
    const e = this.map.get(label) ?? { count: 0, weight: 0, bvsWeight: 0, bvsSum: 0, first: this.map.size };
    e.count += 1;
    e.weight += weight;
    this.total += weight;
    if (bvs !== null) {
      e.bvsWeight += 1;
      e.bvsSum += bvs;
    }
    this.map.set(label, e);
  }

  sorted(): ChemistryCount[] {
    const total = this.total > 0 ? this.total : 1;
    return [...this.map.entries()]
      .sort((a, b) => b[1].weight - a[1].weight || b[1].count - a[1].count || a[1].first - b[1].first)
      .map(([label, e]) => ({ label, count: e.count, weight: this.total > 0 ? e.weight / total : 0, meanBvs: e.bvsWeight > 0 ? e.bvsSum / e.bvsWeight : null }));
  }
}

/**
 * @module screen/combine
 * From per-candidate scores to the final ranking.
 *
 * Combination (2026-11, weight re-chosen on measured references 2026-12: reports/screen.md):
 * combined = ln d + w · ln χ²_rdf, lower is better, with d the ranking score's distance (e.g.
 * 1 − Pearson r) — a log-score, so a factor 10 in χ² counts like a factor 10^w in d. Logs make the
 * two scales commensurable without needing the whole pool (ranks would), so the pool can be
 * streamed. With w = 0, or without an inverse model, the combined score is ln d.
 *
 * Edge-position vote (2026-12, chemistry/edge-valence.ts): + v · penalty, with penalty =
 * ½((E½ − a − b·BVS)/σ)² the negative log-likelihood of the measured edge position given the
 * candidate's mean bond valence sum, and v = 1 (a log-likelihood added to a log-score; not tuned).
 * A candidate without a usable BVS (null: none, or first-shell ligands the calibration does not
 * cover) gets ½, the mean penalty of a candidate whose valence is right (E[z²/2] for z ~ N(0, 1)):
 * the edge says nothing about it, so it is treated like a right-valence candidate — favoured over
 * O-coordinated candidates of the wrong valence (e.g. FeOCl, O + Cl, ranks first for ilmenite).
 *
 * Distinguishability: a candidate whose interval d ± k·σ_d (k = 1) overlaps the interval of the
 * rank-1 candidate of the final order (after the votes) is flagged `overlapsBest` (not
 * distinguishable from it given the predictor's σ); only candidates with a σ can overlap.
 */

/** Defaults of {@link rankCandidates}. */
export const COMBINE_DEFAULTS = Object.freeze({ rdfWeight: 0, intervalK: 1, valenceWeight: 0 });

/** The scores {@link rankCandidates} reads. */
export interface ScoredCandidate {
  /** Distance of the ranking score (lower is better). */
  score: number;
  scoreSigma: number | null;
  rdfChi2: number | null;
  /** Edge-position penalty (null: no usable BVS — none, or first-shell ligands the calibration does not cover; undefined: no edge vote). */
  valencePenalty?: number | null;
}

/** What {@link rankCandidates} adds. */
export interface RankFields {
  rank: number;
  rankSpectral: number;
  rankRdf: number | null;
  combined: number;
  overlapsBest: boolean;
}

const TINY = 1e-12;

/** The edge penalty of a candidate the edge says nothing about: the mean of ½z² for z ~ N(0, 1). */
export const NEUTRAL_VALENCE_PENALTY = 0.5;

/** 1-based ranks of `values` (ties by index). @example ranksOf([0.3, 0.1, 0.2]) // [3, 1, 2] */
export function ranksOf(values: readonly number[]): number[] {
  const idx = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  const r = new Array<number>(values.length);
  idx.forEach((i, k) => (r[i] = k + 1));
  return r;
}

/**
 * Sort candidates best first and add rank, per-score ranks, the combined score and `overlapsBest`.
 *
 * @example
 * rankCandidates([{ score: 0.01, scoreSigma: 0.002, rdfChi2: 3 }, { score: 0.05, scoreSigma: 0.001, rdfChi2: 1 }], { rdfWeight: 0.5 })
 * // [{ …, rank: 1, rankSpectral: 1, rankRdf: 2, overlapsBest: true }, { …, rank: 2, overlapsBest: false }]
 */
export function rankCandidates<T extends ScoredCandidate>(
  items: readonly T[],
  {
    rdfWeight = COMBINE_DEFAULTS.rdfWeight,
    intervalK = COMBINE_DEFAULTS.intervalK,
    valenceWeight = COMBINE_DEFAULTS.valenceWeight,
  }: { rdfWeight?: number; intervalK?: number; valenceWeight?: number } = {},
): (T & RankFields)[] {
  if (items.length === 0) return [];
  const haveRdf = items.every((c) => c.rdfChi2 !== null && Number.isFinite(c.rdfChi2));
  const rankSpectral = ranksOf(items.map((c) => c.score));
  const rankRdf = haveRdf ? ranksOf(items.map((c) => c.rdfChi2!)) : null;
  const useRdf = haveRdf && rdfWeight > 0;
  const valence = (c: T): number =>
    valenceWeight > 0 && c.valencePenalty !== undefined ? valenceWeight * (typeof c.valencePenalty === 'number' && Number.isFinite(c.valencePenalty) ? c.valencePenalty : NEUTRAL_VALENCE_PENALTY) : 0;
  const combined = items.map((c) => Math.log(Math.max(c.score, TINY)) + (useRdf ? rdfWeight * Math.log(Math.max(c.rdfChi2!, TINY)) : 0) + valence(c));
  const out = items.map((c, i) => ({
    ...c,
    rank: 0,
    rankSpectral: rankSpectral[i]!,
    rankRdf: rankRdf ? rankRdf[i]! : null,
    combined: combined[i]!,
    overlapsBest: false,
  }));
  out.sort((a, b) => a.combined - b.combined || a.score - b.score);
  out.forEach((c, i) => (c.rank = i + 1));
  // "≈ best" on the final order: the score interval overlaps that of rank 1 (which the votes may
  // have put above a candidate with a lower spectral score).
  const first = out[0]!;
  const k1 = intervalK * (first.scoreSigma ?? 0);
  for (const c of out) c.overlapsBest = c === first || (c.scoreSigma !== null && Math.abs(c.score - first.score) <= intervalK * c.scoreSigma + k1);
  return out;
}

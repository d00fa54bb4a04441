/**
 * @module screen/combine
 * From per-candidate scores to the final ranking.
 *
 * Combination (2026-11): combined = ln R + w · ln χ²_rdf, lower is better, w = 0.5 by default —
 * a log-score, so a factor 10 in χ² counts like a factor 10^0.5 ≈ 3.2 in R: the spectral fit is
 * the primary evidence and the pseudo-RDF a weaker second vote (the inverse model sees only the
 * measured spectrum, and its σ is calibrated on theory spectra). Logs make the two scales
 * commensurable without needing the whole pool (ranks would), so the pool can be streamed. Without
 * an inverse model the combined score is ln R. Ranks by each score alone are reported beside it.
 *
 * Distinguishability: a candidate whose interval R ± k·σ_R (k = 1) overlaps the best R's interval
 * is flagged `overlapsBest` (not distinguishable from the best fit given the predictor's σ).
 */

/** Defaults of {@link rankCandidates}. */
export const COMBINE_DEFAULTS = Object.freeze({ rdfWeight: 0.5, intervalK: 1 });

/** The scores {@link rankCandidates} reads. */
export interface ScoredCandidate {
  rFactor: number;
  scoreSigma: number;
  rdfChi2: number | null;
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

function ranksOf(values: readonly number[]): number[] {
  const idx = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  const r = new Array<number>(values.length);
  idx.forEach((i, k) => (r[i] = k + 1));
  return r;
}

/**
 * Sort candidates best first and add rank, per-score ranks, the combined score and `overlapsBest`.
 *
 * @example
 * rankCandidates([{ rFactor: 0.01, scoreSigma: 0.002, rdfChi2: 3 }, { rFactor: 0.05, scoreSigma: 0.001, rdfChi2: 1 }])
 * // [{ …, rank: 1, rankSpectral: 1, rankRdf: 2, overlapsBest: true }, { …, rank: 2, overlapsBest: false }]
 */
export function rankCandidates<T extends ScoredCandidate>(
  items: readonly T[],
  { rdfWeight = COMBINE_DEFAULTS.rdfWeight, intervalK = COMBINE_DEFAULTS.intervalK }: { rdfWeight?: number; intervalK?: number } = {},
): (T & RankFields)[] {
  if (items.length === 0) return [];
  const useRdf = items.every((c) => c.rdfChi2 !== null && Number.isFinite(c.rdfChi2));
  const rankSpectral = ranksOf(items.map((c) => c.rFactor));
  const rankRdf = useRdf ? ranksOf(items.map((c) => c.rdfChi2!)) : null;
  const combined = items.map((c) => Math.log(Math.max(c.rFactor, TINY)) + (useRdf ? rdfWeight * Math.log(Math.max(c.rdfChi2!, TINY)) : 0));
  let best = 0;
  items.forEach((c, i) => {
    if (c.rFactor < items[best]!.rFactor) best = i;
  });
  const bestHi = items[best]!.rFactor + intervalK * items[best]!.scoreSigma;
  const out = items.map((c, i) => ({
    ...c,
    rank: 0,
    rankSpectral: rankSpectral[i]!,
    rankRdf: rankRdf ? rankRdf[i]! : null,
    combined: combined[i]!,
    overlapsBest: c.rFactor - intervalK * c.scoreSigma <= bestHi,
  }));
  out.sort((a, b) => a.combined - b.combined || a.rFactor - b.rFactor);
  out.forEach((c, i) => (c.rank = i + 1));
  return out;
}

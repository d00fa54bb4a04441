/**
 * @module lab/screen/borda
 * The Borda count (as ELSIE does), a ranking measured and not chosen (reports/screen.md): with
 * several scores, each candidate's distances are ranked per score over the pool and the ranks
 * summed; the sum is then the distance. `bordaRanking` plugs it into a screening run (ScreenHooks).
 */
import { ranksOf, type ScoreKind, type ScreenHooks } from '../../src/screen/index.ts';

/**
 * Borda counts: per score, the candidates' ranks by distance (1 = best), summed over the scores.
 *
 * @example
 * bordaCounts([{ pearson: 0.01, cosine: 0.02 }, { pearson: 0.02, cosine: 0.01 }, { pearson: 0.03, cosine: 0.03 }], ['pearson', 'cosine'])
 * // [3, 3, 6]
 */
export function bordaCounts(distances: readonly Readonly<Record<string, number>>[], kinds: readonly string[]): number[] {
  const sum = new Array<number>(distances.length).fill(0);
  for (const k of kinds) ranksOf(distances.map((d) => d[k]!)).forEach((r, i) => (sum[i]! += r));
  return sum;
}

/**
 * The screening hook that ranks by the Borda count over `kinds` (each score at its own best shift
 * and broadening); the result's scoreKind is `borda`.
 *
 * @example await screenCandidates(prepared, pool, { predictor, hooks: { ranking: bordaRanking(['pearson', 'cosine']) } });
 */
export function bordaRanking(kinds: readonly ScoreKind[]): NonNullable<ScreenHooks['ranking']> {
  return {
    name: 'borda',
    scores: kinds,
    distances: (perCandidate) => bordaCounts(perCandidate, kinds),
    describe: (terms) => `Borda count over ${kinds.join(', ')} (sum of ranks, lower is better)${terms.map((t) => `, + ${t}`).join('')}`,
  };
}

/**
 * @module screen/scores
 * Agreement between a measured (y) and a fitted theoretical (ŷ) spectrum on the same points.
 *
 * Every score is also written as a *distance* (lower is better, 0 = perfect) so the fit and the
 * ranking treat them alike: R-factor R = Σ(y − aŷ)²/Σy² with the least-squares scale a (Larch
 * `feffit`'s definition), 1 − Pearson r, 1 − cosine, 1 − Spearman ρ, and 1 − Pearson r of the
 * first differences (the derivative: edge position and peak positions weigh more than intensities).
 * Which one ranks is chosen on measured references (`npm run eval:screen`, reports/screen.md).
 */
import { pearson, ranks, spearman } from '../stats/index.ts';

/** The scores a fit reports (similarities; `rFactor` is lower-is-better). */
export interface FitScores {
  rFactor: number;
  mse: number;
  pearson: number;
  spearman: number;
  cosine: number;
  derivativePearson: number;
}

/** Scores a ranking can be based on. */
export type ScoreKind = 'rFactor' | 'pearson' | 'cosine' | 'spearman' | 'derivativePearson';
export const SCORE_KINDS: readonly ScoreKind[] = Object.freeze(['rFactor', 'pearson', 'cosine', 'spearman', 'derivativePearson']);

/**
 * R = Σ(y − ŷ)² / Σy².
 * @example rFactor([1, 2], [1, 2]) // 0
 */
export function rFactor(y: ArrayLike<number>, yHat: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < y.length; i++) {
    num += (y[i]! - yHat[i]!) ** 2;
    den += y[i]! ** 2;
  }
  return den > 0 ? num / den : NaN;
}

/**
 * Cosine similarity Σyŷ / (|y||ŷ|).
 * @example cosine([1, 0], [2, 0]) // 1
 */
export function cosine(y: ArrayLike<number>, yHat: ArrayLike<number>): number {
  let d = 0;
  let a = 0;
  let b = 0;
  for (let i = 0; i < y.length; i++) {
    d += y[i]! * yHat[i]!;
    a += y[i]! ** 2;
    b += yHat[i]! ** 2;
  }
  return a > 0 && b > 0 ? d / Math.sqrt(a * b) : NaN;
}

/**
 * Pearson r of the first differences (uniform grid: the derivative up to a constant).
 * @example derivativePearson([0, 1, 3, 6], [0, 2, 6, 12]) // 1
 */
export function derivativePearson(y: ArrayLike<number>, yHat: ArrayLike<number>): number {
  const n = y.length - 1;
  if (n < 2) return NaN;
  const dy = new Float64Array(n);
  const dp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    dy[i] = y[i + 1]! - y[i]!;
    dp[i] = yHat[i + 1]! - yHat[i]!;
  }
  return pearson(dy, dp);
}

/**
 * Least-squares intensity scale a = Σyŷ/Σŷ² (≥ 0) and the R-factor of y against a·ŷ.
 * @example scaledRFactor([2, 4], [1, 2]) // { scale: 2, rFactor: 0 }
 */
export function scaledRFactor(y: ArrayLike<number>, yHat: ArrayLike<number>): { scale: number; rFactor: number } {
  let yy = 0;
  let yp = 0;
  let pp = 0;
  for (let i = 0; i < y.length; i++) {
    yy += y[i]! * y[i]!;
    yp += y[i]! * yHat[i]!;
    pp += yHat[i]! * yHat[i]!;
  }
  const scale = pp > 0 && yp > 0 ? yp / pp : 0;
  // Σ(y − aŷ)² = yy − 2a·yp + a²·pp
  const num = Math.max(0, yy - 2 * scale * yp + scale * scale * pp);
  return { scale, rFactor: yy > 0 ? num / yy : NaN };
}

/**
 * The score `kind` as a distance (lower is better, 0 = identical shapes).
 * @example scoreDistance('pearson', [1, 2, 3], [2, 4, 6]) // 0
 */
export function scoreDistance(kind: ScoreKind, y: ArrayLike<number>, yHat: ArrayLike<number>): number {
  switch (kind) {
    case 'rFactor':
      return scaledRFactor(y, yHat).rFactor;
    case 'pearson':
      return 1 - pearson(y, yHat);
    case 'cosine':
      return 1 - cosine(y, yHat);
    case 'spearman':
      return 1 - spearman(y, yHat);
    case 'derivativePearson':
      return 1 - derivativePearson(y, yHat);
  }
}

/**
 * Every score of a fit (ŷ already scaled); `yRanks`: ranks(y), when the caller holds them.
 * @example fitScores(measured, predicted).pearson
 */
export function fitScores(y: ArrayLike<number>, yHat: ArrayLike<number>, yRanks?: ArrayLike<number>): FitScores {
  let se = 0;
  for (let i = 0; i < y.length; i++) se += (y[i]! - yHat[i]!) ** 2;
  return {
    rFactor: rFactor(y, yHat),
    mse: se / y.length,
    pearson: pearson(y, yHat),
    spearman: yRanks ? pearson(yRanks, ranks(yHat)) : spearman(y, yHat),
    cosine: cosine(y, yHat),
    derivativePearson: derivativePearson(y, yHat),
  };
}

/**
 * A score's distance read back from a fit's scores.
 * @example distanceFromScores('pearson', { ...scores, pearson: 0.98 }) // 0.02
 */
export function distanceFromScores(kind: ScoreKind, s: FitScores): number {
  return kind === 'rFactor' ? s.rFactor : 1 - s[kind];
}

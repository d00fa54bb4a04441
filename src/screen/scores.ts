/**
 * @module screen/scores
 * Agreement between a measured (y) and a fitted theoretical (ŷ) spectrum on the same points.
 *
 * Primary score (2026-11): the R-factor R = Σ(y − ŷ)² / Σy² (Larch's `feffit` definition, lower is
 * better). It is scale-aware (unlike Pearson/Spearman/cosine, which ignore a wrong intensity), is
 * what the nuisance fit minimises, and needs no noise model. MSE, Pearson, Spearman and cosine
 * (Lightshow compares spectra by cosine over a 35 eV window) are reported beside it.
 */
import { pearson, spearman } from '../inverse/metrics.ts';

/** All scores of one fit. */
export interface FitScores {
  rFactor: number;
  mse: number;
  pearson: number;
  spearman: number;
  cosine: number;
}

/** Name of the score the ranking uses. */
export const PRIMARY_SCORE = 'rFactor' as const;

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
 * Every score of a fit.
 * @example fitScores(measured, predicted).rFactor
 */
export function fitScores(y: ArrayLike<number>, yHat: ArrayLike<number>): FitScores {
  let se = 0;
  for (let i = 0; i < y.length; i++) se += (y[i]! - yHat[i]!) ** 2;
  return { rFactor: rFactor(y, yHat), mse: se / y.length, pearson: pearson(y, yHat), spearman: spearman(y, yHat), cosine: cosine(y, yHat) };
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

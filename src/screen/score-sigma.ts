/**
 * @module screen/score-sigma
 * The predictor's σ propagated into an uncertainty of the ranking score: K spectra are drawn from
 * N(mean, σ) with smooth (energy-correlated) deviations, each is broadened like the best fit and
 * compared at the fitted shift, and the spread of their distances is the score σ.
 *
 * Choice (2026-11): ensemble errors of a spectrum are smooth in energy (a whole peak is too high,
 * not single points), so the deviations are white noise smoothed by a Gaussian of
 * `correlationEv` (sd), rescaled to unit variance per point. Independent per-point noise would
 * average out over 161 points and understate σ; fully correlated noise would only rescale the
 * spectrum (absorbed by the fitted scale). The same draws are used for every candidate (common
 * random numbers), so score differences are not blurred by sampling noise.
 */
import { seededRng } from '../learn/index.ts';
import { scoreDistance, type ScoreKind } from './scores.ts';

/** Defaults of {@link smoothDeviations} and {@link scoreSigma}. */
export const SCORE_SIGMA_DEFAULTS = Object.freeze({ draws: 16, correlationEv: 2, seed: 20261123 });

/**
 * `draws` smooth standard-normal deviation vectors on a uniform grid of step `stepEv`.
 *
 * @example
 * const z = smoothDeviations(161, 0.25); // 16 × Float64Array(161), each point ~ N(0, 1)
 */
export function smoothDeviations(
  n: number,
  stepEv: number,
  { draws = SCORE_SIGMA_DEFAULTS.draws, correlationEv = SCORE_SIGMA_DEFAULTS.correlationEv, seed = SCORE_SIGMA_DEFAULTS.seed }: { draws?: number; correlationEv?: number; seed?: number } = {},
): Float64Array[] {
  const rng = seededRng(seed);
  const sdPts = Math.max(correlationEv / stepEv, 1e-9);
  const half = Math.ceil(4 * sdPts);
  const w = Float64Array.from({ length: 2 * half + 1 }, (_, i) => Math.exp(-0.5 * ((i - half) / sdPts) ** 2));
  const norm = Math.sqrt(w.reduce((a, v) => a + v * v, 0));
  const out: Float64Array[] = [];
  for (let d = 0; d < draws; d++) {
    const white = Float64Array.from({ length: n + 2 * half }, () => rng.normal());
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < w.length; j++) s += w[j]! * white[i + j]!;
      z[i] = s / norm;
    }
    out.push(z);
  }
  return out;
}

/**
 * The draws of one candidate, before broadening: row d = mean + σ⊙z_d (float32, draws × grid
 * length); the ranking broadens every candidate's draws at once (BroadenedCache.broaden) and
 * reads the σ with {@link distanceSigmaOf}. Null when σ is all zero or there are fewer than 2
 * draws: no σ to propagate (the ranking then leaves the score σ null).
 *
 * @example const x = sigmaDraws(mu, sigma, deviations); // then broaden, then distanceSigmaOf
 */
export function sigmaDraws(mu: ArrayLike<number>, sigma: ArrayLike<number>, deviations: readonly Float64Array[]): Float32Array | null {
  const n = mu.length;
  if (!Array.from(sigma).some((s) => s > 0) || deviations.length < 2) return null;
  const x = new Float32Array(deviations.length * n);
  deviations.forEach((z, d) => {
    for (let k = 0; k < n; k++) x[d * n + k] = mu[k]! + sigma[k]! * z[k]!;
  });
  return x;
}

/**
 * Standard deviation of a score's distance over the broadened draws (rows of `broadened`, each
 * `measured.length` long: the draws broadened like the best fit, read on the window points, and
 * compared with the measured samples at the fitted shift).
 * @example distanceSigmaOf('pearson', measuredAtShift, broadenedDraws, 16)
 */
export function distanceSigmaOf(kind: ScoreKind, measured: Float64Array, broadened: Float32Array, draws: number): number {
  const m = measured.length;
  return sampleSd(Array.from({ length: draws }, (_, d) => scoreDistance(kind, measured, broadened.subarray(d * m, (d + 1) * m))));
}

function sampleSd(r: readonly number[]): number {
  const m = r.reduce((a, b) => a + b, 0) / r.length;
  return Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / (r.length - 1));
}

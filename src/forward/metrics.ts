/**
 * @module forward/metrics
 * Spectrum-prediction metrics on a common grid (rows × K, row-major):
 * - MSE per spectrum, and OmniXAS's η = median MSE of the training-mean baseline ÷ median MSE of
 *   the model (Kharel et al., OmniXAS: η > 1 beats predicting the mean spectrum);
 * - relative square error Σ(μ − μ̂)² / Σμ² per spectrum (CGXAS), reported as its median;
 * - Pearson correlation per spectrum; edge-position error (first crossing of half the maximum).
 */
import { median, pearson, spectrumMse } from '../stats/index.ts';

/** Median of an array (NaN for none), from src/stats; re-exported for the forward scripts. */
export { median };

/** Per-row mean squared error. @example perSpectrumMse(pred, target, 161) */
export function perSpectrumMse(pred: ArrayLike<number>, target: ArrayLike<number>, K: number): Float64Array {
  return spectrumMse(pred, target, target.length / K, K);
}

/** Per-row Σ(μ − μ̂)² / Σμ². @example relativeSquareError(pred, target, 161) */
export function relativeSquareError(pred: ArrayLike<number>, target: ArrayLike<number>, K: number): Float64Array {
  const n = target.length / K;
  const out = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let num = 0;
    let den = 0;
    for (let k = 0; k < K; k++) {
      num += (pred[s * K + k]! - target[s * K + k]!) ** 2;
      den += target[s * K + k]! ** 2;
    }
    out[s] = den > 0 ? num / den : NaN;
  }
  return out;
}

/** Per-row Pearson correlation (stats `pearson` on each row). @example pearsonPerRow(pred, target, 161) */
export function pearsonPerRow(pred: ArrayLike<number>, target: ArrayLike<number>, K: number): Float64Array {
  const n = target.length / K;
  const row = (a: ArrayLike<number>, s: number) => Array.prototype.slice.call(a, s * K, (s + 1) * K) as number[];
  return Float64Array.from({ length: n }, (_, s) => pearson(row(pred, s), row(target, s)));
}

/**
 * Edge position of one spectrum: the first energy where μ reaches half its maximum (linear
 * interpolation between grid points).
 *
 * @example
 * edgePositionEv([-1, 0, 1], [0, 0.5, 1]) // 0
 */
export function edgePositionEv(energyEv: ArrayLike<number>, mu: ArrayLike<number>): number {
  let max = -Infinity;
  for (let k = 0; k < mu.length; k++) max = Math.max(max, mu[k]!);
  return firstCrossingEv(energyEv, mu, 0.5 * max);
}

/**
 * First energy where μ reaches `level` (linear interpolation); NaN if it never does.
 *
 * @example
 * firstCrossingEv([0, 1, 2], [0, 0.4, 0.8], 0.5) // 1.25
 */
export function firstCrossingEv(energyEv: ArrayLike<number>, mu: ArrayLike<number>, level: number): number {
  for (let k = 0; k < mu.length; k++) {
    if (mu[k]! >= level) {
      if (k === 0) return energyEv[0]!;
      const t = (level - mu[k - 1]!) / (mu[k]! - mu[k - 1]!);
      return energyEv[k - 1]! + t * (energyEv[k]! - energyEv[k - 1]!);
    }
  }
  return NaN;
}

/** Per-row |edge(pred) − edge(target)| in eV. @example edgeErrorsEv(grid, pred, target) */
export function edgeErrorsEv(energyEv: ArrayLike<number>, pred: ArrayLike<number>, target: ArrayLike<number>): Float64Array {
  const K = energyEv.length;
  const n = target.length / K;
  const out = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    const a = Array.prototype.slice.call(pred, s * K, (s + 1) * K) as number[];
    const b = Array.prototype.slice.call(target, s * K, (s + 1) * K) as number[];
    out[s] = Math.abs(edgePositionEv(energyEv, a) - edgePositionEv(energyEv, b));
  }
  return out;
}

/** Summary of one absorber's test set. */
export interface SpectrumMetrics {
  n: number;
  eta: number;
  medianMse: number;
  baselineMedianMse: number;
  medianRelativeSquareError: number;
  meanRelativeSquareError: number;
  medianPearson: number;
  medianEdgeErrorEv: number;
}

/**
 * All metrics of `pred` against `target`, with `baseline` = the training-mean spectrum (length K).
 *
 * @example
 * const m = spectrumMetrics(gridEv, pred, target, trainMean); // m.eta, m.medianRelativeSquareError …
 */
export function spectrumMetrics(energyEv: ArrayLike<number>, pred: ArrayLike<number>, target: ArrayLike<number>, baseline: ArrayLike<number>): SpectrumMetrics {
  const K = energyEv.length;
  const n = target.length / K;
  const base = new Float64Array(n * K);
  for (let s = 0; s < n; s++) for (let k = 0; k < K; k++) base[s * K + k] = baseline[k]!;
  const mse = perSpectrumMse(pred, target, K);
  const baseMse = perSpectrumMse(base, target, K);
  const rse = relativeSquareError(pred, target, K);
  const medianMse = median(mse);
  const baselineMedianMse = median(baseMse);
  return {
    n,
    eta: baselineMedianMse / medianMse,
    medianMse,
    baselineMedianMse,
    medianRelativeSquareError: median(rse),
    meanRelativeSquareError: rse.reduce((a, b) => a + b, 0) / n,
    medianPearson: median(pearsonPerRow(pred, target, K)),
    medianEdgeErrorEv: median(edgeErrorsEv(energyEv, pred, target)),
  };
}

/**
 * A reference bound, not a model: for each target row, the smallest relative square error reached by
 * any single reference row (e.g. the training spectra of the same absorber), picked with the target
 * known, optionally after the best of several shifts of the reference by whole grid points
 * (`shifts`; out(k) = ref(k + d), end values held). A model that only interpolates between its training
 * spectra is not expected to beat it; a median far above a target says the data cannot reach it.
 *
 * @example
 * const best = nearestReferenceRse(trainY, testY, 161, [-4, 0, 4]); // median(best) …
 */
export function nearestReferenceRse(reference: ArrayLike<number>, target: ArrayLike<number>, K: number, shifts: readonly number[] = [0]): Float64Array {
  const nRef = reference.length / K;
  const n = target.length / K;
  const out = new Float64Array(n).fill(Infinity);
  const shifted = new Float64Array(K);
  for (const d of shifts) {
    for (let r = 0; r < nRef; r++) {
      for (let k = 0; k < K; k++) shifted[k] = reference[r * K + Math.max(0, Math.min(K - 1, k + d))]!;
      for (let s = 0; s < n; s++) {
        let num = 0;
        let den = 0;
        for (let k = 0; k < K; k++) {
          const t = target[s * K + k]!;
          num += (shifted[k]! - t) ** 2;
          den += t * t;
        }
        const v = den > 0 ? num / den : NaN;
        if (v < out[s]!) out[s] = v;
      }
    }
  }
  return out;
}

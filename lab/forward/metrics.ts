/**
 * @module lab/forward/metrics
 * Spectrum-prediction metrics on a common grid (rows × K, row-major):
 * - MSE per spectrum, and OmniXAS's η = median MSE of the training-mean baseline ÷ median MSE of
 *   the model (Kharel et al., OmniXAS: η > 1 beats predicting the mean spectrum);
 * - relative square error Σ(μ − μ̂)² / Σμ² per spectrum (CGXAS), reported as its median;
 * - Pearson correlation per spectrum; edge-position error (first crossing of half the maximum).
 * Target points that are not finite (NaN: the spectrum has no data there, see targets.ts) are left
 * out of every per-spectrum sum; a row without any finite target gives NaN.
 */
import { pearson } from '../../src/stats/index.ts';
import { sliceColumns, windowIndices } from '../../src/forward/index.ts';

/** Positions k of row s where the target is finite. */
function finitePositions(target: ArrayLike<number>, s: number, K: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < K; k++) if (Number.isFinite(target[s * K + k]!)) out.push(k);
  return out;
}

/** Median of the values that are not NaN (NaN for none). @example median([3, 1, NaN, 2]) // 2 */
export function median(v: ArrayLike<number>): number {
  const a = Float64Array.from(Array.prototype.filter.call(v, (x: number) => !Number.isNaN(x)) as number[]).sort();
  const n = a.length;
  if (n === 0) return NaN;
  return n % 2 ? a[(n - 1) / 2]! : 0.5 * (a[n / 2 - 1]! + a[n / 2]!);
}

/** Per-row mean squared error over the finite target points. @example perSpectrumMse(pred, target, 161) */
export function perSpectrumMse(pred: ArrayLike<number>, target: ArrayLike<number>, K: number): Float64Array {
  const n = target.length / K;
  const out = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let e = 0;
    let m = 0;
    for (let k = 0; k < K; k++) {
      const t = target[s * K + k]!;
      if (!Number.isFinite(t)) continue;
      e += (pred[s * K + k]! - t) ** 2;
      m++;
    }
    out[s] = m > 0 ? e / m : NaN;
  }
  return out;
}

/** Per-row Σ(μ − μ̂)² / Σμ². @example relativeSquareError(pred, target, 161) */
export function relativeSquareError(pred: ArrayLike<number>, target: ArrayLike<number>, K: number): Float64Array {
  const n = target.length / K;
  const out = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let num = 0;
    let den = 0;
    for (let k = 0; k < K; k++) {
      const t = target[s * K + k]!;
      if (!Number.isFinite(t)) continue;
      num += (pred[s * K + k]! - t) ** 2;
      den += t ** 2;
    }
    out[s] = den > 0 ? num / den : NaN;
  }
  return out;
}

/** Per-row Pearson correlation (stats `pearson` on each row). @example pearsonPerRow(pred, target, 161) */
export function pearsonPerRow(pred: ArrayLike<number>, target: ArrayLike<number>, K: number): Float64Array {
  const n = target.length / K;
  return Float64Array.from({ length: n }, (_, s) => {
    const ks = finitePositions(target, s, K);
    return ks.length > 1 ? pearson(ks.map((k) => pred[s * K + k]!), ks.map((k) => target[s * K + k]!)) : NaN;
  });
}

/**
 * Edge position of one spectrum: the first energy where μ reaches half its maximum (linear
 * interpolation between grid points; NaN points are skipped).
 *
 * @example
 * edgePositionEv([-1, 0, 1], [0, 0.5, 1]) // 0
 */
export function edgePositionEv(energyEv: ArrayLike<number>, mu: ArrayLike<number>): number {
  let max = -Infinity;
  for (let k = 0; k < mu.length; k++) if (Number.isFinite(mu[k]!)) max = Math.max(max, mu[k]!);
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

/** Per-row |edge(pred) − edge(target)| in eV, both on the row's finite target points. @example edgeErrorsEv(grid, pred, target) */
export function edgeErrorsEv(energyEv: ArrayLike<number>, pred: ArrayLike<number>, target: ArrayLike<number>): Float64Array {
  const K = energyEv.length;
  const n = target.length / K;
  const out = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    const ks = finitePositions(target, s, K);
    const e = ks.map((k) => energyEv[k]!);
    out[s] = Math.abs(edgePositionEv(e, ks.map((k) => pred[s * K + k]!)) - edgePositionEv(e, ks.map((k) => target[s * K + k]!)));
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
 * Non-finite target points are skipped (see the module comment).
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
    meanRelativeSquareError: mean(rse),
    medianPearson: median(pearsonPerRow(pred, target, K)),
    medianEdgeErrorEv: median(edgeErrorsEv(energyEv, pred, target)),
  };
}

/** {@link SpectrumMetrics} on an energy window, with the window's grid ends and point count. */
export interface WindowMetrics extends SpectrumMetrics {
  windowEv: [number, number];
  points: number;
}

/**
 * {@link spectrumMetrics} on the grid points inside `rangeEv` only (η's baseline cut to the same
 * points): e.g. an absorber's valid range, or the −10…+30 eV window of models 1.x.
 *
 * @example
 * windowMetrics(gridEv, pred, target, trainMean, [-10, 30]).eta
 */
export function windowMetrics(energyEv: ArrayLike<number>, pred: ArrayLike<number>, target: ArrayLike<number>, baseline: ArrayLike<number>, rangeEv: readonly [number, number]): WindowMetrics {
  const K = energyEv.length;
  const { from, to } = windowIndices(energyEv, rangeEv);
  const e = Array.prototype.slice.call(energyEv, from, to) as number[];
  const m = spectrumMetrics(e, sliceColumns(pred, K, from, to), sliceColumns(target, K, from, to), Array.prototype.slice.call(baseline, from, to) as number[]);
  return { ...m, windowEv: [e[0]!, e[e.length - 1]!], points: to - from };
}

/** Mean of the values that are not NaN. */
function mean(v: Float64Array): number {
  let s = 0;
  let m = 0;
  for (const x of v) {
    if (Number.isNaN(x)) continue;
    s += x;
    m++;
  }
  return m > 0 ? s / m : NaN;
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
          if (!Number.isFinite(t) || !Number.isFinite(shifted[k]!)) continue;
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

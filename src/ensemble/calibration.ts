/**
 * @module ensemble/calibration
 * Split-conformal recalibration of ensemble uncertainties. Bootstrap ensembles usually
 * under-estimate the error; on a held-out calibration split we find the factor s such that
 * |target − mean| ≤ k·s·σ for the requested fraction of points, and report coverage.
 */
import { InputError } from '../errors.ts';
import { median } from '../stats/index.ts';

type Matrix = ArrayLike<ArrayLike<number>>;

/** Result of {@link fitCalibration}. */
export interface Calibration {
  /** Interval half-width in units of σ that the scale was fitted for. */
  k: number;
  /** Target fraction of points inside ±k·s·σ. */
  coverage: number;
  /** One scale factor for all outputs. */
  scale: number;
  /** One scale factor per output bin (only with `perBin: true`). */
  perBinScale?: Float64Array;
  /** Calibration samples used. */
  samples: number;
}

/** Options of {@link fitCalibration}. */
export interface CalibrationOptions {
  /** Target fraction of points inside ±k·s·σ. */
  coverage?: number;
  /** Interval half-width in units of σ. */
  k?: number;
  /** Also fit one scale per output bin. */
  perBin?: boolean;
}

/** Defaults of {@link fitCalibration}. */
export const CALIBRATION_DEFAULTS: Readonly<Required<CalibrationOptions>> = Object.freeze({ coverage: 0.95, k: 2, perBin: false });

/**
 * Fit σ scale factors on a calibration split (split-conformal): with scores r = |target − mean| / (kσ),
 * s = the ⌈(n+1)·coverage⌉-th smallest score (the largest one if that rank exceeds n).
 * The global scale pools all n·K points; per-bin scales use the n samples of each output.
 *
 * @example
 * const cal = fitCalibration(mean, sigma, target, { coverage: 0.95, k: 2, perBin: true });
 * const sigmaCal = applyCalibration(sigmaNew, cal);
 */
export function fitCalibration(
  mean: Matrix,
  sigma: Matrix,
  target: Matrix,
  { coverage = CALIBRATION_DEFAULTS.coverage, k = CALIBRATION_DEFAULTS.k, perBin = CALIBRATION_DEFAULTS.perBin }: CalibrationOptions = {},
): Calibration {
  const { N, K } = checkShapes(mean, sigma, target);
  if (!(coverage > 0 && coverage < 1)) throw new InputError(`coverage must lie in (0, 1), got ${coverage}`);
  if (!(k > 0)) throw new InputError(`k must be > 0, got ${k}`);
  const all = new Float64Array(N * K);
  for (let s = 0; s < N; s++) for (let j = 0; j < K; j++) all[s * K + j] = score(mean, sigma, target, s, j, k);
  const cal: Calibration = { k, coverage, scale: conformalQuantile(all, coverage), samples: N };
  if (perBin) {
    const perBinScale = new Float64Array(K);
    const col = new Float64Array(N);
    for (let j = 0; j < K; j++) {
      for (let s = 0; s < N; s++) col[s] = all[s * K + j]!;
      perBinScale[j] = conformalQuantile(col, coverage);
    }
    cal.perBinScale = perBinScale;
  }
  return cal;
}

/**
 * σ multiplied by the fitted scale (per bin when available).
 *
 * @example
 * const sigmaCal = applyCalibration(sigma, cal);
 */
export function applyCalibration(sigma: Matrix, cal: Calibration): Float64Array[] {
  return Array.from({ length: sigma.length }, (_, s) => {
    const row = sigma[s]!;
    const out = new Float64Array(row.length);
    for (let j = 0; j < row.length; j++) out[j] = row[j]! * (cal.perBinScale ? cal.perBinScale[j]! : cal.scale);
    return out;
  });
}

/**
 * Per-sample fraction of outputs with |target − mean| ≤ k·σ.
 *
 * @example
 * coveragePerSample(mean, sigma, target, 2); // Float64Array of fractions in [0, 1]
 */
export function coveragePerSample(mean: Matrix, sigma: Matrix, target: Matrix, k = CALIBRATION_DEFAULTS.k): Float64Array {
  const { N, K } = checkShapes(mean, sigma, target);
  const out = new Float64Array(N);
  for (let s = 0; s < N; s++) {
    let inside = 0;
    for (let j = 0; j < K; j++) if (Math.abs(target[s]![j]! - mean[s]![j]!) <= k * sigma[s]![j]!) inside++;
    out[s] = K > 0 ? inside / K : 1;
  }
  return out;
}

/**
 * Coverage: the median over samples of the per-sample fraction inside ±k·σ.
 *
 * @example
 * coverage(mean, applyCalibration(sigma, cal), target, 2); // ≈ 0.95 after calibration
 */
export function coverage(mean: Matrix, sigma: Matrix, target: Matrix, k = CALIBRATION_DEFAULTS.k): number {
  return median(coveragePerSample(mean, sigma, target, k));
}

function score(mean: Matrix, sigma: Matrix, target: Matrix, s: number, j: number, k: number): number {
  const err = Math.abs(target[s]![j]! - mean[s]![j]!);
  const sd = sigma[s]![j]!;
  if (!Number.isFinite(err) || !Number.isFinite(sd) || sd < 0) {
    throw new InputError(`calibration sample ${s} output ${j}: non-finite value or negative sigma`);
  }
  if (sd === 0) return err === 0 ? 0 : Infinity;
  return err / (k * sd);
}

/** ⌈(n+1)q⌉-th smallest value (1-based), clamped to the largest. */
function conformalQuantile(scores: Float64Array, q: number): number {
  const sorted = Float64Array.from(scores).sort();
  const n = sorted.length;
  const rank = Math.min(Math.ceil((n + 1) * q), n);
  return sorted[rank - 1]!;
}

function checkShapes(mean: Matrix, sigma: Matrix, target: Matrix): { N: number; K: number } {
  const N = mean.length;
  if (N === 0) throw new InputError('calibration needs at least one sample');
  if (sigma.length !== N || target.length !== N) {
    throw new InputError(`mean, sigma and target have ${N}, ${sigma.length} and ${target.length} samples`);
  }
  const K = mean[0]!.length;
  for (let s = 0; s < N; s++) {
    if (mean[s]!.length !== K || sigma[s]!.length !== K || target[s]!.length !== K) {
      throw new InputError(`sample ${s}: mean, sigma and target must all have ${K} outputs`);
    }
  }
  return { N, K };
}

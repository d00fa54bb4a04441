/**
 * @module inverse/error-model
 * Distance-aware σ for the inverse ensemble. Bootstrap members agree with each other on spectra
 * unlike anything in the training set (e.g. Fe–I complexes), so their spread alone under-states the
 * error exactly where it is largest. The error model predicts each spectrum's MSE from three
 * numbers and rescales the ensemble σ of that spectrum to match, before the per-bin conformal
 * calibration:
 *
 *   ln MSE ≈ w₀ + w₁ ln ⟨σ²⟩ + w₂ ln d_G2 + w₃ ln d_μ
 *
 * ⟨σ²⟩ is the mean ensemble variance over the 50 bins, d_G2 the mean Euclidean distance of the
 * predicted G2 to its k nearest training targets, d_μ the same for the model input to the training
 * inputs. The weights are a least-squares fit on the calibration split (never the test split).
 * σ'_j = σ_j · √(MSE_pred / ⟨σ²⟩), so ⟨σ'²⟩ = MSE_pred and the shape over bins is the ensemble's.
 *
 * The out-of-bag variant ({@link OOB_ERROR_FEATURES}, `fittedOn: 'out-of-bag'`, the default of
 * calibrateInverseModel) is fitted instead on the training rows' out-of-bag predictions
 * (inverse/out-of-bag), ≈ 8× more rows than the calibration split, and adds one feature: the mean
 * out-of-bag ln MSE of the k training rows nearest to the model input (stored per reference row).
 * Its spread feature is ln⟨σ²⟩ with the small-sample bias removed, since training rows have ≈ 5
 * out-of-bag members and new spectra all 15.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, ParseError } from '../errors.ts';
import { createSession, runModelOutputs, type OnnxSession } from '../onnx/index.ts';
import { knnDistanceToOnnx } from '../onnx/index.ts';
import { lnVarianceUnbiased } from './out-of-bag.ts';

export { lnSpectrumMse } from './metrics.ts';

/** Names of the error-model features (calibration-split fit), in weight order after the intercept. */
export const ERROR_FEATURES = Object.freeze(['lnMeanVariance', 'lnTargetDistance', 'lnInputDistance'] as const);

/** Features of the error model fitted on out-of-bag training rows, in weight order after the intercept. */
export const OOB_ERROR_FEATURES = Object.freeze(['lnMeanVarianceUnbiased', 'lnTargetDistance', 'lnInputDistance', 'neighbourLnMse'] as const);

/** Every feature an error model may name. */
export const KNOWN_ERROR_FEATURES: readonly string[] = Object.freeze([...new Set<string>([...ERROR_FEATURES, ...OOB_ERROR_FEATURES])]);

/** The error model stored in an inverse manifest (`errorModel`). */
export interface ErrorModel {
  /** Nearest neighbours averaged for the distances. */
  k: number;
  /** Intercept followed by one weight per {@link ERROR_FEATURES} entry. */
  weights: number[];
  features: readonly string[];
  /** Rows the weights were fitted on (absent: the calibration split, as before the out-of-bag variant). */
  fittedOn?: 'calibration' | 'out-of-bag';
  /**
   * Training inputs (n × inputLength) then targets (n × outputLength), then with `values: 1` one value per
   * row (its out-of-bag ln MSE, for `neighbourLnMse`), float32 little-endian.
   */
  reference: { file: string; n: number; inputLength: number; outputLength: number; values?: number; sha256: string };
  /**
   * Fit quality: Pearson of predicted and actual ln MSE on the fitted rows; for an out-of-bag fit also on
   * the calibration split (held out of the fit) and the seed check (mean member MSE in-bag < out-of-bag).
   */
  fit: { samples: number; pearsonLogMse: number; calibrationPearsonLogMse?: number; medianOutOfBagMembers?: number; memberMse?: { inBag: number; outOfBag: number }; note?: string };
}

/** Training rows the distances are measured to. */
export interface ErrorReference {
  n: number;
  x: Float32Array;
  y: Float32Array;
  inputLength: number;
  outputLength: number;
  /** One value per row for the `neighbourLnMse` feature (each row's out-of-bag ln MSE). */
  values?: Float32Array;
}

/** Defaults of the error model. */
export const ERROR_MODEL_DEFAULTS = Object.freeze({ k: 5, file: 'error-reference.f32', ridge: 1e-6 });

/** Reference rows with their ONNX k-NN graphs (inputs and targets), built once per model. */
export interface ErrorReferenceIndex {
  ref: ErrorReference;
  k: number;
  input: OnnxSession;
  target: OnnxSession;
}

/** Query rows per ONNX call (bounds the N × reference distance matrix to ≈ 30 MB). */
const KNN_BATCH = 2048;

/**
 * Builds the two k-NN graphs of a reference (see onnx/knn-to-onnx).
 * @example const index = await errorReferenceIndex(readErrorReference(dir, meta), 5);
 */
export async function errorReferenceIndex(ref: ErrorReference, k: number): Promise<ErrorReferenceIndex> {
  return {
    ref,
    k,
    input: await createSession(knnDistanceToOnnx(ref.x, ref.n, ref.inputLength, k, ref.values)),
    target: await createSession(knnDistanceToOnnx(ref.y, ref.n, ref.outputLength, k)),
  };
}

/**
 * Mean Euclidean distance of each of n query rows to its k nearest reference rows (ONNX Runtime).
 * @example const d = await meanKnnDistance(index.target, predictedG2, n, 50);
 */
export async function meanKnnDistance(session: OnnxSession, query: Float32Array, n: number, dim: number): Promise<Float64Array> {
  return (await knnQuery(session, query, n, dim)).distance;
}

/**
 * {@link meanKnnDistance} and, for a graph built with per-row values, their mean over the same k neighbours.
 * @example const { distance, neighbourMean } = await knnQuery(index.input, x, n, 111);
 */
export async function knnQuery(session: OnnxSession, query: Float32Array, n: number, dim: number): Promise<{ distance: Float64Array; neighbourMean?: Float64Array }> {
  const distance = new Float64Array(n);
  const withValues = session.outputNames.includes('neighbour_mean');
  const neighbourMean = withValues ? new Float64Array(n) : undefined;
  for (let s = 0; s < n; s += KNN_BATCH) {
    const m = Math.min(KNN_BATCH, n - s);
    const out = await runModelOutputs(session, query.subarray(s * dim, (s + m) * dim), [m, dim]);
    distance.set(out.mean_distance!.data, s);
    if (neighbourMean) neighbourMean.set(out.neighbour_mean!.data, s);
  }
  return neighbourMean ? { distance, neighbourMean } : { distance };
}

/**
 * Per-spectrum feature rows [1, …features] of n predictions (`members`: ensemble size, for the
 * bias-corrected spread). Default: the calibration-split features [1, ln⟨σ²⟩, ln d_G2, ln d_μ].
 * @throws InputError for a feature this version does not know, or `neighbourLnMse` without reference values.
 */
export async function errorFeatures(
  mean: Float32Array,
  sigmaRaw: Float32Array,
  x: Float32Array,
  n: number,
  index: ErrorReferenceIndex,
  features: readonly string[] = ERROR_FEATURES,
  members = 15,
): Promise<number[][]> {
  const unknown = features.filter((f) => !KNOWN_ERROR_FEATURES.includes(f));
  if (unknown.length) throw new InputError(`unknown error-model feature ${unknown.join(', ')} (known: ${KNOWN_ERROR_FEATURES.join(', ')}); update xasinv or rerun npm run calibrate:inverse`);
  const K = index.ref.outputLength;
  const dY = await meanKnnDistance(index.target, mean, n, K);
  const qX = await knnQuery(index.input, x, n, index.ref.inputLength);
  if (features.includes('neighbourLnMse') && !qX.neighbourMean) throw new InputError('the error model uses neighbourLnMse but its reference file has no per-row values (rerun npm run calibrate:inverse)');
  const rows: number[][] = [];
  for (let s = 0; s < n; s++) {
    let v = 0;
    for (let j = 0; j < K; j++) v += sigmaRaw[s * K + j]! ** 2;
    const value: Record<string, number> = {
      lnMeanVariance: Math.log(Math.max(v / K, 1e-12)),
      lnMeanVarianceUnbiased: members >= 2 ? lnVarianceUnbiased(v / K, members) : Math.log(Math.max(v / K, 1e-12)),
      lnTargetDistance: Math.log(Math.max(dY[s]!, 1e-9)),
      lnInputDistance: Math.log(Math.max(qX.distance[s]!, 1e-9)),
      neighbourLnMse: qX.neighbourMean?.[s] ?? NaN,
    };
    rows.push([1, ...features.map((f) => value[f]!)]);
  }
  return rows;
}

/** Least squares (tiny ridge) of `y` on the feature rows; returns the weights. */
export function fitLinear(rows: number[][], y: number[], ridge: number = ERROR_MODEL_DEFAULTS.ridge): number[] {
  const d = rows[0]?.length ?? 0;
  if (rows.length < d + 1) throw new InputError(`an error model needs more than ${d} calibration spectra, got ${rows.length}`);
  const A = Array.from({ length: d }, () => new Array<number>(d + 1).fill(0));
  rows.forEach((f, i) => {
    for (let a = 0; a < d; a++) {
      A[a]![d]! += f[a]! * y[i]!;
      for (let c = 0; c < d; c++) A[a]![c]! += f[a]! * f[c]!;
    }
  });
  for (let a = 1; a < d; a++) A[a]![a]! += ridge * rows.length;
  for (let i = 0; i < d; i++) {
    let p = i;
    for (let r = i + 1; r < d; r++) if (Math.abs(A[r]![i]!) > Math.abs(A[p]![i]!)) p = r;
    [A[i], A[p]] = [A[p]!, A[i]!];
    for (let r = 0; r < d; r++) {
      if (r === i) continue;
      const f = A[r]![i]! / A[i]![i]!;
      for (let c = i; c <= d; c++) A[r]![c]! -= f * A[i]![c]!;
    }
  }
  return A.map((row, i) => row[d]! / row[i]!);
}

/** Predicted per-spectrum MSE from feature rows. */
export function predictedMse(weights: number[], rows: number[][]): Float64Array {
  return Float64Array.from(rows, (f) => Math.exp(f.reduce((s, v, i) => s + v * weights[i]!, 0)));
}

/**
 * σ rescaled per spectrum so that its mean square equals the predicted MSE.
 * @example rescaleSigma(Float32Array.of(1, 1), 2, Float64Array.of(4))[0]; // 2
 */
export function rescaleSigma(sigmaRaw: Float32Array, K: number, mse: Float64Array): Float32Array {
  const out = new Float32Array(sigmaRaw.length);
  for (let s = 0; s < mse.length; s++) {
    let v = 0;
    for (let j = 0; j < K; j++) v += sigmaRaw[s * K + j]! ** 2;
    const f = Math.sqrt(mse[s]! / Math.max(v / K, 1e-12));
    for (let j = 0; j < K; j++) out[s * K + j] = sigmaRaw[s * K + j]! * f;
  }
  return out;
}

/** Writes the reference rows (inputs, targets, then the per-row values if any) and returns the manifest entry's `reference`. */
export function writeErrorReference(dir: string, ref: ErrorReference, file = ERROR_MODEL_DEFAULTS.file): ErrorModel['reference'] {
  if (ref.values && ref.values.length !== ref.n) throw new InputError(`error reference has ${ref.values.length} values for ${ref.n} rows`);
  const parts = [ref.x, ref.y, ...(ref.values ? [ref.values] : [])];
  const buf = Buffer.concat(parts.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
  writeFileSync(join(dir, file), buf);
  return { file, n: ref.n, inputLength: ref.inputLength, outputLength: ref.outputLength, ...(ref.values ? { values: 1 } : {}), sha256: createHash('sha256').update(buf).digest('hex') };
}

/** Reads the reference rows named by a manifest, checking size and hash. */
export function readErrorReference(dir: string, meta: ErrorModel['reference']): ErrorReference {
  const path = join(dir, meta.file);
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch {
    throw new ParseError(path, undefined, 'missing error-model reference file (retrain or rerun npm run calibrate:inverse)');
  }
  const values = meta.values ?? 0;
  const expected = meta.n * (meta.inputLength + meta.outputLength + values) * 4;
  if (buf.length !== expected) throw new ParseError(path, undefined, `error-model reference has ${buf.length} bytes, the manifest expects ${expected}`);
  if (createHash('sha256').update(buf).digest('hex') !== meta.sha256) throw new ParseError(path, undefined, 'error-model reference does not match the manifest hash');
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
  const nx = meta.n * meta.inputLength;
  const ny = meta.n * meta.outputLength;
  return {
    n: meta.n,
    x: all.slice(0, nx),
    y: all.slice(nx, nx + ny),
    inputLength: meta.inputLength,
    outputLength: meta.outputLength,
    ...(values ? { values: all.slice(nx + ny, nx + ny + meta.n) } : {}),
  };
}

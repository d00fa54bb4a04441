/**
 * @module ensemble/stats
 * Ensemble mean and spread of member predictions.
 */
import { InputError } from '../errors.ts';

/** Per-sample, per-output statistics: `mean[sample][k]`, `sigma[sample][k]`. */
export interface EnsembleStats {
  mean: Float64Array[];
  sigma: Float64Array[];
}

/**
 * Mean and sample standard deviation (denominator M − 1; 0 for a single member) over members.
 * `predictions[member][sample][k]`.
 *
 * @example
 * const { mean, sigma } = ensembleStats([[[1, 2]], [[3, 2]]]);
 * // mean [[2, 2]], sigma [[1.414…, 0]]
 */
export function ensembleStats(predictions: ArrayLike<ArrayLike<ArrayLike<number>>>): EnsembleStats {
  const M = predictions.length;
  if (M === 0) throw new InputError('ensembleStats needs at least one member');
  const N = predictions[0]!.length;
  const K = N > 0 ? predictions[0]![0]!.length : 0;
  for (let m = 0; m < M; m++) {
    if (predictions[m]!.length !== N) throw new InputError(`member ${m} has ${predictions[m]!.length} samples, member 0 has ${N}`);
    for (let s = 0; s < N; s++) {
      if (predictions[m]![s]!.length !== K) {
        throw new InputError(`member ${m} sample ${s} has ${predictions[m]![s]!.length} outputs, expected ${K}`);
      }
    }
  }
  const mean: Float64Array[] = [];
  const sigma: Float64Array[] = [];
  for (let s = 0; s < N; s++) {
    const mu = new Float64Array(K);
    const sd = new Float64Array(K);
    for (let m = 0; m < M; m++) {
      const p = predictions[m]![s]!;
      for (let k = 0; k < K; k++) mu[k]! += p[k]!;
    }
    for (let k = 0; k < K; k++) mu[k]! /= M;
    if (M > 1) {
      for (let m = 0; m < M; m++) {
        const p = predictions[m]![s]!;
        for (let k = 0; k < K; k++) sd[k]! += (p[k]! - mu[k]!) ** 2;
      }
      for (let k = 0; k < K; k++) sd[k] = Math.sqrt(sd[k]! / (M - 1));
    }
    mean.push(mu);
    sigma.push(sd);
  }
  return { mean, sigma };
}

/**
 * Mean and sample sd (M − 1; 0 for one member) over members whose predictions are flat arrays of
 * equal length (`members[m]` is n × K row-major): {@link ensembleStats} with each member's whole
 * array as one sample, as float32.
 *
 * @example
 * const { mean, sigma } = memberStats([predA, predB, predC]);
 */
export function memberStats(members: readonly Float32Array[]): { mean: Float32Array; sigma: Float32Array } {
  const { mean, sigma } = ensembleStats(members.map((m) => [m]));
  return { mean: Float32Array.from(mean[0]!), sigma: Float32Array.from(sigma[0]!) };
}

/**
 * View a flat `[M, N, K]` row-major array (e.g. an ensemble ONNX output) as `[member][sample][k]`
 * subarrays (no copy).
 *
 * @example
 * ensembleStats(nestPredictions(flat, 15, n, 50));
 */
export function nestPredictions(flat: Float32Array, members: number, samples: number, outputs: number): Float32Array[][] {
  if (flat.length !== members * samples * outputs) {
    throw new InputError(`prediction array has ${flat.length} values, expected ${members}·${samples}·${outputs}`);
  }
  return Array.from({ length: members }, (_, m) =>
    Array.from({ length: samples }, (_, s) => flat.subarray((m * samples + s) * outputs, (m * samples + s + 1) * outputs)),
  );
}

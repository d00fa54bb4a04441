/**
 * @module forward/ensemble
 * Ensemble bookkeeping for the forward model: member predictions → mean and sample sd, per-absorber
 * training-mean spectra (the η baseline), and row subsets by absorber.
 */
import type { ForwardDataset } from './dataset.ts';

/**
 * Mean and sample sd (M − 1) over members; `members[m]` is n × K row-major.
 *
 * @example
 * const { mean, sigma } = memberStats([predA, predB, predC]);
 */
export function memberStats(members: Float32Array[]): { mean: Float32Array; sigma: Float32Array } {
  const M = members.length;
  const len = members[0]!.length;
  const mean = new Float32Array(len);
  const sigma = new Float32Array(len);
  for (let i = 0; i < len; i++) {
    let s = 0;
    for (let m = 0; m < M; m++) s += members[m]![i]!;
    const mu = s / M;
    let v = 0;
    for (let m = 0; m < M; m++) v += (members[m]![i]! - mu) ** 2;
    mean[i] = mu;
    sigma[i] = M > 1 ? Math.sqrt(v / (M - 1)) : 0;
  }
  return { mean, sigma };
}

/**
 * Mean training spectrum of one absorber (OmniXAS's η baseline).
 *
 * @example
 * const base = trainingMeanSpectrum(ds, 'Cu');
 */
export function trainingMeanSpectrum(ds: ForwardDataset, absorber: string): Float64Array {
  const K = ds.outputLength;
  const out = new Float64Array(K);
  let n = 0;
  ds.rows.forEach((r, i) => {
    if (r.split !== 'train' || r.absorber !== absorber) return;
    n++;
    for (let k = 0; k < K; k++) out[k] += ds.y[i * K + k]!;
  });
  for (let k = 0; k < K; k++) out[k] /= Math.max(1, n);
  return out;
}

/**
 * Rows of a flat n × K array at the given positions, as an array of rows (for calibration helpers).
 *
 * @example
 * toRows(mean, 161)[0].length // 161
 */
export function toRows(flat: ArrayLike<number>, K: number, positions?: number[]): Float32Array[] {
  const n = flat.length / K;
  const idx = positions ?? Array.from({ length: n }, (_, i) => i);
  return idx.map((i) => Float32Array.from(Array.prototype.slice.call(flat, i * K, (i + 1) * K) as number[]));
}

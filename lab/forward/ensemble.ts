/**
 * @module lab/forward/ensemble
 * Ensemble bookkeeping for the forward model (member mean and sd: src/ensemble memberStats): per-absorber
 * training-mean spectra (the η baseline, NaN-aware), and row subsets by absorber.
 */
import type { ForwardDataset } from '../../src/forward/index.ts';

/**
 * Mean training spectrum of one absorber (OmniXAS's η baseline): per grid point, the mean over the
 * training spectra with data there (NaN where none has). `sources` limits it to the training rows
 * of those sources (e.g. one source's own baseline).
 *
 * @example
 * const base = trainingMeanSpectrum(ds, 'Cu');
 * const crystals = trainingMeanSpectrum(ds, 'Fe', ['fe-k-feff-crystals']);
 */
export function trainingMeanSpectrum(ds: ForwardDataset, absorber: string, sources?: readonly string[]): Float64Array {
  const K = ds.outputLength;
  const rows: number[] = [];
  ds.rows.forEach((r, i) => r.split === 'train' && r.absorber === absorber && (!sources || sources.includes(r.source)) && rows.push(i));
  return columnMeans(ds.y, K, rows);
}

/**
 * Per-column mean of the finite values of the rows `rows` (all rows when omitted) of a row-major
 * n × K array; NaN for a column without any finite value.
 *
 * @example
 * columnMeans(Float32Array.from([1, NaN, 3, 4]), 2) // [2, 4]
 */
export function columnMeans(flat: ArrayLike<number>, K: number, rows?: readonly number[]): Float64Array {
  const idx = rows ?? Array.from({ length: flat.length / K }, (_, i) => i);
  const sum = new Float64Array(K);
  const count = new Float64Array(K);
  for (const i of idx) {
    for (let k = 0; k < K; k++) {
      const v = flat[i * K + k]!;
      if (!Number.isFinite(v)) continue;
      sum[k] += v;
      count[k]++;
    }
  }
  return sum.map((s, k) => (count[k]! > 0 ? s / count[k]! : NaN));
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

/**
 * @module stats/summary
 * Order statistics of a sample: the median, linear-interpolated quantiles, and the five-number-like
 * summary (n, median, mean, quartiles, IQR) every evaluation report prints.
 */

/** Summary statistics of a sample. */
export interface Summary {
  n: number;
  median: number;
  mean: number;
  q25: number;
  q75: number;
  iqr: number;
}

/**
 * Linear-interpolated quantile `f` (0–1) of an ascending array (NaN for an empty one).
 *
 * @example
 * quantileSorted([1, 2, 3, 4], 0.5); // 2.5
 * quantileSorted([1, 2, 3, 4], 0.25); // 1.75
 */
export function quantileSorted(v: ArrayLike<number>, f: number): number {
  if (v.length === 0) return NaN;
  const pos = (v.length - 1) * f;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo]! + (v[hi]! - v[lo]!) * (pos - lo);
}

/**
 * Median of a sample (any order; the input is not modified), the mean of the two middle values for
 * an even count, NaN for none.
 *
 * @example
 * median([3, 1, 2]); // 2
 * median([4, 1, 3, 2]); // 2.5
 */
export function median(v: ArrayLike<number>): number {
  const a = Float64Array.from(v).sort();
  const n = a.length;
  if (n === 0) return NaN;
  return n % 2 ? a[(n - 1) / 2]! : 0.5 * (a[n / 2 - 1]! + a[n / 2]!);
}

/**
 * n, median, mean, quartiles and IQR of the finite values (non-finite ones are dropped; NaN fields
 * for none).
 *
 * @example
 * summarize([1, 2, 3, 4, 100]); // { n: 5, median: 3, mean: 22, q25: 2, q75: 4, iqr: 2 }
 */
export function summarize(values: ArrayLike<number>): Summary {
  const v = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  const q = (f: number) => (v.length === 0 ? NaN : quantileSorted(v, f));
  const mean = v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
  return { n: v.length, median: q(0.5), mean, q25: q(0.25), q75: q(0.75), iqr: q(0.75) - q(0.25) };
}

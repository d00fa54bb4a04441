/**
 * @module stats/correlation
 * Pearson and Spearman correlation of two samples, and the average ranks Spearman is built on.
 */

/**
 * Pearson correlation coefficient of two equally long samples (NaN when either is constant).
 *
 * @example
 * pearson([1, 2, 3], [2, 4, 7]); // 0.993…
 */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]!; mb += b[i]!; }
  ma /= n; mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma, db = b[i]! - mb;
    sab += da * db; saa += da * da; sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

/**
 * Spearman rank correlation: Pearson of the average ranks (ties share their mean rank).
 *
 * @example
 * spearman([1, 2, 3, 4], [1, 8, 27, 1000]); // 1
 */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearson(ranks(a), ranks(b));
}

/**
 * 0-based ranks in ascending order; tied values share the mean of their ranks.
 *
 * @example
 * ranks([10, 30, 20, 20]); // Float64Array [0, 3, 1.5, 1.5]
 */
export function ranks(a: ArrayLike<number>): Float64Array {
  const n = a.length;
  const r = new Float64Array(n);
  // A native numeric sort of the values, then each value's run of equals by binary search (two
  // lower bounds): the tie-averaged rank without a comparator sort of indices (several times
  // faster; a ranking computes thousands of these). NaN sorts last and ranks after every number.
  const sorted = Float64Array.from(a).sort();
  const lowerBound = (v: number, strict: boolean): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (strict ? sorted[mid]! <= v : sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let nanFirst = n;
  while (nanFirst > 0 && Number.isNaN(sorted[nanFirst - 1]!)) nanFirst--;
  let nanRank = nanFirst;
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if (Number.isNaN(v)) r[i] = nanRank++;
    else r[i] = (lowerBound(v, false) + lowerBound(v, true) - 1) / 2;
  }
  return r;
}

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
  const idx = Array.from({ length: a.length }, (_, i) => i).sort((i, j) => a[i]! - a[j]!);
  const r = new Float64Array(a.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && a[idx[j + 1]!] === a[idx[i]!]) j++;
    for (let t = i; t <= j; t++) r[idx[t]!] = (i + j) / 2;
    i = j + 1;
  }
  return r;
}

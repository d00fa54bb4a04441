/**
 * Least-squares polynomial fits, solved by Householder QR on a centred and scaled abscissa so
 * that quadratics over 1000 eV at 9000 eV stay well conditioned.
 */
import { InputError } from '../errors.ts';

/**
 * Fit `y ≈ Σ_k c[k]·(x − origin)^k`, k = 0…degree. Returns the coefficients in powers of
 * `(x − origin)` (lowest first).
 *
 * @example
 * polyfit([0, 1, 2], [1, 3, 5], 1) // [1, 2]  (origin 0)
 */
export function polyfit(x: ArrayLike<number>, y: ArrayLike<number>, degree: number, origin = 0): number[] {
  const n = x.length;
  const m = degree + 1;
  if (!Number.isInteger(degree) || degree < 0) throw new InputError(`polynomial degree ${degree}: expected an integer ≥ 0`);
  if (n < m) throw new InputError(`cannot fit a degree-${degree} polynomial to ${n} point(s); need at least ${m}`);
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(x[i] - origin));
  if (scale === 0) scale = 1;
  // Design matrix A (n × m), column-major, and right-hand side b.
  const a: Float64Array[] = [];
  for (let k = 0; k < m; k++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = ((x[i] - origin) / scale) ** k;
    a.push(col);
  }
  const b = Float64Array.from(y as ArrayLike<number>);
  const r = new Float64Array(m * m);
  for (let k = 0; k < m; k++) {
    const col = a[k];
    let norm = 0;
    for (let i = k; i < n; i++) norm += col[i] * col[i];
    norm = Math.sqrt(norm);
    if (norm === 0) throw new InputError(`polynomial fit is singular (degree ${degree}, ${n} points with repeated x)`);
    const alpha = col[k] > 0 ? -norm : norm;
    const v = new Float64Array(n);
    v[k] = col[k] - alpha;
    for (let i = k + 1; i < n; i++) v[i] = col[i];
    let vv = 0;
    for (let i = k; i < n; i++) vv += v[i] * v[i];
    const apply = (c: Float64Array) => {
      let dot = 0;
      for (let i = k; i < n; i++) dot += v[i] * c[i];
      const f = (2 * dot) / vv;
      for (let i = k; i < n; i++) c[i] -= f * v[i];
    };
    if (vv > 0) {
      for (let j = k; j < m; j++) apply(a[j]);
      apply(b);
    }
    for (let j = k; j < m; j++) r[k * m + j] = a[j][k];
  }
  const c = new Array<number>(m).fill(0);
  for (let k = m - 1; k >= 0; k--) {
    let s = b[k];
    for (let j = k + 1; j < m; j++) s -= r[k * m + j] * c[j];
    const d = r[k * m + k];
    if (Math.abs(d) < 1e-300) throw new InputError(`polynomial fit is singular (degree ${degree}, ${n} points)`);
    c[k] = s / d;
  }
  return c.map((ck, k) => ck / scale ** k);
}

/**
 * Evaluate `Σ_k c[k]·(x − origin)^k` (Horner).
 * @example polyval([1, 2], 3) // 7
 */
export function polyval(coefs: readonly number[], x: number, origin = 0): number {
  const t = x - origin;
  let s = 0;
  for (let k = coefs.length - 1; k >= 0; k--) s = s * t + coefs[k];
  return s;
}

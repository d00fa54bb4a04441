/**
 * dy/dx on a non-uniform grid, second-order accurate inside and first-order at the ends
 * (numpy `gradient(y, x)` semantics).
 */
import { checkSpectrum, type NumericArray } from './validate.ts';

/**
 * Derivative of `y` with respect to `x` (same length as the input).
 *
 * @example
 * derivative([0, 1, 3], [0, 1, 9]) // Float64Array [1, 2, 4]  (inside exact for x²: 2·1 = 2)
 */
export function derivative(x: NumericArray, y: NumericArray): Float64Array {
  const { energyEv: xs, mu: ys } = checkSpectrum(x, y, 2);
  const n = xs.length;
  const d = new Float64Array(n);
  d[0] = (ys[1] - ys[0]) / (xs[1] - xs[0]);
  d[n - 1] = (ys[n - 1] - ys[n - 2]) / (xs[n - 1] - xs[n - 2]);
  for (let i = 1; i < n - 1; i++) {
    const h1 = xs[i] - xs[i - 1];
    const h2 = xs[i + 1] - xs[i];
    d[i] = (h1 * h1 * ys[i + 1] - h2 * h2 * ys[i - 1] + (h2 * h2 - h1 * h1) * ys[i]) / (h1 * h2 * (h1 + h2));
  }
  return d;
}

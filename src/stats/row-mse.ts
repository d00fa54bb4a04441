/**
 * @module stats/row-mse
 * Mean squared error of each row of a row-major n × K block (inverse G2 rows, forward spectra).
 */

/**
 * Mean squared error of each of the n rows of K values.
 *
 * @example
 * spectrumMse(Float32Array.of(1, 1), Float32Array.of(0, 3), 1, 2); // Float64Array [2.5]
 */
export function spectrumMse(pred: ArrayLike<number>, target: ArrayLike<number>, n: number, K: number): Float64Array {
  const out = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let e = 0;
    for (let j = 0; j < K; j++) e += (pred[s * K + j]! - target[s * K + j]!) ** 2;
    out[s] = e / K;
  }
  return out;
}

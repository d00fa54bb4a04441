/**
 * @module lab/inverse/loss-weights
 * Per-bin loss weights 1/Var(G2_k) over the training targets, normalised to mean 1, so that the
 * low-amplitude bins (far shells, the first Å) count as much as the first-shell peak.
 * Variances below `floorFraction` of the largest are raised to it (empty bins do not explode).
 */

/**
 * @example const w = inverseVarianceWeights(train.y, train.n, 50); // Float32Array(50), mean 1
 */
export function inverseVarianceWeights(y: Float32Array, n: number, k: number, floorFraction = 1e-3): Float32Array {
  const mean = new Float64Array(k);
  const variance = new Float64Array(k);
  for (let s = 0; s < n; s++) for (let j = 0; j < k; j++) mean[j]! += y[s * k + j]! / n;
  for (let s = 0; s < n; s++) for (let j = 0; j < k; j++) variance[j]! += (y[s * k + j]! - mean[j]!) ** 2 / n;
  const floor = floorFraction * Math.max(...variance);
  const w = Array.from(variance, (v) => 1 / Math.max(v, floor));
  const mw = w.reduce((a, b) => a + b, 0) / k;
  return Float32Array.from(w, (v) => v / mw);
}

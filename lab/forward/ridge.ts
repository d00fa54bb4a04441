/**
 * @module lab/forward/ridge
 * Ridge regression descriptor → spectrum (closed form on standardised features, with intercept):
 * the linear baseline the MLP is compared against. Solves (XᵀX + λI) W = XᵀY by Cholesky.
 */
import { InputError } from '../../src/errors.ts';
import type { ForwardData } from './train-mlp.ts';

/** A fitted ridge model: μ = max(0, b + ((x − mean)·scale) W). */
export interface RidgeModel {
  lambda: number;
  mean: Float32Array;
  scale: Float32Array;
  /** [inputLength × outputLength] row-major. */
  weights: Float64Array;
  intercept: Float64Array;
}

/**
 * Fit ridge regression with penalty `lambda` (on standardised features; the intercept is not penalised).
 *
 * @example
 * const model = fitRidge(train, mean, scale, 1.0);
 */
export function fitRidge(data: ForwardData, mean: Float32Array, scale: Float32Array, lambda: number): RidgeModel {
  const { n, inputLength: F, outputLength: K } = data;
  if (!(lambda >= 0)) throw new InputError(`lambda must be ≥ 0, got ${lambda}`);
  const yMean = new Float64Array(K);
  for (let s = 0; s < n; s++) for (let k = 0; k < K; k++) yMean[k] += data.y[s * K + k]!;
  for (let k = 0; k < K; k++) yMean[k] /= n;
  const A = new Float64Array(F * F);
  const B = new Float64Array(F * K);
  const xs = new Float64Array(F);
  for (let s = 0; s < n; s++) {
    for (let i = 0; i < F; i++) xs[i] = (data.x[s * F + i]! - mean[i]!) * scale[i]!;
    for (let i = 0; i < F; i++) {
      const xi = xs[i]!;
      if (xi === 0) continue;
      const ai = i * F;
      for (let j = i; j < F; j++) A[ai + j] += xi * xs[j]!;
      const bi = i * K;
      for (let k = 0; k < K; k++) B[bi + k] += xi * (data.y[s * K + k]! - yMean[k]!);
    }
  }
  for (let i = 0; i < F; i++) {
    for (let j = 0; j < i; j++) A[i * F + j] = A[j * F + i]!;
    A[i * F + i] += lambda + 1e-9 * n;
  }
  const W = choleskySolve(A, B, F, K);
  return { lambda, mean, scale, weights: W, intercept: yMean };
}

/**
 * Predictions of a ridge model, clipped at 0. x is n × inputLength raw features.
 *
 * @example
 * const mu = predictRidge(model, x, n);
 */
export function predictRidge(model: RidgeModel, x: Float32Array, n: number): Float32Array {
  const F = model.mean.length;
  const K = model.intercept.length;
  const out = new Float32Array(n * K);
  const z = new Float64Array(K);
  for (let s = 0; s < n; s++) {
    z.set(model.intercept);
    for (let i = 0; i < F; i++) {
      const xi = (x[s * F + i]! - model.mean[i]!) * model.scale[i]!;
      if (xi === 0) continue;
      for (let k = 0; k < K; k++) z[k] += xi * model.weights[i * K + k]!;
    }
    for (let k = 0; k < K; k++) out[s * K + k] = Math.max(0, z[k]!);
  }
  return out;
}

/** Solve A X = B for symmetric positive-definite A (F × F) and B (F × K), in place on copies. */
function choleskySolve(A: Float64Array, B: Float64Array, F: number, K: number): Float64Array {
  const L = Float64Array.from(A);
  for (let j = 0; j < F; j++) {
    let d = L[j * F + j]!;
    for (let k = 0; k < j; k++) d -= L[j * F + k]! ** 2;
    if (!(d > 0)) throw new InputError(`ridge: matrix not positive definite at column ${j} (increase lambda)`);
    const ljj = Math.sqrt(d);
    L[j * F + j] = ljj;
    for (let i = j + 1; i < F; i++) {
      let v = L[i * F + j]!;
      for (let k = 0; k < j; k++) v -= L[i * F + k]! * L[j * F + k]!;
      L[i * F + j] = v / ljj;
    }
  }
  const X = Float64Array.from(B);
  for (let c = 0; c < K; c++) {
    for (let i = 0; i < F; i++) {
      let v = X[i * K + c]!;
      for (let k = 0; k < i; k++) v -= L[i * F + k]! * X[k * K + c]!;
      X[i * K + c] = v / L[i * F + i]!;
    }
    for (let i = F - 1; i >= 0; i--) {
      let v = X[i * K + c]!;
      for (let k = i + 1; k < F; k++) v -= L[k * F + i]! * X[k * K + c]!;
      X[i * K + c] = v / L[i * F + i]!;
    }
  }
  return X;
}

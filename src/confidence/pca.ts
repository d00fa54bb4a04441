/**
 * @module confidence/pca
 * Principal components of model inputs: covariance + cyclic Jacobi eigen-decomposition
 * (deterministic, exact for the ≤ 200-point grids used here; 2026-11: 171 × 171 takes < 1 s).
 * Wider inputs (the forward descriptor with its SOAP block has 1358 features; Jacobi there takes
 * tens of minutes) use subspace iteration for the leading components with a Rayleigh–Ritz step.
 */
import { seededRng } from '../learn/index.ts';

/** Up to this dimension the covariance is diagonalised whole (Jacobi); above, subspace iteration. */
export const JACOBI_MAX_DIM = 300;

/** A fitted PCA basis (row-major components, each of length `dim`). */
export interface Pca {
  dim: number;
  mean: number[];
  /** `components[c]` is a unit vector of length `dim`, by decreasing variance. */
  components: number[][];
  /** Variance along each component. */
  variance: number[];
  /** Total variance of the data (trace of the covariance). */
  totalVariance: number;
}

/** Symmetric eigen-decomposition (cyclic Jacobi). Returns eigenvalues and column eigenvectors. */
export function symmetricEigen(a: Float64Array, n: number, { maxSweeps = 50, tolerance = 1e-12 } = {}): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < n; p++) {
      diag += m[p * n + p]! ** 2;
      for (let q = p + 1; q < n; q++) off += m[p * n + q]! ** 2;
    }
    if (off <= tolerance * tolerance * diag) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = m[p * n + p]!, aqq = m[q * n + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p]!, mkq = m[k * n + q]!;
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k]!, mqk = m[q * n + k]!;
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!, vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = m[i * n + i]!;
  return { values, vectors: v };
}

/**
 * PCA of `n` rows of length `dim` (row-major), keeping `components` directions.
 * @example const pca = fitPca(ds.x, ds.n, ds.inputLength, 20);
 */
export function fitPca(x: ArrayLike<number>, n: number, dim: number, components = 20, options: { method?: 'jacobi' | 'subspace' } = {}): Pca {
  const mean = new Float64Array(dim);
  for (let s = 0; s < n; s++) for (let j = 0; j < dim; j++) mean[j]! += x[s * dim + j]! / n;
  const cov = new Float64Array(dim * dim);
  const row = new Float64Array(dim);
  for (let s = 0; s < n; s++) {
    for (let j = 0; j < dim; j++) row[j] = x[s * dim + j]! - mean[j]!;
    for (let i = 0; i < dim; i++) {
      const ri = row[i]!;
      if (ri === 0) continue;
      for (let j = i; j < dim; j++) cov[i * dim + j]! += ri * row[j]!;
    }
  }
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      const c = cov[i * dim + j]! / Math.max(1, n - 1);
      cov[i * dim + j] = c;
      cov[j * dim + i] = c;
    }
  }
  let total = 0;
  for (let i = 0; i < dim; i++) total += cov[i * dim + i]!;
  const method = options.method ?? (dim <= JACOBI_MAX_DIM ? 'jacobi' : 'subspace');
  if (method === 'subspace') {
    const top = leadingEigenpairs(cov, dim, Math.min(components, dim));
    return { dim, mean: Array.from(mean), components: top.vectors, variance: top.values.map((v) => Math.max(0, v)), totalVariance: total };
  }
  const { values, vectors } = symmetricEigen(cov, dim);
  const order = Array.from(values.keys()).sort((a, b) => values[b]! - values[a]!);
  const keep = order.slice(0, Math.min(components, dim));
  return {
    dim,
    mean: Array.from(mean),
    components: keep.map((c) => Array.from({ length: dim }, (_, k) => vectors[k * dim + c]!)),
    variance: keep.map((c) => Math.max(0, values[c]!)),
    totalVariance: total,
  };
}

/** Orthonormalise the b columns of q (dim × b, row-major) in place (modified Gram–Schmidt, twice). */
function orthonormalise(q: Float64Array, dim: number, b: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let c = 0; c < b; c++) {
      for (let p = 0; p < c; p++) {
        let dot = 0;
        for (let i = 0; i < dim; i++) dot += q[i * b + c]! * q[i * b + p]!;
        for (let i = 0; i < dim; i++) q[i * b + c]! -= dot * q[i * b + p]!;
      }
      let norm = 0;
      for (let i = 0; i < dim; i++) norm += q[i * b + c]! ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < dim; i++) q[i * b + c]! /= norm;
    }
  }
}

/** a (dim × dim, symmetric) times q (dim × b). */
function multiply(a: Float64Array, q: Float64Array, dim: number, b: number): Float64Array {
  const out = new Float64Array(dim * b);
  for (let i = 0; i < dim; i++) {
    const o = i * b;
    for (let k = 0; k < dim; k++) {
      const aik = a[i * dim + k]!;
      if (aik === 0) continue;
      const r = k * b;
      for (let c = 0; c < b; c++) out[o + c]! += aik * q[r + c]!;
    }
  }
  return out;
}

/**
 * The k leading eigenpairs of a symmetric positive semi-definite matrix by subspace iteration
 * (block of k + 8 seeded random vectors) with a Rayleigh–Ritz step, iterated until the Ritz values
 * change by < 1e-10 relative (at most 500 iterations). Deterministic.
 */
export function leadingEigenpairs(a: Float64Array, dim: number, k: number): { values: number[]; vectors: number[][] } {
  const b = Math.min(dim, k + 8);
  const rng = seededRng(2024);
  let q: Float64Array = Float64Array.from({ length: dim * b }, () => rng.normal());
  orthonormalise(q, dim, b);
  let previous: number[] = [];
  let ritz: { values: number[]; vectors: number[][] } = { values: [], vectors: [] };
  for (let it = 0; it < 500; it++) {
    const aq = multiply(a, q, dim, b);
    // Rayleigh–Ritz in span(q): T = qᵀ a q, then rotate q to T's eigenvectors.
    const t = new Float64Array(b * b);
    for (let i = 0; i < dim; i++) for (let r = 0; r < b; r++) for (let c = r; c < b; c++) t[r * b + c]! += q[i * b + r]! * aq[i * b + c]!;
    for (let r = 0; r < b; r++) for (let c = 0; c < r; c++) t[r * b + c] = t[c * b + r]!;
    const { values, vectors } = symmetricEigen(t, b);
    const order = Array.from(values.keys()).sort((x, y) => values[y]! - values[x]!);
    const vals = order.map((c) => values[c]!);
    ritz = {
      values: vals.slice(0, k),
      vectors: order.slice(0, k).map((c) => {
        const v = new Array<number>(dim).fill(0);
        for (let i = 0; i < dim; i++) for (let r = 0; r < b; r++) v[i]! += q[i * b + r]! * vectors[r * b + c]!;
        return v;
      }),
    };
    const scale = Math.abs(vals[0]!) || 1;
    const converged = previous.length === k && ritz.values.every((v, i) => Math.abs(v - previous[i]!) <= 1e-10 * scale);
    if (converged) break;
    previous = ritz.values;
    q = aq;
    orthonormalise(q, dim, b);
  }
  // Sign convention: largest-magnitude entry positive (reproducible across runs and methods).
  for (const v of ritz.vectors) {
    let big = 0;
    for (const x of v) if (Math.abs(x) > Math.abs(big)) big = x;
    if (big < 0) for (let i = 0; i < v.length; i++) v[i] = -v[i]!;
  }
  return ritz;
}

/**
 * Coordinates of one row in the PCA basis and the norm of what the basis does not explain.
 * @example const { z, residual } = projectPca(pca, x.subarray(0, pca.dim));
 */
export function projectPca(pca: Pca, row: ArrayLike<number>): { z: Float64Array; residual: number } {
  const d = pca.dim;
  const centred = new Float64Array(d);
  let norm2 = 0;
  for (let j = 0; j < d; j++) {
    centred[j] = row[j]! - pca.mean[j]!;
    norm2 += centred[j]! ** 2;
  }
  const z = new Float64Array(pca.components.length);
  let explained = 0;
  pca.components.forEach((c, k) => {
    let dot = 0;
    for (let j = 0; j < d; j++) dot += c[j]! * centred[j]!;
    z[k] = dot;
    explained += dot * dot;
  });
  return { z, residual: Math.sqrt(Math.max(0, norm2 - explained)) };
}

/**
 * @module confidence/pca
 * Principal components of model inputs: covariance + cyclic Jacobi eigen-decomposition
 * (deterministic, exact for the ≤ 200-point grids used here; 2026-11: 171 × 171 takes < 1 s).
 */

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
export function fitPca(x: ArrayLike<number>, n: number, dim: number, components = 20): Pca {
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
  const { values, vectors } = symmetricEigen(cov, dim);
  const order = Array.from(values.keys()).sort((a, b) => values[b]! - values[a]!);
  const keep = order.slice(0, Math.min(components, dim));
  let total = 0;
  for (let i = 0; i < dim; i++) total += values[i]!;
  return {
    dim,
    mean: Array.from(mean),
    components: keep.map((c) => Array.from({ length: dim }, (_, k) => vectors[k * dim + c]!)),
    variance: keep.map((c) => Math.max(0, values[c]!)),
    totalVariance: total,
  };
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

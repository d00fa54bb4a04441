/**
 * @module confidence/training-distance
 * How far a model input lies from the training inputs: the mean squared distance to its k nearest
 * reference points in PCA space plus its own PCA residual (what the leading components cannot
 * represent), as an RMS per grid point in edge-step units:
 *
 *   d = √((mean_{j ∈ kNN} |z − z_j|² + residual²) / L)
 *
 * so d = 0.05 reads "differs from its nearest training spectra by 5 % of the edge step, RMS".
 */
import { seededRng } from '../inverse/seeded-rng.ts';
import { fitPca, projectPca, type Pca } from './pca.ts';

/** Defaults of the reference, written once. */
export const TRAINING_DISTANCE_DEFAULTS = Object.freeze({ components: 20, k: 5, referenceSize: 1000, seed: 7 });

export interface DistanceReference {
  pca: Pca;
  k: number;
  points: number[][];
  residuals: number[];
}

function knnMeanSq(z: ArrayLike<number>, points: number[][], k: number, skip = -1): number {
  const best: number[] = [];
  for (let p = 0; p < points.length; p++) {
    if (p === skip) continue;
    const q = points[p]!;
    let d = 0;
    for (let c = 0; c < q.length; c++) d += (z[c]! - q[c]!) ** 2;
    if (best.length < k) {
      best.push(d);
      best.sort((a, b) => a - b);
    } else if (d < best[k - 1]!) {
      best[k - 1] = d;
      best.sort((a, b) => a - b);
    }
  }
  return best.reduce((a, b) => a + b, 0) / Math.max(1, best.length);
}

/**
 * Distance (RMS per grid point) of one input row to the reference.
 * @example trainingDistance(ref, rdf.input.mu) // 0.021
 */
export function trainingDistance(ref: DistanceReference, row: ArrayLike<number>, skip = -1): number {
  const { z, residual } = projectPca(ref.pca, row);
  return Math.sqrt((knnMeanSq(z, ref.points, ref.k, skip) + residual * residual) / ref.pca.dim);
}

/**
 * Fits the PCA on all `n` training rows and keeps a seeded subset of `referenceSize` projected rows.
 * Also returns every training row's leave-one-out distance (a row in the subset skips itself).
 * @example const { reference, looDistances } = fitDistanceReference(train.x, train.n, train.inputLength);
 */
export function fitDistanceReference(
  x: Float32Array,
  n: number,
  dim: number,
  { components = TRAINING_DISTANCE_DEFAULTS.components, k = TRAINING_DISTANCE_DEFAULTS.k, referenceSize = TRAINING_DISTANCE_DEFAULTS.referenceSize, seed = TRAINING_DISTANCE_DEFAULTS.seed }: { components?: number; k?: number; referenceSize?: number; seed?: number } = {},
): { reference: DistanceReference; looDistances: Float64Array; subset: number[] } {
  const pca = fitPca(x, n, dim, components);
  const rng = seededRng(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const subset = order.slice(0, Math.min(referenceSize, n)).sort((a, b) => a - b);
  const points: number[][] = [];
  const residuals: number[] = [];
  for (const s of subset) {
    const { z, residual } = projectPca(pca, x.subarray(s * dim, (s + 1) * dim));
    points.push(Array.from(z));
    residuals.push(residual);
  }
  const reference: DistanceReference = { pca, k, points, residuals };
  const position = new Map(subset.map((s, i) => [s, i]));
  const looDistances = new Float64Array(n);
  for (let s = 0; s < n; s++) looDistances[s] = trainingDistance(reference, x.subarray(s * dim, (s + 1) * dim), position.get(s) ?? -1);
  return { reference, looDistances, subset };
}

/**
 * @module confidence/fit
 * Fits the confidence reference of an inverse model: PCA + k-NN reference on the training inputs,
 * then the held-out (calibration split) distributions of distance, spread and sensitivity, whose
 * percentiles become the thresholds. Nothing here is a guess except the two percentiles below.
 */
import type { InverseDataset } from '../inverse/index.ts';
import type { InverseModel } from '../inverse/index.ts';
import { inputStatistics } from './input-statistics.ts';
import { quantileAt, quantileTable, sigmaFingerprint, type DataStatistic, type OodFile, type StatThresholds } from './ood-file.ts';
import { fitDistanceReference, TRAINING_DISTANCE_DEFAULTS } from './training-distance.ts';

/**
 * Held-out percentiles that become the caution / unreliable limits (2026-11): above the 90th
 * percentile of held-out data → caution, above the 99th → unreliable, so at most ~1 % of
 * in-distribution spectra per check are called unreliable.
 */
export const THRESHOLD_PERCENTILES: Readonly<Record<DataStatistic, { caution: number; unreliable: number }>> = Object.freeze({
  distance: { caution: 0.9, unreliable: 0.99 },
  spread: { caution: 0.9, unreliable: 0.99 },
  sensitivity: { caution: 0.9, unreliable: 0.99 },
});

/**
 * Builds the `ood.json` content for `model` from its training and held-out datasets.
 * @example
 * const ood = await fitConfidence(model, train, calibration, { split: 'calibration', command: 'npm run fit:confidence' });
 * writeOodFile(model.dir, ood);
 */
export async function fitConfidence(
  model: InverseModel,
  train: InverseDataset,
  heldOut: InverseDataset,
  { split, command, referenceSize = TRAINING_DISTANCE_DEFAULTS.referenceSize, components = TRAINING_DISTANCE_DEFAULTS.components }: { split: string; command: string; referenceSize?: number; components?: number },
): Promise<OodFile> {
  const m = model.manifest;
  const { reference, looDistances } = fitDistanceReference(train.x, train.n, train.inputLength, { referenceSize, components });
  const stats = await inputStatistics(model, reference, heldOut.x, heldOut.n);
  const quantiles = {
    trainingDistance: quantileTable(looDistances),
    distance: quantileTable(stats.map((s) => s.distance)),
    spread: quantileTable(stats.map((s) => s.spread)),
    sensitivity: quantileTable(stats.map((s) => s.sensitivity)),
  };
  const thresholds = {} as Record<DataStatistic, StatThresholds>;
  for (const key of Object.keys(THRESHOLD_PERCENTILES) as DataStatistic[]) {
    const p = THRESHOLD_PERCENTILES[key];
    thresholds[key] = { caution: quantileAt(quantiles[key], p.caution), unreliable: quantileAt(quantiles[key], p.unreliable), cautionPercentile: p.caution, unreliablePercentile: p.unreliable };
  }
  return {
    version: 1,
    kind: 'inverse-confidence',
    model: { id: m.id, created: m.created, dataHash: m.training.dataHash, sigma: sigmaFingerprint(m) },
    fitted: new Date().toISOString(),
    command,
    pca: reference.pca,
    reference: { k: reference.k, trainingSamples: train.n, points: reference.points, residuals: reference.residuals, weights: reference.weights, residualWeight: reference.residualWeight, noiseFloor: TRAINING_DISTANCE_DEFAULTS.noiseFloor, seed: TRAINING_DISTANCE_DEFAULTS.seed },
    quantiles,
    heldOut: { split, samples: heldOut.n },
    thresholds,
  };
}

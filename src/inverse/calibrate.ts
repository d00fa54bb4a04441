/**
 * @module inverse/calibrate
 * The uncertainty step after training an inverse ensemble, on the calibration split only:
 * 1. the distance-aware error model (see inverse/error-model) — weights fitted to ln MSE,
 * 2. per-bin split-conformal σ scales for the ±kσ band to hold `coverage` of the points.
 * Used by scripts/train-inverse.ts and, for an already trained model, scripts/calibrate-inverse.ts.
 */
import { fitCalibration, nestPredictions } from '../ensemble/index.ts';
import type { InverseDataset } from './dataset.ts';
import { calibrateSigma, predictEnsemble, type InverseModel } from './ensemble-model.ts';
import { disposeSession } from '../onnx/index.ts';
import { ERROR_FEATURES, ERROR_MODEL_DEFAULTS, errorFeatures, errorReferenceIndex, fitLinear, lnSpectrumMse, predictedMse, rescaleSigma, writeErrorReference, type ErrorModel } from './error-model.ts';
import type { InverseManifest } from './manifest.ts';
import { coverageOf, pearson } from './metrics.ts';

/** Options of {@link calibrateInverseModel}. */
export interface CalibrateOptions {
  /** Fit the distance-aware error model (otherwise σ is the ensemble spread). */
  errorModel?: boolean;
  k?: number;
  coverage?: number;
  /** Nearest neighbours for the error-model distances. */
  neighbours?: number;
}

/** Defaults of {@link calibrateInverseModel}. */
export const CALIBRATE_DEFAULTS = Object.freeze({ errorModel: true, k: 2, coverage: 0.95, neighbours: ERROR_MODEL_DEFAULTS.k });

/**
 * Fits the error model and the conformal calibration of `model` and returns the manifest fields
 * (writes the error-model reference file, the training rows, into `model.dir`).
 *
 * @example
 * const { errorModel, calibration } = await calibrateInverseModel(model, train, calib);
 * writeFileSync(join(model.dir, 'manifest.json'), JSON.stringify({ ...model.manifest, errorModel, calibration }, null, 1));
 */
export async function calibrateInverseModel(
  model: InverseModel,
  train: InverseDataset,
  calib: InverseDataset,
  { errorModel: withErrorModel = CALIBRATE_DEFAULTS.errorModel, k = CALIBRATE_DEFAULTS.k, coverage = CALIBRATE_DEFAULTS.coverage, neighbours = CALIBRATE_DEFAULTS.neighbours }: CalibrateOptions = {},
): Promise<{ errorModel?: ErrorModel; calibration: InverseManifest['calibration'] }> {
  const bare: InverseModel = { ...model, manifest: { ...model.manifest, errorModel: undefined } };
  const cp = await predictEnsemble(bare, calib.x, calib.n);
  const K = calib.outputLength;
  let sigma = cp.sigmaRaw;
  let errorModel: ErrorModel | undefined;
  if (withErrorModel) {
    const ref = { n: train.n, x: train.x, y: train.y, inputLength: train.inputLength, outputLength: K };
    const index = await errorReferenceIndex(ref, neighbours);
    const rows = await errorFeatures(cp.mean, cp.sigmaRaw, calib.x, calib.n, index);
    await Promise.all([disposeSession(index.input), disposeSession(index.target)]);
    const lnMse = lnSpectrumMse(cp.mean, calib.y, calib.n, K);
    const weights = fitLinear(rows, lnMse);
    const expected = predictedMse(weights, rows);
    errorModel = {
      k: neighbours,
      weights,
      features: ERROR_FEATURES,
      reference: writeErrorReference(model.dir, ref),
      fit: { samples: calib.n, pearsonLogMse: pearson(Array.from(expected, Math.log), lnMse) },
    };
    sigma = rescaleSigma(cp.sigmaRaw, K, expected);
  }
  const calibration = conformalCalibration(cp.mean, cp.sigmaRaw, sigma, calib.y, calib.n, K, { k, coverage });
  return { ...(errorModel ? { errorModel } : {}), calibration };
}

/**
 * Per-bin split-conformal σ scales on calibration rows (mean, raw σ, σ to be scaled, targets; n × K),
 * with the median ±kσ coverage before (raw σ) and after.
 * @example const calibration = conformalCalibration(p.mean, p.sigmaRaw, sigma, calib.y, calib.n, 50);
 */
export function conformalCalibration(
  mean: Float32Array,
  sigmaRaw: Float32Array,
  sigma: Float32Array,
  target: Float32Array,
  n: number,
  K: number,
  { k = CALIBRATE_DEFAULTS.k, coverage = CALIBRATE_DEFAULTS.coverage }: { k?: number; coverage?: number } = {},
): InverseManifest['calibration'] {
  const nest = (a: Float32Array) => nestPredictions(a, 1, n, K)[0]!;
  const cal = fitCalibration(nest(mean), nest(sigma), nest(target), { coverage, k, perBin: true });
  const calibration: InverseManifest['calibration'] = { k: cal.k, coverage: cal.coverage, scale: cal.scale, perBinScale: Array.from(cal.perBinScale!), samples: cal.samples, coverageBefore: NaN, coverageAfter: NaN };
  calibration.coverageBefore = coverageOf(mean, sigmaRaw, target, n, K, k).median;
  calibration.coverageAfter = coverageOf(mean, calibrateSigma(sigma, K, calibration), target, n, K, k).median;
  return calibration;
}

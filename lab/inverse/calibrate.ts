/**
 * @module lab/inverse/calibrate
 * The uncertainty step after training an inverse ensemble:
 * 1. the distance-aware error model (see inverse/error-model) — weights fitted to ln MSE, by default on
 *    the out-of-bag predictions of the training rows (inverse/out-of-bag), or on the calibration split,
 * 2. per-bin split-conformal σ scales for the ±kσ band to hold `coverage` of the points, on the
 *    calibration split (after the error model's rescaling).
 * Used by scripts/train-inverse.ts and, for an already trained model, scripts/calibrate-inverse.ts.
 */
import { ENSEMBLE_DEFAULTS } from './index.ts';
import { fitCalibration, nestPredictions } from '../../src/ensemble/index.ts';
import { InputError } from '../../src/errors.ts';
import type { InverseDataset } from '../../src/inverse/index.ts';
import { calibrateSigma, predictEnsemble, type InverseModel } from '../../src/inverse/index.ts';
import { disposeSession } from '../../src/onnx/index.ts';
import { ERROR_FEATURES, ERROR_MODEL_DEFAULTS, OOB_ERROR_FEATURES, errorFeatures, errorReferenceIndex, fitLinear, lnSpectrumMse, predictedMse, rescaleSigma, writeErrorReference, type ErrorModel, type ErrorReference } from '../../src/inverse/index.ts';
import { outOfBagErrorRows, outOfBagMasks } from '../../src/inverse/index.ts';
import type { InverseManifest } from '../../src/inverse/index.ts';
import { pearson } from '../../src/stats/index.ts';
import { coverageOf } from '../../src/inverse/index.ts';

/** Options of {@link calibrateInverseModel}. */
export interface CalibrateOptions {
  /**
   * Fit the distance-aware error model on the out-of-bag training rows (`true`, 'out-of-bag'), on the
   * calibration split ('calibration'), or not at all (`false`: σ is the ensemble spread).
   */
  errorModel?: boolean | 'out-of-bag' | 'calibration';
  /** Group of each training row (rows of one structure share it); default: every row its own. */
  groups?: readonly string[];
  /** Base seed the ensemble was trained with (its members' bootstrap resamples follow from it). */
  seed?: number;
  k?: number;
  coverage?: number;
  /** Nearest neighbours for the error-model distances. */
  neighbours?: number;
}

/** Defaults of {@link calibrateInverseModel}. */
export const CALIBRATE_DEFAULTS = Object.freeze({ errorModel: true, k: 2, coverage: 0.95, neighbours: ERROR_MODEL_DEFAULTS.k, seed: ENSEMBLE_DEFAULTS.seed, minOutOfBagRows: 100 });

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
  {
    errorModel: kind = CALIBRATE_DEFAULTS.errorModel,
    k = CALIBRATE_DEFAULTS.k,
    coverage = CALIBRATE_DEFAULTS.coverage,
    neighbours = CALIBRATE_DEFAULTS.neighbours,
    groups,
    seed = CALIBRATE_DEFAULTS.seed,
  }: CalibrateOptions = {},
): Promise<{ errorModel?: ErrorModel; calibration: InverseManifest['calibration'] }> {
  const bare: InverseModel = { ...model, manifest: { ...model.manifest, errorModel: undefined } };
  const cp = await predictEnsemble(bare, calib.x, calib.n);
  const K = calib.outputLength;
  let sigma = cp.sigmaRaw;
  let errorModel: ErrorModel | undefined;
  if (kind) {
    const lnMse = lnSpectrumMse(cp.mean, calib.y, calib.n, K);
    const ref: ErrorReference = { n: train.n, x: train.x, y: train.y, inputLength: train.inputLength, outputLength: K };
    let oob: ReturnType<typeof outOfBagErrorRows> | undefined;
    let note: string | undefined;
    if (kind !== 'calibration') {
      const tp = await predictEnsemble(bare, train.x, train.n);
      const M = tp.members.length;
      const rowGroups = groups ?? train.ids;
      if (rowGroups.length !== train.n) throw new InputError(`${rowGroups.length} groups for ${train.n} training rows`);
      oob = outOfBagErrorRows(tp.members, outOfBagMasks(train.n, M, seed), train.x, train.y, train.n, train.inputLength, K, rowGroups, neighbours);
      if (oob.used.length < CALIBRATE_DEFAULTS.minOutOfBagRows) {
        note = `only ${oob.used.length} training rows are out-of-bag for ≥ 2 of the ${M} members (need ${CALIBRATE_DEFAULTS.minOutOfBagRows}); fitted on the calibration split instead`;
        oob = undefined;
      } else ref.values = oob.values;
    }
    const features = oob ? OOB_ERROR_FEATURES : ERROR_FEATURES;
    const index = await errorReferenceIndex(ref, neighbours);
    const rows = await errorFeatures(cp.mean, cp.sigmaRaw, calib.x, calib.n, index, features, model.manifest.members);
    await Promise.all([disposeSession(index.input), disposeSession(index.target)]);
    const weights = oob ? fitLinear(oob.rows, oob.lnMse) : fitLinear(rows, lnMse);
    const expected = predictedMse(weights, rows);
    const calibrationPearson = pearson(Array.from(expected, Math.log), lnMse);
    errorModel = {
      k: neighbours,
      weights,
      features,
      fittedOn: oob ? 'out-of-bag' : 'calibration',
      reference: writeErrorReference(model.dir, ref),
      fit: oob
        ? {
            samples: oob.used.length,
            pearsonLogMse: pearson(Array.from(predictedMse(weights, oob.rows), Math.log), oob.lnMse),
            calibrationPearsonLogMse: calibrationPearson,
            medianOutOfBagMembers: oob.medianMembers,
            memberMse: oob.memberMse,
          }
        : { samples: calib.n, pearsonLogMse: calibrationPearson, ...(note ? { note } : {}) },
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

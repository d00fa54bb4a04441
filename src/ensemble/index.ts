/**
 * @module ensemble
 * What ensembles of either model share: bootstrap resampling (member seeds, out-of-bag rows,
 * oversampling), member statistics (mean and sample sd) and split-conformal calibration of the σ.
 * The one ensemble trainer is lab/ensemble.
 */
export { bootstrapIndices, memberSeed, outOfBagIndices, repeatRows } from './bootstrap.ts';
export { ensembleStats, memberStats, nestPredictions, type EnsembleStats } from './stats.ts';
export { CALIBRATION_DEFAULTS, fitCalibration, applyCalibration, coverage, coveragePerSample, type Calibration, type CalibrationOptions } from './calibration.ts';

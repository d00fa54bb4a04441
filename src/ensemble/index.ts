/**
 * @module ensemble
 * Bootstrap ensembles of the inverse CNN: resampling, parallel resumable training, member files,
 * ensemble statistics and split-conformal calibration of the uncertainty.
 */
export { bootstrapIndices, memberSeed, outOfBagIndices, repeatRows } from './bootstrap.ts';
export { ensembleStats, memberStats, nestPredictions, type EnsembleStats } from './stats.ts';
export { CALIBRATION_DEFAULTS, fitCalibration, applyCalibration, coverage, coveragePerSample, type Calibration, type CalibrationOptions } from './calibration.ts';

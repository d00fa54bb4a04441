/**
 * @module ensemble
 * Bootstrap ensembles of the inverse CNN: resampling, parallel resumable training, member files,
 * ensemble statistics and split-conformal calibration of the uncertainty.
 */
export { bootstrapIndices, memberSeed, outOfBagIndices, repeatRows } from './bootstrap.ts';
export { writeDatasetFile, readDatasetFile, type DatasetHeader } from './dataset-file.ts';
export { memberBasePath, isMemberDone, loadEnsemble } from './member-files.ts';
export { runMemberJob, type MemberJob, type MemberResult } from './member-job.ts';
export { ENSEMBLE_DEFAULTS, trainEnsemble, type EnsembleOptions, type EnsembleRun } from './train-ensemble.ts';
export { formatProgress, formatDuration, type EnsembleProgress } from './progress.ts';
export { ensembleStats, nestPredictions, type EnsembleStats } from './stats.ts';
export {
  CALIBRATION_DEFAULTS,
  fitCalibration,
  applyCalibration,
  coverage,
  coveragePerSample,
  type Calibration,
  type CalibrationOptions,
} from './calibration.ts';

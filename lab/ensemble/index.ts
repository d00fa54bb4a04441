/**
 * @module lab/ensemble
 * Research code of ensemble: training, fitting and evaluation (scripts/ and tests call it; src/ never does).
 */
export { writeDatasetFile, readDatasetFile, type DatasetHeader } from './dataset-file.ts';
export { memberBasePath, isMemberDone, loadEnsemble } from './member-files.ts';
export { runMemberJob, type MemberJob, type MemberResult } from './member-job.ts';
export { ENSEMBLE_DEFAULTS, trainEnsemble, type EnsembleOptions, type EnsembleRun } from './train-ensemble.ts';
export { formatProgress, formatDuration, type EnsembleProgress } from './progress.ts';

/**
 * @module lab/inverse
 * Research code of inverse: training, fitting and evaluation (scripts/ and tests call it; src/ never does).
 */
export { TRAIN_DEFAULTS, trainModel, predictCnn, type TrainingData, type TrainOptions, type TrainResult, type EpochReport } from './train.ts';
export { cnnToOnnx, ensembleToOnnx } from './export-cnn.ts';
export { writeDatasetFile, readDatasetFile, type DatasetHeader } from './dataset-file.ts';
export { memberBasePath, isMemberDone, loadEnsemble } from './member-files.ts';
export { runMemberJob, type MemberJob, type MemberResult } from './cnn-member.ts';
export { ENSEMBLE_DEFAULTS, trainEnsemble, type EnsembleOptions, type EnsembleRun } from './train-ensemble.ts';

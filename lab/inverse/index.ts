/**
 * @module lab/inverse
 * Research code of inverse: training, fitting and evaluation, and the σ calibration on the measured
 * benchmark (measured-*.ts) (scripts/ and tests call it; src/ never does).
 */
export { TRAIN_DEFAULTS, trainModel, predictCnn, type TrainingData, type TrainOptions, type TrainResult, type EpochReport } from './train.ts';
export { cnnToOnnx, ensembleToOnnx } from './export-cnn.ts';
export { writeDatasetFile, readDatasetFile, type DatasetHeader } from './dataset-file.ts';
export { memberBasePath, isMemberDone, loadEnsemble } from './member-files.ts';
export { runMemberJob, type MemberJob, type MemberResult } from './cnn-member.ts';
export { ENSEMBLE_DEFAULTS, trainEnsemble, type EnsembleOptions, type EnsembleRun } from './train-ensemble.ts';
export { measuredInverseRows, structureG2, type MeasuredInverseRow } from './measured-rows.ts';
export {
  chooseFirstShellForm,
  compoundWeights,
  fitConstant,
  fitFirstShell,
  fitG2Scale,
  leaveOneCompoundOut,
  MEASURED_CALIBRATION_DEFAULTS,
  weightedQuantile,
  type FirstShellFit,
  type FirstShellForm,
  type FirstShellPoint,
} from './measured-calibration.ts';
export { calibrationFile, evaluateMeasuredCalibration, type MeasuredEvaluation } from './measured-evaluation.ts';
export { measuredReportJson, measuredReportMarkdown } from './measured-report.ts';

/**
 * @module lab/inverse
 * Research code of inverse: training, fitting and evaluation (scripts/ and tests call it; src/ never does).
 */
export { TRAIN_DEFAULTS, trainModel, predictCnn, type TrainingData, type TrainOptions, type TrainResult, type EpochReport } from './train.ts';
export { cnnToOnnx, ensembleToOnnx } from './export-cnn.ts';

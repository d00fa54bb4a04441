/**
 * @module inverse
 * The spectrum → G2 CNN: architecture, seeded initialisation, training, weight files.
 */
export { useWasmBackend } from './backend.ts';
export { seededRng, shuffledIndices, type SeededRng } from './seeded-rng.ts';
export {
  CNN_DEFAULTS,
  cnnConfig,
  convPadding,
  convLengths,
  cnnWeightShapes,
  initCnnWeights,
  cnnForward,
  type CnnConfig,
  type CnnParams,
} from './cnn.ts';
export {
  TRAIN_DEFAULTS,
  trainModel,
  predictCnn,
  type TrainingData,
  type TrainOptions,
  type TrainResult,
  type EpochReport,
} from './train.ts';
export {
  serializeCnnModel,
  deserializeCnnModel,
  saveCnnModel,
  loadCnnModel,
  type NamedWeight,
  type CnnModel,
  type CnnModelHeader,
} from './weights.ts';
export { augmentRow, AUGMENT_DEFAULTS, type AugmentSpec } from './augment.ts';

/**
 * @module forward
 * The universal forward model: structure → K-edge XANES of any trained absorber on one
 * edge-relative grid, with a calibrated ensemble σ (descriptor + MLP ensemble, ONNX inference).
 */
export { FORWARD_GRID_DEFAULTS, forwardGrid, type RelativeGrid } from './grid.ts';
export { SOURCE_RECIPES, FORWARD_SOURCES, NORM_WINDOW_EV, type SourceRecipe, type NormalisationKind } from './sources.ts';
export { TARGET_DEFAULTS, broadenForRecipe, measureSourceOffsetEv, spectrumOnGrid } from './targets.ts';
export {
  DESCRIPTOR_CHANNELS,
  SPLIT_METAL_CHANNELS,
  channelNames,
  DESCRIPTOR_DEFAULTS,
  descriptorLength,
  structuralLength,
  groupChannel,
  siteDescriptor,
  structuralDescriptor,
  type DescriptorParams,
} from './descriptor.ts';
export { MLP_DEFAULTS, mlpConfig, mlpWeightShapes, initMlpWeights, mlpForward, mlpForwardJs, softplus, inverseSoftplus, widenMlpInput, type MlpConfig, type MlpModel } from './mlp.ts';
export { TRAIN_MLP_DEFAULTS, MIN_FEATURE_SD, featureStandardisation, trainMlp, predictMlp, type ForwardData, type TrainMlpOptions, type TrainMlpResult } from './train-mlp.ts';
export { fitRidge, predictRidge, type RidgeModel } from './ridge.ts';
export { VALIDATION_FRACTION, isValidationId, forwardPairs, buildForwardDataset, selectRows, readPairStructure, type ForwardDataset, type ForwardRow } from './dataset.ts';
export { median, perSpectrumMse, relativeSquareError, nearestReferenceRse, pearsonPerRow, edgePositionEv, firstCrossingEv, edgeErrorsEv, spectrumMetrics, type SpectrumMetrics } from './metrics.ts';
export { memberStats, trainingMeanSpectrum, toRows } from './ensemble.ts';
export { saveMlpModel, loadMlpModel, mlpModelExists } from './member-files.ts';
export { DEFAULT_FORWARD_MODEL_ID, defaultForwardModelDir, descriptorParamsOf, readForwardManifest, type ForwardManifest, type ManifestSource } from './manifest.ts';
export {
  loadForwardModel,
  closeForwardModel,
  chooseAbsorber,
  predictStructure,
  type ForwardModel,
  type SitePrediction,
  type StructurePrediction,
} from './predict.ts';

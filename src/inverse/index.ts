/**
 * @module inverse
 * The spectrum → G2 model at run time: the CNN architecture and its augmentation spec, the model
 * input (measured or theory spectrum on the model grid), the ONNX ensemble with its distance-aware
 * σ (error model) and its measured calibration, the pseudo-RDF and first shell, and the manifest. Training, calibration fits
 * and evaluations are in lab/inverse.
 */
export { CNN_DEFAULTS, cnnConfig, convPadding, convLengths, cnnWeightShapes, initCnnWeights, cnnForward, type CnnConfig, type CnnParams } from './cnn.ts';
export { augmentRow, AUGMENT_DEFAULTS, type AugmentSpec } from './augment.ts';
export { loadInverseModel, predictEnsemble, type InverseModel, listInverseModels, readInverseManifest, loadInverseModelDir, rankInstead, type EnsemblePrediction, calibrateSigma } from './ensemble-model.ts';
export { measuredToModelInput, type InverseRecipe, alignToModelGrid, type ModelInput } from './model-input.ts';
export { firstShellStats, inverseModelFor, rdfBand, rdfFromPrediction, rdfUncertainty, type RdfResult, type RdfUncertainty, predictRdf } from './rdf.ts';
export {
  MEASURED_CALIBRATION_FILE,
  MEASURED_CALIBRATION_SCHEMA,
  calibratedFirstShellSigma,
  measuredCalibrationPath,
  readMeasuredCalibration,
  sigmaFingerprint,
  writeMeasuredCalibration,
  type CoverageCount,
  type MeasuredCalibration,
} from './measured-calibration.ts';
export { type InverseManifest } from './manifest.ts';
export { firstShellDistance } from './first-shell.ts';
export { shiftRow } from './robustness.ts';
export { type InverseDataset } from './dataset.ts';
export { ERROR_FEATURES, ERROR_MODEL_DEFAULTS, OOB_ERROR_FEATURES, errorFeatures, errorReferenceIndex, fitLinear, lnSpectrumMse, predictedMse, rescaleSigma, writeErrorReference, type ErrorModel, type ErrorReference } from './error-model.ts';
export { outOfBagErrorRows, outOfBagMasks } from './out-of-bag.ts';
export { coverageOf, metricsSummary, type InverseMetrics } from './metrics.ts';

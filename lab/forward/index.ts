/**
 * @module lab/forward
 * Research code of forward: training, fitting and evaluation (scripts/ and tests call it; src/ never does).
 */
export { MLP_DEFAULTS, mlpConfig, mlpWeightShapes, initMlpWeights, mlpForward, mlpForwardJs, softplus, inverseSoftplus, widenMlpInput, type MlpConfig, type MlpModel } from './mlp.ts';
export { TRAIN_MLP_DEFAULTS, MIN_FEATURE_SD, MLP_LOSSES, featureStandardisation, batchLoss, trainMlp, predictMlp, type ForwardData, type MlpLoss, type TrainMlpOptions, type TrainMlpResult } from './train-mlp.ts';
export { fitRidge, predictRidge, type RidgeModel } from './ridge.ts';
export { median, perSpectrumMse, relativeSquareError, nearestReferenceRse, pearsonPerRow, edgePositionEv, firstCrossingEv, edgeErrorsEv, spectrumMetrics, windowMetrics, type SpectrumMetrics, type WindowMetrics } from './metrics.ts';
export { fitMaskedCalibration, maskedCoverage } from './masked-calibration.ts';
export { trainingMeanSpectrum, columnMeans, toRows } from './ensemble.ts';
export { saveMlpModel, loadMlpModel, mlpModelExists } from './member-files.ts';
export { FORWARD_RECIPE_SCHEMA, MEMBER_VIEWS, MEMBER_VIEW_LABELS, RECIPE_FILE, checkRecipe, defaultDescriptor, readRecipe, recipeDescriptor, recipeFromManifest, recipeFromOptions, type ForwardRecipe, type MemberView, type RecipeOptions } from './recipe.ts';
export { trainForward, type ForwardTraining } from './train-forward.ts';
export { forwardPlan, planInputOf, columns, type ForwardPlan, type ForwardPlanInput, type ValMetrics } from './plan.ts';
export { trainMlpMember, type MlpMemberJob } from './mlp-member.ts';
export { VARIANTS, type Variant } from './variants.ts';
export { mlpEnsembleToOnnx, MLP_ONNX_DEFAULTS, type MlpOnnxOptions } from './mlp-to-onnx.ts';
export { modelRecordsSnapshot, recordsSnapshot, type RecordsSnapshot } from './records-snapshot.ts';

/**
 * @module forward
 * The universal forward model: structure → K-edge XANES of any trained absorber on one
 * edge-relative grid, with a calibrated ensemble σ (descriptor + MLP ensemble, ONNX inference).
 * Each absorber's predictions cover its valid range of the grid (`validRangeEv(manifest, absorber)`).
 */
export { FORWARD_GRID_DEFAULTS, NARROW_WINDOW_EV, forwardGrid, type RelativeGrid } from './grid.ts';
export { SOURCE_RECIPES, FORWARD_SOURCES, ALL_FORWARD_SOURCES, OWN_VALIDATION_SOURCES, parseSources, NORM_WINDOW_EV, type SourceRecipe, type NormalisationKind } from './sources.ts';
export { TARGET_DEFAULTS, broadenForRecipe, measureSourceOffsetEv, relativeRangeEv, spectrumOnGrid } from './targets.ts';
export { VALID_RANGE_DEFAULTS, coveredRangeEv, measureValidRanges, validRangeEv, validGridIndices, windowIndices, sliceColumns, maskOutside } from './valid-range.ts';
export { DESCRIPTOR_CHANNELS, SPLIT_METAL_CHANNELS, channelNames, DESCRIPTOR_DEFAULTS, descriptorLength, structuralLength, groupChannel, siteDescriptor, structuralDescriptor, type DescriptorParams } from './descriptor.ts';
export { VALIDATION_FRACTION, isValidationId, forwardPairs, forwardDataHash, buildForwardDataset, selectRows, readPairStructure, type ForwardDataset, type ForwardRow } from './dataset.ts';
export { DEFAULT_FORWARD_MODEL_ID, defaultForwardModelDir, descriptorParamsOf, portableDataHashOf, readForwardManifest, trainingSourcesOf, type ForwardManifest, type ManifestSource } from './manifest.ts';
export { loadForwardModel, closeForwardModel, chooseAbsorber, predictDescriptorBatch, predictStructure, type ForwardModel, type SitePrediction, type StructurePrediction } from './predict.ts';

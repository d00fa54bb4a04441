/**
 * @module data
 * The shared reference data as training pairs: the pair sources (spectrum + structure files of
 * ../shared/data) and the project's FEFF Fe crystal records.
 */
export { idUniform, inlineSpectrumHash, listPairs, type ListPairsOptions, type Pair, type PairSource, type Split } from './pairs.ts';
export { FE_FEFF_CRYSTALS_DEFAULTS, feFeffCrystalPairs, feffCrystalMaterialKey, feffCrystalSplit, matchSite } from './fe-feff-crystals.ts';

/**
 * @module data
 * The shared reference data as training pairs: the pair sources (spectrum + structure files of
 * ../shared/data) and the project's FEFF Fe crystal records.
 */
export { idUniform, inlineSpectrumHash, listPairs, type ListPairsOptions, type Pair, type PairSource, type Split } from './pairs.ts';
export { FE_FEFF_CRYSTALS_DEFAULTS, FEFF_3D_CRYSTAL_SOURCES, feFeffCrystalPairs, feffCrystalPairs, feffCrystalRecordsPath, feffCrystalMaterialKey, feffCrystalSplit, matchSite, type Feff3dCrystalSource } from './fe-feff-crystals.ts';

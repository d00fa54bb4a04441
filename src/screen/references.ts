/**
 * @module screen/references
 * Measured reference spectra whose structure is known and present in a candidate pool: what the
 * theory → experiment calibration is fitted on (`npm run calibrate:screen`) and what screening is
 * judged by (`npm run eval:screen`). Paths are relative to the shared data folder; `structures`
 * are pool folder names (Materials Project ids of `pairs/cu-k-feff-crystals/materials`) of the
 * phase — polymorph duplicates of the same compound count as right answers too.
 *
 * `compound` groups spectra of the same phase: leave-one-out leaves the whole group out, so a
 * second measurement of CuO never calibrates the evaluation of the first.
 */

/** One measured reference. */
export interface MeasuredReference {
  name: string;
  compound: string;
  absorber: string;
  /** Relative to the data folder. */
  spectrum: string;
  /** Athena project group label. */
  group?: string;
  /** Pool ids of the right answer. */
  structures: string[];
  /** Element set of the phase (for the `--elements` filter rank). */
  elements: string[];
  /** Oxidation state of the absorber in the phase (for the chemistry check). */
  oxidationState: number;
  /** Detection mode, where the source says (HERFD needs less broadening). */
  mode?: 'transmission' | 'fluorescence' | 'HERFD';
  note?: string;
}

const ATHENA4 = 'experimental/larch/xafsdata/AthenaProjectFiles/athena4.prj';

/** Cu K references in the 2697-material Cu oxide pool. */
export const CU_REFERENCES: readonly MeasuredReference[] = Object.freeze([
  { name: 'CuO (tenorite), xaslib 13 K', compound: 'CuO', absorber: 'Cu', spectrum: 'experimental/xaslib/Cu/CuO_tenorite_13K_01.xdi', structures: ['mp-1692', 'mp-704645'], elements: ['Cu', 'O'], oxidationState: 2 },
  { name: 'CuO (tenorite), athena4.prj', compound: 'CuO', absorber: 'Cu', spectrum: ATHENA4, group: 'cu_tenorite.001', structures: ['mp-1692', 'mp-704645'], elements: ['Cu', 'O'], oxidationState: 2 },
  { name: 'Cu2O (cuprite), athena4.prj', compound: 'Cu2O', absorber: 'Cu', spectrum: ATHENA4, group: 'cu_cuprite.001', structures: ['mp-361'], elements: ['Cu', 'O'], oxidationState: 1 },
  { name: 'Cu2O (cuprite), athena4.prj CuXAFS', compound: 'Cu2O', absorber: 'Cu', spectrum: ATHENA4, group: 'CuXAFS_cuprite.001', structures: ['mp-361'], elements: ['Cu', 'O'], oxidationState: 1 },
  { name: 'azurite Cu3(CO3)2(OH)2, xaslib 13 K', compound: 'azurite', absorber: 'Cu', spectrum: 'experimental/xaslib/Cu/Cu_azurite_13K_01.xdi', structures: ['mp-23733', 'mp-1193268'], elements: ['C', 'Cu', 'H', 'O'], oxidationState: 2 },
  { name: 'azurite Cu3(CO3)2(OH)2, athena4.prj', compound: 'azurite', absorber: 'Cu', spectrum: ATHENA4, group: 'cu_azurite.001', structures: ['mp-23733', 'mp-1193268'], elements: ['C', 'Cu', 'H', 'O'], oxidationState: 2 },
  {
    name: 'CuSO4·5H2O, athena4.prj',
    compound: 'CuSO4·5H2O',
    absorber: 'Cu',
    spectrum: ATHENA4,
    group: 'cusulfate_cu_xafs.001',
    structures: ['mp-1196039', 'mp-605120', 'mp-655377', 'mp-720417'],
    elements: ['Cu', 'H', 'O', 'S'],
    oxidationState: 2,
    note: 'the group is labelled "cusulfate"; taken as the common pentahydrate (its four Materials Project entries)',
  },
]);

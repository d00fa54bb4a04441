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
  /** Element set of the phase (the `--elements` rank uses the right answer's own set as read). */
  elements: string[];
  /** Oxidation state of the absorber in the phase (for the chemistry check); null for mixed valence. */
  oxidationState: number | null;
  /** First-shell ligand of the absorber when not O (the edge-position calibration fits O only). */
  ligand?: string;
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

const ALS = (file: string): string => `experimental/als-fe-references/${file}`;
const XASLIB_FE = (file: string): string => `experimental/xaslib/Fe/${file}`;
const HEMATITE = ['Hematite_AMCSD-0000143', 'amcsd_0000143_Hematite'];
const MAGNETITE = ['Magnetite_AMCSD-0002400', 'Magnetite_COD-9007644'];
const SIDERITE = ['Siderite_COD-5000036', 'amcsd_0000101_Siderite'];
const PYRITE = ['Pyrite_COD-5000115', 'amcsd_0000006_Pyrite'];
const fe = (r: Omit<MeasuredReference, 'absorber' | 'elements'> & { elements?: string[] }): MeasuredReference => ({ absorber: 'Fe', elements: [], ...r });

/**
 * Fe K references whose phase is in the Fe pool (`structures/fe-standards` + the Fe-bearing
 * `structures/amcsd` CIFs; ids are file names without `.cif`). ALS 10.3.2 library (`.e`, mode in
 * the header) and the XAS Data Library. Phases without a structure in the pool (goethite,
 * maghemite, chromite, andradite, ferrihydrites, clays, glasses) are left out; mixed-valence
 * phases (magnetite, cubanite) are ranked but not scored on the oxidation state.
 */
export const FE_REFERENCES: readonly MeasuredReference[] = Object.freeze([
  fe({ name: 'hematite α-Fe2O3, ALS', compound: 'hematite', spectrum: ALS('Hematite FeXANES.e'), structures: HEMATITE, oxidationState: 3, mode: 'fluorescence' }),
  fe({ name: 'hematite α-Fe2O3, xaslib', compound: 'hematite', spectrum: XASLIB_FE('Fe2O3_rt_01.xdi'), structures: HEMATITE, oxidationState: 3 }),
  fe({ name: 'magnetite Fe3O4, ALS (TEY)', compound: 'magnetite', spectrum: ALS('magnetite syn FeEXAFS TEY001.e'), structures: MAGNETITE, oxidationState: null }),
  fe({ name: 'magnetite Fe3O4, xaslib', compound: 'magnetite', spectrum: XASLIB_FE('Fe3O4_rt_01.xdi'), structures: MAGNETITE, oxidationState: null }),
  fe({ name: 'magnetite Fe3O4, Hansel 2001', compound: 'magnetite', spectrum: XASLIB_FE('Hansel2001_magnetite_xanes_001.xdi'), structures: MAGNETITE, oxidationState: null }),
  fe({ name: 'wüstite FeO, xaslib', compound: 'wustite', spectrum: XASLIB_FE('FeO_rt_01.xdi'), structures: ['Wustite_AMCSD-0013893'], oxidationState: 2 }),
  fe({ name: 'siderite FeCO3, ALS ITFA0', compound: 'siderite', spectrum: ALS('Siderite FeXANES ITFA0.e'), structures: SIDERITE, oxidationState: 2 }),
  fe({ name: 'siderite FeCO3, Hansel 2001', compound: 'siderite', spectrum: XASLIB_FE('Hansel2001_siderite_xanes_001.xdi'), structures: SIDERITE, oxidationState: 2 }),
  fe({ name: 'pyrite FeS2, xaslib', compound: 'pyrite', spectrum: XASLIB_FE('FeS2_rt_01.xdi'), structures: PYRITE, oxidationState: 2, ligand: 'S' }),
  fe({ name: 'ilmenite FeTiO3, ALS', compound: 'ilmenite', spectrum: ALS('ilmenite FeXANES generic.e'), structures: ['Ilmenite_AMCSD-0009082'], oxidationState: 2 }),
  fe({ name: 'hercynite FeAl2O4, ALS', compound: 'hercynite', spectrum: ALS('Hercynite_Waychunas FeXANES.e'), structures: ['Hercynite_AMCSD-0000958'], oxidationState: 2 }),
  fe({ name: 'almandine Fe3Al2Si3O12, ALS', compound: 'almandine', spectrum: ALS('Almandine_Waychunas FeXANES.e'), structures: ['Almandine_AMCSD-0007689'], oxidationState: 2 }),
  fe({ name: 'aegirine NaFeSi2O6, ALS', compound: 'aegirine', spectrum: ALS('Aegirine FeXANES powder avg.e'), structures: ['Aegirine_AMCSD-0004215'], oxidationState: 3 }),
  fe({ name: 'hedenbergite CaFeSi2O6, ALS', compound: 'hedenbergite', spectrum: ALS('Hedenbergite FeXANES powder avg.e'), structures: ['Hedenbergite_AMCSD-0001861'], oxidationState: 2 }),
  fe({ name: 'ferrosilite FeSiO3, ALS', compound: 'ferrosilite', spectrum: ALS('Ferrosilite FeXANES powder avg.e'), structures: ['Ferrosilite_AMCSD-0008004'], oxidationState: 2 }),
  fe({ name: 'fayalite Fe2SiO4 (olivine Fo0), ALS', compound: 'fayalite', spectrum: ALS('Fo0_NHM FeXANES.e'), structures: ['Fayalite_AMCSD-0014999', 'amcsd_0000173_Fayalite'], oxidationState: 2 }),
  fe({ name: 'cubanite CuFe2S3, ALS', compound: 'cubanite', spectrum: ALS('Cubanite FeXANES powder avg.e'), structures: ['Cubanite_AMCSD-0000042', 'amcsd_0000042_Cubanite', 'amcsd_0000068_Cubanite'], oxidationState: null, ligand: 'S' }),
  fe({ name: 'lepidocrocite γ-FeOOH, ALS (over-absorbed)', compound: 'lepidocrocite', spectrum: ALS('Lepidocrocite_Borch FeEXAFS overabs.e'), structures: ['Lepidocrocite_COD-1011088'], oxidationState: 3, note: 'over-absorption flattens the white line' }),
  fe({ name: 'troilite FeS, ALS (Fe-K-ALS-10.3.2.prj)', compound: 'troilite', spectrum: 'experimental/larch/xafsdata/AthenaProjectFiles/Fe-K-ALS-10.3.2.prj', group: 'Troilite', structures: ['Troilite_AMCSD-0004158', 'Troilite_AMCSD-KingPrewitt1982-393K'], oxidationState: 2, ligand: 'S' }),
]);

/** A measured spectrum of known formal oxidation state (the edge-position calibration needs no structure). */
export type ValenceReference = Pick<MeasuredReference, 'name' | 'compound' | 'absorber' | 'spectrum' | 'group' | 'note'> & { oxidationState: number; ligand: string };

const valence =
  (absorber: string, ligand = 'O') =>
  (name: string, compound: string, spectrum: string, oxidationState: number, note?: string): ValenceReference => ({ name, compound, absorber, spectrum, oxidationState, ligand, ...(note ? { note } : {}) });
const feValence = valence('Fe');

/**
 * Measured K spectra of single-valence phases whose structure is not in the pool: with the
 * single-valence {@link CU_REFERENCES} and {@link FE_REFERENCES} they calibrate the edge position → oxidation state
 * (`npm run calibrate:edge-valence`, chemistry/edge-valence.ts). Valences from the phases'
 * ideal formulas (the ALS headers' Webmineral formulas; the andradite header's "Fe2+" is a typo for
 * the Fe3+ of Ca3Fe2(SiO4)3). Mixed-valence phases (green rusts, biotite) and natural samples of
 * uncertain Fe3+/ΣFe (amphiboles, clays, glasses) are left out, as is covellite CuS (Cu(I)/Cu(II)).
 */
export const VALENCE_EXTRA: readonly ValenceReference[] = Object.freeze([
  valence('Cu', 'S')('chalcocite Cu2S, xaslib 13 K', 'Cu2S', 'experimental/xaslib/Cu/Cu2S_13K_01.xdi', 1),
  feValence('goethite α-FeOOH, ALS', 'goethite', ALS('Goethite FeXANES.e'), 3),
  feValence('goethite α-FeOOH, ALS (Oli)', 'goethite', ALS('Goethite_Oli_DG_Jul06.e'), 3),
  feValence('goethite α-FeOOH, Hansel 2001', 'goethite', XASLIB_FE('Hansel2001_goethite_xanes_003.xdi'), 3),
  feValence('akaganéite β-FeOOH, ALS', 'akaganeite', ALS('Akaganeite_Chan FeXANES.e'), 3),
  feValence('feroxyhyte δ-FeOOH, ALS', 'feroxyhyte', ALS('feroxyhite_trans_FeEXAFS_fl_OA.e'), 3),
  feValence('maghemite γ-Fe2O3, ALS (over-absorbed)', 'maghemite', ALS('Maghemite nano powder FeXANES overabs.e'), 3),
  feValence('2-line ferrihydrite, ALS', 'ferrihydrite', ALS('Ferrihydrite 2L_Kim FeXANES.e'), 3),
  feValence('6-line ferrihydrite, ALS', 'ferrihydrite', ALS('Ferrihydrite_6L_borch_trunc.e'), 3),
  feValence('2-line ferrihydrite, Hansel 2001', 'ferrihydrite', XASLIB_FE('Hansel2001_2lineFerrihydrite_xanes_001.xdi'), 3),
  feValence('andradite Ca3Fe2Si3O12, ALS', 'andradite', ALS('Andradite FeXANES.e'), 3, 'header formula says Fe2+; andradite is Fe3+'),
  feValence('esseneite CaFeAlSiO6, ALS', 'esseneite', ALS('Esseneite FeXANES powder avg.e'), 3),
  feValence('chromite FeCr2O4, ALS', 'chromite', ALS('Chromite_Nico FeXANES.e'), 2),
  feValence('hypersthene (Mg,Fe)SiO3, ALS', 'hypersthene', ALS('Hypersthene FeXANES powder avg.e'), 2),
  feValence('pigeonite, ALS', 'pigeonite', ALS('Pigeonite composite FeXANES powder avg.e'), 2),
  feValence('olivine Fo40, ALS', 'olivine Fo40', ALS('Fo40_NHM FeXANES.e'), 2),
  feValence('olivine Fo80, ALS', 'olivine Fo80', ALS('Fo80_NHM FeEXAFS.e'), 2),
  feValence('siderite FeCO3, ALS ITFA2', 'siderite', ALS('Siderite FeXANES ITFA2.e'), 2),
  feValence('siderite FeCO3, Hansel 2001 (2)', 'siderite', XASLIB_FE('Hansel2001_siderite_xanes_002.xdi'), 2),
]);

/**
 * Every single-valence measured reference of an absorber: the pool references with a valence, then
 * the extra ones.
 *
 * @example valenceReferences('Fe').length // 33
 */
export function valenceReferences(absorber: string): ValenceReference[] {
  const pool = [...CU_REFERENCES, ...FE_REFERENCES].filter((r): r is MeasuredReference & { oxidationState: number } => r.absorber === absorber && r.oxidationState !== null);
  const extra = VALENCE_EXTRA.filter((r) => r.absorber === absorber);
  return [...pool.map(({ name, compound, absorber: a, spectrum, group, note, oxidationState, ligand }) => ({ name, compound, absorber: a, spectrum, oxidationState, ligand: ligand ?? 'O', ...(group ? { group } : {}), ...(note ? { note } : {}) })), ...extra];
}

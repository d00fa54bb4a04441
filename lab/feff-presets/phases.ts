/**
 * The phases each element's card choice is measured on: a structure in `../shared/data/structures`
 * (or the repository's `data/structures/reference-phases`, written by `npm run benchmark:structures`
 * from published crystallography) and a measured K-edge spectrum of the same phase, with the runs
 * (card sets) compared on them. Paths are relative to the shared data folder; a path starting with
 * `repo:` is relative to the repository root; a phase whose files are missing is listed as not evaluated.
 *
 * Fe is the set reports/feff-presets.md was first written from (2026-12-02); it must stay as it is,
 * so that its analysis can be rerun.
 */
import { feffPreset, type FeffPreset } from '../../src/feff/index.ts';

/** A structure with a measured spectrum of the same phase. */
export interface Phase {
  id: string;
  name: string;
  /** Oxidation state as written in the report, e.g. `Fe(II) low-spin`. */
  valence: string;
  /** Formal oxidation state of the absorber; non-integer for mixed-valence phases (left out of the chemical-shift comparison). */
  oxidation: number;
  structure: string;
  measured: string;
  /** Spectra measured on the same energy scale share a calibration (edge positions are compared within one only). */
  calibration: string;
  /** What the reader should know about the pairing (e.g. a structure that only approximates the sample). */
  note?: string;
}

/** A card set run on some of an element's phases. */
export interface RunSpec {
  /** Also the records file name (`<records>/<id>.jsonl`, shared by all elements). */
  id: string;
  preset: FeffPreset;
  /** Phase ids (default: all of the element's phases). */
  phases?: readonly string[];
  note: string;
}

/** What is evaluated for one absorber. */
export interface ElementEval {
  element: string;
  phases: readonly Phase[];
  /**
   * Edge positions are compared as differences to this phase (ΔE0 = E0(phase) − E0(reference)), the
   * measured ΔE0 against the reference measured on the same energy scale (`measuredByCalibration`).
   * Without it (or without a phase of another valence) no chemical-shift ratio is reported.
   */
  reference?: { phase: string; measuredByCalibration: Readonly<Record<string, string>> };
  runs: readonly RunSpec[];
  /** Structure folders of the element's pool, for the cost estimate (Fe only; docs/feff-plan.md covers the others). */
  pool?: readonly string[];
  /** Said in the report when the element has no (or few) measured pairs. */
  note?: string;
}

/** The two card sets every new element is measured with: no SCF against the small SCF. */
const noscfFms5: RunSpec = { id: 'noscf-fms5', preset: feffPreset('noscf-fms5'), note: 'no SCF, FMS 5 Å, 7 Å cluster' };
const scfLite: RunSpec = { id: 'scf-lite', preset: feffPreset('scf-lite'), note: 'SCF 3.5 Å with convergence factor 0.05, FMS 5 Å, 7 Å cluster (the scf-lite preset)' };

const FE_PHASES: readonly Phase[] = [
  { id: 'hematite', name: 'hematite α-Fe2O3', valence: 'Fe(III)', oxidation: 3, structure: 'structures/fe-standards/Hematite_AMCSD-0000143.cif', measured: 'experimental/als-fe-references/Hematite FeXANES.e', calibration: 'ALS' },
  { id: 'magnetite', name: 'magnetite Fe3O4', valence: 'Fe(II,III)', oxidation: 8 / 3, structure: 'structures/fe-standards/Magnetite_COD-9007644.cif', measured: 'experimental/als-fe-references/magnetite syn FeEXAFS TEY001.e', calibration: 'ALS' },
  { id: 'siderite', name: 'siderite FeCO3', valence: 'Fe(II)', oxidation: 2, structure: 'structures/fe-standards/Siderite_COD-5000036.cif', measured: 'experimental/als-fe-references/Siderite FeXANES ITFA0.e', calibration: 'ALS' },
  { id: 'fayalite', name: 'fayalite Fe2SiO4', valence: 'Fe(II)', oxidation: 2, structure: 'structures/fe-standards/Fayalite_AMCSD-0014999.cif', measured: 'experimental/als-fe-references/Fo0_NHM FeXANES.e', calibration: 'ALS' },
  { id: 'pyrite', name: 'pyrite FeS2', valence: 'Fe(II) low-spin', oxidation: 2, structure: 'structures/fe-standards/Pyrite_COD-5000115.cif', measured: 'experimental/xaslib/Fe/FeS2_rt_01.xdi', calibration: 'xaslib' },
];

/** Every element with its phases; elements without a measured pair say so. */
export const ELEMENT_EVALS: readonly ElementEval[] = [
  {
    element: 'Fe',
    phases: FE_PHASES,
    reference: { phase: 'hematite', measuredByCalibration: { ALS: 'experimental/als-fe-references/Hematite FeXANES.e', xaslib: 'experimental/xaslib/Fe/Fe2O3_rt_01.xdi' } },
    // The full SCF is run on two phases only (≈ 60 min CPU budget).
    runs: [
      { id: 'noscf', preset: feffPreset('noscf'), note: 'no SCF, FMS 6 Å, 8 Å cluster' },
      noscfFms5,
      // The first SCF-lite attempt used Lightshow's convergence factor 0.2: the SCF of both fayalite sites diverged
      // (pot: "FRNRM Could not integrate enough charge", charge distance 0.55–0.87). A larger SCF sphere (4.0 Å)
      // cured one of the two sites; gentler mixing (0.05) cured both, and became the scf-lite preset.
      { id: 'scf-lite-ca0.2', preset: feffPreset('scf-lite', { cards: { SCF: '3.5 0 100 0.2 3' } }), note: 'SCF 3.5 Å with convergence factor 0.2, FMS 5 Å, 7 Å cluster' },
      { id: 'scf4-ca0.2', preset: feffPreset('scf-lite', { cards: { SCF: '4.0 0 100 0.2 3' } }), phases: ['fayalite'], note: 'SCF 4.0 Å with convergence factor 0.2, FMS 5 Å, 7 Å cluster' },
      scfLite,
      { id: 'cu-train', preset: feffPreset('cu-train'), phases: ['hematite', 'siderite'], note: 'SCF 4.5 Å, FMS 6 Å, 8 Å cluster (the Cu-training-equivalent cards)' },
    ],
    pool: ['structures/fe-standards', 'structures/amcsd'],
    note: 'The first comparison (2026-12-02) also ran noscf (FMS 6 Å), scf-lite-ca0.2, scf4-ca0.2 and cu-train on these phases, with 2 OpenBLAS threads per FEFF (CPU times ≈ 20 % high); their records were not kept, so their numbers are only in that version of this report (git show 92bbeaa:reports/feff-presets.md): the Cu-training cards (SCF 4.5 Å, FMS 6 Å) came within 0.01 of scf-lite in Pearson on hematite and siderite at 3.3× its CPU, and noscf within 0.02 of noscf-fms5.',
  },
  {
    element: 'Zn',
    phases: [
      { id: 'zincite', name: 'zincite ZnO', valence: 'Zn(II)', oxidation: 2, structure: 'structures/larixite/ZnO_wurtzite_Weber1923_COD-1011259.cif', measured: 'experimental/xaslib/Zn/ZnO.xdi', calibration: 'APS 13-ID-E 2016' },
      { id: 'zinc', name: 'zinc metal (hcp)', valence: 'Zn(0)', oxidation: 0, structure: 'repo:data/structures/reference-phases/Zn_hcp.cif', measured: 'experimental/xaslib/Zn/Zn_foil.xdi', calibration: 'APS 13-ID-E 2016' },
      { id: 'sphalerite', name: 'sphalerite ZnS', valence: 'Zn(II)', oxidation: 2, structure: 'structures/amcsd/cif/amcsd_0000110_Sphalerite.cif', measured: 'experimental/xaslib/Zn/Chorover13BM_Zn_sphalerite_rt_01.xdi', calibration: 'APS 13-BM-D 2006' },
      { id: 'smithsonite', name: 'smithsonite ZnCO3', valence: 'Zn(II)', oxidation: 2, structure: 'structures/amcsd/cif/amcsd_0000102_Smithsonite.cif', measured: 'experimental/xaslib/Zn/Chorover13BM_Zn_smithsonite_rt_01.xdi', calibration: 'APS 13-BM-D 2006' },
      { id: 'stilleite', name: 'stilleite ZnSe', valence: 'Zn(II)', oxidation: 2, structure: 'repo:data/structures/reference-phases/ZnSe_stilleite.cif', measured: 'experimental/xaslib/Zn/zn_znse_rt.xdi', calibration: 'APS 13-BM-D 2008' },
    ],
    reference: { phase: 'zincite', measuredByCalibration: { 'APS 13-ID-E 2016': 'experimental/xaslib/Zn/ZnO.xdi' } },
    runs: [noscfFms5, scfLite],
    note: 'Zn metal against zincite (foil and oxide measured in one session at APS 13-ID-E) is the only pair of valences; the Zn(II) phases were measured on other beamlines and years.',
  },
  {
    element: 'Mn',
    phases: [
      { id: 'pyrolusite-xaslib', name: 'pyrolusite β-MnO2 (xaslib)', valence: 'Mn(IV)', oxidation: 4, structure: 'structures/amcsd/cif/amcsd_0011760_Pyrolusite.cif', measured: 'experimental/xaslib/Mn/MnO2_rt_01.xdi', calibration: 'SSRL 4-3 1995' },
      { id: 'manganosite-xaslib', name: 'manganosite MnO (xaslib)', valence: 'Mn(II)', oxidation: 2, structure: 'repo:data/structures/reference-phases/MnO_manganosite.cif', measured: 'experimental/xaslib/Mn/MnO_rt_01.xdi', calibration: 'SSRL 4-3 1995' },
      { id: 'pyrolusite-pyfitit', name: 'pyrolusite β-MnO2 (pyFitIt)', valence: 'Mn(IV)', oxidation: 4, structure: 'structures/amcsd/cif/amcsd_0011760_Pyrolusite.cif', measured: 'experimental/pyfitit/Pyfitit Feature List/data/Mn/004_MnO2.dat', calibration: 'pyFitIt' },
      { id: 'manganosite-pyfitit', name: 'manganosite MnO (pyFitIt)', valence: 'Mn(II)', oxidation: 2, structure: 'repo:data/structures/reference-phases/MnO_manganosite.cif', measured: 'experimental/pyfitit/Pyfitit Feature List/data/Mn/002_MnO.dat', calibration: 'pyFitIt' },
    ],
    reference: { phase: 'pyrolusite-xaslib', measuredByCalibration: { 'SSRL 4-3 1995': 'experimental/xaslib/Mn/MnO2_rt_01.xdi', pyFitIt: 'experimental/pyfitit/Pyfitit Feature List/data/Mn/004_MnO2.dat' } },
    runs: [noscfFms5, scfLite],
    note: 'Pyrolusite and manganosite, each against two measurements (xaslib, SSRL 4-3; pyFitIt). Mn2O3 and Mn3O4 are measured too but have no structure file yet.',
  },
  {
    element: 'Ti',
    phases: [
      {
        id: 'ticl4thf2',
        name: 'TiCl4(THF)2 (molecule)',
        valence: 'Ti(IV)',
        oxidation: 4,
        structure: 'experimental/pyfitit/EXAFS/xyz/TiCl4THF2.xyz',
        measured: 'experimental/pyfitit/Pyfitit Feature List/data/TiCl4THF2.txt',
        calibration: 'pyFitIt',
        note: 'a molecular complex, not a crystal: the only Ti K measurement in ../shared/data with a structure',
      },
    ],
    runs: [noscfFms5, scfLite],
    note: 'No measured Ti K spectrum of anatase, rutile or brookite is in ../shared/data (lightshow-anatase-theory holds computed spectra only; larch eutio3.prj has Ti K of EuTiO3, whose structure is not there), so Ti is judged on one molecular Ti(IV) complex.',
  },
  {
    element: 'V',
    phases: [
      { id: 'vo2', name: 'VO2 (monoclinic M1)', valence: 'V(IV)', oxidation: 4, structure: 'structures/amcsd/cif/amcsd_0011768_VO2.cif', measured: 'experimental/xaslib/V/VO2.xdi', calibration: 'APS 13-BM-D 2005' },
      { id: 'shcherbinaite', name: 'shcherbinaite V2O5', valence: 'V(V)', oxidation: 5, structure: 'repo:data/structures/reference-phases/V2O5_shcherbinaite.cif', measured: 'experimental/xaslib/V/V2O5.xdi', calibration: 'APS 13-BM-D 2005' },
      { id: 'karelianite', name: 'karelianite V2O3', valence: 'V(III)', oxidation: 3, structure: 'repo:data/structures/reference-phases/V2O3_karelianite.cif', measured: 'experimental/xaslib/V/V2O3.xdi', calibration: 'APS 13-BM-D 2005' },
      { id: 'vo', name: 'VO (rock salt)', valence: 'V(II)', oxidation: 2, structure: 'repo:data/structures/reference-phases/VO_rocksalt.cif', measured: 'experimental/xaslib/V/VO.xdi', calibration: 'APS 13-BM-D 2005' },
      { id: 'vanadium', name: 'vanadium metal (bcc)', valence: 'V(0)', oxidation: 0, structure: 'repo:data/structures/reference-phases/V_bcc.cif', measured: 'experimental/xaslib/V/V_foil.xdi', calibration: 'APS 13-BM-D 2005' },
    ],
    reference: { phase: 'vo2', measuredByCalibration: { 'APS 13-BM-D 2005': 'experimental/xaslib/V/VO2.xdi' } },
    runs: [noscfFms5, scfLite],
    note: 'Five valences measured in one session (xaslib, APS 13-BM-D, 2005): V foil, VO, V2O3, VO2, V2O5.',
  },
  {
    element: 'Ni',
    phases: [{ id: 'nickel', name: 'nickel metal (fcc)', valence: 'Ni(0)', oxidation: 0, structure: 'repo:data/structures/reference-phases/Ni_fcc.cif', measured: 'experimental/xaslib/Ni/Ni_metal_rt_01.xdi', calibration: 'APS 13-ID-C 2001' }],
    runs: [noscfFms5, scfLite],
    note: 'Ni2O3, Ni(OH)2 and NiS are measured (xaslib) but have no structure file; NiO has a structure but no measurement: the only pair is Ni metal.',
  },
  {
    element: 'Co',
    phases: [{ id: 'cobalt', name: 'cobalt metal (hcp)', valence: 'Co(0)', oxidation: 0, structure: 'repo:data/structures/reference-phases/Co_hcp.cif', measured: 'experimental/xaslib/Co/co_metal_rt.xdi', calibration: 'APS 13-ID-C 2001' }],
    runs: [noscfFms5, scfLite],
    note: 'Only Co foil is measured (xaslib).',
  },
  {
    element: 'Cr',
    phases: [{ id: 'eskolaite', name: 'eskolaite Cr2O3', valence: 'Cr(III)', oxidation: 3, structure: 'repo:data/structures/reference-phases/Cr2O3_eskolaite.cif', measured: 'experimental/xaslib/Cr/cr2o3_rt_001.xdi', calibration: 'SSRL 2-3 1997' }],
    runs: [noscfFms5, scfLite],
    note: 'Cr2S3, CrO2, K2Cr2O7, K2CrO4 and Na2CrO4 are measured too (xaslib) but have no structure file; the Cr foil of demeter-standards is in a format the readers do not take.',
  },
];

/** The evaluation of `element`, undefined when it has none. */
export function elementEval(element: string): ElementEval | undefined {
  return ELEMENT_EVALS.find((e) => e.element === element);
}

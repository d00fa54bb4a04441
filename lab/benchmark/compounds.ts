/**
 * @module lab/benchmark/compounds
 * The compounds of the measured benchmark: one key per phase with its formula, name, the valence of
 * each absorber measured in it, and its structure files (shared data or data/structures). Each key
 * is what the dev/test split assigns, so replicate scans, temperatures and edges of one phase share
 * it. Spectra are mapped to these keys in sources.ts.
 */
import type { StructureRef, Valence } from './schema.ts';

/** One compound (phase). */
export interface CompoundDef {
  formula: string;
  phase: string;
  /** Valence of each absorber measured in this compound. */
  valence: Record<string, Valence>;
  structures: StructureRef[];
  /** Notes every spectrum of the compound carries. */
  notes?: string[];
}

const amcsd = (file: string, id: string, note?: string): StructureRef => ({ path: `structures/amcsd/cif/${file}`, root: 'shared', ids: [`AMCSD ${id}`], kind: 'experimental', ...(note ? { note } : {}) });
const feStd = (file: string, ids: string[], note?: string): StructureRef => ({ path: `structures/fe-standards/${file}`, root: 'shared', ids, kind: 'experimental', ...(note ? { note } : {}) });
const mp = (id: string): StructureRef => ({
  path: `pairs/cu-k-feff-crystals/materials/${id}/POSCAR`,
  root: 'shared',
  ids: [`MP ${id}`],
  kind: 'dft',
  note: 'Materials Project DFT-relaxed structure: an idealised stand-in for the measured phase',
});
/** A reference phase written by this project (data/structures/reference-phases, lab/benchmark/reference-phases.ts). */
const own = (file: string, ids: string[], note?: string): StructureRef => ({ path: `data/structures/reference-phases/${file}.cif`, root: 'repo', ids, kind: 'experimental', ...(note ? { note } : {}) });
const WYCKOFF = ['none: standard lattice constant (Wyckoff 1963), not read from a database entry'];
const cluster = (file: string): StructureRef => ({
  path: `experimental/pyfitit/EXAFS/xyz/${file}`,
  root: 'shared',
  ids: ['none: pyFitIt EXAFS example cluster'],
  kind: 'cluster',
  note: 'a finite cluster (xyz) from the pyFitIt EXAFS example; its crystallographic source is not documented',
});

/** Every compound of the catalogue, by key. */
export const COMPOUNDS: Readonly<Record<string, CompoundDef>> = Object.freeze({
  // ── Ti ──────────────────────────────────────────────────────────────────────────────────────
  'ticl4-thf2': { formula: 'TiCl4(C4H8O)2', phase: 'TiCl4(THF)2 (molecular complex)', valence: { Ti: 4 }, structures: [cluster('TiCl4THF2.xyz')] },
  'ti2cl8-eb2': { formula: 'Ti2Cl8(C9H10O2)2', phase: '[TiCl4(ethyl benzoate)]2 (molecular complex)', valence: { Ti: 4 }, structures: [cluster('Ti2Cl8EB2.xyz')] },
  'ticl3-beta': { formula: 'TiCl3', phase: 'β-TiCl3 (chain structure)', valence: { Ti: 3 }, structures: [cluster('bTiCl3.xyz')] },
  // ── V ───────────────────────────────────────────────────────────────────────────────────────
  'v-metal': { formula: 'V', phase: 'vanadium metal (bcc)', valence: { V: 0 }, structures: [own('V_bcc', WYCKOFF)] },
  vo: { formula: 'VO', phase: 'vanadium monoxide (rock salt, VOx)', valence: { V: 2 }, structures: [own('VO_rocksalt', ['AMCSD 0011444', 'COD 9008766'])], notes: ['structure is the ideal rock-salt cell; real VO is non-stoichiometric VOx with vacancies'] },
  v2o3: { formula: 'V2O3', phase: 'karelianite V2O3 (corundum type)', valence: { V: 3 }, structures: [own('V2O3_karelianite', ['AMCSD 0010595', 'COD 9008083'])] },
  vo2: {
    formula: 'VO2',
    phase: 'VO2, monoclinic M1 (room-temperature phase)',
    valence: { V: 4 },
    structures: [amcsd('amcsd_0011768_VO2.cif', '0011768', 'Wyckoff (1963) transcription of the monoclinic P21/c (M1) structure; coordinates given to 2–3 decimals')],
  },
  v2o5: { formula: 'V2O5', phase: 'shcherbinaite V2O5', valence: { V: 5 }, structures: [own('V2O5_shcherbinaite', ['AMCSD 0013891', 'COD 9012221'])] },
  // ── Cr ──────────────────────────────────────────────────────────────────────────────────────
  'cr-metal': { formula: 'Cr', phase: 'chromium metal (bcc)', valence: { Cr: 0 }, structures: [own('Cr_bcc', WYCKOFF)] },
  cr2o3: { formula: 'Cr2O3', phase: 'eskolaite Cr2O3 (corundum type)', valence: { Cr: 3 }, structures: [own('Cr2O3_eskolaite', ['AMCSD 0010596', 'COD 9008084'])] },
  // ── Mn ──────────────────────────────────────────────────────────────────────────────────────
  mno: { formula: 'MnO', phase: 'manganosite MnO', valence: { Mn: 2 }, structures: [own('MnO_manganosite', ['AMCSD 0011352', 'COD 9008674'])] },
  pyrolusite: { formula: 'MnO2', phase: 'pyrolusite β-MnO2 (rutile type)', valence: { Mn: 4 }, structures: [amcsd('amcsd_0011760_Pyrolusite.cif', '0011760')] },
  rhodochrosite: { formula: 'MnCO3', phase: 'rhodochrosite MnCO3', valence: { Mn: 2 }, structures: [amcsd('amcsd_0000100_Rhodochrosite.cif', '0000100')] },
  // ── Fe ──────────────────────────────────────────────────────────────────────────────────────
  'fe-metal': { formula: 'Fe', phase: 'α-iron (bcc)', valence: { Fe: 0 }, structures: [feStd('Iron-alpha_COD-9008536.cif', ['COD 9008536', 'AMCSD 0011214'], 'Wyckoff lattice constant (idealised)')] },
  wustite: { formula: 'FeO', phase: 'wüstite Fe1−xO (rock salt)', valence: { Fe: 2 }, structures: [feStd('Wustite_AMCSD-0013893.cif', ['AMCSD 0013893'])], notes: ['wüstite is Fe1−xO (x ≈ 0.05–0.15, some Fe3+); the structure is the stoichiometric cell'] },
  hematite: {
    formula: 'Fe2O3',
    phase: 'hematite α-Fe2O3',
    valence: { Fe: 3 },
    structures: [feStd('Hematite_AMCSD-0000143.cif', ['AMCSD 0000143']), amcsd('amcsd_0000143_Hematite.cif', '0000143')],
  },
  magnetite: {
    formula: 'Fe3O4',
    phase: 'magnetite Fe3O4 (inverse spinel)',
    valence: { Fe: [2, 3] },
    structures: [feStd('Magnetite_COD-9007644.cif', ['COD 9007644', 'AMCSD 0009740']), feStd('Magnetite_AMCSD-0002400.cif', ['AMCSD 0002400'], 'P = 0 point of a high-pressure study')],
  },
  siderite: { formula: 'FeCO3', phase: 'siderite FeCO3', valence: { Fe: 2 }, structures: [feStd('Siderite_COD-5000036.cif', ['COD 5000036']), amcsd('amcsd_0000101_Siderite.cif', '0000101')] },
  pyrite: {
    formula: 'FeS2',
    phase: 'pyrite FeS2',
    valence: { Fe: 2, S: -1 },
    structures: [feStd('Pyrite_COD-5000115.cif', ['COD 5000115']), amcsd('amcsd_0000006_Pyrite.cif', '0000006')],
  },
  marcasite: { formula: 'FeS2', phase: 'marcasite FeS2', valence: { S: -1 }, structures: [feStd('Marcasite_AMCSD-0000008.cif', ['AMCSD 0000008'], '1931 structure')] },
  troilite: {
    formula: 'FeS',
    phase: 'troilite FeS',
    valence: { Fe: 2 },
    structures: [feStd('Troilite_AMCSD-0004158.cif', ['AMCSD 0004158'])],
    notes: ['the other shared troilite file (King & Prewitt 1982, 393 K) does not parse (an unterminated quoted string) and is not listed'],
  },
  pyrrhotite: {
    formula: 'Fe1-xS',
    phase: 'pyrrhotite Fe1−xS',
    valence: { Fe: 2, S: -2 },
    structures: [feStd('FeS-NiAs-type_COD-9008893.cif', ['COD 9008893', 'AMCSD 0011571'], 'ideal NiAs-type FeS subcell (Wyckoff): an idealised stand-in for the vacancy-ordered pyrrhotite superstructures')],
    notes: ['structure is an idealised NiAs-type FeS subcell; real pyrrhotite is Fe1−xS with ordered Fe vacancies (and some Fe3+)'],
  },
  lepidocrocite: {
    formula: 'FeO(OH)',
    phase: 'lepidocrocite γ-FeOOH',
    valence: { Fe: 3 },
    structures: [feStd('Lepidocrocite_COD-1011088.cif', ['COD 1011088', 'AMCSD 0017984'], '1935 structure without H sites')],
  },
  ilmenite: { formula: 'FeTiO3', phase: 'ilmenite FeTiO3', valence: { Fe: 2 }, structures: [feStd('Ilmenite_AMCSD-0009082.cif', ['AMCSD 0009082'])] },
  hercynite: {
    formula: 'FeAl2O4',
    phase: 'hercynite FeAl2O4 (spinel)',
    valence: { Fe: 2 },
    structures: [feStd('Hercynite_AMCSD-0000958.cif', ['AMCSD 0000958'], 'the study reports inversion 0.163 but the file puts only Fe on A and only Al on B')],
  },
  almandine: { formula: 'Fe3Al2Si3O12', phase: 'almandine (garnet)', valence: { Fe: 2 }, structures: [feStd('Almandine_AMCSD-0007689.cif', ['AMCSD 0007689'], 'refined at 100 K')] },
  aegirine: { formula: 'NaFeSi2O6', phase: 'aegirine (clinopyroxene)', valence: { Fe: 3 }, structures: [feStd('Aegirine_AMCSD-0004215.cif', ['AMCSD 0004215'])] },
  hedenbergite: { formula: 'CaFeSi2O6', phase: 'hedenbergite (clinopyroxene)', valence: { Fe: 2 }, structures: [feStd('Hedenbergite_AMCSD-0001861.cif', ['AMCSD 0001861'], 'P = 0 point of a high-pressure study')] },
  ferrosilite: {
    formula: 'FeSiO3',
    phase: 'ferrosilite (orthopyroxene)',
    valence: { Fe: 2 },
    structures: [feStd('Ferrosilite_AMCSD-0008004.cif', ['AMCSD 0008004'], 'FeSiO3 end member, P = 0 point of a high-pressure study')],
  },
  fayalite: {
    formula: 'Fe2SiO4',
    phase: 'fayalite (olivine Fo0)',
    valence: { Fe: 2 },
    structures: [feStd('Fayalite_AMCSD-0014999.cif', ['AMCSD 0014999']), amcsd('amcsd_0000173_Fayalite.cif', '0000173', 'natural fayalite with 8 % Mg/Mn on the M sites (the reader keeps Fe)')],
  },
  cubanite: {
    formula: 'CuFe2S3',
    phase: 'cubanite CuFe2S3',
    valence: { Fe: [2, 3] },
    structures: [feStd('Cubanite_AMCSD-0000042.cif', ['AMCSD 0000042']), amcsd('amcsd_0000068_Cubanite.cif', '0000068')],
  },
  jarosite: {
    formula: 'KFe3(SO4)2(OH)6',
    phase: 'jarosite',
    valence: { S: 6 },
    structures: [feStd('Jarosite_AMCSD-0004438.cif', ['AMCSD 0004438'], 'K-deficient natural jarosite (K0.87(H3O)0.13Fe2.79); the reader keeps K on the A site')],
  },
  pentlandite: {
    formula: '(Fe,Ni)9S8',
    phase: 'pentlandite (Fe,Ni)9S8',
    valence: { S: -2 },
    structures: [amcsd('amcsd_0000079_Pentlandite.cif', '0000079', 'Fe and Ni share the metal sites 50:50; the reader keeps Ni on every metal site')],
    notes: ['structure approximates the mixed Fe/Ni metal sites by Ni (the CIF reader keeps one species per site)'],
  },
  // ── Co ──────────────────────────────────────────────────────────────────────────────────────
  'co-metal': { formula: 'Co', phase: 'cobalt metal (hcp)', valence: { Co: 0 }, structures: [own('Co_hcp', WYCKOFF)], notes: ['hcp structure; Co foils can hold some fcc stacking'] },
  cobaltite: { formula: 'CoAsS', phase: 'cobaltite CoAsS', valence: { S: -1 }, structures: [amcsd('amcsd_0000137_Cobaltite.cif', '0000137')] },
  // ── Ni ──────────────────────────────────────────────────────────────────────────────────────
  'ni-metal': { formula: 'Ni', phase: 'nickel metal (fcc)', valence: { Ni: 0 }, structures: [own('Ni_fcc', WYCKOFF)] },
  nio: { formula: 'NiO', phase: 'bunsenite NiO', valence: { Ni: 2 }, structures: [own('NiO_bunsenite', ['AMCSD 0011371', 'COD 9008693'])] },
  // ── Cu ──────────────────────────────────────────────────────────────────────────────────────
  'cu-metal': {
    formula: 'Cu',
    phase: 'copper metal (fcc)',
    valence: { Cu: 0 },
    structures: [
      own('Cu_fcc', WYCKOFF),
      { path: 'structures/pymatgen/Cu_mp-30_conventional_standard.cif', root: 'shared', ids: ['MP mp-30'], kind: 'dft', note: 'Materials Project DFT-relaxed cell' },
    ],
  },
  cu2o: {
    formula: 'Cu2O',
    phase: 'cuprite Cu2O',
    valence: { Cu: 1 },
    structures: [own('Cu2O_cuprite', ['COD 1010941', 'AMCSD 0017662'], 'Niggli (1922), a = 4.26 Å'), mp('mp-361')],
  },
  tenorite: { formula: 'CuO', phase: 'tenorite CuO', valence: { Cu: 2 }, structures: [amcsd('amcsd_0011639_Tenorite.cif', '0011639'), mp('mp-1692'), mp('mp-704645')] },
  covellite: { formula: 'CuS', phase: 'covellite CuS', valence: { Cu: [1, 2] }, structures: [amcsd('amcsd_0000065_Covellite.cif', '0000065')], notes: ['covellite Cu is formally mixed: 4 Cu(I) + 2 Cu(II) per 6 CuS with S2 pairs'] },
  azurite: { formula: 'Cu3(CO3)2(OH)2', phase: 'azurite', valence: { Cu: 2 }, structures: [mp('mp-23733'), mp('mp-1193268')], notes: ['only DFT-relaxed Materials Project structures are available'] },
  'cuso4-5h2o': {
    formula: 'CuSO4·5H2O',
    phase: 'chalcanthite CuSO4·5H2O (assumed)',
    valence: { Cu: 2 },
    structures: [mp('mp-1196039'), mp('mp-605120'), mp('mp-655377'), mp('mp-720417')],
    notes: ['the group is labelled "cusulfate" only; taken as the common pentahydrate (as src/screen/references.ts does)'],
  },
  // ── Zn ──────────────────────────────────────────────────────────────────────────────────────
  'zn-metal': { formula: 'Zn', phase: 'zinc metal (hcp)', valence: { Zn: 0 }, structures: [own('Zn_hcp', WYCKOFF)] },
  zno: {
    formula: 'ZnO',
    phase: 'zincite ZnO (wurtzite)',
    valence: { Zn: 2 },
    structures: [
      { path: 'structures/larixite/ZnO_wurtzite_Weber1923_COD-1011259.cif', root: 'shared', ids: ['COD 1011259'], kind: 'experimental', note: 'Weber (1923)' },
      { path: 'structures/larch-struct2xas/ZnO_mp-2133.cif', root: 'shared', ids: ['MP mp-2133'], kind: 'dft', note: 'Materials Project DFT-relaxed cell' },
    ],
  },
  sphalerite: { formula: 'ZnS', phase: 'sphalerite ZnS (zincblende)', valence: { Zn: 2, S: -2 }, structures: [amcsd('amcsd_0000110_Sphalerite.cif', '0000110')] },
  smithsonite: { formula: 'ZnCO3', phase: 'smithsonite ZnCO3', valence: { Zn: 2 }, structures: [amcsd('amcsd_0000102_Smithsonite.cif', '0000102')] },
  znse: { formula: 'ZnSe', phase: 'ZnSe (zincblende, stilleite)', valence: { Zn: 2, Se: -2 }, structures: [own('ZnSe_stilleite', WYCKOFF)] },
  // ── Ge, As, Se ──────────────────────────────────────────────────────────────────────────────
  'ge-crystal': { formula: 'Ge', phase: 'crystalline germanium (diamond)', valence: { Ge: 0 }, structures: [own('Ge_diamond', WYCKOFF)] },
  gaas: { formula: 'GaAs', phase: 'gallium arsenide (zincblende)', valence: { As: -3 }, structures: [own('GaAs_zincblende', WYCKOFF)] },
  realgar: { formula: 'AsS', phase: 'realgar As4S4', valence: { As: 2 }, structures: [amcsd('amcsd_0011671_Realgar.cif', '0011671')] },
  arsenopyrite: {
    formula: 'FeAsS',
    phase: 'arsenopyrite FeAsS',
    valence: { As: -1 },
    structures: [feStd('Arsenopyrite_AMCSD-0000112.cif', ['AMCSD 0000112']), amcsd('amcsd_0000112_Arsenopyrite.cif', '0000112')],
  },
  klockmannite: { formula: 'CuSe', phase: 'klockmannite CuSe', valence: { Se: [-2, -1] }, structures: [amcsd('amcsd_0000066_Klockmannite.cif', '0000066')], notes: ['klockmannite holds both Se2− and Se2 2− (dimer) anions'] },
  tiemannite: { formula: 'HgSe', phase: 'tiemannite HgSe (zincblende)', valence: { Se: -2 }, structures: [amcsd('amcsd_0000050_Tiemannite.cif', '0000050')] },
  // ── S, Cl ───────────────────────────────────────────────────────────────────────────────────
  gypsum: { formula: 'CaSO4·2H2O', phase: 'gypsum CaSO4·2H2O', valence: { S: 6 }, structures: [own('CaSO4-2H2O_gypsum', ['COD 2300259'])] },
  anglesite: { formula: 'PbSO4', phase: 'anglesite PbSO4', valence: { S: 6, Pb: 2 }, structures: [own('PbSO4_anglesite', ['AMCSD 0005558', 'COD 9004484'])] },
  galena: { formula: 'PbS', phase: 'galena PbS', valence: { S: -2, Pb: 2 }, structures: [amcsd('amcsd_0000003_Galena.cif', '0000003')] },
  vysotskite: { formula: 'PdS', phase: 'PdS (vysotskite type)', valence: { S: -2 }, structures: [amcsd('amcsd_0011641_unknown.cif', '0011641', 'Wyckoff (1963) PdS, P42/m')] },
  halite: { formula: 'NaCl', phase: 'halite NaCl', valence: { Cl: -1 }, structures: [amcsd('amcsd_0000641_Halite.cif', '0000641')] },
  sylvite: { formula: 'KCl', phase: 'sylvite KCl', valence: { Cl: -1 }, structures: [own('KCl_sylvite', ['AMCSD 0011329', 'COD 9008651'])] },
  // ── Sr, Ag, Cd, Sn, Ce, Hg ──────────────────────────────────────────────────────────────────
  sro: { formula: 'SrO', phase: 'strontium oxide SrO (rock salt)', valence: { Sr: 2 }, structures: [own('SrO_rocksalt', ['AMCSD 0011405', 'COD 9008727'])] },
  celestine: { formula: 'SrSO4', phase: 'celestine SrSO4', valence: { Sr: 2 }, structures: [own('SrSO4_celestine', ['AMCSD 0005557', 'COD 9004483'])] },
  chlorargyrite: { formula: 'AgCl', phase: 'chlorargyrite AgCl', valence: { Ag: 1 }, structures: [own('AgCl_chlorargyrite', ['AMCSD 0011275', 'COD 9008597'])] },
  'cd-metal': { formula: 'Cd', phase: 'cadmium metal (hcp)', valence: { Cd: 0 }, structures: [own('Cd_hcp', WYCKOFF)] },
  cdo: { formula: 'CdO', phase: 'monteponite CdO', valence: { Cd: 2 }, structures: [own('CdO_monteponite', ['AMCSD 0011287', 'COD 9008609'])] },
  greenockite: {
    formula: 'CdS',
    phase: 'greenockite CdS (wurtzite)',
    valence: { Cd: 2, S: -2 },
    structures: [own('CdS_greenockite', ['AMCSD 0011540', 'COD 9008862'], 'Wyckoff (1963); S at the tabulated z = 0.385')],
  },
  otavite: { formula: 'CdCO3', phase: 'otavite CdCO3', valence: { Cd: 2 }, structures: [amcsd('amcsd_0000103_Otavite.cif', '0000103')] },
  cassiterite: { formula: 'SnO2', phase: 'cassiterite SnO2', valence: { Sn: 4 }, structures: [amcsd('amcsd_0011761_Cassiterite.cif', '0011761')] },
  cerianite: { formula: 'CeO2', phase: 'cerianite CeO2 (fluorite)', valence: { Ce: 4 }, structures: [amcsd('amcsd_0011686_Cerianite-_Ce_.cif', '0011686')] },
  cinnabar: { formula: 'HgS', phase: 'cinnabar α-HgS (red)', valence: { Hg: 2 }, structures: [amcsd('amcsd_0000007_Cinnabar.cif', '0000007')] },
} satisfies Record<string, CompoundDef>);

/**
 * @module lab/benchmark/reference-phases
 * Crystal structures of measured reference compounds that have no structure file in the shared
 * data: written as the project's own data (data/structures/reference-phases/*.cif) from published
 * crystallography, one spec per phase. The numbers were read from public copies of the database
 * entries named in `database` (the Crystallography Open Database files in the OpenChemistry/crystals
 * repository, which reproduce AMCSD/COD entries) or, for the elements and simple binaries marked so,
 * from the lattice constants tabulated by Wyckoff (1963). `write-reference-phases.ts` turns each
 * spec into a CIF (the operator list generated from the space-group generators, symmetry.ts), and
 * test/benchmark/reference-phases.test.ts checks every file with the project's own code: it parses,
 * its formula is the phase's, the absorber's first shell matches the `expect` values, and its
 * bond-valence sum matches the valence where that method applies.
 *
 * `expect` distances are the first-shell distances implied by the cited cell and coordinates, each
 * with where it was checked against (a literature value from an independent study where one is
 * named), so a transcription error in a coordinate or a wrong operator list fails the test.
 */
import type { SpaceGroupSetting } from './symmetry.ts';

/** One atom site of the asymmetric unit. */
export interface PhaseSite {
  label: string;
  element: string;
  x: number;
  y: number;
  z: number;
  occupancy?: number;
}

/** An expected first-shell group around the absorber. */
export interface ShellExpectation {
  neighbor: string;
  count: number;
  distance: number;
}

/** The check of one absorbing element of a phase. */
export interface AbsorberExpectation {
  element: string;
  /** Site labels of the absorber the expectation is for (all sites of `element` when omitted). */
  sites?: string[];
  /** First shell: neighbour groups in order of distance, within `toleranceAngstrom`. */
  shell: ShellExpectation[];
  toleranceAngstrom: number;
  /** Where the distances come from / were checked against. */
  shellSource: string;
  /** Formal valence of the absorber; the bond-valence sum must match within 0.3 when `bvs` is 'check'. */
  valence: number;
  bvs: 'check' | { skip: string };
}

/** One reference phase. */
export interface PhaseSpec {
  /** File stem: data/structures/reference-phases/<file>.cif */
  file: string;
  /** Phase name as written in the file. */
  name: string;
  mineral?: string;
  /** Reduced formula the parsed structure must have (formulaOf(...).reducedFormula, element order as parsed). */
  formula: string;
  citation: string;
  /** Database ids of the entry the numbers were read from, or a statement that there is none. */
  database: string[];
  /** Where the numbers were read (a public copy of the entry). */
  readFrom: string;
  temperature: string;
  /** What differs from the real phase (idealised coordinates, missing H, polymorph, …). */
  idealisation?: string;
  setting: SpaceGroupSetting;
  spaceGroupNumber: number;
  cell: { a: number; b: number; c: number; alpha: number; beta: number; gamma: number };
  sites: PhaseSite[];
  expect: AbsorberExpectation[];
}

const cubic = (a: number) => ({ a, b: a, c: a, alpha: 90, beta: 90, gamma: 90 });
const hexagonal = (a: number, c: number) => ({ a, b: a, c, alpha: 90, beta: 90, gamma: 120 });
const WYCKOFF_1963 = 'R. W. G. Wyckoff (1963) Crystal Structures, vol. 1, 2nd ed., Interscience, New York';
const OPENCHEM = (path: string) => `github.com/OpenChemistry/crystals ${path} (a COD file; public domain)`;
const WYCKOFF_TABLE = 'the standard room-temperature lattice constant (as tabulated by Wyckoff 1963 and the NBS Circular 539 powder patterns), typed from the literature: no database entry was read in this work; values in different sources differ in the 4th digit, which moves the first shell by < 0.003 Å';

/** Every reference phase, in file order. */
export const REFERENCE_PHASES: readonly PhaseSpec[] = Object.freeze([
  // ── rock-salt oxides and chlorides ──────────────────────────────────────────────────────────
  {
    file: 'MnO_manganosite',
    name: 'manganosite MnO',
    mineral: 'Manganosite',
    formula: 'MnO',
    citation: `${WYCKOFF_1963}, pp. 85–237 (rock-salt structure)`,
    database: ['AMCSD 0011352', 'COD 9008674'],
    readFrom: OPENCHEM('oxides/MnO-Manganosite.cif'),
    temperature: 'room temperature (not stated)',
    setting: 'F m -3 m',
    spaceGroupNumber: 225,
    cell: cubic(4.4448),
    sites: [
      { label: 'Mn1', element: 'Mn', x: 0, y: 0, z: 0 },
      { label: 'O1', element: 'O', x: 0.5, y: 0.5, z: 0.5 },
    ],
    expect: [{ element: 'Mn', shell: [{ neighbor: 'O', count: 6, distance: 2.2224 }], toleranceAngstrom: 0.005, shellSource: 'a/2 of the cited a = 4.4448 Å (Mn–O 2.22 Å, the value quoted for MnO in the literature)', valence: 2, bvs: 'check' }],
  },
  {
    file: 'NiO_bunsenite',
    name: 'bunsenite NiO',
    mineral: 'Bunsenite',
    formula: 'NiO',
    citation: `${WYCKOFF_1963}, pp. 85–237 (rock-salt structure)`,
    database: ['AMCSD 0011371', 'COD 9008693'],
    readFrom: OPENCHEM('oxides/NiO-Bunsenite.cif'),
    temperature: 'room temperature (not stated)',
    idealisation: 'cubic rock-salt cell; below its Néel temperature (523 K) NiO has a slight rhombohedral distortion, ignored here as in the source',
    setting: 'F m -3 m',
    spaceGroupNumber: 225,
    cell: cubic(4.1684),
    sites: [
      { label: 'Ni1', element: 'Ni', x: 0, y: 0, z: 0 },
      { label: 'O1', element: 'O', x: 0.5, y: 0.5, z: 0.5 },
    ],
    expect: [{ element: 'Ni', shell: [{ neighbor: 'O', count: 6, distance: 2.0842 }], toleranceAngstrom: 0.005, shellSource: 'a/2 of the cited a = 4.1684 Å (Ni–O 2.08–2.09 Å in the literature)', valence: 2, bvs: 'check' }],
  },
  {
    file: 'VO_rocksalt',
    name: 'vanadium monoxide VO',
    formula: 'VO',
    citation: `${WYCKOFF_1963}, pp. 85–237 (rock-salt structure)`,
    database: ['AMCSD 0011444', 'COD 9008766'],
    readFrom: OPENCHEM('oxides/VO.cif'),
    temperature: 'room temperature (not stated)',
    idealisation: 'VO is non-stoichiometric (VOx, x ≈ 0.8–1.3, with vacancies on both sublattices); this is the ideal full rock-salt cell of a = 4.062 Å',
    setting: 'F m -3 m',
    spaceGroupNumber: 225,
    cell: cubic(4.062),
    sites: [
      { label: 'V1', element: 'V', x: 0, y: 0, z: 0 },
      { label: 'O1', element: 'O', x: 0.5, y: 0.5, z: 0.5 },
    ],
    expect: [
      {
        element: 'V',
        shell: [{ neighbor: 'O', count: 6, distance: 2.031 }],
        toleranceAngstrom: 0.005,
        shellSource: 'a/2 of the cited a = 4.062 Å',
        valence: 2,
        bvs: { skip: 'metallic, non-stoichiometric monoxide with V–V bonding across the shared octahedral edges: the V(II)–O parameter (R0 1.70 Å, an unchecked bvparm entry) gives 2.45 v.u., the known failure of bond valences for TiO/VO-type metallic monoxides' },
      },
    ],
  },
  {
    file: 'CdO_monteponite',
    name: 'monteponite CdO',
    mineral: 'Monteponite',
    formula: 'CdO',
    citation: `${WYCKOFF_1963}, pp. 85–237 (rock-salt structure)`,
    database: ['AMCSD 0011287', 'COD 9008609'],
    readFrom: OPENCHEM('oxides/CdO-Monteponite.cif'),
    temperature: 'room temperature (not stated)',
    setting: 'F m -3 m',
    spaceGroupNumber: 225,
    cell: cubic(4.6953),
    sites: [
      { label: 'Cd1', element: 'Cd', x: 0, y: 0, z: 0 },
      { label: 'O1', element: 'O', x: 0.5, y: 0.5, z: 0.5 },
    ],
    expect: [{ element: 'Cd', shell: [{ neighbor: 'O', count: 6, distance: 2.3477 }], toleranceAngstrom: 0.005, shellSource: 'a/2 of the cited a = 4.6953 Å', valence: 2, bvs: 'check' }],
  },
  {
    file: 'SrO_rocksalt',
    name: 'strontium oxide SrO',
    formula: 'SrO',
    citation: `${WYCKOFF_1963}, pp. 85–237 (rock-salt structure)`,
    database: ['AMCSD 0011405', 'COD 9008727'],
    readFrom: OPENCHEM('oxides/SrO.cif'),
    temperature: 'room temperature (not stated)',
    setting: 'F m -3 m',
    spaceGroupNumber: 225,
    cell: cubic(5.1602),
    sites: [
      { label: 'Sr1', element: 'Sr', x: 0, y: 0, z: 0 },
      { label: 'O1', element: 'O', x: 0.5, y: 0.5, z: 0.5 },
    ],
    expect: [{ element: 'Sr', shell: [{ neighbor: 'O', count: 6, distance: 2.5801 }], toleranceAngstrom: 0.005, shellSource: 'a/2 of the cited a = 5.1602 Å', valence: 2, bvs: { skip: 'no Sr parameters in the project table (src/chemistry/bond-valence-parameters.ts)' } }],
  },
  {
    file: 'KCl_sylvite',
    name: 'sylvite KCl',
    mineral: 'Sylvite',
    formula: 'KCl',
    citation: `${WYCKOFF_1963}, pp. 85–237 (rock-salt structure)`,
    database: ['AMCSD 0011329', 'COD 9008651'],
    readFrom: OPENCHEM('halides/KCl-Sylvite.cif'),
    temperature: 'room temperature (not stated)',
    setting: 'F m -3 m',
    spaceGroupNumber: 225,
    cell: cubic(6.29294),
    sites: [
      { label: 'K1', element: 'K', x: 0, y: 0, z: 0 },
      { label: 'Cl1', element: 'Cl', x: 0.5, y: 0.5, z: 0.5 },
    ],
    expect: [{ element: 'Cl', shell: [{ neighbor: 'K', count: 6, distance: 3.1465 }], toleranceAngstrom: 0.005, shellSource: 'a/2 of the cited a = 6.29294 Å', valence: -1, bvs: { skip: 'the absorber is the anion' } }],
  },
  {
    file: 'AgCl_chlorargyrite',
    name: 'chlorargyrite AgCl',
    mineral: 'Chlorargyrite',
    formula: 'AgCl',
    citation: `${WYCKOFF_1963}, pp. 85–237 (rock-salt structure)`,
    database: ['AMCSD 0011275', 'COD 9008597'],
    readFrom: OPENCHEM('halides/AgCl-Chlorargyrite.cif'),
    temperature: 'room temperature (not stated)',
    setting: 'F m -3 m',
    spaceGroupNumber: 225,
    cell: cubic(5.47),
    sites: [
      { label: 'Ag1', element: 'Ag', x: 0, y: 0, z: 0 },
      { label: 'Cl1', element: 'Cl', x: 0.5, y: 0.5, z: 0.5 },
    ],
    expect: [
      { element: 'Ag', shell: [{ neighbor: 'Cl', count: 6, distance: 2.735 }], toleranceAngstrom: 0.005, shellSource: 'a/2 of the cited a = 5.47 Å', valence: 1, bvs: 'check' },
      { element: 'Cl', shell: [{ neighbor: 'Ag', count: 6, distance: 2.735 }], toleranceAngstrom: 0.005, shellSource: 'a/2 of the cited a = 5.47 Å', valence: -1, bvs: { skip: 'the absorber is the anion' } },
    ],
  },
  // ── corundum-type sesquioxides ──────────────────────────────────────────────────────────────
  {
    file: 'Cr2O3_eskolaite',
    name: 'eskolaite Cr2O3',
    mineral: 'Eskolaite',
    formula: 'Cr2O3',
    citation: 'R. E. Newnham & Y. M. de Haan (1962) Refinement of the α-Al2O3, Ti2O3, V2O3 and Cr2O3 structures, Z. Kristallogr. 117, 235–237',
    database: ['AMCSD 0010596', 'COD 9008084'],
    readFrom: OPENCHEM('oxides/Cr2O3-Eskolaite.cif'),
    temperature: 'room temperature (not stated)',
    setting: 'R -3 c :H',
    spaceGroupNumber: 167,
    cell: hexagonal(4.9607, 13.599),
    sites: [
      { label: 'Cr1', element: 'Cr', x: 0, y: 0, z: 0.3475 },
      { label: 'O1', element: 'O', x: 0.306, y: 0, z: 0.25 },
    ],
    expect: [
      {
        element: 'Cr',
        shell: [
          { neighbor: 'O', count: 3, distance: 1.965 },
          { neighbor: 'O', count: 3, distance: 2.016 },
        ],
        toleranceAngstrom: 0.005,
        shellSource: 'from the cited coordinates; the RT refinement of Finger & Hazen (1980, J. Appl. Phys. 51, 5362) gives ≈ 1.965 and 2.016 Å',
        valence: 3,
        bvs: 'check',
      },
    ],
  },
  {
    file: 'V2O3_karelianite',
    name: 'karelianite V2O3',
    mineral: 'Karelianite',
    formula: 'V2O3',
    citation: 'R. E. Newnham & Y. M. de Haan (1962) Refinement of the α-Al2O3, Ti2O3, V2O3 and Cr2O3 structures, Z. Kristallogr. 117, 235–237',
    database: ['AMCSD 0010595', 'COD 9008083'],
    readFrom: OPENCHEM('oxides/V2O3-Karelianite.cif'),
    temperature: 'room temperature (not stated; the paramagnetic corundum phase above the 150 K metal–insulator transition)',
    setting: 'R -3 c :H',
    spaceGroupNumber: 167,
    cell: hexagonal(4.952, 14.002),
    sites: [
      { label: 'V1', element: 'V', x: 0, y: 0, z: 0.3463 },
      { label: 'O1', element: 'O', x: 0.315, y: 0, z: 0.25 },
    ],
    expect: [
      {
        element: 'V',
        shell: [
          { neighbor: 'O', count: 3, distance: 1.963 },
          { neighbor: 'O', count: 3, distance: 2.062 },
        ],
        toleranceAngstrom: 0.005,
        shellSource: 'from the cited coordinates; the RT refinement of Dernier (1970, J. Phys. Chem. Solids 31, 2569) gives ≈ 1.97 and 2.05 Å, within 0.015 Å',
        valence: 3,
        bvs: 'check',
      },
    ],
  },
  // ── V2O5 ────────────────────────────────────────────────────────────────────────────────────
  {
    file: 'V2O5_shcherbinaite',
    name: 'shcherbinaite V2O5',
    mineral: 'Shcherbinaite',
    formula: 'V2O5',
    citation: 'V. Shklover, T. Haibach, F. Ried, R. Nesper & P. Novák (1996) Crystal structure of the product of Mg2+ insertion into V2O5 single crystals, J. Solid State Chem. 123, 317–323 (doi:10.1006/jssc.1996.0186), sample IIb',
    database: ['AMCSD 0013891', 'COD 9012221'],
    readFrom: OPENCHEM('oxides/V2O5-Shcherbinaite.cif'),
    temperature: 'room temperature (not stated)',
    idealisation: 'sample IIb of an Mg-insertion study, refined as V2O5 (no Mg site); its cell (11.544 × 3.571 × 4.383 Å) is that of orthorhombic V2O5',
    setting: 'P m m n :2',
    spaceGroupNumber: 59,
    cell: { a: 11.544, b: 3.571, c: 4.383, alpha: 90, beta: 90, gamma: 90 },
    sites: [
      { label: 'V1', element: 'V', x: 0.60123, y: 0.25, z: 0.1086 },
      { label: 'O1', element: 'O', x: 0.4309, y: 0.25, z: -0.0028 },
      { label: 'O2', element: 'O', x: 0.6045, y: 0.25, z: 0.4697 },
      { label: 'O3', element: 'O', x: 0.75, y: 0.25, z: 0.0008 },
    ],
    expect: [
      {
        element: 'V',
        shell: [
          { neighbor: 'O', count: 1, distance: 1.583 },
          { neighbor: 'O', count: 1, distance: 1.781 },
          { neighbor: 'O', count: 2, distance: 1.882 },
          { neighbor: 'O', count: 1, distance: 2.026 },
        ],
        toleranceAngstrom: 0.005,
        shellSource: 'from the cited coordinates; Enjalbert & Galy (1986, Acta Cryst. C42, 1467) give ≈ 1.58, 1.78, 1.88 (×2) and 2.02 Å (and a long ≈ 2.79 Å contact, outside the first shell)',
        valence: 5,
        bvs: 'check',
      },
    ],
  },
  // ── Cu2O ────────────────────────────────────────────────────────────────────────────────────
  {
    file: 'Cu2O_cuprite',
    name: 'cuprite Cu2O',
    mineral: 'Cuprite',
    formula: 'Cu2O',
    citation: 'P. Niggli (1922) Die Kristallstruktur einiger Oxyde I, Z. Kristallogr. 57, 253–299',
    database: ['COD 1010941', 'AMCSD 0017662'],
    readFrom: OPENCHEM('oxides/Cu2O-Cuprite.cif'),
    temperature: 'room temperature (not stated)',
    idealisation: 'an early determination: a = 4.26 Å against 4.2696 Å in modern work (Cu–O 1.845 against 1.849 Å)',
    setting: 'P n -3 m :1',
    spaceGroupNumber: 224,
    cell: cubic(4.26),
    sites: [
      { label: 'Cu1', element: 'Cu', x: 0.25, y: 0.25, z: 0.25 },
      { label: 'O1', element: 'O', x: 0, y: 0, z: 0 },
    ],
    expect: [{ element: 'Cu', shell: [{ neighbor: 'O', count: 2, distance: 1.8446 }], toleranceAngstrom: 0.005, shellSource: 'a√3/4 of the cited a = 4.26 Å (linear O–Cu–O, 1.85 Å in the literature)', valence: 1, bvs: 'check' }],
  },
  // ── wurtzite and zincblende ─────────────────────────────────────────────────────────────────
  {
    file: 'CdS_greenockite',
    name: 'greenockite CdS',
    mineral: 'Greenockite',
    formula: 'CdS',
    citation: `${WYCKOFF_1963}, pp. 85–237 (wurtzite structure)`,
    database: ['AMCSD 0011540', 'COD 9008862'],
    readFrom: OPENCHEM('sulfides/CdS-Greenockite.cif'),
    temperature: 'room temperature (not stated)',
    idealisation: 'S at z = 0.385 as tabulated (u ≈ 0.377 in modern refinements): the axial Cd–S is 2.60 Å against 2.53 Å, the three basal ones 2.51 Å against 2.52 Å',
    setting: 'P 63 m c',
    spaceGroupNumber: 186,
    cell: hexagonal(4.1348, 6.749),
    sites: [
      { label: 'Cd1', element: 'Cd', x: 1 / 3, y: 2 / 3, z: 0 },
      { label: 'S1', element: 'S', x: 1 / 3, y: 2 / 3, z: 0.385 },
    ],
    expect: [
      {
        element: 'Cd',
        shell: [
          { neighbor: 'S', count: 3, distance: 2.510 },
          { neighbor: 'S', count: 1, distance: 2.598 },
        ],
        toleranceAngstrom: 0.005,
        shellSource: 'from the cited cell and z(S) = 0.385',
        valence: 2,
        bvs: 'check',
      },
      {
        element: 'S',
        shell: [
          { neighbor: 'Cd', count: 3, distance: 2.510 },
          { neighbor: 'Cd', count: 1, distance: 2.598 },
        ],
        toleranceAngstrom: 0.005,
        shellSource: 'from the cited cell and z(S) = 0.385',
        valence: -2,
        bvs: { skip: 'the absorber is the anion' },
      },
    ],
  },
  {
    file: 'ZnSe_stilleite',
    name: 'zinc selenide ZnSe (zincblende, stilleite)',
    mineral: 'Stilleite',
    formula: 'ZnSe',
    citation: `${WYCKOFF_1963}, pp. 85–237 (zincblende structure), a = 5.6676 Å`,
    database: [`none: ${WYCKOFF_TABLE}`],
    readFrom: 'the literature value (not read from a file in this work)',
    temperature: 'room temperature',
    setting: 'F -4 3 m',
    spaceGroupNumber: 216,
    cell: cubic(5.6676),
    sites: [
      { label: 'Zn1', element: 'Zn', x: 0, y: 0, z: 0 },
      { label: 'Se1', element: 'Se', x: 0.25, y: 0.25, z: 0.25 },
    ],
    expect: [
      { element: 'Zn', shell: [{ neighbor: 'Se', count: 4, distance: 2.4542 }], toleranceAngstrom: 0.005, shellSource: 'a√3/4 of a = 5.6676 Å (Zn–Se 2.45 Å from EXAFS of ZnSe)', valence: 2, bvs: 'check' },
      { element: 'Se', shell: [{ neighbor: 'Zn', count: 4, distance: 2.4542 }], toleranceAngstrom: 0.005, shellSource: 'a√3/4 of a = 5.6676 Å', valence: -2, bvs: { skip: 'the absorber is the anion' } },
    ],
  },
  {
    file: 'GaAs_zincblende',
    name: 'gallium arsenide GaAs (zincblende)',
    formula: 'GaAs',
    citation: `${WYCKOFF_1963}, pp. 85–237 (zincblende structure), a = 5.6537 Å`,
    database: [`none: ${WYCKOFF_TABLE}`],
    readFrom: 'the literature value (not read from a file in this work)',
    temperature: 'room temperature',
    setting: 'F -4 3 m',
    spaceGroupNumber: 216,
    cell: cubic(5.6537),
    sites: [
      { label: 'Ga1', element: 'Ga', x: 0, y: 0, z: 0 },
      { label: 'As1', element: 'As', x: 0.25, y: 0.25, z: 0.25 },
    ],
    expect: [{ element: 'As', shell: [{ neighbor: 'Ga', count: 4, distance: 2.4481 }], toleranceAngstrom: 0.005, shellSource: 'a√3/4 of a = 5.6537 Å (Ga–As 2.448 Å)', valence: -3, bvs: { skip: 'the absorber is the anion' } }],
  },
  // ── sulfates ────────────────────────────────────────────────────────────────────────────────
  {
    file: 'CaSO4-2H2O_gypsum',
    name: 'gypsum CaSO4·2H2O',
    mineral: 'Gypsum',
    formula: 'CaH4SO6',
    citation: 'P. F. Henry, M. T. Weller & C. C. Wilson (2009) Neutron powder diffraction in materials with incoherent scattering: an illustration of Rietveld refinement quality from nondeuterated gypsum, J. Appl. Cryst. 42, 1176–1188 (doi:10.1107/S0021889809043210)',
    database: ['COD 2300259'],
    readFrom: OPENCHEM('sulfates/CaSO4-2(H2O)-Gypsum.cif'),
    temperature: 'room temperature (not stated)',
    setting: 'I 1 2/c 1',
    spaceGroupNumber: 15,
    cell: { a: 5.68021, b: 15.2139, c: 6.53032, alpha: 90, beta: 118.4837, gamma: 90 },
    sites: [
      { label: 'Ca1', element: 'Ca', x: 0.5, y: 0.07872, z: 0.25 },
      { label: 'S2', element: 'S', x: 0, y: 0.0775, z: 0.75 },
      { label: 'O3', element: 'O', x: 0.9649, y: 0.13261, z: 0.5519 },
      { label: 'O4', element: 'O', x: 0.7572, y: 0.02286, z: 0.6674 },
      { label: 'O5', element: 'O', x: 0.3808, y: 0.18264, z: 0.4569 },
      { label: 'H6', element: 'H', x: 0.2486, y: 0.15985, z: 0.5068 },
      { label: 'H7', element: 'H', x: 0.4067, y: 0.2419, z: 0.4937 },
    ],
    expect: [
      {
        element: 'S',
        shell: [
          { neighbor: 'O', count: 2, distance: 1.473 },
          { neighbor: 'O', count: 2, distance: 1.474 },
        ],
        toleranceAngstrom: 0.003,
        shellSource: 'the bond lengths reported with the refinement (S2–O3 1.473(4), S2–O4 1.474(4) Å)',
        valence: 6,
        bvs: { skip: 'no S(VI) parameters in the project table' },
      },
    ],
  },
  {
    file: 'SrSO4_celestine',
    name: 'celestine SrSO4',
    mineral: 'Celestine',
    formula: 'SrSO4',
    citation: 'S. D. Jacobsen, J. R. Smyth, R. J. Swope & R. T. Downs (1998) Rigid-body character of the SO4 groups in celestine, anglesite and barite, Can. Mineral. 36, 1053–1060',
    database: ['AMCSD 0005557', 'COD 9004483'],
    readFrom: OPENCHEM('sulfates/SrSO4-Celestine.cif'),
    temperature: 'room temperature',
    setting: 'P b n m',
    spaceGroupNumber: 62,
    cell: { a: 6.8671, b: 8.3545, c: 5.3458, alpha: 90, beta: 90, gamma: 90 },
    sites: [
      { label: 'Sr1', element: 'Sr', x: 0.15818, y: 0.18395, z: 0.25 },
      { label: 'S1', element: 'S', x: 0.18505, y: 0.43797, z: 0.75 },
      { label: 'O1', element: 'O', x: 0.0923, y: 0.5952, z: 0.75 },
      { label: 'O2', element: 'O', x: 0.0418, y: 0.3071, z: 0.75 },
      { label: 'O3', element: 'O', x: 0.3107, y: 0.4222, z: 0.9744 },
    ],
    expect: [
      {
        element: 'Sr',
        shell: [
          { neighbor: 'O', count: 1, distance: 2.523 },
          { neighbor: 'O', count: 1, distance: 2.635 },
          { neighbor: 'O', count: 2, distance: 2.645 },
          { neighbor: 'O', count: 2, distance: 2.689 },
          { neighbor: 'O', count: 2, distance: 2.814 },
          { neighbor: 'O', count: 2, distance: 2.973 },
          { neighbor: 'O', count: 2, distance: 3.260 },
        ],
        toleranceAngstrom: 0.005,
        shellSource: 'from the cited coordinates: 12-fold Sr between 2.52 and 3.26 Å (barite-type)',
        valence: 2,
        bvs: { skip: 'no Sr parameters in the project table' },
      },
    ],
  },
  {
    file: 'PbSO4_anglesite',
    name: 'anglesite PbSO4',
    mineral: 'Anglesite',
    formula: 'PbSO4',
    citation: 'S. D. Jacobsen, J. R. Smyth, R. J. Swope & R. T. Downs (1998) Rigid-body character of the SO4 groups in celestine, anglesite and barite, Can. Mineral. 36, 1053–1060',
    database: ['AMCSD 0005558', 'COD 9004484'],
    readFrom: OPENCHEM('sulfates/PbSO4-Anglesite.cif'),
    temperature: 'room temperature',
    setting: 'P b n m',
    spaceGroupNumber: 62,
    cell: { a: 6.9549, b: 8.472, c: 5.3973, alpha: 90, beta: 90, gamma: 90 },
    sites: [
      { label: 'Pb1', element: 'Pb', x: 0.16716, y: 0.18798, z: 0.25 },
      { label: 'S1', element: 'S', x: 0.1849, y: 0.4358, z: 0.75 },
      { label: 'O1', element: 'O', x: 0.0946, y: 0.5915, z: 0.75 },
      { label: 'O2', element: 'O', x: 0.0424, y: 0.3072, z: 0.75 },
      { label: 'O3', element: 'O', x: 0.309, y: 0.4189, z: 0.9726 },
    ],
    expect: [
      {
        element: 'S',
        shell: [
          { neighbor: 'O', count: 1, distance: 1.461 },
          { neighbor: 'O', count: 1, distance: 1.473 },
          { neighbor: 'O', count: 2, distance: 1.486 },
        ],
        toleranceAngstrom: 0.005,
        shellSource: 'from the cited coordinates (a nearly regular SO4 group, mean S–O 1.477 Å)',
        valence: 6,
        bvs: { skip: 'no S(VI) parameters in the project table' },
      },
    ],
  },
  // ── metals and elements (lattice constants as tabulated by Wyckoff 1963) ────────────────────
  {
    file: 'Cu_fcc',
    name: 'copper (fcc)',
    mineral: 'Copper',
    formula: 'Cu',
    citation: `${WYCKOFF_1963}, pp. 7–83 (cubic closest packing), a = 3.6150 Å`,
    database: [`none: ${WYCKOFF_TABLE}`],
    readFrom: 'the literature value (not read from a file in this work)',
    temperature: 'room temperature',
    setting: 'F m -3 m',
    spaceGroupNumber: 225,
    cell: cubic(3.615),
    sites: [{ label: 'Cu1', element: 'Cu', x: 0, y: 0, z: 0 }],
    expect: [{ element: 'Cu', shell: [{ neighbor: 'Cu', count: 12, distance: 2.5562 }], toleranceAngstrom: 0.003, shellSource: 'a/√2 (Cu–Cu 2.556 Å, the EXAFS standard)', valence: 0, bvs: { skip: 'metal' } }],
  },
  {
    file: 'Ni_fcc',
    name: 'nickel (fcc)',
    mineral: 'Nickel',
    formula: 'Ni',
    citation: `${WYCKOFF_1963}, pp. 7–83 (cubic closest packing), a = 3.5238 Å`,
    database: [`none: ${WYCKOFF_TABLE}`],
    readFrom: 'the literature value (not read from a file in this work)',
    temperature: 'room temperature',
    setting: 'F m -3 m',
    spaceGroupNumber: 225,
    cell: cubic(3.5238),
    sites: [{ label: 'Ni1', element: 'Ni', x: 0, y: 0, z: 0 }],
    expect: [{ element: 'Ni', shell: [{ neighbor: 'Ni', count: 12, distance: 2.4917 }], toleranceAngstrom: 0.003, shellSource: 'a/√2 (Ni–Ni 2.49 Å)', valence: 0, bvs: { skip: 'metal' } }],
  },
  {
    file: 'Cr_bcc',
    name: 'chromium (bcc)',
    formula: 'Cr',
    citation: `${WYCKOFF_1963}, pp. 7–83 (body-centred cubic), a = 2.8846 Å`,
    database: [`none: ${WYCKOFF_TABLE}`],
    readFrom: 'the literature value (not read from a file in this work)',
    temperature: 'room temperature',
    setting: 'I m -3 m',
    spaceGroupNumber: 229,
    cell: cubic(2.8846),
    sites: [{ label: 'Cr1', element: 'Cr', x: 0, y: 0, z: 0 }],
    expect: [
      {
        element: 'Cr',
        shell: [
          { neighbor: 'Cr', count: 8, distance: 2.4981 },
          { neighbor: 'Cr', count: 6, distance: 2.8846 },
        ],
        toleranceAngstrom: 0.003,
        shellSource: 'a√3/2 and a (Cr–Cr 2.50 Å)',
        valence: 0,
        bvs: { skip: 'metal' },
      },
    ],
  },
  {
    file: 'V_bcc',
    name: 'vanadium (bcc)',
    formula: 'V',
    citation: `${WYCKOFF_1963}, pp. 7–83 (body-centred cubic), a = 3.0240 Å`,
    database: [`none: ${WYCKOFF_TABLE}`],
    readFrom: 'the literature value (not read from a file in this work)',
    temperature: 'room temperature',
    setting: 'I m -3 m',
    spaceGroupNumber: 229,
    cell: cubic(3.024),
    sites: [{ label: 'V1', element: 'V', x: 0, y: 0, z: 0 }],
    expect: [
      {
        element: 'V',
        shell: [
          { neighbor: 'V', count: 8, distance: 2.6188 },
          { neighbor: 'V', count: 6, distance: 3.024 },
        ],
        toleranceAngstrom: 0.003,
        shellSource: 'a√3/2 and a (V–V 2.62 Å)',
        valence: 0,
        bvs: { skip: 'metal' },
      },
    ],
  },
  {
    file: 'Co_hcp',
    name: 'cobalt (hcp, α-Co)',
    formula: 'Co',
    citation: `${WYCKOFF_1963}, pp. 7–83 (hexagonal closest packing), a = 2.5071, c = 4.0695 Å`,
    database: [`none: ${WYCKOFF_TABLE}`],
    readFrom: 'the literature value (not read from a file in this work)',
    temperature: 'room temperature',
    idealisation: 'ideal hcp; room-temperature Co foils can hold some fcc (β-Co) stacking',
    setting: 'P 63/m m c',
    spaceGroupNumber: 194,
    cell: hexagonal(2.5071, 4.0695),
    sites: [{ label: 'Co1', element: 'Co', x: 1 / 3, y: 2 / 3, z: 0.25 }],
    expect: [
      {
        element: 'Co',
        shell: [
          { neighbor: 'Co', count: 6, distance: 2.4971 },
          { neighbor: 'Co', count: 6, distance: 2.5071 },
        ],
        toleranceAngstrom: 0.003,
        shellSource: '√(a²/3 + c²/4) and a (Co–Co 2.50 Å)',
        valence: 0,
        bvs: { skip: 'metal' },
      },
    ],
  },
  {
    file: 'Zn_hcp',
    name: 'zinc (hcp)',
    mineral: 'Zinc',
    formula: 'Zn',
    citation: `${WYCKOFF_1963}, pp. 7–83 (hexagonal closest packing), a = 2.6649, c = 4.9468 Å`,
    database: [`none: ${WYCKOFF_TABLE}`],
    readFrom: 'the literature value (not read from a file in this work)',
    temperature: 'room temperature',
    setting: 'P 63/m m c',
    spaceGroupNumber: 194,
    cell: hexagonal(2.6649, 4.9468),
    sites: [{ label: 'Zn1', element: 'Zn', x: 1 / 3, y: 2 / 3, z: 0.25 }],
    expect: [
      {
        element: 'Zn',
        shell: [
          { neighbor: 'Zn', count: 6, distance: 2.6649 },
          { neighbor: 'Zn', count: 6, distance: 2.9129 },
        ],
        toleranceAngstrom: 0.003,
        shellSource: 'a and √(a²/3 + c²/4) (Zn–Zn 2.66 and 2.91 Å; c/a = 1.856)',
        valence: 0,
        bvs: { skip: 'metal' },
      },
    ],
  },
  {
    file: 'Cd_hcp',
    name: 'cadmium (hcp)',
    mineral: 'Cadmium',
    formula: 'Cd',
    citation: `${WYCKOFF_1963}, pp. 7–83 (hexagonal closest packing), a = 2.9794, c = 5.6186 Å`,
    database: [`none: ${WYCKOFF_TABLE}`],
    readFrom: 'the literature value (not read from a file in this work)',
    temperature: 'room temperature',
    setting: 'P 63/m m c',
    spaceGroupNumber: 194,
    cell: hexagonal(2.9794, 5.6186),
    sites: [{ label: 'Cd1', element: 'Cd', x: 1 / 3, y: 2 / 3, z: 0.25 }],
    expect: [
      {
        element: 'Cd',
        shell: [
          { neighbor: 'Cd', count: 6, distance: 2.9794 },
          { neighbor: 'Cd', count: 6, distance: 3.2941 },
        ],
        toleranceAngstrom: 0.003,
        shellSource: 'a and √(a²/3 + c²/4) (c/a = 1.886)',
        valence: 0,
        bvs: { skip: 'metal' },
      },
    ],
  },
  {
    file: 'Ge_diamond',
    name: 'germanium (diamond structure)',
    formula: 'Ge',
    citation: `${WYCKOFF_1963}, pp. 7–83 (diamond structure), a = 5.6575 Å`,
    database: [`none: ${WYCKOFF_TABLE}`],
    readFrom: 'the literature value (not read from a file in this work)',
    temperature: 'room temperature',
    idealisation: 'written in F -4 3 m with the two diamond sublattices as two Ge sites (the same atoms as F d -3 m, 8a)',
    setting: 'F -4 3 m',
    spaceGroupNumber: 216,
    cell: cubic(5.6575),
    sites: [
      { label: 'Ge1', element: 'Ge', x: 0, y: 0, z: 0 },
      { label: 'Ge2', element: 'Ge', x: 0.25, y: 0.25, z: 0.25 },
    ],
    expect: [{ element: 'Ge', shell: [{ neighbor: 'Ge', count: 4, distance: 2.4498 }], toleranceAngstrom: 0.003, shellSource: 'a√3/4 (Ge–Ge 2.45 Å)', valence: 0, bvs: { skip: 'element' } }],
  },
] satisfies PhaseSpec[]);

/** The spec of a phase by file stem. @throws Error for an unknown stem. */
export function referencePhase(file: string): PhaseSpec {
  const p = REFERENCE_PHASES.find((x) => x.file === file);
  if (!p) throw new Error(`no reference phase "${file}" (known: ${REFERENCE_PHASES.map((x) => x.file).join(', ')})`);
  return p;
}

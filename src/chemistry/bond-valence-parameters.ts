/**
 * @module chemistry/bond-valence-parameters
 * Bond valence parameters R0 (Å) for transition-metal cation – anion pairs, all with b = 0.37 Å, for
 * the bond valence s = exp((R0 − R) / b) (Brown & Altermatt 1985; Brese & O'Keeffe 1991).
 *
 * Source of every number: I. D. Brown, "Accumulated table of bond valence parameters" (bvparm.cif,
 * IUCr, version 2013-09-11, read from the copy github.com/langner/bvparm `bvparm2013.cif`), which
 * lists each value with the paper it comes from. The rows below were typed from that table; the
 * letter after each value is the table's reference id, see {@link BOND_VALENCE_REFERENCES}. Only rows
 * with b = 0.37 Å were taken. Where the table has several values for one (cation, state, anion), the
 * one kept is, in this order of preference:
 *   a  Brown & Altermatt (1985): oxidation-state-specific, fitted to inorganic crystals (most M–O);
 *   b  Brese & O'Keeffe (1991): a single value per pair, often for an unspecified state (written
 *      `*` below; the table's state 9), extrapolated for most anions other than O, F, Cl;
 *   e  I. D. Brown, private communication, marked "unchecked" in the table (e.g. Cu(I)–O 1.610);
 *   l, m, aj  single studies, used only where nothing above exists (Cu(I)–Se/P/As/C and Cu(II)–C
 *      from Shields et al.; Mo(III–V)–O from Chen et al., preferred over the complex-derived j
 *      values; W(IV, V)–O).
 * A state-specific row always wins over an unspecified (`*`) one. Values checked against the
 * table after typing: Cu(II)–O 1.679 a, Cu(I)–O 1.610 e, Fe(III)–O 1.759 a, Fe(II)–O 1.734 a,
 * Fe(III)–S 2.149 a (Brese & O'Keeffe: 2.16 for Fe(II) and Fe(III)), Fe(II)–S 2.16 b, Co(II)–O 1.692 a,
 * Mn(II)–O 1.790 a, Ni(II)–O 1.654 a (Brown's later 1.675 is in the table too, as "better"), Zn–O
 * 1.704 a, Ti(IV)–O 1.815 a.
 * Known weak spots (the table's own caveats): the extrapolated `b` values for N, P, As and the
 * chalcogenides are rough (e.g. Cu(II)–N 1.61 b against 1.71–1.75 from complexes), and the `e` rows
 * are unchecked.
 */

/** b of every tabulated row (Å). */
export const BOND_VALENCE_B_ANGSTROM = 0.37;

/** Reference ids used in the table, with the papers (as cited in bvparm.cif). */
export const BOND_VALENCE_REFERENCES = Object.freeze({
  a: "Brown & Altermatt (1985) Acta Cryst. B41, 244–247",
  b: "Brese & O'Keeffe (1991) Acta Cryst. B47, 192–197",
  e: 'I. D. Brown, private communication (bvparm.cif, "unchecked")',
  l: 'Shields, Raithby, Allen & Motherwell (2000) Acta Cryst. B56, 455–465 (transition-metal complexes)',
  m: 'Chen, Zhou & Hu (2002) Chinese Sci. Bull. 47, 978–980',
  aj: 'Hong, Zhou & Hu (2004) Acta Chimica Sinica 62, 1733–1737',
} as const);

export type BondValenceRef = keyof typeof BOND_VALENCE_REFERENCES;

/** One (cation, oxidation state, anion) row. */
export interface BondValenceParameter {
  cation: string;
  /** Cation oxidation state, or `null` when the source gives one value for any state. */
  state: number | null;
  anion: string;
  r0Angstrom: number;
  bAngstrom: number;
  ref: BondValenceRef;
}

/**
 * Elements that can be the anion (ligand) of a bond valence pair. Whether an atom of one of them
 * acts as an anion in a given structure is decided in ligands.ts (a sulfate S does not).
 */
export const LIGAND_ELEMENTS: readonly string[] = Object.freeze(['O', 'S', 'Se', 'Te', 'N', 'P', 'As', 'F', 'Cl', 'Br', 'I', 'C']);

// cation state: anion R0 ref, …   (state * = any state: bvparm's 9)
const TABLE = `
Sc 3: O 1.849 a, S 2.321 a, Se 2.44 b, Te 2.64 b, F 1.76 b, Cl 2.23 b, Br 2.38 b, I 2.59 b, N 1.98 b, P 2.40 b, As 2.48 b
Ti 2: F 2.15 e, Cl 2.31 e, Br 2.49 e
Ti 3: O 1.791 b, S 2.11 e, F 1.723 b, Cl 2.17 b, I 2.52 e
Ti 4: O 1.815 a, S 2.29 e, F 1.76 b, Cl 2.19 b, Br 2.36 e
Ti *: S 2.24 b, Se 2.38 b, Te 2.60 b, Br 2.32 b, I 2.54 b, N 1.93 b, P 2.36 b, As 2.42 b
V 2: O 1.70 e, S 2.11 e, F 2.16 e, Cl 2.44 e
V 3: O 1.743 a, S 2.17 e, F 1.702 b, Cl 2.19 b
V 4: O 1.784 a, S 2.24 e, F 1.70 b, Cl 2.16 b
V 5: O 1.803 a, S 2.25 e, F 1.70 e, Cl 2.16 b
V *: S 2.23 b, Se 2.33 b, Te 2.57 b, Br 2.30 b, I 2.51 b, N 1.86 b, P 2.31 b, As 2.39 b
Cr 2: O 1.73 b, F 1.67 b, Cl 2.09 b, Br 2.26 e, I 2.48 e
Cr 3: O 1.724 a, S 2.162 e, F 1.657 a, Cl 2.08 b, Br 2.28 e, N 1.81 e
Cr 4: O 1.81 e, F 1.56 e
Cr 5: O 1.78 e
Cr 6: O 1.794 a, F 1.74 b, Cl 2.12 b
Cr *: S 2.18 b, Se 2.29 b, Te 2.52 b, Br 2.26 b, I 2.45 b, N 1.85 b, P 2.27 b, As 2.34 b
Mn 2: O 1.790 a, S 2.22 e, F 1.698 a, Cl 2.133 a, Br 2.34 e, I 2.52 e
Mn 3: O 1.760 a, F 1.66 b, Cl 2.14 b
Mn 4: O 1.753 a, F 1.71 b, Cl 2.13 b
Mn 6: O 1.79 e
Mn 7: O 1.79 b, F 1.72 b, Cl 2.17 b
Mn *: S 2.20 b, Se 2.32 b, Te 2.55 b, Br 2.26 b, I 2.49 b, N 1.87 b, P 2.24 b, As 2.36 b
Fe 2: O 1.734 a, S 2.16 b, Se 2.28 b, F 1.65 b, Cl 2.06 b, Br 2.26 b, I 2.47 b, N 1.86 b, P 2.27 b
Fe 3: O 1.759 a, S 2.149 a, Se 2.28 b, F 1.679 a, Cl 2.09 b, Br 2.26 b, I 2.47 b, N 1.86 b, P 2.27 b
Fe *: Te 2.53 b, As 2.35 b
Co 2: O 1.692 a, S 1.94 e, F 1.64 b, Cl 2.033 a, N 1.65 e
Co 3: O 1.70 b, S 2.02 e, F 1.62 b, Cl 2.05 b, N 1.75 e
Co 4: O 1.72 e, F 1.55 e
Co *: S 2.06 b, Se 2.24 b, Te 2.46 b, Br 2.18 b, N 1.84 b, P 2.21 b, As 2.28 b
Ni 2: O 1.654 a, S 1.98 e, F 1.596 a, Cl 2.02 b, Br 2.20 e, I 2.40 e, N 1.70 e
Ni 3: O 1.75 e, F 1.58 e
Ni 4: F 1.61 e
Ni *: S 2.04 b, Se 2.14 b, Te 2.43 b, Br 2.16 b, I 2.34 b, N 1.75 b, P 2.17 b, As 2.24 b
Cu 1: O 1.610 e, S 1.898 a, Se 1.900 l, F 1.6 b, Cl 1.89 e, Br 2.03 e, I 2.108 a, P 1.774 l, As 1.856 l, C 1.446 l
Cu 2: O 1.679 a, S 2.054 a, Se 2.02 b, Te 2.27 b, F 1.594 a, Cl 2.00 b, Br 1.99 b, I 2.16 b, N 1.61 b, P 1.97 b, As 2.08 b, C 1.72 l
Cu 3: O 1.739 e, F 1.58 e
Zn 2: O 1.704 a, S 2.09 b, Se 2.22 b, Te 2.45 b, F 1.62 b, Cl 2.01 b, Br 2.15 b, I 2.36 b, N 1.77 b, P 2.15 b, As 2.24 b
Zr 4: O 1.928 a, S 2.41 b, Se 2.53 b, Te 2.67 b, F 1.846 a, Cl 2.33 b, Br 2.48 b, I 2.69 b, N 2.11 b, P 2.52 b, As 2.57 b
Nb 4: O 1.88 e
Nb 5: O 1.911 a, F 1.87 b, Cl 2.27 b
Nb *: S 2.37 b, Se 2.51 b, Te 2.70 b, Br 2.45 b, I 2.68 b, N 2.06 b, P 2.46 b, As 2.54 b
Mo 3: O 1.834 m
Mo 4: O 1.856 m
Mo 5: O 1.878 m
Mo 6: O 1.907 a, F 1.81 b, Cl 2.28 b
Mo *: S 2.35 b, Se 2.49 b, Te 2.69 b, Br 2.43 b, I 2.64 b, N 2.04 b, P 2.44 b, As 2.52 b
Ru 4: O 1.834 b, F 1.74 b, Cl 2.21 b
Ru *: S 2.16 b, Se 2.33 b, Te 2.54 b, Br 2.26 b, I 2.48 b, N 1.88 b, P 2.29 b, As 2.36 b
Rh 3: O 1.793 b, F 1.71 b, Cl 2.17 b
Rh *: S 2.15 b, Se 2.33 b, Te 2.55 b, Br 2.25 b, I 2.48 b, N 1.88 b, P 2.29 b, As 2.37 b
Pd 2: O 1.792 b, S 2.09 e, F 1.74 b, Cl 2.05 b
Pd *: S 2.10 b, Se 2.22 b, Te 2.48 b, Br 2.19 b, I 2.38 b, N 1.81 b, P 2.22 b, As 2.30 b
Ag 1: O 1.842 a, S 2.119 a, F 1.80 b, Cl 2.09 b
Ag *: Se 2.26 b, Te 2.51 b, Br 2.22 b, I 2.38 b, N 1.85 b, P 2.22 b, As 2.30 b
Cd 2: O 1.904 a, S 2.304 a, Se 2.40 b, Te 2.59 b, F 1.811 b, Cl 2.212 a, Br 2.35 b, I 2.57 b, N 1.96 b, P 2.34 b, As 2.43 b
Hf 4: O 1.923 b, F 1.85 b, Cl 2.30 b
Hf *: S 2.39 b, Se 2.52 b, Te 2.72 b, Br 2.47 b, I 2.68 b, N 2.09 b, P 2.48 b, As 2.56 b
Ta 5: O 1.920 a, F 1.88 b, Cl 2.30 b
Ta *: S 2.39 b, Se 2.51 b, Te 2.70 b, Br 2.45 b, I 2.66 b, N 2.01 b, P 2.47 b, As 2.55 b
W 4: O 1.851 aj
W 5: O 1.881 aj
W 6: O 1.917 a, F 1.83 b, Cl 2.27 b
W *: S 2.39 b, Se 2.51 b, Te 2.71 b, Br 2.45 b, I 2.66 b, N 2.06 b, P 2.46 b, As 2.54 b
Ir 4: O 1.87 e, F 1.80 e
Ir 5: O 1.916 b, F 1.82 b, Cl 2.30 b
Ir *: S 2.38 b, Se 2.51 b, Te 2.71 b, Br 2.45 b, I 2.66 b, N 2.06 b, P 2.46 b, As 2.54 b
Pt 2: O 1.768 b, F 1.68 b, Cl 2.05 b
Pt 4: O 1.879 a, F 1.759 b, Cl 2.17 b
Pt *: S 2.08 b, Se 2.19 b, Te 2.45 b, Br 2.18 b, I 2.37 b, N 1.77 b, P 2.19 b, As 2.26 b
Au 1: Cl 2.02 e, I 2.35 e
Au 3: O 1.833 b, F 1.81 b, Cl 2.17 b
Au *: S 2.03 b, Se 2.18 b, Te 2.41 b, Br 2.12 b, I 2.34 b, N 1.72 b, P 2.14 b, As 2.22 b
Hg 1: O 1.90 b, F 1.81 b, Cl 2.28 b
Hg 2: O 1.972 a, S 2.308 a, F 1.90 b, Cl 2.25 b
Hg *: Se 2.47 b, Te 2.61 b, Br 2.40 b, I 2.59 b, N 2.02 b, P 2.42 b, As 2.50 b
`;

function parseTable(text: string): BondValenceParameter[] {
  const rows: BondValenceParameter[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\w+) (\d|\*): (.+)$/.exec(line.trim());
    if (!m) continue;
    const [, cation, stateText, rest] = m;
    for (const cell of rest!.split(',')) {
      const [anion, r0, ref] = cell.trim().split(/\s+/);
      rows.push({ cation: cation!, state: stateText === '*' ? null : Number(stateText), anion: anion!, r0Angstrom: Number(r0), bAngstrom: BOND_VALENCE_B_ANGSTROM, ref: ref as BondValenceRef });
    }
  }
  return rows;
}

const ROWS: readonly BondValenceParameter[] = Object.freeze(parseTable(TABLE).map((r) => Object.freeze(r)));
const BY_KEY = new Map(ROWS.map((r) => [`${r.cation}|${r.state ?? '*'}|${r.anion}`, r]));
const STATES = new Map<string, number[]>();
for (const r of ROWS) {
  if (r.state === null) continue;
  const s = STATES.get(r.cation) ?? [];
  if (!s.includes(r.state)) s.push(r.state);
  STATES.set(r.cation, s.sort((x, y) => x - y));
}

/** Every tabulated row. @example bondValenceTable().length // ≈ 400 */
export function bondValenceTable(): readonly BondValenceParameter[] {
  return ROWS;
}

/**
 * The parameter for `cation` in oxidation state `state` bonded to `anion`: the state-specific row,
 * else the any-state row, else `undefined`.
 *
 * @example bondValenceParameter('Cu', 2, 'O') // { cation: 'Cu', state: 2, anion: 'O', r0Angstrom: 1.679, bAngstrom: 0.37, ref: 'a' }
 * @example bondValenceParameter('Fe', 2, 'Te')?.state // null (the any-state row, 2.53 Å)
 */
export function bondValenceParameter(cation: string, state: number, anion: string): BondValenceParameter | undefined {
  return BY_KEY.get(`${cation}|${state}|${anion}`) ?? BY_KEY.get(`${cation}|*|${anion}`);
}

/** Oxidation states with at least one state-specific row, ascending. @example tabulatedStates('Fe') // [2, 3] */
export function tabulatedStates(cation: string): readonly number[] {
  return STATES.get(cation) ?? [];
}

/** Whether the table covers the element as a cation. @example isTabulatedCation('Cu') // true */
export function isTabulatedCation(element: string): boolean {
  return STATES.has(element);
}

/**
 * The bond valence of one bond. @example bondValence(1.95, 1.679) // 0.481
 */
export function bondValence(distanceAngstrom: number, r0Angstrom: number, bAngstrom: number = BOND_VALENCE_B_ANGSTROM): number {
  return Math.exp((r0Angstrom - distanceAngstrom) / bAngstrom);
}

/**
 * Hall symbols (Hall 1981, Acta Cryst. A37, 517–525; International Tables Vol. B, 2nd ed. 2001, section
 * A1.4.2, Tables A1.4.2.2–A1.4.2.6): an explicit-origin space-group notation from which the generators,
 * and hence the whole group, follow. `-P 2ybc` (P 1 21/c 1) reads: primitive lattice, centrosymmetric (`-`),
 * a 2-fold axis along b with translation b/2 + c/2.
 *
 * Grammar: `[-]L  [-]N[A][T] …  [(V)]` — lattice symbol L (P A B C I R S T F), up to four matrix symbols
 * (order N ∈ 1 2 3 4 6, `-N` improper; axis A ∈ x y z ' " *; translation T from a b c n u v w d and the
 * screw digits 1–5), and an optional change of basis V, either three integers (an origin shift in
 * twelfths, `(0 0 1)`) or an operator (`(x,y,z+1/12)`, `(z,x,y)`), applied as S' = V S V⁻¹.
 */
import { InputError } from '../errors.ts';
import { determinant, generateGroup, IDENTITY, inverseUnimodular, multiply, seitz, TRANSLATION_DENOMINATOR, type SeitzOperation } from './seitz.ts';
import { parseSymmetryOperation } from './symmetry-operation.ts';

const D = TRANSLATION_DENOMINATOR;
const H = D / 2; // 1/2
const Q = D / 4; // 1/4
const T1 = D / 3; // 1/3
const T2 = (2 * D) / 3; // 2/3

/** Lattice centring vectors (Table A1.4.2.2), the origin excluded, in 1/D. */
const CENTRING: Record<string, number[][]> = {
  P: [],
  A: [[0, H, H]],
  B: [[H, 0, H]],
  C: [[H, H, 0]],
  I: [[H, H, H]],
  R: [[T2, T1, T1], [T1, T2, T2]],
  S: [[T1, T1, T2], [T2, T2, T1]],
  T: [[T1, T2, T1], [T2, T1, T2]],
  F: [[0, H, H], [H, 0, H], [H, H, 0]],
};

/** Translation symbols (Table A1.4.2.3), in 1/D. */
const TRANSLATION: Record<string, number[]> = {
  a: [H, 0, 0], b: [0, H, 0], c: [0, 0, H], n: [H, H, H],
  u: [Q, 0, 0], v: [0, Q, 0], w: [0, 0, Q], d: [Q, Q, Q],
};

/** Rotation matrices along the principal axes (Table A1.4.2.4), row-major. */
const PRINCIPAL: Record<string, Record<number, number[]>> = {
  x: {
    1: [1, 0, 0, 0, 1, 0, 0, 0, 1], 2: [1, 0, 0, 0, -1, 0, 0, 0, -1], 3: [1, 0, 0, 0, 0, -1, 0, 1, -1],
    4: [1, 0, 0, 0, 0, -1, 0, 1, 0], 6: [1, 0, 0, 0, 1, -1, 0, 1, 0],
  },
  y: {
    1: [1, 0, 0, 0, 1, 0, 0, 0, 1], 2: [-1, 0, 0, 0, 1, 0, 0, 0, -1], 3: [-1, 0, 1, 0, 1, 0, -1, 0, 0],
    4: [0, 0, 1, 0, 1, 0, -1, 0, 0], 6: [0, 0, 1, 0, 1, 0, -1, 0, 1],
  },
  z: {
    1: [1, 0, 0, 0, 1, 0, 0, 0, 1], 2: [-1, 0, 0, 0, -1, 0, 0, 0, 1], 3: [0, -1, 0, 1, -1, 0, 0, 0, 1],
    4: [0, -1, 0, 1, 0, 0, 0, 0, 1], 6: [1, -1, 0, 1, 0, 0, 0, 0, 1],
  },
};

/** 2-fold rotations along face diagonals (Table A1.4.2.5), by the preceding rotation's axis: ' and ". */
const DIAGONAL: Record<string, Record<string, number[]>> = {
  x: { "'": [-1, 0, 0, 0, 0, -1, 0, -1, 0], '"': [-1, 0, 0, 0, 0, 1, 0, 1, 0] }, // [01-1], [011]
  y: { "'": [0, 0, -1, 0, -1, 0, -1, 0, 0], '"': [0, 0, 1, 0, -1, 0, 1, 0, 0] }, // [-101], [101]
  z: { "'": [0, -1, 0, -1, 0, 0, 0, 0, -1], '"': [0, 1, 0, 1, 0, 0, 0, 0, -1] }, // [1-10], [110]
};

/** The 3-fold rotation along the body diagonal a+b+c (Table A1.4.2.6): `z,x,y`. */
const BODY_DIAGONAL_3 = [0, 0, 1, 1, 0, 0, 0, 1, 0];

/** Longest Hall symbol read, change of basis included. */
const MAX_HALL_LENGTH = 80;

/** What a Hall symbol says: its lattice, whether it is centrosymmetric, and the whole group it generates. */
export interface HallGroup {
  /** The symbol as given. */
  hall: string;
  /** Lattice symbol (P, A, B, C, I, R, S, T, F). */
  lattice: string;
  centrosymmetric: boolean;
  /** Every operation of the group in the conventional cell, centring included, identity first. */
  operations: SeitzOperation[];
}

/**
 * Generate the full space group of a Hall symbol.
 *
 * @example parseHallSymbol('-P 2ybc').operations.length // 4: x,y,z; -x,y+1/2,-z+1/2; -x,-y,-z; x,-y+1/2,z+1/2
 * @example parseHallSymbol('-F 4 2 3').operations.length // 192 (F m -3 m)
 * @example parseHallSymbol(' P 31 2 (0 0 4)').operations.length // 6 (P 31 1 2)
 * @throws InputError naming the part of the symbol that cannot be read.
 */
export function parseHallSymbol(hall: string): HallGroup {
  const bad = (why: string) => new InputError(`Hall symbol ${JSON.stringify(hall.length > MAX_HALL_LENGTH ? `${hall.slice(0, MAX_HALL_LENGTH)}…` : hall)}: ${why}`);
  // Whitespace collapsed first and length bounded, so the pattern below never backtracks over a long input.
  const text = hall.replace(/\s+/g, ' ').trim();
  if (text.length > MAX_HALL_LENGTH) throw bad(`longer than ${MAX_HALL_LENGTH} characters (the longest Hall symbol has about 30)`);
  const m = /^([^()]*?) ?(?:\(([^()]*)\))?$/.exec(text);
  if (!m) throw bad('the change of basis must be one parenthesised group at the end');
  const words = m[1]!.split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) throw bad('empty');
  const lat = /^(-?)([PABCIRSTF])$/i.exec(words[0]!);
  if (!lat) throw bad(`${JSON.stringify(words[0])} is not a lattice symbol (P, A, B, C, I, R, S, T or F, with - for centrosymmetric)`);
  const lattice = lat[2]!.toUpperCase();
  const centrosymmetric = lat[1] === '-';
  if (words.length > 5) throw bad(`more than four matrix symbols`);

  const generators: SeitzOperation[] = CENTRING[lattice]!.map((t) => seitz(IDENTITY.rotation, t));
  if (centrosymmetric) generators.push(seitz([-1, 0, 0, 0, -1, 0, 0, 0, -1], [0, 0, 0]));
  let previousOrder = 0;
  let previousAxis = 'z';
  words.slice(1).forEach((word, k) => {
    const w = /^(-?)([12346])(.*)$/.exec(word.toLowerCase());
    if (!w) throw bad(`${JSON.stringify(word)} is not a matrix symbol (order 1, 2, 3, 4 or 6, optional axis and translations)`);
    const improper = w[1] === '-';
    const order = Number(w[2]);
    let axis: string | undefined;
    const t = [0, 0, 0];
    const screws: number[] = [];
    for (const ch of w[3]!) {
      if ('xyz\'"*'.includes(ch)) {
        if (axis !== undefined) throw bad(`${JSON.stringify(word)} names two axes`);
        axis = ch;
      } else if (ch in TRANSLATION) {
        TRANSLATION[ch]!.forEach((x, i) => (t[i] = t[i]! + x));
      } else if (/[1-5]/.test(ch)) {
        screws.push(Number(ch));
      } else {
        throw bad(`${JSON.stringify(word)}: unknown character ${JSON.stringify(ch)} (axes x y z ' " *, translations a b c n u v w d, screw digits 1–5)`);
      }
    }
    // Default axes (ITB A1.4.2.3): the first rotation is along c; a 2-fold second one along a after a 2 or 4,
    // along a−b (') after a 3 or 6; a 3-fold third one along a+b+c (*).
    if (axis === undefined) {
      if (k === 0 || order === 1) axis = 'z';
      else if (k === 1 && order === 2) axis = previousOrder === 3 || previousOrder === 6 ? "'" : 'x';
      else if (k === 2 && order === 3) axis = '*';
      else throw bad(`${JSON.stringify(word)} needs an explicit axis (no default for a ${order}-fold rotation in position ${k + 1})`);
    }
    let rotation: number[];
    if (axis === "'" || axis === '"') {
      if (order !== 2) throw bad(`${JSON.stringify(word)}: only 2-fold rotations lie along face diagonals (' or ")`);
      rotation = DIAGONAL[previousAxis]![axis]!;
    } else if (axis === '*') {
      if (order !== 3) throw bad(`${JSON.stringify(word)}: only 3-fold rotations lie along the body diagonal (*)`);
      rotation = BODY_DIAGONAL_3;
    } else {
      rotation = PRINCIPAL[axis]![order]!;
    }
    for (const s of screws) {
      if (s >= order || axis === "'" || axis === '"' || axis === '*') throw bad(`${JSON.stringify(word)}: screw ${order}${s} is not possible`);
      t['xyz'.indexOf(axis)] += (s * D) / order;
    }
    if (improper) rotation = rotation.map((x) => -x);
    generators.push(seitz(rotation, t));
    if (order !== 1) {
      previousOrder = order;
      if ('xyz'.includes(axis)) previousAxis = axis;
    }
  });

  let group = generateGroup(generators, `Hall symbol ${JSON.stringify(hall)}`);
  if (m[2] !== undefined) group = changeBasis(group, m[2], bad);
  return { hall, lattice, centrosymmetric, operations: group };
}

/** S' = V S V⁻¹ for every operation (`V` as three twelfths or an operator). */
function changeBasis(group: SeitzOperation[], text: string, bad: (why: string) => InputError): SeitzOperation[] {
  let v: SeitzOperation;
  const shift = text.trim().split(/\s+/);
  if (shift.length === 3 && shift.every((s) => /^-?\d+$/.test(s))) {
    v = seitz(IDENTITY.rotation, shift.map((s) => (Number(s) * D) / 12));
  } else {
    let op;
    try {
      op = parseSymmetryOperation(text);
    } catch (e) {
      throw bad(`change of basis (${text}): ${(e as Error).message}`);
    }
    const r = [...op.rotation];
    const t = [...op.translation].map((x) => x * D);
    if (!r.every(Number.isInteger) || Math.abs(determinant(r)) !== 1) throw bad(`change of basis (${text}) must have an integer matrix of determinant ±1`);
    if (!t.every((x) => Math.abs(x - Math.round(x)) < 1e-9)) throw bad(`change of basis (${text}): translations must be multiples of 1/${D}`);
    v = seitz(r, t.map(Math.round));
  }
  const r = inverseUnimodular(v.rotation);
  const vInverse = seitz(r, multiply({ rotation: r, translation: [0, 0, 0] }, { rotation: IDENTITY.rotation, translation: v.translation }).translation.map((x) => -x));
  return group.map((s) => {
    const out = multiply(multiply(v, s), vInverse);
    if (out.translation.some((x) => !Number.isInteger(x))) throw bad(`change of basis (${text}) gives a translation off the 1/${D} grid`);
    return out;
  });
}

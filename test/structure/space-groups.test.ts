import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import {
  compareOperationSets,
  findHermannMauguin,
  parseHallSymbol,
  parseSymmetryOperation,
  settingsOfNumber,
  SPACE_GROUP_SETTINGS,
  spaceGroupOperations,
  type SeitzOperation,
  type SpaceGroupSetting,
} from '../../src/structure/index.ts';
import { missingProduct } from '../../src/structure/operator-set.ts';
import { TRANSLATION_DENOMINATOR } from '../../src/structure/seitz.ts';

const D = TRANSLATION_DENOMINATOR;

/** Order of the point group of each IT number (textbook: International Tables Vol. A, Table 3.2.3.2). */
function pointGroupOrder(n: number): number {
  const bounds: [number, number][] = [
    [1, 1], [2, 2], [9, 2], [15, 4], [46, 4], [74, 8], [82, 4], [88, 8], [122, 8], [142, 16],
    [146, 3], [148, 6], [161, 6], [167, 12], [174, 6], [176, 12], [190, 12], [194, 24], [199, 12], [220, 24], [230, 48],
  ];
  return bounds.find(([last]) => n <= last)![1];
}

/** Lattice points per conventional cell of a setting. */
function centringCount(s: SpaceGroupSetting): number {
  const L = s.hm[0]!;
  return L === 'P' ? 1 : L === 'F' ? 4 : L === 'R' ? (s.extension === 'R' ? 1 : 3) : 2;
}

describe('Hall symbols', () => {
  const texts = (hall: string) => spaceGroupOperations(hall).map((o) => o.text).sort();

  it.each([
    ['-P 2ybc', ['-x,-y,-z', '-x,y+1/2,-z+1/2', 'x,-y+1/2,z+1/2', 'x,y,z']], // P 1 21/c 1
    [' P 31 2 (0 0 4)', ['-x+y,-x,z+2/3', '-x+y,y,-z+1/3', '-y,-x,-z+2/3', '-y,x-y,z+1/3', 'x,x-y,-z', 'x,y,z']], // P 31 1 2 (ITA)
    ['-P 3*', ['-x,-y,-z', '-y,-z,-x', '-z,-x,-y', 'x,y,z', 'y,z,x', 'z,x,y']], // R -3 :R
  ])('%s generates the operators of International Tables', (hall, expected) => {
    expect(texts(hall)).toEqual([...expected].sort());
  });

  it('P 3 2" is P 3 2 1 (2-fold along [110], not [1-10])', () => {
    expect(texts(' P 3 2"')).toEqual(['-x+y,-x,z', '-x,-x+y,-z', '-y,x-y,z', 'x,y,z', 'x-y,-y,-z', 'y,x,-z'].sort());
    expect(texts(' P 3 2')).toContain('-y,-x,-z');
  });

  it('a change of basis written as an operator gives the same group as the shift in twelfths', () => {
    const a = spaceGroupOperations(' P 31 2 (0 0 4)');
    const b = spaceGroupOperations(' P 31 2 (x,y,z+1/3)');
    expect(compareOperationSets(a, b).same).toBe(true);
  });

  it('centring, inversion and screw translations', () => {
    expect(parseHallSymbol('-F 4 2 3').operations).toHaveLength(192);
    expect(parseHallSymbol(' R 3').operations).toHaveLength(9);
    expect(texts(' P 61')).toContain('x-y,x,z+1/6');
    expect(texts(' P 4cw')).toContain('-y,x,z+3/4'); // P 43
  });

  it.each([
    ['', /empty/],
    ['Q 2', /"Q" is not a lattice symbol/],
    ['P 5', /"5" is not a matrix symbol/],
    ['P 2q', /unknown character "q"/],
    ["P 4'", /only 2-fold rotations lie along face diagonals/],
    ['P 2 2 2 2 2', /more than four matrix symbols/],
    ['P 23', /screw 23 is not possible/],
    ['P 4 (1 2)', /cannot read|3 comma-separated/],
    ['P 2 (2x,y,z)', /integer matrix of determinant ±1/],
    ['P 4 6', /generate more than 192 operations|needs an explicit axis/],
  ])('%j is refused: %s', (hall, message) => {
    expect(() => parseHallSymbol(hall)).toThrow(InputError);
    expect(() => parseHallSymbol(hall)).toThrow(message);
  });
});

describe('the 530 settings of International Tables Vol. B Table A1.4.2.7', () => {
  it('has 530 settings, 230 numbers, and Hermann–Mauguin names that tell them apart', () => {
    expect(SPACE_GROUP_SETTINGS).toHaveLength(530);
    expect(new Set(SPACE_GROUP_SETTINGS.map((s) => s.number)).size).toBe(230);
    expect(new Set(SPACE_GROUP_SETTINGS.map((s) => s.name)).size).toBe(530);
    // Without spaces the symbols stay distinct, so "P3121" can only mean P 31 2 1.
    const squeezed = new Map<string, string>();
    for (const s of SPACE_GROUP_SETTINGS) {
      const k = s.name.replace(/\s+/g, '');
      expect(squeezed.get(k) ?? s.name).toBe(s.name);
      squeezed.set(k, s.name);
    }
  });

  it('every setting: a group (closed, identity first, every inverse present), of order |point group| × centring, no operator twice', () => {
    const problems: string[] = [];
    for (const s of SPACE_GROUP_SETTINGS) {
      const ops = spaceGroupOperations(s.hall);
      const expected = pointGroupOrder(s.number) * centringCount(s);
      if (ops.length !== expected) problems.push(`${s.name}: ${ops.length} operations, expected ${expected}`);
      if (ops[0]!.text !== 'x,y,z') problems.push(`${s.name}: identity is not first`);
      // Closure checked on the floating-point operators, independently of the exact closure that built them.
      if (missingProduct(ops)) problems.push(`${s.name}: not closed`);
      if (!compareOperationSets(ops, ops.map(inverse)).same) problems.push(`${s.name}: an inverse is missing`);
      if (new Set(ops.map((o) => o.text)).size !== ops.length) problems.push(`${s.name}: an operator twice`);
    }
    expect(problems).toEqual([]);
  });

  it('every setting has the symmetry element each position of its Hermann–Mauguin symbol names (rotation, screw, mirror, glide), along that position\'s directions', () => {
    const problems = SPACE_GROUP_SETTINGS.flatMap((s) => hermannMauguinProblems(s).map((p) => `${s.name} (${s.hall.trim()}): ${p}`));
    expect(problems).toEqual([]);
  });

  it('origin choices 1 and 2 are one group shifted: choice 2 has the inversion at the origin, choice 1 is it moved by a shift in eighths', () => {
    const pairs = SPACE_GROUP_SETTINGS.filter((s) => s.extension === '1').map((one) => [one, SPACE_GROUP_SETTINGS.find((t) => t.hm === one.hm && t.extension === '2')!] as const);
    expect(pairs).toHaveLength(33); // 24 groups; 50, 59 and 68 in several axis settings
    const problems: string[] = [];
    for (const [one, two] of pairs) {
      const ops2 = spaceGroupOperations(two.hall);
      if (!ops2.some((o) => o.text === '-x,-y,-z')) problems.push(`${two.name}: no inversion at the origin`);
      if (spaceGroupOperations(one.hall).some((o) => o.text === '-x,-y,-z')) problems.push(`${one.name}: inversion at the origin`);
      const shift = eighths().find((p) => compareOperationSets(spaceGroupOperations(one.hall), ops2.map((o) => shifted(o, p))).same);
      if (!shift) problems.push(`${one.name}: no shift in eighths turns ${two.name} into it`);
    }
    expect(problems).toEqual([]);
  });

  it('R groups: the rhombohedral-axes setting, written in hexagonal axes (obverse) and R-centred, is the hexagonal one', () => {
    // a_R = (2/3, 1/3, 1/3), b_R = (-1/3, 1/3, 1/3), c_R = (-1/3, -2/3, 1/3) in hexagonal coordinates (columns of P).
    const P = [2 / 3, -1 / 3, -1 / 3, 1 / 3, 1 / 3, -2 / 3, 1 / 3, 1 / 3, 1 / 3];
    const Pinv = [1, 0, 1, -1, 1, 1, 0, -1, 1];
    const R = SPACE_GROUP_SETTINGS.filter((s) => s.extension === 'R');
    expect(R).toHaveLength(7);
    for (const r of R) {
      const hex = SPACE_GROUP_SETTINGS.find((t) => t.hm === r.hm && t.extension === 'H')!;
      const centring = [[0, 0, 0], [2 / 3, 1 / 3, 1 / 3], [1 / 3, 2 / 3, 2 / 3]];
      const inHex = spaceGroupOperations(r.hall).flatMap((o) => {
        const W = mul3(mul3(P, [...o.rotation]), Pinv).map((x) => Math.round(x * 1e9) / 1e9);
        const t = apply(P, [...o.translation]);
        return centring.map((c) => ({ rotation: Float64Array.from(W), translation: Float64Array.from(t.map((x, i) => x + c[i]!)), text: o.text }));
      });
      expect(compareOperationSets(inHex, spaceGroupOperations(hex.hall)).same, r.hm).toBe(true);
    }
  });

  it('the oracle tells settings apart: each setting\'s symbol fails with the Hall symbol of every other setting of its number whose symbol differs (origin choices aside)', () => {
    let tried = 0;
    const missed: string[] = [];
    for (const s of SPACE_GROUP_SETTINGS) {
      for (const t of SPACE_GROUP_SETTINGS) {
        if (t.number !== s.number || t.hm === s.hm) continue;
        if (compareOperationSets(spaceGroupOperations(s.hall), spaceGroupOperations(t.hall)).same) continue; // same operators, two names (C c c a / C c c b :1)
        tried++;
        if (hermannMauguinProblems({ ...s, hall: t.hall, extension: t.extension }).length > 0) continue;
        // Symbol types cannot see where the elements are: the same group about another origin is no miss.
        const [a, b] = [spaceGroupOperations(s.hall), spaceGroupOperations(t.hall)];
        if (eighths().some((p) => compareOperationSets(a, b.map((o) => shifted(o, p))).same)) continue;
        missed.push(`${s.name} accepts ${t.name}'s ${t.hall}`);
      }
    }
    console.log(`Hermann–Mauguin oracle: ${tried - missed.length} of ${tried} swapped Hall symbols caught or the same group about another origin`);
    expect(missed).toEqual([]);
  });

  it('the oracle catches a wrong Hall symbol', () => {
    const p21c = SPACE_GROUP_SETTINGS.find((s) => s.name === 'P 1 21/c 1')!;
    expect(hermannMauguinProblems({ ...p21c, hall: '-P 2yb' })).not.toEqual([]); // P 1 21/m 1's operators
    expect(hermannMauguinProblems({ ...p21c, hall: '-P 2yc' })).not.toEqual([]); // P 1 2/c 1's
    const p41 = SPACE_GROUP_SETTINGS.find((s) => s.name === 'P 41')!;
    expect(hermannMauguinProblems({ ...p41, hall: ' P 4cw' })).not.toEqual([]); // P 43's
  });
});

describe('Hermann–Mauguin symbols as users write them', () => {
  const names = (symbol: string) => findHermannMauguin(symbol)?.settings.map((s) => s.name);
  it.each([
    ['P 1 21/a 1', ['P 1 21/a 1']],
    ['P 1 21/c 1', ['P 1 21/c 1']],
    ['P21/c', ['P 1 21/c 1', 'P 21/c 1 1']], // unique axis b or a: the cell decides
    ['P 21/n', ['P 1 21/n 1', 'P 1 1 21/n', 'P 21/n 1 1']],
    ['P2_1/c', ['P 1 21/c 1', 'P 21/c 1 1']],
    ['P2(1)/c', ['P 1 21/c 1', 'P 21/c 1 1']],
    ['C2/c', ['C 1 2/c 1', 'C 2/c 1 1']],
    ['P21/b', ['P 1 1 21/b', 'P 21/b 1 1']],
    ['R -3 :H', ['R -3 :H']],
    ['R -3 :R', ['R -3 :R']],
    ['R-3c H', ['R -3 c :H']],
    ['R -3 c R', ['R -3 c :R']],
    ['R-3', ['R -3 :H', 'R -3 :R']],
    ['Fm-3m', ['F m -3 m']],
    ['F m 3 m', ['F m -3 m']],
    ['Fm3m', ['F m -3 m']],
    ['F 4/m -3 2/m', ['F m -3 m']],
    ['P 63/m m c', ['P 63/m m c']],
    ['P6_3/mmc', ['P 63/m m c']],
    ['P 63/m 2/m 2/c', ['P 63/m m c']],
    ['I 41/a m d :2', ['I 41/a m d :2']],
    ['I41/amd:1', ['I 41/a m d :1']],
    ['I 41/a m d', ['I 41/a m d :1', 'I 41/a m d :2']],
    ['I 41/a 2/m 2/d', ['I 41/a m d :1', 'I 41/a m d :2']],
    ['F d -3 m Z', ['F d -3 m :2']],
    ['F d -3 m S', ['F d -3 m :1']],
    ['Fd-3mZ', ['F d -3 m :2']],
    ['F d -3 m : origin choice 2', ['F d -3 m :2']],
    ['F d 3 m', ['F d -3 m :1', 'F d -3 m :2']],
    ['P n m a', ['P n m a']],
    ['Pnma', ['P n m a']],
    ['P 21/n 21/m 21/a', ['P n m a']],
    ['P2(1)2(1)2(1)', ['P 21 21 21']],
    ['P 4_2/m n m', ['P 42/m n m']],
    ['P 42/n 2/b 2/c', ['P 42/n b c :1', 'P 42/n b c :2']],
    ['P3121', ['P 31 2 1']],
    ['P 3 2 1', ['P 3 2 1']],
    ['p -1', ['P -1']],
    ['P 1-', ['P -1']], // bar after the digit (old notation)
    ['Cmce', ['C m c a']],
    ['Cmca', ['C m c a']],
    ['Aem2', ['A b m 2']],
    ['Aea2', ['A b a 2']],
    ['Cmme', ['C m m a']],
    ['Ccce', ['C c c a :1', 'C c c a :2']],
    ['Bmeb', ['B m a b']],
    ['P_1_21/c_1', ['P 1 21/c 1']],
    ['F d -3 m (origin choice 2)', ['F d -3 m :2']],
    ['R -3 c (hexagonal axes)', ['R -3 c :H']],
    ['P 21/c (No. 14)', ['P 1 21/c 1', 'P 21/c 1 1']],
    ['C -1', ['C -1']], // a centring the table does not list: the P symbol's operators plus the centring
    ['I 1', ['I 1']],
    ['B 1 21/m 1', ['B 1 21/m 1']],
  ])('%j → %j', (symbol, expected) => {
    expect(names(symbol)).toEqual(expected);
  });

  it('a long symbol is no symbol, and costs nothing (no pattern backtracks over it)', () => {
    expect(() => parseHallSymbol(`P${' 2'.repeat(50_000)}`)).toThrow(/longer than 80 characters/);
    expect(() => parseHallSymbol(`P${' '.repeat(100_000)}(`)).toThrow(InputError); // 1000 spaces took 2 s before the bound

    expect(findHermannMauguin(`P${' '.repeat(100_000)}q`)).toBeUndefined();
    expect(findHermannMauguin(`P ${'1 '.repeat(50_000)}`)).toBeUndefined();
    expect(findHermannMauguin(`${' '.repeat(100_000)}P 1 21/c 1${' '.repeat(100_000)}`)?.settings[0]!.name).toBe('P 1 21/c 1');
  });

  it.each(['P 5', 'Q m m m', 'P 1 21/q 1', 'B 1 21/d 1', 'P 6 3 2 2 2', '', 'P 4 2 2 :H'.replace(':H', ':Q')])('%j names no setting', (symbol) => {
    expect(findHermannMauguin(symbol)).toBeUndefined();
  });

  it('an unconventional centring adds its translations to the P symbol\'s operators', () => {
    const cbar1 = findHermannMauguin('C -1')!.settings[0]!;
    expect(spaceGroupOperations(cbar1.hall).map((o) => o.text).sort()).toEqual(['-x+1/2,-y+1/2,-z', '-x,-y,-z', 'x+1/2,y+1/2,z', 'x,y,z']);
    // An F centring is incompatible with a 4-fold along c only in P 4 (it would make the cell I): refused, not guessed.
    expect(findHermannMauguin('A 4')).toBeUndefined();
  });

  it('numbers: the standard setting, every unique axis of monoclinic groups, both origin choices, both R axes', () => {
    expect(settingsOfNumber(62).settings.map((s) => s.name)).toEqual(['P n m a']);
    expect(settingsOfNumber(14).settings.map((s) => s.name)).toEqual(['P 1 21/c 1', 'P 1 1 21/a', 'P 21/b 1 1']);
    expect(settingsOfNumber(227).settings.map((s) => s.name)).toEqual(['F d -3 m :1', 'F d -3 m :2']);
    expect(settingsOfNumber(167).settings.map((s) => s.name)).toEqual(['R -3 c :H', 'R -3 c :R']);
    expect(() => settingsOfNumber(231)).toThrow(/not in 1–230/);
    expect(() => settingsOfNumber(0)).toThrow(InputError);
  });
});

/** Every shift (i, j, k)/8. */
function eighths(): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) for (let k = 0; k < 8; k++) out.push([i / 8, j / 8, k / 8]);
  return out;
}

/** An operation seen from an origin moved by p: t' = t + (I − W) p. */
function shifted(op: ReturnType<typeof parseSymmetryOperation>, p: number[]): ReturnType<typeof parseSymmetryOperation> {
  const Wp = apply([...op.rotation], p);
  return { rotation: op.rotation, translation: Float64Array.from([0, 1, 2].map((i) => op.translation[i]! + p[i]! - Wp[i]!)), text: op.text };
}

function mul3(a: readonly number[], b: readonly number[]): number[] {
  return [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => a[3 * i]! * b[j]! + a[3 * i + 1]! * b[3 + j]! + a[3 * i + 2]! * b[6 + j]!));
}

/** The inverse of an operation (for the inverse check). */
function inverse(op: ReturnType<typeof parseSymmetryOperation>): ReturnType<typeof parseSymmetryOperation> {
  const r = [...op.rotation];
  const det = r[0]! * (r[4]! * r[8]! - r[5]! * r[7]!) - r[1]! * (r[3]! * r[8]! - r[5]! * r[6]!) + r[2]! * (r[3]! * r[7]! - r[4]! * r[6]!);
  const c = (i: number, j: number) => r[3 * i + j]!;
  const inv = [
    c(1, 1) * c(2, 2) - c(1, 2) * c(2, 1), c(0, 2) * c(2, 1) - c(0, 1) * c(2, 2), c(0, 1) * c(1, 2) - c(0, 2) * c(1, 1),
    c(1, 2) * c(2, 0) - c(1, 0) * c(2, 2), c(0, 0) * c(2, 2) - c(0, 2) * c(2, 0), c(0, 2) * c(1, 0) - c(0, 0) * c(1, 2),
    c(1, 0) * c(2, 1) - c(1, 1) * c(2, 0), c(0, 1) * c(2, 0) - c(0, 0) * c(2, 1), c(0, 0) * c(1, 1) - c(0, 1) * c(1, 0),
  ].map((x) => x / det);
  const t = [0, 1, 2].map((i) => -(inv[3 * i]! * op.translation[0]! + inv[3 * i + 1]! * op.translation[1]! + inv[3 * i + 2]! * op.translation[2]!));
  return { rotation: Float64Array.from(inv), translation: Float64Array.from(t), text: `inverse of ${op.text}` };
}

// ---------------------------------------------------------------------------------------------------
// Hermann–Mauguin oracle: an independent reading of the symbol. Each position names the symmetry of a
// set of directions (International Tables Vol. A, Table 2.1.3.1); a rotation N or screw N_s must exist
// along one of them, a mirror or glide of the named kind normal to one of them. Checked on the exact
// operators, so a wrong Hall symbol in the table (or a parser bug) fails here.
// ---------------------------------------------------------------------------------------------------

type Vec = [number, number, number];

/** Symmetry directions of each position, by crystal family (International Tables Vol. A, Table 2.1.3.1). */
function positionDirections(s: SpaceGroupSetting, positions: number): Vec[][] {
  const n = s.number;
  const hexTertiary: Vec[] = [[1, -1, 0], [1, 2, 0], [-2, -1, 0]];
  const hexSecondary: Vec[] = [[1, 0, 0], [0, 1, 0], [-1, -1, 0]];
  if (n <= 2) return [[[0, 0, 1]]];
  if (n <= 74) return [[[1, 0, 0]], [[0, 1, 0]], [[0, 0, 1]]];
  if (n <= 142) return [[[0, 0, 1]], [[1, 0, 0], [0, 1, 0]], [[1, -1, 0], [1, 1, 0]]];
  if (n <= 194) {
    if (s.extension === 'R') return [[[1, 1, 1]], [[1, -1, 0], [0, 1, -1], [-1, 0, 1]]];
    if (s.hm.startsWith('R')) return [[[0, 0, 1]], hexSecondary];
    return positions === 1 ? [[[0, 0, 1]]] : [[[0, 0, 1]], hexSecondary, hexTertiary];
  }
  return [
    [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
    [[1, 1, 1], [1, -1, -1], [-1, 1, -1], [-1, -1, 1]],
    [[1, -1, 0], [1, 1, 0], [0, 1, -1], [0, 1, 1], [-1, 0, 1], [1, 0, 1]],
  ];
}

const mat = (op: SeitzOperation) => op.rotation;
const apply = (m: readonly number[], v: readonly number[]): number[] => [0, 1, 2].map((i) => m[3 * i]! * v[0]! + m[3 * i + 1]! * v[1]! + m[3 * i + 2]! * v[2]!);
const det3 = (a: readonly number[], b: readonly number[], c: readonly number[]) => a[0]! * (b[1]! * c[2]! - b[2]! * c[1]!) - a[1]! * (b[0]! * c[2]! - b[2]! * c[0]!) + a[2]! * (b[0]! * c[1]! - b[1]! * c[0]!);
const parallel = (u: readonly number[], v: readonly number[]) => u[0]! * v[1]! === u[1]! * v[0]! && u[1]! * v[2]! === u[2]! * v[1]! && u[0]! * v[2]! === u[2]! * v[0]!;

/** Order of a rotation matrix (1, 2, 3, 4, 6). */
function order(m: readonly number[]): number {
  let p = [...m];
  for (let k = 1; k <= 6; k++) {
    if (p.every((x, i) => x === (i % 4 === 0 ? 1 : 0))) return k;
    p = [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => p[3 * i]! * m[j]! + p[3 * i + 1]! * m[3 + j]! + p[3 * i + 2]! * m[6 + j]!));
  }
  return 0;
}

/** Sum of W^k w over one period of W (n·the intrinsic translation), in 1/D. */
function intrinsicTimesOrder(op: SeitzOperation, n: number): number[] {
  let w = [...op.translation];
  const sum = [0, 0, 0];
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < 3; i++) sum[i] += w[i]!;
    w = apply(mat(op), w);
  }
  return sum;
}

/** Whether a direction d is the axis of a proper rotation W (W d = d). */
const fixes = (m: readonly number[], d: readonly number[]) => apply(m, d).every((x, i) => x === d[i]);

function hermannMauguinProblems(s: SpaceGroupSetting): string[] {
  const ops = parseHallSymbol(s.hall).operations;
  const [, ...positions] = s.hm.split(' ');
  const dirs = positionDirections(s, positions.length);
  const problems: string[] = [];
  // The lattice letter: exactly its centring translations are pure translations of the group.
  const h = D / 2, t1 = D / 3, t2 = (2 * D) / 3;
  const centring: Record<string, number[][]> = {
    P: [], A: [[0, h, h]], B: [[h, 0, h]], C: [[h, h, 0]], I: [[h, h, h]], F: [[0, h, h], [h, 0, h], [h, h, 0]], R: s.extension === 'R' ? [] : [[t2, t1, t1], [t1, t2, t2]],
  };
  const pure = ops.filter((o) => o.rotation.every((x, i) => x === (i % 4 === 0 ? 1 : 0)) && o.translation.some((x) => x !== 0)).map((o) => o.translation.join(',')).sort();
  const want = (centring[s.hm[0]!] ?? []).map((v) => v.join(',')).sort();
  if (pure.join(';') !== want.join(';')) problems.push(`centring translations ${JSON.stringify(pure)}, not those of ${s.hm[0]} ${JSON.stringify(want)}`);
  positions.forEach((symbol, p) => {
    if (symbol === '1') return;
    if (symbol === '-1') {
      if (!ops.some((o) => o.rotation.every((x, i) => x === (i % 4 === 0 ? -1 : 0)))) problems.push('no inversion');
      return;
    }
    const [axisPart, planePart] = symbol.includes('/') ? symbol.split('/') : /^-?\d/.test(symbol) ? [symbol, undefined] : [undefined, symbol];
    const set = dirs[p] ?? [];
    if (axisPart) {
      const improper = axisPart.startsWith('-');
      const N = Number(axisPart.replace('-', '')[0]);
      const screw = axisPart.length > (improper ? 2 : 1) ? Number(axisPart.at(-1)) : 0;
      const found = ops.some((o) => {
        const W = improper ? o.rotation.map((x) => -x) : [...o.rotation];
        if (order(W) !== N || (improper && N === 1)) return false;
        return set.some((d0) => {
          for (const sign of [1, -1]) {
            const d = d0.map((x) => x * sign);
            if (!fixes(W, d)) continue;
            if (improper) return true; // rotoinversion: no screw part
            // Sense: W turns a vector v ⊥-ish to d counter-clockwise seen from +d (det[d, v, Wv] > 0), for N > 2.
            if (N > 2) {
              const v = [[1, 0, 0], [0, 1, 0], [0, 0, 1]].find((e) => !parallel(e, d))!;
              if (det3(d, v, apply(W, v)) <= 0) continue;
            }
            // N·t_int = (screw/N)·N·d modulo N·(lattice): compare in units of d.
            const nt = intrinsicTimesOrder(o, N);
            const k = d.findIndex((x) => x !== 0);
            const lambda = nt[k]! / (d[k]! * D); // N·t_int = lambda·d
            if (!nt.every((x, i) => x * d[k]! === d[i]! * nt[k]!)) continue;
            const frac = (((lambda - screw) % N) + N) % N;
            if (Math.abs(frac) < 1e-9 || Math.abs(frac - N) < 1e-9) return true;
          }
          return false;
        });
      });
      if (!found) problems.push(`no ${axisPart} along ${JSON.stringify(set)}`);
    }
    if (planePart) {
      const glides = (kind: string) =>
        ops.filter((o) => {
          const W = o.rotation.map((x) => -x);
          if (order(W) !== 2 || det3(W.slice(0, 3), W.slice(3, 6), W.slice(6, 9)) !== 1) return false;
          return set.some((d) => fixes(W, d)) && glideKind(o, s) === kind;
        });
      const found = planePart === 'e' ? glides('a').length + glides('b').length + glides('c').length >= 2 : glides(planePart).length > 0;
      if (!found) problems.push(`no ${planePart} plane normal to ${JSON.stringify(set)}`);
    }
  });
  return problems;
}

/** Kind of a reflection's glide: m, a, b, c, n, d (or '?'), from g = (w + W w)/2 modulo the lattice. */
function glideKind(o: SeitzOperation, s: SpaceGroupSetting): string {
  const g = intrinsicTimesOrder(o, 2).map((x) => {
    const f = (((x / 2) % D) + D) % D; // in 1/D, reduced into [0, D)
    return f > D / 2 ? f - D : f;
  });
  const h = D / 2;
  const q = D / 4;
  const key = g.map((x) => Math.abs(x));
  const nonzero = key.filter((x) => x !== 0);
  if (nonzero.length === 0) return 'm';
  if (s.extension === 'R' && key.every((x) => x === h)) return 'c'; // hexagonal c/2 is (a+b+c)/2 in rhombohedral axes
  if (nonzero.length === 1 && nonzero[0] === h) return 'abc'[key.findIndex((x) => x !== 0)]!;
  if (s.number >= 143 && s.number <= 194 && key[2] === h && key[0] === key[1] && nonzero.length === 1) return 'c';
  if (nonzero.every((x) => x === h)) return 'n';
  if (nonzero.every((x) => x === q || x === 3 * q)) return 'd';
  // Glides of cubic and tetragonal diagonal planes: a half along c with a quarter-diagonal part (I 41 c d).
  if (nonzero.every((x) => x === q || x === h)) return 'd';
  return '?';
}

import { describe, expect, it } from 'vitest';
import { ParseError, UnsupportedError, XasinvError } from '../../src/errors.ts';
import {
  buildCellList,
  cellSizeProblem,
  findClosePair,
  inequivalentSites,
  Lattice,
  makeStructure,
  makeSupercell,
  neighborsOf,
  neighborsOfBruteForce,
  parseCif,
  parsePoscar,
  parseStructure,
  parseXyz,
  structureSummary,
  wacsfG2,
} from '../../src/structure/index.ts';

/** A P1 CIF with a cubic cell of edge `a` (Å) and the given `El x y z` rows. */
function cubicCif(a: string, rows: string[]): string {
  return [
    'data_test',
    ...['a', 'b', 'c'].map((k) => `_cell_length_${k} ${a}`),
    '_cell_angle_alpha 90',
    '_cell_angle_beta 90',
    '_cell_angle_gamma 90',
    "_symmetry_space_group_name_H-M 'P 1'",
    'loop_',
    '_atom_site_label',
    '_atom_site_fract_x',
    '_atom_site_fract_y',
    '_atom_site_fract_z',
    ...rows,
    '',
  ].join('\n');
}

/** The 299-byte hazard of issue 20: one Cu and one O in a 0.01 Å cubic cell (it aborted the process). */
const TINY_CELL = cubicCif('0.01', ['Cu1 0 0 0', 'O1 0.5 0.5 0.5']);

/** The error a call throws (fails the test when it returns). */
function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('cells too small or too large are refused before anything is expanded', () => {
  it('the 0.01 Å cell of issue 20 is a ParseError naming the file, the line and the thickness', () => {
    const e = errorOf(() => parseStructure(TINY_CELL, { name: 'tiny.cif' }));
    expect(e).toBeInstanceOf(ParseError);
    expect(e.message).toMatch(/^tiny\.cif:2: the cell is only 0\.01 Å thick .*closer than 0\.5 Å to its own periodic image/);
  });

  it('0.5 Å is the bound: a 0.4 Å cell is refused, a 0.6 Å cell with one atom is read', () => {
    expect(() => parseCif(cubicCif('0.4', ['H1 0 0 0']), 'a.cif')).toThrow(/only 0\.4 Å thick/);
    expect(parseCif(cubicCif('0.6', ['H1 0 0 0']), 'b.cif').species).toEqual(['H']);
    expect(cellSizeProblem(Lattice.cubic(4))).toBeUndefined();
  });

  it('a thin, skewed cell is measured by the distance between its faces, not by its edges', () => {
    // Edges of 5 Å, but c lies almost in the a–b plane: the faces are 0.09 Å apart.
    const thin = new Lattice([5, 0, 0, 0, 5, 0, 3, 4, 0.09]);
    expect(cellSizeProblem(thin)).toMatch(/only 0\.09 Å thick/);
  });

  it('huge cells: an edge beyond 1e5 Å or a volume that overflows is a ParseError', () => {
    expect(() => parseCif(cubicCif('1e6', ['Fe1 0 0 0']), 'big.cif')).toThrow(/big\.cif:2: the cell is too large/);
    expect(() => parseCif(cubicCif('1e200', ['Fe1 0 0 0']), 'huge.cif')).toThrow(ParseError);
    const poscar = 'x\n1.0\n1e200 0 0\n0 1e200 0\n0 0 1e200\nFe\n1\nDirect\n0 0 0\n';
    expect(() => parsePoscar(poscar, 'POSCAR')).toThrow(/POSCAR:3: lattice vectors are too long/);
  });

  it('a number too large for a double is not a number', () => {
    expect(() => parseCif(cubicCif('1e999', ['Fe1 0 0 0']), 'inf.cif')).toThrow(/inf\.cif:2: cell parameter _cell_length_a is not a positive number/);
    expect(() => parseXyz('1\nx\nFe 1e999 0 0\n', 'inf.xyz')).toThrow(/inf\.xyz:3: non-numeric coordinate "1e999"/);
  });
});

describe('atoms closer than 0.5 Å are a ParseError in formats without occupancy', () => {
  it('xyz, POSCAR, PDB and MOL2 name the atoms, the distance and the line', () => {
    expect(() => parseXyz('3\nx\nFe 0 0 0\nO 2 0 0\nO 0.3 0 0\n', 'd.xyz')).toThrow(/^d\.xyz:5: atoms 1 \(Fe\) and 3 \(O\) are 0\.3 Å apart, closer than 0\.5 Å/);
    const poscar = 'x\n1.0\n4 0 0\n0 4 0\n0 0 4\nFe O\n1 1\nDirect\n0 0 0\n0.99 0 0\n';
    expect(() => parsePoscar(poscar, 'POSCAR')).toThrow(/^POSCAR:10: atoms 1 \(Fe\) and 2 \(O\) are 0\.04 Å apart/); // across the periodic boundary
    const atom = (n: number, x: string, el: string) => `HETATM${String(n).padStart(5)} ${el.padEnd(4)} LIG A   1    ${x.padStart(8)}   0.000   0.000  1.00  0.00          ${el.padStart(2)}`;
    expect(() => parseStructure([atom(1, '0.000', 'FE'), atom(2, '0.000', 'O'), ''].join('\n'), { name: 'd.pdb' })).toThrow(/^d\.pdb:2: atoms 1 \(Fe\) and 2 \(O\) are 0 Å apart/);
    const mol2 = '@<TRIPOS>MOLECULE\nx\n2 0\n@<TRIPOS>ATOM\n1 Fe1 0 0 0 Fe\n2 O1 0.1 0 0 O\n';
    expect(() => parseStructure(mol2, { name: 'd.mol2' })).toThrow(/^d\.mol2:6: atoms 1 \(Fe\) and 2 \(O\) are 0\.1 Å apart/);
  });

  it('the bound is an option, and 0.74 Å (H–H) passes by default', () => {
    expect(parseXyz('2\nH2\nH 0 0 0\nH 0.74 0 0\n', 'h2.xyz').species).toEqual(['H', 'H']);
    expect(() => parseStructure('2\nH2\nH 0 0 0\nH 0.74 0 0\n', { name: 'h2.xyz', minDistanceAngstrom: 0.8 })).toThrow(/0\.74 Å apart, closer than 0\.8 Å/);
  });

  it('findClosePair agrees with a brute-force search on random crystals and molecules', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let t = 0; t < 40; t++) {
      const n = 2 + Math.floor(rnd() * 30);
      const lattice = t % 2 ? new Lattice([4 + 4 * rnd(), 0, 0, rnd(), 4 + 4 * rnd(), 0, rnd(), rnd(), 4 + 4 * rnd()]) : null;
      const coords = Array.from({ length: 3 * n }, () => (lattice ? rnd() : 8 * rnd()));
      const s = makeStructure({ lattice, species: Array(n).fill('O'), ...(lattice ? { fracCoords: coords } : { cartCoords: coords }) });
      const minD = 1.2;
      let bruteMin = Infinity;
      for (let i = 0; i < n; i++) {
        const d = neighborsOfBruteForce(s, i, minD).distances;
        if (d.length) bruteMin = Math.min(bruteMin, d[0]!);
      }
      const pair = findClosePair(s, minD);
      expect(pair !== undefined).toBe(bruteMin < minD);
      if (pair) expect(pair.distanceAngstrom).toBeLessThan(minD);
    }
  });
});

describe('enormous atom counts are refused before allocating', () => {
  it('a count line or a symmetry expansion beyond maxAtoms is an UnsupportedError STRUCTURE_TOO_LARGE', () => {
    for (const [name, text] of [
      ['big.xyz', '99999999999\nx\nFe 0 0 0\n'],
      ['POSCAR', 'x\n1.0\n4 0 0\n0 4 0\n0 0 4\nFe\n100000000\nDirect\n0 0 0\n'],
      ['big.mol2', '@<TRIPOS>MOLECULE\nx\n100000000 0\n@<TRIPOS>ATOM\n1 Fe1 0 0 0 Fe\n'],
    ] as const) {
      const e = errorOf(() => parseStructure(text, { name }));
      expect(e).toBeInstanceOf(UnsupportedError);
      expect((e as UnsupportedError).code).toBe('STRUCTURE_TOO_LARGE');
      expect(e.message).toMatch(/limited to 10000 atoms \(option maxAtoms\)/);
    }
    const rows = Array.from({ length: 30 }, (_, k) => `O${k} ${(k / 30).toFixed(4)} 0 0`);
    expect(parseCif(cubicCif('40', rows), 'ok.cif').species).toHaveLength(30);
    const e = errorOf(() => parseStructure(cubicCif('40', rows), { name: 'many.cif', maxAtoms: 20 }));
    expect(e).toBeInstanceOf(UnsupportedError);
    expect(e.message).toMatch(/^many\.cif: more than 20 atom/);
  });

  it('a supercell beyond maxAtoms is refused before it is built', () => {
    const s = makeStructure({ lattice: Lattice.cubic(4), species: ['Na', 'Cl'], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5] });
    expect(makeSupercell(s, [2, 2, 2]).species).toHaveLength(16);
    const e = errorOf(() => makeSupercell(s, [1000, 1000, 1000]));
    expect(e).toBeInstanceOf(UnsupportedError);
    expect(e.message).toMatch(/1000×1000×1000 supercell\): more than 10000 atoms \(2000000000\)/);
  });
});

describe('the neighbour search never allocates without bound', () => {
  // Built directly (no reader), so only the neighbour search's own guards stand in the way.
  const tiny = makeStructure({ lattice: Lattice.cubic(0.01), species: ['Cu', 'O'], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5] });

  it('the 0.01 Å cell: neighbour search, wACSF, site grouping and the summary refuse with TOO_MANY_NEIGHBORS', () => {
    for (const f of [() => buildCellList(tiny, 6), () => neighborsOf(tiny, 0, 4), () => wacsfG2(tiny, 0), () => inequivalentSites(tiny, 'Cu'), () => structureSummary(tiny, 'Cu'), () => neighborsOfBruteForce(tiny, 0, 6)]) {
      const e = errorOf(f);
      expect(e).toBeInstanceOf(UnsupportedError);
      expect((e as UnsupportedError).code).toBe('TOO_MANY_NEIGHBORS');
    }
    expect(errorOf(() => buildCellList(tiny, 6)).message).toMatch(/^<text>: about 1\.8e\+9 atoms within 6 Å of one site \(at most 10000\)/);
  });

  it('a locally dense cluster in a thin cell passes the mean-density test but is stopped by the per-site bound', () => {
    // Faces 0.05 Å apart along c (each atom has a column of images 0.05 Å apart), 50 atoms within 1 Å
    // in a 100 × 100 Å plane: mean density 0.1 atoms/Å³, but ≈ 12 000 neighbours within 6 Å.
    const n = 50;
    const slab = makeStructure({ lattice: new Lattice([100, 0, 0, 0, 100, 0, 0, 0, 0.05]), species: Array(n).fill('O'), fracCoords: Array.from({ length: n }, (_, k) => [k / 5000, (k % 7) / 1000, 0]).flat() });
    const e = errorOf(() => neighborsOf(slab, 0, 6));
    expect(e).toBeInstanceOf(UnsupportedError);
    expect(e.message).toMatch(/more than 10000 atoms within 6 Å of one site/);
  });

  it('a molecule of atoms piled on one point is stopped by the per-site bound', () => {
    const pile = makeStructure({ species: Array(20_000).fill('O'), cartCoords: new Float64Array(60_000) });
    expect(errorOf(() => neighborsOf(pile, 0, 2))).toBeInstanceOf(UnsupportedError);
  });

  it('every refusal is an XasinvError with a one-line message', () => {
    for (const f of [() => parseStructure(TINY_CELL, { name: 'tiny.cif' }), () => buildCellList(tiny, 6)]) {
      const e = errorOf(f);
      expect(e).toBeInstanceOf(XasinvError);
      expect(e.message).not.toMatch(/\n/);
    }
  });
});

/** A P1-cell CIF (cubic, 8 Å) listing `operators` and the given atom rows. */
function cifWithOperators(operators: readonly string[], rows: readonly string[] = ['Fe1 0.1 0.2 0.3']): string {
  return [
    'data_ops',
    ...['a', 'b', 'c'].map((k) => `_cell_length_${k} 8`),
    '_cell_angle_alpha 90',
    '_cell_angle_beta 90',
    '_cell_angle_gamma 90',
    'loop_',
    '_space_group_symop_operation_xyz',
    ...operators.map((o) => `'${o}'`),
    'loop_',
    '_atom_site_label',
    '_atom_site_fract_x',
    '_atom_site_fract_y',
    '_atom_site_fract_z',
    '_atom_site_occupancy',
    ...rows.map((r) => (r.split(/\s+/).length === 4 ? `${r} 1` : r)),
    '',
  ].join('\n');
}

describe('symmetry operators are checked before any atom is expanded (issue 27)', () => {
  it('the 3.4 MB CIF of 125,000 operators is refused at once, naming the limit and the loop line', () => {
    const ops = Array.from({ length: 125_000 }, (_, k) => `${k % 2 ? '-x' : 'x'}+${k}/125000, -y+1/2, z+1/4`);
    const text = cifWithOperators(ops);
    expect(text.length).toBeGreaterThan(3.4e6);
    const e = errorOf(() => parseStructure(text, { name: 'ops.cif', maxAtoms: 1e9 }));
    expect(e).toBeInstanceOf(ParseError);
    expect(e.message).toMatch(/^ops\.cif:8: the _space_group_symop_operation_xyz loop lists 125000 symmetry operators; a space group has at most 192 \(48 point operations × 4 centring translations\), so more than 384 listed rows are refused before they are read$/);
  });

  it('384 listed rows are read (duplicates count once); 385 are refused; 193 distinct operators are refused with the line of the 193rd', () => {
    expect(parseCif(cifWithOperators(Array(384).fill('x,y,z')), 'dup.cif').species).toEqual(['Fe']);
    expect(() => parseCif(cifWithOperators(Array(385).fill('x,y,z')), 'dup.cif')).toThrow(/^dup\.cif:8: .* lists 385 symmetry operators/);
    // Translations by k/200 along a: 200 distinct operators (the set of a translation group in a 200-fold supercell).
    const many = Array.from({ length: 200 }, (_, k) => `x+${k}/200,y,z`);
    expect(() => parseCif(cifWithOperators(many), 'many.cif')).toThrow(/^many\.cif:202: 200 distinct symmetry operators listed \(_space_group_symop_operation_xyz\); a space group has at most 192/);
  });

  it.each([
    ['2x,y,z', /rotation part \[2 0 0; 0 1 0; 0 0 1\] has determinant 2, not ±1/],
    ['0.5x,y,z', /rotation part \[0\.5 0 0; 0 1 0; 0 0 1\] must be an integer matrix with determinant ±1/],
    ['x+y,y,z', /is not of order 1, 2, 3, 4 or 6/],
    ['x,x,z', /has determinant 0/],
  ])('operator %j is no symmetry operation: refused with its line', (op, message) => {
    const e = errorOf(() => parseCif(cifWithOperators(['x,y,z', '-x,-y,-z', op]), 'bad.cif'));
    expect(e).toBeInstanceOf(ParseError);
    expect(e.message).toMatch(/^bad\.cif:12: symmetry operation ".*" is not a crystallographic symmetry operation: /);
    expect(e.message).toMatch(message);
  });

  it('operators that do not form a group are refused, naming the two lines and the missing product', () => {
    expect(() => parseCif(cifWithOperators(['x,y,z', '-y,x,z']), 'half.cif')).toThrow(/^half\.cif:11: the listed symmetry operators do not form a group: "-y,x,z" \(line 11\) applied after "-y,x,z" \(line 11\) gives "-x,-y,z", which is not listed$/);
    expect(() => parseCif(cifWithOperators(['x,y,z', 'x+1/2,y+1/2,z', '-x,-y,-z']), 'c.cif')).toThrow(/do not form a group: .*gives "-x\+1\/2,-y\+1\/2,-z"/);
    // A complete group in any order, with translations written as decimals, is fine.
    expect(parseCif(cifWithOperators(['-x,-y,-z', 'x+0.5,y+0.5,z', 'x,y,z', '-x+0.5,-y+0.5,-z']), 'ok.cif').species).toHaveLength(4);
    expect(parseCif(cifWithOperators(['x,y,z', '-y,x-y,z+0.33333', '-x+y,-x,z+0.66667']), 'p31.cif').species).toHaveLength(3);
  });

  it('occupancy: above 1.05 (5.0) refused with its line, up to 1.05 read as 1 with a warning, 0–1 kept as given', () => {
    const e = errorOf(() => parseCif(cifWithOperators(['x,y,z'], ['Fe1 0.1 0.2 0.3 5.0']), 'occ.cif'));
    expect(e).toBeInstanceOf(ParseError);
    expect(e.message).toMatch(/^occ\.cif:17: occupancy 5\.0 of site Fe1 is above 1: an occupancy is the fraction of cells in which the site holds the atom \(0–1\)$/);
    const rounded = parseCif(cifWithOperators(['x,y,z'], ['Fe1 0.1 0.2 0.3 1.03(2)']), 'occ.cif');
    expect(rounded.occupancy![0]).toBe(1);
    expect(rounded.warnings).toContain('occ.cif:17: occupancy 1.03(2) of site Fe1 is above 1 (refinement rounding): read as 1');
    expect(parseCif(cifWithOperators(['x,y,z'], ['Fe1 0.1 0.2 0.3 0.75']), 'occ.cif').occupancy![0]).toBe(0.75);
  });
});

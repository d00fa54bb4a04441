import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { ParseError } from '../../src/errors.ts';
import { parsePoscar, parseStructure, parseXyz, readStructure, sniffStructureFormat } from '../../src/structure/index.ts';
import { dataPath } from '../helpers/data.ts';

const CUO_POSCAR = `Cu2 O2
1.0
2.933110 0.000000 0.000000
0.000000 2.933110 0.000000
0.000000 0.000000 5.133987
Cu O
2 2
direct
0.000000 0.500000 0.500000 Cu
0.500000 0.000000 0.000000 Cu
0.500000 0.500000 0.750000 O
0.500000 0.500000 0.250000 O
`;

describe('parseXyz', () => {
  it('reads symbols, atomic numbers and Fortran exponents', () => {
    const s = parseXyz('3\n  water-ish Fe  \n26 0 0 0\nO 1.0D+00 0.0 0\nh -1.5e0 0.5 0.25\n', 'm.xyz');
    expect(s.lattice).toBeNull();
    expect(s.species).toEqual(['Fe', 'O', 'H']);
    expect(Array.from(s.z)).toEqual([26, 8, 1]);
    expect(Array.from(s.cartCoords)).toEqual([0, 0, 0, 1, 0, 0, -1.5, 0.5, 0.25]);
    expect(s.name).toBe('water-ish Fe');
    expect(s.source).toBe('m.xyz');
  });

  it('checks the declared atom count and names file and line', () => {
    expect(() => parseXyz('3\nx\nFe 0 0 0\nO 1 0 0\n', 'a.xyz')).toThrow(/a\.xyz:5: blank line after 2 of 3 atoms/);
    expect(() => parseXyz('1\nx\nFe 0 0 0\nO 1 0 0\n', 'b.xyz')).toThrow(/b\.xyz:4: line 1 declares 1 atoms/);
    expect(() => parseXyz('two\nx\nFe 0 0 0\n', 'c.xyz')).toThrow(/c\.xyz:1: expected the atom count/);
  });

  it('rejects unknown elements and non-numeric coordinates with ParseError', () => {
    const e1 = (() => { try { parseXyz('1\nx\nXx 0 0 0\n', 'd.xyz'); } catch (e) { return e; } })();
    expect(e1).toBeInstanceOf(ParseError);
    expect((e1 as ParseError).line).toBe(3);
    expect((e1 as ParseError).problem).toMatch(/unknown element "Xx"/);
    expect(() => parseXyz('1\nx\nFe 0 abc 0\n', 'e.xyz')).toThrow(/e\.xyz:3: non-numeric coordinate "abc"/);
    expect(() => parseXyz('1\nx\nFe 0 0\n', 'f.xyz')).toThrow(ParseError);
    expect(() => parseXyz('1\nx\n999 0 0 0\n', 'g.xyz')).toThrow(ParseError);
  });

  it('reads a file of the Fe set: Fe is atom 0 at the origin, count matches', () => {
    const dir = dataPath('pairs', 'fe-k-fdmnes-molecules', 'xyz_train');
    const files = readdirSync(dir).slice(0, 20);
    for (const f of files) {
      const s = readStructure(`${dir}/${f}`);
      expect(s.species[0]).toBe('Fe');
      expect(Array.from(s.cartCoords.subarray(0, 3))).toEqual([0, 0, 0]);
      expect(s.species.length).toBeGreaterThanOrEqual(13);
      expect(s.species.length).toBeLessThanOrEqual(224);
    }
  });
});

describe('parsePoscar', () => {
  it('reads CuO (mp-1692): lattice, species order, direct coordinates', () => {
    const s = parsePoscar(CUO_POSCAR, 'POSCAR');
    expect(s.species).toEqual(['Cu', 'Cu', 'O', 'O']);
    expect(s.lattice!.volume).toBeCloseTo(2.93311 ** 2 * 5.133987, 6);
    expect(Array.from(s.cartCoords.subarray(6, 9))).toEqual([1.466555, 1.466555, 0.75 * 5.133987].map((x) => expect.closeTo(x, 9)));
    expect(s.name).toBe('Cu2 O2');
  });

  it('handles a negative scale (= volume), selective dynamics and Cartesian mode', () => {
    const text = 'x\n-64\n1 0 0\n0 1 0\n0 0 1\nNa Cl\n1 1\nSelective dynamics\nCartesian\n0 0 0 T T T\n0.5 0.5 0.5 F F F\n';
    const s = parsePoscar(text);
    expect(s.lattice!.volume).toBeCloseTo(64, 8);
    // Cartesian coordinates are scaled by the same factor (4).
    expect(Array.from(s.fracCoords!.subarray(3))).toEqual([0.5, 0.5, 0.5].map((x) => expect.closeTo(x, 12)));
  });

  it('accepts VASP 4 files whose comment names the elements', () => {
    const s = parsePoscar('Fe O\n1\n2 0 0\n0 2 0\n0 0 2\n1 1\nDirect\n0 0 0\n.5 .5 .5\n');
    expect(s.species).toEqual(['Fe', 'O']);
  });

  it('reports bad input with file and line', () => {
    expect(() => parsePoscar(CUO_POSCAR.replace('2 2\n', '2 3\n'), 'P1')).toThrow(/P1:13: counts line declares 5 atoms but only 4/);
    expect(() => parsePoscar(CUO_POSCAR.replace('Cu O\n', 'Cu Qq\n'), 'P2')).toThrow(/P2:6: unknown element "Qq"/);
    expect(() => parsePoscar(CUO_POSCAR.replace('0.000000 2.933110 0.000000', '0.0 x 0.0'), 'P3')).toThrow(/P3:4: expected 3 numbers for the lattice vector 2/);
    expect(() => parsePoscar(CUO_POSCAR.replace('direct', 'Fractional'), 'P4')).toThrow(/P4:8: expected "Direct" or "Cartesian"/);
    expect(() => parsePoscar(CUO_POSCAR.replace('0.500000 0.500000 0.250000 O', '0.5 0.5 zz'), 'P5')).toThrow(/P5:12:/);
    expect(() => parsePoscar('just one line', 'P6')).toThrow(ParseError);
  });
});

describe('readStructure / sniffing', () => {
  it('sniffs by extension and by content', () => {
    expect(sniffStructureFormat('', 'a/POSCAR')).toBe('poscar');
    expect(sniffStructureFormat('', 'x.CIF')).toBe('cif');
    expect(sniffStructureFormat('2\nc\nH 0 0 0\nH 0 0 .7\n')).toBe('xyz');
    expect(sniffStructureFormat('data_x\n_cell_length_a 3\n')).toBe('cif');
    expect(sniffStructureFormat(CUO_POSCAR)).toBe('poscar');
    expect(sniffStructureFormat('hello world\n')).toBeUndefined();
  });

  it('reads text and paths; unknown formats and missing files are typed errors', () => {
    expect(parseStructure(CUO_POSCAR).species.length).toBe(4);
    expect(readStructure(dataPath('pairs', 'cu-k-feff-crystals', 'materials', 'mp-1692', 'POSCAR')).species).toEqual(['Cu', 'Cu', 'O', 'O']);
    expect(() => parseStructure('hello\nworld\n', { name: 'h.txt' })).toThrow(/h\.txt: not a recognised structure format/);
    expect(() => readStructure('/nonexistent/file.cif')).toThrow(/^\/nonexistent\/file.cif: no such file$/);
  });
});

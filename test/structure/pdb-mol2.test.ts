import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.ts';
import { parseMol2, parsePdb, parseStructure, readStructure, sniffStructureFormat } from '../../src/structure/index.ts';
import { readFileSync } from 'node:fs';
import { XasinvError } from '../../src/errors.ts';
import { dataPath } from '../helpers/data.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

/** A PDB atom record in fixed columns (element in 77–78 unless `element` is ''). */
function atom(serial: number, name: string, x: number, y: number, z: number, element: string, alt = ' ', record = 'HETATM'): string {
  const f = (v: number) => v.toFixed(3).padStart(8);
  return `${record.padEnd(6)}${String(serial).padStart(5)} ${name.padEnd(4)}${alt}LIG A   1    ${f(x)}${f(y)}${f(z)}  1.00  0.00          ${element.padStart(2)}`;
}

describe('PDB reader', () => {
  it('reads ATOM/HETATM records as a molecule: element from columns 77–78 or the atom name', () => {
    const text = [
      'HEADER    IRON COMPLEX',
      'CRYST1   10.000   11.000   12.000  90.00  90.00  90.00 P 1           1',
      atom(1, 'FE1', 0, 0, 0, 'FE'),
      atom(2, ' N1', 2.0, 0, 0, ''), // one-letter element: atom name starts in column 14
      atom(3, 'CL1', 0, 2.3, 0, ''), // two-letter element: atom name starts in column 13
      atom(4, ' O1', 0, 0, 1.9, 'O', 'A'),
      atom(5, ' O1', 0, 0, 2.1, 'O', 'B'), // second location of atom 4: skipped
      'END',
    ].join('\n');
    const s = parsePdb(text, 'fe.pdb');
    expect(s.lattice).toBeNull();
    expect(s.species).toEqual(['Fe', 'N', 'Cl', 'O']);
    expect(Array.from(s.cartCoords.slice(3, 6))).toEqual([2, 0, 0]);
    expect(s.cartCoords[11]).toBeCloseTo(1.9, 6);
    expect(s.name).toBe('IRON COMPLEX');
    expect(s.warnings).toEqual([expect.stringMatching(/fe\.pdb:2: the CRYST1 cell is ignored/), expect.stringMatching(/1 alternate-location atom record/)]);
  });

  it('reads only the first MODEL and says so', () => {
    const text = ['MODEL        1', atom(1, 'FE1', 0, 0, 0, 'FE'), 'ENDMDL', 'MODEL        2', atom(1, 'FE1', 1, 0, 0, 'FE'), 'ENDMDL'].join('\n');
    const s = parsePdb(text, 'm.pdb');
    expect(s.species).toEqual(['Fe']);
    expect(s.warnings![0]).toMatch(/only the first was read/);
  });

  it('names the line and columns of a bad coordinate, an unknown element, or no atoms at all', () => {
    const bad = atom(1, 'FE1', 0, 0, 0, 'FE').replace('   0.000', '    x.yz');
    expect(() => parsePdb(`REMARK\n${bad}\n`, 'bad.pdb')).toThrow(/bad\.pdb:2: expected a coordinate in columns 31–38 \(x\)/);
    expect(() => parsePdb(atom(1, 'QQ1', 0, 0, 0, 'QQ'), 'q.pdb')).toThrow(/q\.pdb:1: unknown element/);
    expect(() => parsePdb('REMARK nothing here\n', 'empty.pdb')).toThrow(ParseError);
    expect(() => parsePdb('REMARK nothing here\n', 'empty.pdb')).toThrow(/no ATOM or HETATM records/);
  });
});

describe('MOL2 reader', () => {
  const mol2 = (atoms: string[], count = atoms.length, extra: string[] = []) =>
    ['@<TRIPOS>MOLECULE', 'FeCl4', `${count} 0 0 0 0`, 'SMALL', 'NO_CHARGES', '', '@<TRIPOS>ATOM', ...atoms, '@<TRIPOS>BOND', ...extra].join('\n');

  it('takes the element from the SYBYL type, skips dummy atoms and ignores a CRYSIN cell with a warning', () => {
    const text = mol2(['1 Fe1 0 0 0 Fe 1 RES 0', '2 Cl1 2.2 0 0 Cl 1 RES 0', '3 C1 0 1.5 0 C.3', '4 X 0 0 3 Du', '5 Br1 0 0 -2.4 Hal'], 5, ['@<TRIPOS>CRYSIN', '10 10 10 90 90 90 1 1']);
    const s = parseMol2(text, 'fe.mol2');
    expect(s.species).toEqual(['Fe', 'Cl', 'C', 'Br']); // the generic type Hal: element from the atom name
    expect(s.labels).toEqual(['Fe1', 'Cl1', 'C1', 'Br1']);
    expect(s.name).toBe('FeCl4');
    expect(s.lattice).toBeNull();
    expect(s.warnings).toEqual([expect.stringMatching(/fe\.mol2:\d+: the CRYSIN cell is ignored/), expect.stringMatching(/1 dummy atom/)]);
  });

  it('checks the declared atom count and names the line of a bad atom', () => {
    expect(() => parseMol2(mol2(['1 Fe1 0 0 0 Fe'], 2), 'short.mol2')).toThrow(/short\.mol2:3: the MOLECULE block declares 2 atoms but the ATOM block has 1/);
    expect(() => parseMol2(mol2(['1 Fe1 0 0 0 Fe', '2 Cl1 0 0 2 Cl'], 1), 'long.mol2')).toThrow(/long\.mol2:9: .*more atom lines follow/);
    expect(() => parseMol2(mol2(['1 Fe1 0 zero 0 Fe']), 'nan.mol2')).toThrow(/nan\.mol2:8: non-numeric coordinate "zero"/);
    expect(() => parseMol2(mol2(['1 Qq1 0 0 0 Qq']), 'qq.mol2')).toThrow(/qq\.mol2:8: unknown element/);
    expect(() => parseMol2('@<TRIPOS>MOLECULE\nx\nmany\n', 'count.mol2')).toThrow(/count\.mol2:3: expected the atom count/);
  });
});

describe('PDB and MOL2 through readStructure', () => {
  it('sniffs both by extension and by content', () => {
    expect(sniffStructureFormat('', 'a.pdb')).toBe('pdb');
    expect(sniffStructureFormat('', 'a.mol2')).toBe('mol2');
    expect(sniffStructureFormat(`${atom(1, 'FE1', 0, 0, 0, 'FE')}\n`)).toBe('pdb');
    expect(sniffStructureFormat('# made by hand\n@<TRIPOS>MOLECULE\nx\n1\n')).toBe('mol2');
    expect(parseStructure(`${atom(1, 'FE1', 0, 0, 0, 'FE')}\n`).species).toEqual(['Fe']);
  });

  it('reads a CSD complex exported as PDB and as MOL2 to the same atoms', () => {
    const dir = ['structures', 'larch-structuredata', 'structure2feff'];
    const pdb = readStructure(dataPath(...dir, 'tBu3CpRu2H4.pdb'));
    const mol = readStructure(dataPath(...dir, 'tBu3CpRu2H4.mol2'));
    expect(pdb.species).toHaveLength(98);
    expect(mol.species).toEqual(pdb.species);
    for (let i = 0; i < pdb.cartCoords.length; i++) expect(Math.abs(mol.cartCoords[i]! - pdb.cartCoords[i]!)).toBeLessThan(1e-3);
  });
});

describe('PDB and MOL2 readers on damaged files', () => {
  it('answer 2000 randomly damaged CSD exports with a structure or a ParseError/InputError, never another exception', () => {
    const dir = ['structures', 'larch-structuredata', 'structure2feff'];
    const seeds = [
      { name: 'x.pdb', text: readFileSync(dataPath(...dir, 'tBu3CpRu2H4.pdb'), 'utf8') },
      { name: 'x.mol2', text: readFileSync(dataPath(...dir, 'tBu3CpRu2H4.mol2'), 'utf8') },
    ];
    const rnd = seededRandom(12345);
    const other: string[] = [];
    let read = 0;
    for (let it = 0; it < 2000; it++) {
      const { name, text } = seeds[it % 2]!;
      const chars = text.split('');
      for (let e = 1 + Math.floor(rnd() * 20); e > 0; e--) {
        const p = Math.floor(rnd() * chars.length);
        const op = rnd();
        if (op < 0.4) chars[p] = String.fromCharCode(32 + Math.floor(rnd() * 95)); // replace a character
        else if (op < 0.7) chars.splice(p, Math.floor(rnd() * 40)); // cut a run
        else chars.splice(p, 0, '\n'); // break a line
      }
      try {
        parseStructure(chars.join(''), { name });
        read++;
      } catch (err) {
        if (!(err instanceof XasinvError)) other.push(`${(err as Error).name}: ${(err as Error).message}`);
      }
    }
    expect(other).toEqual([]);
    expect(read).toBeGreaterThan(0); // some damage (e.g. in a comment) leaves a readable file
  });
});

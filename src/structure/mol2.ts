/**
 * Tripos MOL2 reader: the `@<TRIPOS>ATOM` block of the first molecule (`id name x y z type …`),
 * coordinates in Å, the element from the SYBYL atom type (`C.3` → C, `Fe` → Fe) or, for types that
 * are not elements, from the atom name. Dummy atoms and lone pairs (`Du`, `LP`) are skipped with a
 * warning. Read as a molecule: a `@<TRIPOS>CRYSIN` cell is reported and ignored (for a periodic
 * crystal use its CIF). The atom count of the MOLECULE block is checked.
 */
import { readFileSync } from 'node:fs';
import { findElement } from '../elements/index.ts';
import { ParseError } from '../errors.ts';
import { parseReal, splitFields, splitLines } from './parse-number.ts';
import { checkAtomCount, checkStructureLimits, STRUCTURE_LIMITS, type StructureLimitOptions } from './limits.ts';
import { makeStructure, type Structure } from './structure.ts';

/** SYBYL types that are not atoms (dummy atoms, lone pairs). Generic types (Any, Hal, Het, Hev) fall back to the atom name. */
const NOT_ATOMS = new Set(['du', 'lp']);

/**
 * Parse MOL2 text into a molecule (`lattice: null`).
 *
 * @example
 * parseMol2('@<TRIPOS>MOLECULE\nFeCl\n2 1\n@<TRIPOS>ATOM\n1 Fe1 0 0 0 Fe\n2 Cl1 2.2 0 0 Cl\n').species; // ['Fe', 'Cl']
 * @throws ParseError naming the line: missing blocks, a bad count or coordinate, an unknown element, atoms closer
 *   than `minDistanceAngstrom`; UnsupportedError (`STRUCTURE_TOO_LARGE`) when the count passes `maxAtoms`.
 */
export function parseMol2(text: string, name = '<text>', limits: StructureLimitOptions = {}): Structure {
  const lines = splitLines(text);
  const start = lines.findIndex((l) => /^@<TRIPOS>MOLECULE\b/i.test(l.trim()));
  if (start < 0) throw new ParseError(name, undefined, 'no @<TRIPOS>MOLECULE block: not a MOL2 structure');
  const title = lines[start + 1]?.trim() || undefined;
  const countLine = lines[start + 2] ?? '';
  const declared = Number(splitFields(countLine)[0]);
  if (!Number.isInteger(declared) || declared <= 0) {
    throw new ParseError(name, start + 3, `expected the atom count (a positive integer) first on this MOLECULE line, found ${JSON.stringify(countLine.trim())}`);
  }
  checkAtomCount(declared, limits.maxAtoms ?? STRUCTURE_LIMITS.maxAtoms, name);
  const species: string[] = [];
  const cart: number[] = [];
  const labels: string[] = [];
  const lineOfAtom: number[] = [];
  const warnings: string[] = [];
  let section = '';
  let sawAtoms = false;
  let read = 0;
  let skipped = 0;
  for (let i = start + 3; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (/^@<TRIPOS>MOLECULE\b/i.test(line)) {
      warnings.push(`${name}: more molecules from line ${i + 1}; only the first was read`);
      break;
    }
    if (/^@<TRIPOS>/i.test(line)) {
      section = line.slice(9).trim().toUpperCase();
      if (section === 'ATOM') sawAtoms = true;
      if (section === 'CRYSIN') warnings.push(`${name}:${i + 1}: the CRYSIN cell is ignored: the atoms are read as a molecule (for a periodic crystal use its CIF)`);
      continue;
    }
    if (section !== 'ATOM' || line === '' || line.startsWith('#')) continue;
    if (read >= declared) throw new ParseError(name, i + 1, `the MOLECULE block declares ${declared} atoms but more atom lines follow`);
    const f = splitFields(line);
    if (f.length < 6) throw new ParseError(name, i + 1, `expected "id name x y z type", found ${JSON.stringify(line)}`);
    read++;
    const type = f[5]!;
    const base = type.split('.')[0]!;
    if (NOT_ATOMS.has(base.toLowerCase())) {
      skipped++;
      continue;
    }
    const el = findElement(base) ?? findElement(f[1]!.replace(/[^A-Za-z].*$/, ''));
    if (!el) throw new ParseError(name, i + 1, `unknown element: atom type ${JSON.stringify(type)}, atom name ${JSON.stringify(f[1])}`);
    for (let k = 2; k <= 4; k++) {
      const v = parseReal(f[k]!);
      if (v === undefined) throw new ParseError(name, i + 1, `non-numeric coordinate ${JSON.stringify(f[k])} in column ${k + 1}`);
      cart.push(v);
    }
    species.push(el.symbol);
    labels.push(f[1]!);
    lineOfAtom.push(i + 1);
  }
  if (!sawAtoms) throw new ParseError(name, undefined, 'no @<TRIPOS>ATOM block after the MOLECULE block');
  if (read < declared) throw new ParseError(name, start + 3, `the MOLECULE block declares ${declared} atoms but the ATOM block has ${read}`);
  if (skipped) warnings.push(`${name}: ${skipped} dummy atom(s) or lone pair(s) skipped`);
  if (species.length === 0) throw new ParseError(name, undefined, 'the ATOM block holds no real atoms');
  const structure = makeStructure({ lattice: null, species, cartCoords: cart, labels, name: title, source: name, warnings });
  checkStructureLimits(structure, limits, (k) => lineOfAtom[k]);
  return structure;
}

/** Read a MOL2 file (see {@link parseMol2}). @example readMol2('complex.mol2').species.length */
export function readMol2(path: string, limits: StructureLimitOptions = {}): Structure {
  return parseMol2(readFileSync(path, 'utf8'), path, limits);
}

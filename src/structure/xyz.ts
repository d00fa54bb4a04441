/**
 * XYZ reader: line 1 the atom count (checked), line 2 a comment (used as the name), then
 * `El x y z` or `Z x y z` (atomic numbers, as in the XANESNET Fe set) in Å.
 */
import { readFileSync } from 'node:fs';
import { findElement } from '../elements/index.ts';
import { ParseError } from '../errors.ts';
import { parseReal, splitFields, splitLines } from './parse-number.ts';
import { checkAtomCount, checkStructureLimits, STRUCTURE_LIMITS, type StructureLimitOptions } from './limits.ts';
import { makeStructure, type Structure } from './structure.ts';

/**
 * Parse XYZ text into a molecule (`lattice: null`). Extra columns after z (charges, forces) are ignored;
 * a second frame (multi-frame files) is ignored with a warning.
 *
 * @example
 * const s = parseXyz('2\nFeO\n26 0 0 0\nO 2.0 0 0\n', 'feo.xyz');
 * s.species; // ['Fe', 'O']
 * @throws ParseError naming the line: bad count, count mismatch, unknown element, non-numeric coordinate, atoms
 *   closer than `minDistanceAngstrom`; UnsupportedError (`STRUCTURE_TOO_LARGE`) when line 1 declares more than `maxAtoms`.
 */
export function parseXyz(text: string, name = '<text>', limits: StructureLimitOptions = {}): Structure {
  const lines = splitLines(text);
  const count = Number(lines[0]?.trim());
  if (!Number.isInteger(count) || count <= 0 || !/^\s*\d+\s*$/.test(lines[0] ?? '')) {
    throw new ParseError(name, 1, `expected the atom count (a positive integer) on line 1, found ${JSON.stringify(lines[0] ?? '')}`);
  }
  checkAtomCount(count, limits.maxAtoms ?? STRUCTURE_LIMITS.maxAtoms, name);
  const comment = (lines[1] ?? '').trim();
  const species: string[] = [];
  const cart: number[] = [];
  let i = 2;
  for (; i < lines.length && species.length < count; i++) {
    const line = lines[i]!;
    const f = splitFields(line);
    if (f.length === 0) {
      throw new ParseError(name, i + 1, `blank line after ${species.length} of ${count} atoms (line 1 declares ${count})`);
    }
    if (f.length < 4) throw new ParseError(name, i + 1, `expected "element x y z", found ${JSON.stringify(line.trim())}`);
    const el = /^\d+$/.test(f[0]!) ? findElement(Number(f[0])) : findElement(f[0]!.replace(/[^A-Za-z]+$/, ''));
    if (!el) throw new ParseError(name, i + 1, `unknown element ${JSON.stringify(f[0])}`);
    for (let k = 1; k <= 3; k++) {
      const v = parseReal(f[k]!);
      if (v === undefined) throw new ParseError(name, i + 1, `non-numeric coordinate ${JSON.stringify(f[k])} in column ${k + 1}`);
      cart.push(v);
    }
    species.push(el.symbol);
  }
  if (species.length < count) {
    throw new ParseError(name, lines.length, `line 1 declares ${count} atoms but the file has ${species.length}`);
  }
  const warnings: string[] = [];
  const rest = lines.slice(i).filter((l) => l.trim() !== '');
  if (rest.length > 0) {
    if (/^\s*\d+\s*$/.test(rest[0]!)) warnings.push(`${name}: more frames after line ${i}; only the first frame was read`);
    else throw new ParseError(name, i + 1, `line 1 declares ${count} atoms but more atom lines follow`);
  }
  const structure = makeStructure({ lattice: null, species, cartCoords: cart, name: comment || undefined, source: name, warnings });
  checkStructureLimits(structure, limits, (k) => k + 3);
  return structure;
}

/** Read an XYZ file (see {@link parseXyz}). @example readXyz('mol.xyz').species.length */
export function readXyz(path: string, limits: StructureLimitOptions = {}): Structure {
  return parseXyz(readFileSync(path, 'utf8'), path, limits);
}

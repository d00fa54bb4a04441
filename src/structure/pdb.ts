/**
 * PDB reader (ATOM/HETATM records, fixed columns): coordinates in Å from columns 31–54, the element
 * from columns 77–78 or, when those are blank, from the atom name (columns 13–16). Read as a
 * molecule: a CRYST1 cell is reported and ignored, because a PDB file lists the asymmetric unit
 * (or one molecule) and treating it as P1 would invent the neighbours of a crystal — use the CIF for
 * that. Only the first MODEL and the first alternate location of each atom are read.
 */
import { readFileSync } from 'node:fs';
import { findElement } from '../elements/index.ts';
import { ParseError } from '../errors.ts';
import { parseReal, splitLines } from './parse-number.ts';
import { checkAtomCount, checkStructureLimits, STRUCTURE_LIMITS, type StructureLimitOptions } from './limits.ts';
import { makeStructure, type Structure } from './structure.ts';

/** Element of an atom record: columns 77–78, else the atom name (two-letter elements start in column 13). */
function elementOf(line: string): string | undefined {
  const given = line.slice(76, 78).trim();
  if (given) return findElement(given.replace(/[^A-Za-z]/g, ''))?.symbol;
  const name = line.slice(12, 16);
  const letters = name.replace(/[^A-Za-z]/g, '');
  // Column 13 holds a letter only for two-letter elements (FE, CL …); else the element is column 14.
  if (/[A-Za-z]/.test(name[0] ?? '') && letters.length >= 2) {
    const two = findElement(letters.slice(0, 2));
    if (two) return two.symbol;
  }
  return letters ? findElement(letters[0]!)?.symbol : undefined;
}

/**
 * Parse PDB text into a molecule (`lattice: null`).
 *
 * @example
 * parsePdb('HETATM    1 FE   HEM A   1       0.000   0.000   0.000  1.00  0.00          FE\n').species; // ['Fe']
 * @throws ParseError naming the line: a coordinate that is not a number, an unknown element, no atom records, atoms
 *   closer than `minDistanceAngstrom`; UnsupportedError (`STRUCTURE_TOO_LARGE`) for more than `maxAtoms` atoms.
 */
export function parsePdb(text: string, name = '<text>', limits: StructureLimitOptions = {}): Structure {
  const maxAtoms = limits.maxAtoms ?? STRUCTURE_LIMITS.maxAtoms;
  const lines = splitLines(text);
  const species: string[] = [];
  const cart: number[] = [];
  const labels: string[] = [];
  const lineOfAtom: number[] = [];
  const warnings: string[] = [];
  let title: string | undefined;
  let altSkipped = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const record = line.slice(0, 6).trim().toUpperCase();
    // Only the first model: stop at the next MODEL record, or at ENDMDL when more atoms follow.
    if ((record === 'MODEL' || record === 'ENDMDL') && species.length > 0) {
      if (record === 'MODEL' || lines.slice(i + 1).some((l) => /^(ATOM  |HETATM)/i.test(l))) warnings.push(`${name}: more models from line ${i + 1}; only the first was read`);
      break;
    }
    if ((record === 'COMPND' || record === 'TITLE' || record === 'HEADER') && !title) title = line.slice(10).trim() || undefined;
    if (record === 'CRYST1') {
      const cell = line.slice(6, 54).trim().split(/\s+/).map(Number);
      const dummy = cell.length >= 3 && cell.slice(0, 3).every((v) => v === 1);
      if (!dummy) warnings.push(`${name}:${i + 1}: the CRYST1 cell is ignored: the atoms are read as a molecule (for a periodic crystal use its CIF)`);
      continue;
    }
    if (record !== 'ATOM' && record !== 'HETATM') continue;
    const alt = line[16] ?? ' ';
    if (alt !== ' ' && alt !== 'A' && alt !== '1') {
      altSkipped++;
      continue;
    }
    const xyz = [line.slice(30, 38), line.slice(38, 46), line.slice(46, 54)].map((t) => parseReal(t));
    const bad = xyz.findIndex((v) => v === undefined);
    if (bad >= 0) {
      const cols = ['31–38 (x)', '39–46 (y)', '47–54 (z)'][bad];
      throw new ParseError(name, i + 1, `expected a coordinate in columns ${cols} of the ${record} record, found ${JSON.stringify([line.slice(30, 38), line.slice(38, 46), line.slice(46, 54)][bad]!.trim())}`);
    }
    const el = elementOf(line);
    if (!el) throw new ParseError(name, i + 1, `unknown element: columns 77–78 ${JSON.stringify(line.slice(76, 78).trim())}, atom name ${JSON.stringify(line.slice(12, 16).trim())}`);
    species.push(el);
    cart.push(...(xyz as number[]));
    labels.push(line.slice(12, 16).trim() || el);
    lineOfAtom.push(i + 1);
    checkAtomCount(species.length, maxAtoms, name);
  }
  if (species.length === 0) throw new ParseError(name, undefined, 'no ATOM or HETATM records: not a PDB structure');
  if (altSkipped) warnings.push(`${name}: ${altSkipped} alternate-location atom record(s) skipped (only the first location of each atom is read)`);
  const structure = makeStructure({ lattice: null, species, cartCoords: cart, labels, name: title, source: name, warnings });
  checkStructureLimits(structure, limits, (k) => lineOfAtom[k]);
  return structure;
}

/** Read a PDB file (see {@link parsePdb}). @example readPdb('complex.pdb').species.length */
export function readPdb(path: string, limits: StructureLimitOptions = {}): Structure {
  return parsePdb(readFileSync(path, 'utf8'), path, limits);
}

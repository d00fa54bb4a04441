/**
 * VASP POSCAR/CONTCAR reader (VASP 5 layout; VASP 4 files without a species line are accepted when
 * the comment line starts with the element symbols).
 */
import { readFileSync } from 'node:fs';
import { findElement } from '../elements/index.ts';
import { InputError, ParseError } from '../errors.ts';
import { Lattice } from './lattice.ts';
import { parseReal, splitFields, splitLines } from './parse-number.ts';
import { checkAtomCount, checkStructureLimits, STRUCTURE_LIMITS, type StructureLimitOptions } from './limits.ts';
import { makeStructure, type Structure } from './structure.ts';

/**
 * Parse POSCAR text: comment, scale (negative = target volume in Å³, or three per-axis factors),
 * 3 lattice rows (Å), species line, counts line, optional `Selective dynamics`, `Direct`/`Cartesian`,
 * then one coordinate row per atom (extra columns such as `T T F` or a species label are ignored).
 *
 * @example
 * const s = parsePoscar('CuO\n1.0\n2.93 0 0\n0 2.93 0\n0 0 5.13\nCu O\n2 2\nDirect\n0 .5 .5\n.5 0 0\n.5 .5 .75\n.5 .5 .25\n', 'POSCAR');
 * s.species; // ['Cu', 'Cu', 'O', 'O']
 * @throws ParseError naming the line for a bad scale, lattice row, species, count or coordinate, a cell thinner than
 *   `minDistanceAngstrom` or atoms closer than that; UnsupportedError (`STRUCTURE_TOO_LARGE`) for more than `maxAtoms` atoms.
 */
export function parsePoscar(text: string, name = '<text>', limits: StructureLimitOptions = {}): Structure {
  const lines = splitLines(text);
  let ln = 0; // 0-based index of the next line
  const need = (what: string): string[] => {
    while (ln < lines.length && lines[ln]!.trim() === '' && ln > 0) ln++;
    if (ln >= lines.length) throw new ParseError(name, ln + 1, `file ends before the ${what}`);
    return splitFields(lines[ln++]!);
  };
  const nums = (f: string[], n: number, what: string): number[] => {
    const out: number[] = [];
    for (let k = 0; k < n; k++) {
      const v = f[k] === undefined ? undefined : parseReal(f[k]!);
      if (v === undefined) throw new ParseError(name, ln, `expected ${n} numbers for the ${what}, found ${JSON.stringify(f.join(' '))}`);
      out.push(v);
    }
    return out;
  };

  const comment = (lines[ln++] ?? '').trim();
  const scaleFields = need('scale factor');
  const scale = nums(scaleFields, scaleFields.length >= 3 && parseReal(scaleFields[2]!) !== undefined ? 3 : 1, 'scale factor');
  const rows: number[][] = [];
  for (let r = 0; r < 3; r++) rows.push(nums(need(`lattice vector ${r + 1}`), 3, `lattice vector ${r + 1}`));

  let speciesNames: string[];
  let f = need('species or counts line');
  if (f.every((t) => /^\d+$/.test(t))) {
    // VASP 4: no species line; take symbols from the comment.
    speciesNames = splitFields(comment).slice(0, f.length);
    if (speciesNames.length < f.length || speciesNames.some((s) => !findElement(cleanSymbol(s)))) {
      throw new ParseError(name, ln, 'no species line (VASP 4 layout) and the comment line does not name the elements');
    }
  } else {
    speciesNames = f;
    f = need('counts line');
  }
  const symbols = speciesNames.map((s) => {
    const el = findElement(cleanSymbol(s));
    if (!el) throw new ParseError(name, ln - 1, `unknown element ${JSON.stringify(s)} in the species line`);
    return el.symbol;
  });
  const counts = f.map((t) => {
    if (!/^\d+$/.test(t)) throw new ParseError(name, ln, `non-integer atom count ${JSON.stringify(t)}`);
    return Number(t);
  });
  if (counts.length !== symbols.length) {
    throw new ParseError(name, ln, `${symbols.length} species but ${counts.length} counts`);
  }
  let mode = need('coordinate mode (Direct/Cartesian)');
  if (/^s/i.test(mode[0] ?? '')) mode = need('coordinate mode (Direct/Cartesian)');
  const m0 = (mode[0] ?? '').toLowerCase();
  let cartesian: boolean;
  if (m0.startsWith('c') || m0.startsWith('k')) cartesian = true;
  else if (m0.startsWith('d')) cartesian = false;
  else throw new ParseError(name, ln, `expected "Direct" or "Cartesian", found ${JSON.stringify(mode.join(' '))}`);

  const latticeOf = (vectors: number[][]): Lattice => {
    try {
      return new Lattice(vectors);
    } catch (e) {
      if (e instanceof InputError) throw new ParseError(name, 3, e.message, { cause: e });
      throw e;
    }
  };
  let lattice = latticeOf(rows);
  let factors: number[];
  if (scale.length === 3) factors = scale;
  else if (scale[0]! < 0) factors = Array(3).fill(Math.cbrt(-scale[0]! / Math.abs(lattice.volume)));
  else if (scale[0]! > 0) factors = [scale[0]!, scale[0]!, scale[0]!];
  else throw new ParseError(name, 2, 'scale factor is zero');
  lattice = latticeOf(rows.map((r) => r.map((v, k) => v * factors[k]!)));

  const species: string[] = [];
  const coords: number[] = [];
  const lineOfAtom: number[] = [];
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) throw new ParseError(name, ln, 'no atoms (all counts are zero)');
  checkAtomCount(total, limits.maxAtoms ?? STRUCTURE_LIMITS.maxAtoms, name);
  counts.forEach((c, s) => {
    for (let k = 0; k < c; k++) {
      lineOfAtom.push(ln + 1);
      if (ln >= lines.length || lines[ln]!.trim() === '') {
        throw new ParseError(name, ln + 1, `counts line declares ${total} atoms but only ${species.length} coordinate rows follow`);
      }
      coords.push(...nums(splitFields(lines[ln++]!), 3, `coordinates of atom ${species.length + 1}`));
      species.push(symbols[s]!);
    }
  });
  const base = { lattice, species, name: comment || undefined, source: name };
  let structure: Structure;
  try {
    structure = cartesian ? makeStructure({ ...base, cartCoords: coords.map((v, i) => v * factors[i % 3]!) }) : makeStructure({ ...base, fracCoords: coords });
  } catch (e) {
    if (e instanceof InputError) throw new ParseError(name, undefined, e.message, { cause: e }); // e.g. a coordinate that overflows once scaled
    throw e;
  }
  checkStructureLimits(structure, limits, (i) => lineOfAtom[i]);
  return structure;
}

/** Read a POSCAR/CONTCAR file (see {@link parsePoscar}). @example readPoscar('mp-1692/POSCAR').lattice?.volume */
export function readPoscar(path: string, limits: StructureLimitOptions = {}): Structure {
  return parsePoscar(readFileSync(path, 'utf8'), path, limits);
}

/** `Cu_pv`, `Fe/abc123` (POTCAR-style names) → `Cu`, `Fe`. */
function cleanSymbol(s: string): string {
  return s.split(/[_/]/)[0]!;
}

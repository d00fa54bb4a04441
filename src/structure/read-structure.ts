/**
 * One entry point for structure files: sniffs CIF / POSCAR / XYZ / PDB / MOL2 from the extension or the content.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { InputError, ParseError } from '../errors.ts';
import { parseCif } from './cif.ts';
import { parsePoscar } from './poscar.ts';
import type { Structure, StructureFormat } from './structure.ts';
import { parseXyz } from './xyz.ts';
import { parseMol2 } from './mol2.ts';
import { parsePdb } from './pdb.ts';
import { splitLines } from './parse-number.ts';
import type { StructureLimitOptions } from './limits.ts';

/** Options of {@link readStructure} / {@link parseStructure}; `maxAtoms` and `minDistanceAngstrom` override `STRUCTURE_LIMITS`. */
export interface ReadStructureOptions extends StructureLimitOptions {
  /** Skip sniffing. */
  format?: StructureFormat;
  /** Name used in messages and `source` when parsing text. Default `<text>`. */
  name?: string;
}

/**
 * Guess the format from a file name (`.cif`, `.xyz`, `POSCAR*`/`CONTCAR*`/`.vasp`, `.pdb`/`.ent`, `.mol2`) or else the content.
 * @example sniffStructureFormat('data_x\n_cell_length_a 1\n') // 'cif'
 */
export function sniffStructureFormat(text: string, fileName = ''): StructureFormat | undefined {
  const base = basename(fileName).toLowerCase();
  if (base.endsWith('.cif') || base.endsWith('.mcif')) return 'cif';
  if (base.endsWith('.xyz')) return 'xyz';
  if (/^(poscar|contcar)/.test(base) || base.endsWith('.vasp') || base.endsWith('.poscar')) return 'poscar';
  if (base.endsWith('.pdb') || base.endsWith('.ent')) return 'pdb';
  if (base.endsWith('.mol2')) return 'mol2';
  const lines = splitLines(text);
  text = lines.join('\n'); // one line ending, so that `^` in the patterns below sees every line start
  if (/^\s*@<TRIPOS>MOLECULE\b/im.test(text)) return 'mol2';
  if (/^(ATOM  |HETATM)[\s\d]{5} /m.test(text)) return 'pdb';
  if (/^\s*\d+\s*$/.test(lines[0] ?? '')) return 'xyz';
  if (/^\s*(data_|loop_|_cell_|#\\#CIF)/m.test(text) && /_atom_site_|_cell_length/.test(text)) return 'cif';
  const num = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?\s*$/;
  const row = /^\s*(\S+\s+){2}\S+\s*$/;
  if (num.test(lines[1] ?? '') && [2, 3, 4].every((k) => row.test(lines[k] ?? ''))) return 'poscar';
  return undefined;
}

/**
 * Parse structure text of any supported format.
 * @example parseStructure('1\nFe atom\nFe 0 0 0\n').species // ['Fe']
 * @throws ParseError when the format cannot be recognised or the content is bad (including a cell thinner than, or
 *   atoms closer than, 0.5 Å); UnsupportedError (`STRUCTURE_TOO_LARGE`) beyond `maxAtoms` atoms.
 */
export function parseStructure(text: string, { format, name = '<text>', ...limits }: ReadStructureOptions = {}): Structure {
  const fmt = format ?? sniffStructureFormat(text, name);
  switch (fmt) {
    case 'cif':
      return parseCif(text, name, limits);
    case 'poscar':
      return parsePoscar(text, name, limits);
    case 'xyz':
      return parseXyz(text, name, limits);
    case 'pdb':
      return parsePdb(text, name, limits);
    case 'mol2':
      return parseMol2(text, name, limits);
    default:
      throw new ParseError(name, undefined, 'not a recognised structure format (expected CIF, POSCAR, XYZ, PDB or MOL2)');
  }
}

/**
 * Read a structure from a path, or from text when `pathOrText` contains a newline.
 *
 * @example
 * readStructure('../shared/data/pairs/cu-k-feff-crystals/materials/mp-1692/POSCAR').species; // ['Cu', 'Cu', 'O', 'O']
 * readStructure('2\nFeO\nFe 0 0 0\nO 2 0 0\n', { name: 'feo.xyz' }).lattice; // null
 */
export function readStructure(pathOrText: string, options: ReadStructureOptions = {}): Structure {
  if (pathOrText.includes('\n')) return parseStructure(pathOrText, options);
  let text: string;
  try {
    text = readFileSync(pathOrText, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new InputError(`${pathOrText} is a folder, not a structure file: give one CIF, POSCAR, XYZ, PDB or MOL2 file (xasinv rank takes folders of candidates)`);
    if (code === 'ENOENT') throw new InputError(`${pathOrText}: no such file`);
    throw new InputError(`cannot read structure file ${pathOrText}: ${code ?? (e as Error).message}`);
  }
  return parseStructure(text, { ...options, name: options.name ?? pathOrText });
}

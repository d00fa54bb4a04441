/**
 * CIF atom sites as written: the cell, the symmetry operations and every `_atom_site_` row expanded
 * to the full cell (symmetry copies of one row merged with periodic wrap), each listed occupant kept
 * with its occupancy. Deciding which occupant a shared position holds is `occupancy.ts`'s job.
 */
import { findElement } from '../elements/index.ts';
import { InputError, ParseError } from '../errors.ts';
import { parseCifBlocks, isCifNull, type CifBlock, type CifLoop, type CifValue } from './cif-syntax.ts';
import { Lattice } from './lattice.ts';
import { cellSizeProblem, checkAtomCount, STRUCTURE_LIMITS, type StructureLimitOptions } from './limits.ts';
import { parseReal } from './parse-number.ts';
import { applySymmetryOperation, parseSymmetryOperation, type SymmetryOperation } from './symmetry-operation.ts';

/** Options of {@link readCifSites} (and of `parseCif`). */
export interface CifOptions extends StructureLimitOptions {
  /** Symmetry copies of one row closer than this (Å, with periodic wrap) are one site. Default 0.01 Å. */
  mergeToleranceAngstrom?: number;
}

/** One atom of the expanded cell as the file lists it (possibly one of several occupants of a position). */
export interface CifAtomSite {
  symbol: string;
  /** `_atom_site_label` (the symbol when absent). */
  label: string;
  /** Fractional coordinates wrapped into [0, 1). */
  fracCoords: [number, number, number];
  /** `_atom_site_occupancy`, 1 when absent. */
  occupancy: number;
  /** 1-based line of the row. */
  line: number;
}

/** What {@link readCifSites} returns. */
export interface CifSites {
  lattice: Lattice;
  sites: CifAtomSite[];
  /** Mineral or common name, else the data block name. */
  title?: string;
  warnings: string[];
}

const OPERATION_TAGS = ['_space_group_symop_operation_xyz', '_symmetry_equiv_pos_as_xyz', '_space_group_symop.operation_xyz', '_symmetry_equiv.pos_as_xyz'];

/**
 * Read the first data block with an `_atom_site_` loop of fractional coordinates and expand it to the
 * full cell. Species come from `_atom_site_type_symbol`, else from the label (`Fe1`, `O2-`, `OH`,
 * `Wat`, `SiT`…), checked against `_chemical_formula_sum` when given. Every listed occupant is kept:
 * sites may share a position (mixed occupancy) — see `resolveSharedSites`.
 *
 * @example
 * const { sites } = readCifSites(readFileSync('amcsd_0000001_Augite.cif', 'utf8'), 'augite.cif');
 * sites.filter((s) => s.symbol === 'Fe').length; // 8 (Fe1 on M2, Fe2 on M1, 4 each)
 * @throws ParseError naming the file, line and problem (missing or too small cell, unknown element, bad number, bad operator …);
 *   UnsupportedError (`STRUCTURE_TOO_LARGE`) when the expansion passes `maxAtoms` positions.
 */
export function readCifSites(
  text: string,
  name = '<text>',
  { mergeToleranceAngstrom = 0.01, maxAtoms = STRUCTURE_LIMITS.maxAtoms, minDistanceAngstrom = STRUCTURE_LIMITS.minDistanceAngstrom }: CifOptions = {},
): CifSites {
  const blocks = parseCifBlocks(text, name);
  const block = blocks.find((b) => findAtomLoop(b) !== undefined);
  if (!block) throw new ParseError(name, undefined, 'no data block has an _atom_site_ loop with _atom_site_fract_x/y/z');
  const warnings: string[] = [];
  const lattice = readCell(block, name, warnings);
  const tooSmall = cellSizeProblem(lattice, minDistanceAngstrom);
  if (tooSmall) throw new ParseError(name, block.items.get('_cell_length_a')?.line, tooSmall);
  const ops = readOperations(block, name, warnings);
  const formulaElements = readFormulaElements(block);
  const loop = findAtomLoop(block)!;
  const col = (tag: string) => loop.tags.indexOf(tag);
  const [ix, iy, iz] = ['_atom_site_fract_x', '_atom_site_fract_y', '_atom_site_fract_z'].map(col) as [number, number, number];
  const iLabel = col('_atom_site_label');
  const iType = col('_atom_site_type_symbol');
  const iOcc = col('_atom_site_occupancy');

  const m = lattice.matrix;
  const tol2 = mergeToleranceAngstrom * mergeToleranceAngstrom;
  const isClose = (p: ArrayLike<number>, q: ArrayLike<number>, at: number): boolean => {
    let d0 = p[0]! - q[at]!, d1 = p[1]! - q[at + 1]!, d2 = p[2]! - q[at + 2]!;
    d0 -= Math.round(d0); d1 -= Math.round(d1); d2 -= Math.round(d2);
    const x = d0 * m[0]! + d1 * m[3]! + d2 * m[6]!;
    const y = d0 * m[1]! + d1 * m[4]! + d2 * m[7]!;
    const z = d0 * m[2]! + d1 * m[5]! + d2 * m[8]!;
    return x * x + y * y + z * z < tol2;
  };
  const sites: CifAtomSite[] = [];
  for (const row of loop.rows) {
    const labelV = iLabel >= 0 ? row[iLabel] : undefined;
    const typeV = iType >= 0 ? row[iType] : undefined;
    const label = labelV && !isCifNull(labelV) ? labelV.text : '';
    const symbol = typeV && !isCifNull(typeV) ? symbolFromLabel(typeV.text, formulaElements) ?? symbolFromLabel(label, formulaElements) : symbolFromLabel(label, formulaElements);
    if (!symbol) {
      const v = typeV && !isCifNull(typeV) ? typeV : labelV;
      throw new ParseError(name, v?.line ?? loop.line, `unknown element in atom site ${JSON.stringify(v?.text ?? '')}`);
    }
    const xyz = [ix, iy, iz].map((k, c) => {
      const v = row[k]!;
      const num = isCifNull(v) ? undefined : parseReal(v.text);
      if (num === undefined) throw new ParseError(name, v.line, `non-numeric fractional ${'xyz'[c]} ${JSON.stringify(v.text)} for site ${label || symbol}`);
      return num;
    });
    const line = row[ix]!.line;
    let occupancy = 1;
    if (iOcc >= 0 && !isCifNull(row[iOcc])) {
      const v = row[iOcc]!;
      const o = parseReal(v.text);
      if (o === undefined || o < 0) throw new ParseError(name, v.line, `bad occupancy ${JSON.stringify(v.text)} for site ${label || symbol}`);
      occupancy = o;
    }
    // Symmetry images of this row, deduplicated with periodic wrap.
    const images: number[] = [];
    for (const op of ops) {
      const p = applySymmetryOperation(op, xyz).map(wrapUnit);
      if (!p.every(Number.isFinite)) throw new ParseError(name, line, `symmetry operation ${JSON.stringify(op.text)} takes site ${label || symbol} to a non-finite position`);
      let dup = false;
      for (let k = 0; k < images.length && !dup; k += 3) dup = isClose(p, images, k);
      if (!dup) images.push(...p);
    }
    for (let k = 0; k < images.length; k += 3) {
      sites.push({ symbol, label: label || symbol, fracCoords: [images[k]!, images[k + 1]!, images[k + 2]!], occupancy, line });
    }
    checkAtomCount(sites.length, maxAtoms, name, 'atom positions after symmetry expansion');
  }
  if (sites.length === 0) throw new ParseError(name, loop.line, 'the _atom_site_ loop has no atoms');
  const mineral = block.items.get('_chemical_name_mineral');
  const common = block.items.get('_chemical_name_common');
  const title = [mineral, common].find((v) => v && !isCifNull(v))?.text ?? (block.name || undefined);
  return { lattice, sites, ...(title !== undefined ? { title } : {}), warnings };
}

/**
 * Element symbol from an atom-site label or type symbol: `Fe1`→Fe, `O2-`→O, `Fe3+`→Fe, `OH`/`O-H`/`Wat`/`OW`→O,
 * `SiT`→Si, `Hd`→H. When `formulaElements` is given, a two-letter reading absent from the formula falls
 * back to the one-letter one (`Os1` in an oxide is O, not osmium). Returns `undefined` if nothing fits.
 *
 * @example symbolFromLabel('Wat2') // 'O'
 * @example symbolFromLabel('Co1', new Set(['Co', 'O'])) // 'Co'
 */
export function symbolFromLabel(label: string, formulaElements?: ReadonlySet<string>): string | undefined {
  const t = label.trim();
  if (/^wat/i.test(t)) return 'O'; // water oxygen
  const m = /^([A-Za-z])([a-z]?)/.exec(t);
  if (!m) return undefined;
  const one = findElement(m[1]!.toUpperCase())?.symbol;
  const two = m[2] ? findElement(m[1]!.toUpperCase() + m[2])?.symbol : undefined;
  const candidates = [two, one].filter((s): s is string => s !== undefined);
  if (formulaElements && formulaElements.size > 0) {
    const inFormula = candidates.find((s) => formulaElements.has(s));
    if (inFormula) return inFormula;
  }
  return candidates[0];
}

function findAtomLoop(b: CifBlock): CifLoop | undefined {
  return b.loops.find((l) => l.tags.includes('_atom_site_fract_x') && l.tags.includes('_atom_site_fract_y') && l.tags.includes('_atom_site_fract_z'));
}

function readCell(b: CifBlock, file: string, warnings: string[]): Lattice {
  const get = (tag: string, fallback?: number): number => {
    const v = b.items.get(tag);
    if (isCifNull(v)) {
      if (fallback !== undefined) {
        warnings.push(`${file}: ${tag} missing, assumed ${fallback}`);
        return fallback;
      }
      throw new ParseError(file, v?.line, `missing cell parameter ${tag}`);
    }
    const x = parseReal(v!.text);
    if (x === undefined || x <= 0) throw new ParseError(file, v!.line, `cell parameter ${tag} is not a positive number: ${JSON.stringify(v!.text)}`);
    return x;
  };
  const p = [get('_cell_length_a'), get('_cell_length_b'), get('_cell_length_c'), get('_cell_angle_alpha', 90), get('_cell_angle_beta', 90), get('_cell_angle_gamma', 90)] as const;
  try {
    return Lattice.fromParameters(...p);
  } catch (e) {
    if (e instanceof InputError) throw new ParseError(file, b.items.get('_cell_length_a')?.line, e.message, { cause: e });
    throw e;
  }
}

function readOperations(b: CifBlock, file: string, warnings: string[]): SymmetryOperation[] {
  let values: CifValue[] = [];
  for (const tag of OPERATION_TAGS) {
    const loop = b.loops.find((l) => l.tags.includes(tag));
    if (loop) {
      const k = loop.tags.indexOf(tag);
      values = loop.rows.map((r) => r[k]!);
    } else if (b.items.has(tag)) {
      values = [b.items.get(tag)!];
    }
    if (values.length > 0) break;
  }
  values = values.filter((v) => !isCifNull(v));
  if (values.length === 0) {
    const hm = b.items.get('_symmetry_space_group_name_h-m') ?? b.items.get('_space_group_name_h-m_alt');
    const hall = b.items.get('_symmetry_space_group_name_hall') ?? b.items.get('_space_group_name_hall');
    const sg = [hm, hall].find((v) => !isCifNull(v));
    if (sg && !/^P\s*1$/i.test(sg.text.trim()) && !/^P\s*1$/i.test(sg.text.replace(/\s+/g, ' ').trim())) {
      throw new ParseError(file, sg.line, `no symmetry operators listed and space group ${JSON.stringify(sg.text)} is given by name only (expanding from a space-group name is not supported)`);
    }
    warnings.push(`${file}: no symmetry operators; using the identity (P1)`);
    return [parseSymmetryOperation('x,y,z')];
  }
  return values.map((v) => {
    try {
      return parseSymmetryOperation(v.text);
    } catch (e) {
      if (e instanceof InputError) throw new ParseError(file, v.line, e.message, { cause: e });
      throw e;
    }
  });
}

function readFormulaElements(b: CifBlock): Set<string> | undefined {
  const v = b.items.get('_chemical_formula_sum');
  if (isCifNull(v)) return undefined;
  const set = new Set<string>();
  for (const m of v!.text.matchAll(/([A-Z][a-z]?)/g)) {
    const el = findElement(m[1]!);
    if (el) set.add(el.symbol);
  }
  return set.size ? set : undefined;
}

function wrapUnit(x: number): number {
  const w = x - Math.floor(x);
  return w >= 1 - 1e-12 ? 0 : w;
}

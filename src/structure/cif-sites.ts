/**
 * CIF atom sites as written: the cell, the symmetry operations (listed, or generated from the space-group
 * name: `cif-symmetry.ts`) and every `_atom_site_` row expanded to the full cell (symmetry copies of one row
 * merged with periodic wrap), each listed occupant kept with its occupancy. Deciding which occupant a
 * shared position holds is `occupancy.ts`'s job.
 */
import { findElement } from '../elements/index.ts';
import { InputError, ParseError, XasinvError } from '../errors.ts';
import { parseCifBlocks, isCifNull, type CifBlock, type CifLoop } from './cif-syntax.ts';
import { readCifSymmetry, type CifSymmetry, type SymmetryCandidate } from './cif-symmetry.ts';
import { Lattice } from './lattice.ts';
import { cellSizeProblem, checkAtomCount, forEachClosePair, STRUCTURE_LIMITS, type StructureLimitOptions } from './limits.ts';
import { OCCUPANCY_DEFAULTS } from './occupancy.ts';
import { parseReal } from './parse-number.ts';
import { makeStructure } from './structure.ts';
import { applySymmetryOperation, type SymmetryOperation } from './symmetry-operation.ts';

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
  /** Where the symmetry operators came from and, when generated from a name, which setting was used. */
  symmetry: { source: CifSymmetry['source']; setting: string; operations: number };
  warnings: string[];
}

/**
 * Read the first data block with an `_atom_site_` loop of fractional coordinates and expand it to the
 * full cell. Species come from `_atom_site_type_symbol`, else from the label (`Fe1`, `O2-`, `OH`,
 * `Wat`, `SiT`…), checked against `_chemical_formula_sum` when given. Every listed occupant is kept:
 * sites may share a position (mixed occupancy) — see `resolveSharedSites`. Without an operator list the
 * operators come from the Hall symbol, Hermann–Mauguin symbol or number (`readCifSymmetry`); an origin
 * choice the name leaves open is settled by the atoms (`chooseOrigin`). Occupancies above 1 + 0.05 are refused.
 *
 * @example
 * const { sites } = readCifSites(readFileSync('amcsd_0000001_Augite.cif', 'utf8'), 'augite.cif');
 * sites.filter((s) => s.symbol === 'Fe').length; // 8 (Fe1 on M2, Fe2 on M1, 4 each)
 * @throws ParseError naming the file, line and problem (missing or too small cell, unknown element, bad number, occupancy
 *   above 1, an operator that is no symmetry operation, more operators than a space group has, operators that are no group,
 *   an unknown space-group name …); UnsupportedError (`STRUCTURE_TOO_LARGE`) when the expansion passes `maxAtoms` positions.
 */
export function readCifSites(
  text: string,
  name = '<text>',
  { mergeToleranceAngstrom = 0.01, maxAtoms = STRUCTURE_LIMITS.maxAtoms, minDistanceAngstrom = STRUCTURE_LIMITS.minDistanceAngstrom }: CifOptions = {},
): CifSites {
  const warnings: string[] = [];
  const blocks = parseCifBlocks(text, name, warnings);
  const block = blocks.find((b) => findAtomLoop(b) !== undefined);
  if (!block) throw new ParseError(name, undefined, 'no data block has an _atom_site_ loop with _atom_site_fract_x/y/z');
  const lattice = readCell(block, name, warnings);
  const tooSmall = cellSizeProblem(lattice, minDistanceAngstrom);
  if (tooSmall) throw new ParseError(name, block.items.get('_cell_length_a')?.line, tooSmall);
  // Operators are read and checked (count, validity, group closure) before any atom is expanded.
  const symmetry = readCifSymmetry(block, name, lattice);
  warnings.push(...symmetry.warnings);
  const loop = findAtomLoop(block)!;
  const rows = readAtomRows(block, loop, name, warnings);
  if (rows.length === 0) throw new ParseError(name, loop.line, 'the _atom_site_ loop has no atoms');
  const expand = (ops: SymmetryOperation[]) => expandRows(rows, ops, lattice, name, mergeToleranceAngstrom, maxAtoms);
  const chosen = symmetry.candidates.length === 1 ? { ...symmetry.candidates[0]!, sites: expand(symmetry.candidates[0]!.operations) } : chooseOrigin(symmetry, block, lattice, name, expand, minDistanceAngstrom, warnings);
  const mineral = block.items.get('_chemical_name_mineral');
  const common = block.items.get('_chemical_name_common');
  const title = [mineral, common].find((v) => v && !isCifNull(v))?.text ?? (block.name || undefined);
  const setting = { source: symmetry.source, setting: chosen.name, operations: chosen.operations.length };
  return { lattice, sites: chosen.sites, ...(title !== undefined ? { title } : {}), symmetry: setting, warnings };
}

/** One `_atom_site_` row: species, label, fractional position, occupancy and line. */
interface AtomRow {
  symbol: string;
  label: string;
  xyz: number[];
  occupancy: number;
  line: number;
}

function readAtomRows(block: CifBlock, loop: CifLoop, name: string, warnings: string[]): AtomRow[] {
  const formulaElements = readFormulaElements(block);
  const col = (tag: string) => loop.tags.indexOf(tag);
  const [ix, iy, iz] = ['_atom_site_fract_x', '_atom_site_fract_y', '_atom_site_fract_z'].map(col) as [number, number, number];
  const iLabel = col('_atom_site_label');
  const iType = col('_atom_site_type_symbol');
  const iOcc = col('_atom_site_occupancy');
  return loop.rows.map((row) => {
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
    let occupancy = 1;
    if (iOcc >= 0 && !isCifNull(row[iOcc])) {
      const v = row[iOcc]!;
      const o = parseReal(v.text);
      if (o === undefined || o < 0) throw new ParseError(name, v.line, `bad occupancy ${JSON.stringify(v.text)} for site ${label || symbol}`);
      if (o > 1 + OCCUPANCY_DEFAULTS.roundingAboveOne) {
        throw new ParseError(name, v.line, `occupancy ${v.text} of site ${label || symbol} is above 1: an occupancy is the fraction of cells in which the site holds the atom (0–1)`);
      }
      if (o > 1) warnings.push(`${name}:${v.line}: occupancy ${v.text} of site ${label || symbol} is above 1 (refinement rounding): read as 1`);
      occupancy = Math.min(o, 1);
    }
    return { symbol, label: label || symbol, xyz, occupancy, line: row[ix]!.line };
  });
}

/** Every row's symmetry images, copies closer than the merge tolerance (with periodic wrap) kept once. */
function expandRows(rows: readonly AtomRow[], ops: readonly SymmetryOperation[], lattice: Lattice, name: string, mergeToleranceAngstrom: number, maxAtoms: number): CifAtomSite[] {
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
  for (const { symbol, label, xyz, occupancy, line } of rows) {
    const images: number[] = [];
    for (const op of ops) {
      const p = applySymmetryOperation(op, xyz).map(wrapUnit);
      if (!p.every(Number.isFinite)) throw new ParseError(name, line, `symmetry operation ${JSON.stringify(op.text)} takes site ${label} to a non-finite position`);
      let dup = false;
      for (let k = 0; k < images.length && !dup; k += 3) dup = isClose(p, images, k);
      if (!dup) images.push(...p);
    }
    for (let k = 0; k < images.length; k += 3) {
      sites.push({ symbol, label, fracCoords: [images[k]!, images[k + 1]!, images[k + 2]!], occupancy, line });
    }
    checkAtomCount(sites.length, maxAtoms, name, 'atom positions after symmetry expansion');
  }
  return sites;
}

/**
 * Settle an origin choice the space-group name leaves open (`F d -3 m` without `:1` or `:2`): expand the
 * atoms with each choice and keep the one that fits them. With the wrong origin, atoms on special positions
 * are not special: they multiply into extra, often overlapping, copies. So the better fit is, in order:
 * the composition of `_chemical_formula_sum` × `_cell_formula_units_Z` (when both are given), fewer
 * pairs of atoms closer than `minDistanceAngstrom`, fewer atoms, a longer shortest distance (to 0.05 Å);
 * a tie keeps origin choice 2 (the inversion centre at the origin, which most programs assume).
 */
function chooseOrigin(
  symmetry: CifSymmetry,
  block: CifBlock,
  lattice: Lattice,
  name: string,
  expand: (ops: SymmetryOperation[]) => CifAtomSite[],
  minDistanceAngstrom: number,
  warnings: string[],
): SymmetryCandidate & { sites: CifAtomSite[] } {
  const expected = readFormulaPerCell(block);
  interface Trial extends SymmetryCandidate { sites: CifAtomSite[]; closePairs: number; shortestAngstrom: number; compositionOff?: boolean }
  const fits: Trial[] = [];
  const failed: string[] = [];
  let firstError: XasinvError | undefined;
  for (const c of symmetry.candidates) {
    try {
      const sites = expand(c.operations);
      fits.push({ ...c, sites, ...fitOf(sites, lattice, expected, minDistanceAngstrom) });
    } catch (e) {
      if (!(e instanceof XasinvError)) throw e;
      firstError ??= e;
      failed.push(`${c.name} cannot be expanded (${e.message})`);
    }
  }
  if (fits.length === 0) throw firstError!;
  const score = (t: Trial) => [t.compositionOff ? 1 : 0, t.closePairs, t.sites.length, -Math.round(t.shortestAngstrom / 0.05)];
  const better = (p: Trial, q: Trial) => {
    const [sp, sq] = [score(p), score(q)];
    for (let k = 0; k < sp.length; k++) if (sp[k] !== sq[k]) return sp[k]! < sq[k]!;
    return p.name.endsWith(':2');
  };
  const best = fits.reduce((p, q) => (better(q, p) ? q : p));
  const describe = (t: Trial) =>
    `${t.name} gives ${t.sites.length} atom positions, ${t.closePairs === 0 ? 'no pair' : `${t.closePairs} pairs`} closer than ${minDistanceAngstrom} Å, the shortest ${t.shortestAngstrom < SHORTEST_PROBE_ANGSTROM ? `${t.shortestAngstrom.toFixed(2)} Å` : `over ${SHORTEST_PROBE_ANGSTROM} Å`}${t.compositionOff === undefined ? '' : t.compositionOff ? ', not the composition of the formula × Z' : ', the composition of the formula × Z'}`;
  warnings.push(`${name}: ${symmetry.given ?? 'the space group'} does not say which origin choice: used ${best.name}, which fits the atoms best (${[...fits.map(describe), ...failed].join('; ')})`);
  return best;
}

/** How well an expansion fits: pairs closer than the minimum distance, the shortest distance (up to 3 Å), whether the composition is off. */
function fitOf(sites: CifAtomSite[], lattice: Lattice, expected: Map<string, number> | undefined, minDistanceAngstrom: number): { closePairs: number; shortestAngstrom: number; compositionOff?: boolean } {
  let closePairs = 0;
  let shortestAngstrom = SHORTEST_PROBE_ANGSTROM;
  const probe = makeStructure({ lattice, species: sites.map((s) => s.symbol), fracCoords: sites.flatMap((s) => s.fracCoords) });
  // Counting stops at 10,000 clashes (atoms piled up in a damaged file): by then the choice is clear.
  forEachClosePair(probe, SHORTEST_PROBE_ANGSTROM, (_i, _j, d) => {
    shortestAngstrom = Math.min(shortestAngstrom, d);
    if (d < minDistanceAngstrom) closePairs++;
    return closePairs >= 10_000;
  });
  if (!expected) return { closePairs, shortestAngstrom };
  const counts = new Map<string, number>();
  for (const s of sites) counts.set(s.symbol, (counts.get(s.symbol) ?? 0) + s.occupancy);
  let off = false;
  for (const [el, n] of expected) if (el !== 'H' && Math.abs((counts.get(el) ?? 0) - n) > 0.05 * n + 0.02) off = true;
  return { closePairs, shortestAngstrom, compositionOff: off };
}

/** Distances up to this are looked at when comparing origin choices (every first-shell bond is shorter). */
const SHORTEST_PROBE_ANGSTROM = 3;

/** Atoms per cell of each element from `_chemical_formula_sum` × `_cell_formula_units_Z`, when both are given. */
function readFormulaPerCell(b: CifBlock): Map<string, number> | undefined {
  const f = b.items.get('_chemical_formula_sum');
  const zv = b.items.get('_cell_formula_units_z');
  const z = zv && !isCifNull(zv) ? parseReal(zv.text) : undefined;
  if (isCifNull(f) || z === undefined || !(z > 0)) return undefined;
  const out = new Map<string, number>();
  for (const m of f!.text.matchAll(/([A-Z][a-z]?)\s*(\d*\.?\d*)/g)) {
    const el = findElement(m[1]!);
    if (!el) return undefined;
    out.set(el.symbol, (out.get(el.symbol) ?? 0) + (m[2] ? Number(m[2]) : 1) * z);
  }
  return out.size > 0 ? out : undefined;
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

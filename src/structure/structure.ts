/**
 * The `Structure` type (a periodic crystal or, with `lattice: null`, a molecule) and its constructor.
 */
import { findElement } from '../elements/index.ts';
import { InputError } from '../errors.ts';
import { Lattice } from './lattice.ts';

/** Formats the readers understand. */
export type StructureFormat = 'xyz' | 'poscar' | 'cif' | 'pdb' | 'mol2';

/**
 * Atoms in a cell (or a molecule). Treat as immutable: helpers return new structures.
 * Site i has species `species[i]`, atomic number `z[i]`, Cartesian position
 * `cartCoords[3i..3i+2]` in Å and (crystals only) fractional position `fracCoords[3i..3i+2]`.
 */
export interface Structure {
  /** The periodic lattice, or `null` for a molecule / cluster. */
  readonly lattice: Lattice | null;
  /** Canonical element symbols, one per site. */
  readonly species: readonly string[];
  /** Atomic numbers, one per site. */
  readonly z: Int32Array;
  /** Cartesian coordinates in Å, 3 per site. */
  readonly cartCoords: Float64Array;
  /** Fractional coordinates, 3 per site (present iff `lattice` is not null). */
  readonly fracCoords?: Float64Array;
  /** Site occupancies (1 when absent). */
  readonly occupancy?: Float64Array;
  /** Site labels as written in the file (CIF `_atom_site_label`). */
  readonly labels?: readonly string[];
  /** Name from the file (xyz comment, POSCAR comment, CIF mineral/block name). */
  readonly name?: string;
  /** File path or `<text>`. */
  readonly source: string;
  /** Recoverable oddities met while reading (merged duplicates, skipped items …). */
  readonly warnings?: readonly string[];
}

/** Input of {@link makeStructure}: give `cartCoords` or (with a lattice) `fracCoords`. */
export interface StructureInit {
  lattice?: Lattice | null;
  species: readonly (string | number)[];
  cartCoords?: ArrayLike<number>;
  fracCoords?: ArrayLike<number>;
  occupancy?: ArrayLike<number>;
  labels?: readonly string[];
  name?: string;
  source?: string;
  warnings?: readonly string[];
}

/**
 * Build a checked `Structure`: canonical symbols, atomic numbers, both coordinate frames.
 *
 * @example
 * const s = makeStructure({ lattice: Lattice.cubic(4.2), species: ['Mg', 'O'], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5] });
 * s.cartCoords; // Float64Array [0, 0, 0, 2.1, 2.1, 2.1]
 * @throws InputError on unknown elements, length mismatches or non-finite coordinates.
 */
export function makeStructure(init: StructureInit): Structure {
  const n = init.species.length;
  const lattice = init.lattice ?? null;
  const species: string[] = [];
  const z = new Int32Array(n);
  init.species.forEach((s, i) => {
    const el = findElement(s);
    if (!el) throw new InputError(`site ${i}: unknown element ${JSON.stringify(s)}`);
    species.push(el.symbol);
    z[i] = el.z;
  });
  let cartCoords: Float64Array;
  let fracCoords: Float64Array | undefined;
  if (init.cartCoords) {
    cartCoords = Float64Array.from(init.cartCoords);
    if (lattice) fracCoords = init.fracCoords ? Float64Array.from(init.fracCoords) : lattice.cartToFrac(cartCoords);
  } else if (init.fracCoords) {
    if (!lattice) throw new InputError('fractional coordinates need a lattice');
    fracCoords = Float64Array.from(init.fracCoords);
    cartCoords = lattice.fracToCart(fracCoords);
  } else {
    throw new InputError('a structure needs cartCoords or fracCoords');
  }
  if (cartCoords.length !== 3 * n) throw new InputError(`${n} species but ${cartCoords.length / 3} positions`);
  if (fracCoords && fracCoords.length !== 3 * n) throw new InputError(`${n} species but ${fracCoords.length / 3} fractional positions`);
  if (!cartCoords.every(Number.isFinite)) throw new InputError('non-finite coordinate');
  if (init.occupancy && init.occupancy.length !== n) throw new InputError(`${n} species but ${init.occupancy.length} occupancies`);
  if (init.labels && init.labels.length !== n) throw new InputError(`${n} species but ${init.labels.length} labels`);
  const out: Structure = {
    lattice,
    species: Object.freeze(species),
    z,
    cartCoords,
    ...(fracCoords ? { fracCoords } : {}),
    ...(init.occupancy ? { occupancy: Float64Array.from(init.occupancy) } : {}),
    ...(init.labels ? { labels: Object.freeze([...init.labels]) } : {}),
    ...(init.name !== undefined ? { name: init.name } : {}),
    source: init.source ?? '<text>',
    ...(init.warnings && init.warnings.length ? { warnings: Object.freeze([...init.warnings]) } : {}),
  };
  return Object.freeze(out);
}

/** Number of sites. @example siteCount(s) // 4 */
export function siteCount(structure: Structure): number {
  return structure.species.length;
}

/** Cartesian position of site i in Å. @example sitePosition(s, 0) // [0, 0, 0] */
export function sitePosition(structure: Structure, i: number): [number, number, number] {
  checkSite(structure, i);
  const c = structure.cartCoords;
  return [c[3 * i]!, c[3 * i + 1]!, c[3 * i + 2]!];
}

/** Throws an `InputError` unless `i` is a valid site index. */
export function checkSite(structure: Structure, i: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= structure.species.length) {
    throw new InputError(`site index ${i} out of range 0…${structure.species.length - 1}`);
  }
}

/**
 * Element counts in order of first appearance, and the formula string (`Cu2O2`).
 * @example formulaOf(cuo) // { counts: { Cu: 2, O: 2 }, formula: 'Cu2O2', reducedFormula: 'CuO' }
 */
export function formulaOf(structure: Structure): { counts: Record<string, number>; formula: string; reducedFormula: string } {
  const counts: Record<string, number> = {};
  for (const s of structure.species) counts[s] = (counts[s] ?? 0) + 1;
  const values = Object.values(counts);
  const g = values.reduce((a, b) => gcd(a, b), values[0] ?? 1);
  const fmt = (div: number) =>
    Object.entries(counts)
      .map(([el, c]) => (c / div === 1 ? el : `${el}${c / div}`))
      .join('');
  return { counts, formula: fmt(1), reducedFormula: fmt(g || 1) };
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

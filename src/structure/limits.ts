/**
 * Physical and size limits every structure reader enforces, so that no input — however damaged —
 * can make a later step (neighbour search, descriptors, supercells) allocate without bound or run
 * for ever. Readers check a cell before expanding it and count atoms before storing them.
 */
import { ParseError, UnsupportedError } from '../errors.ts';
import type { Lattice } from './lattice.ts';
import type { Structure } from './structure.ts';

/** The limits, written once. */
export const STRUCTURE_LIMITS = Object.freeze({
  /**
   * Closest two atoms may be (Å). The shortest bond there is, H–H in H₂, is 0.74 Å; X-ray
   * refinements put O–H and C–H at ≈ 0.8–0.95 Å. Half an ångström is well below every real
   * distance and far above coordinate rounding, so atoms closer than this are one site listed twice
   * (CIF partial occupancy, resolved by the reader) or a broken file. It is also the smallest cell
   * width allowed: a thinner cell would put every atom that close to its own periodic image.
   */
  minDistanceAngstrom: 0.5,
  /**
   * Most atoms (CIF: listed atom positions after symmetry expansion) a structure may hold. The
   * largest cell in the shared data has 896 atoms (faujasite); Materials Project cells rarely
   * exceed 200. Raise it per call for bigger inputs.
   */
  maxAtoms: 10_000,
  /** Longest cell edge and largest coordinate magnitude (Å): 10 µm, far beyond any unit cell or molecule. */
  maxLengthAngstrom: 1e5,
  /**
   * Most neighbours one site may have in a neighbour search. Solids hold < 0.2 atoms/Å³ (diamond,
   * the densest, 0.176): ≈ 160 atoms within 6 Å, ≈ 740 within 10 Å. Atoms 0.5 Å apart in closest
   * packing (11 atoms/Å³) would give ≈ 10 000 within 6 Å, so this bound only stops unphysical input.
   */
  maxNeighborsPerSite: 10_000,
});

/** Per-call overrides of {@link STRUCTURE_LIMITS} accepted by every reader. */
export interface StructureLimitOptions {
  /** Most atoms (CIF: atom positions after symmetry expansion). Default `STRUCTURE_LIMITS.maxAtoms`. */
  maxAtoms?: number;
  /** Closest two atoms may be (Å); also the thinnest cell. Default `STRUCTURE_LIMITS.minDistanceAngstrom`. */
  minDistanceAngstrom?: number;
}

/**
 * What is wrong with a cell's size, or `undefined` when it is fine: thinner than
 * `minDistanceAngstrom` between opposite faces (every atom would overlap its own image), an edge
 * longer than `STRUCTURE_LIMITS.maxLengthAngstrom`, or a volume that overflows.
 *
 * @example cellSizeProblem(Lattice.cubic(0.01)) // 'the cell is only 0.01 Å thick …'
 * @example cellSizeProblem(Lattice.cubic(4)) // undefined
 */
export function cellSizeProblem(lattice: Lattice, minDistanceAngstrom: number = STRUCTURE_LIMITS.minDistanceAngstrom): string | undefined {
  const maxLength = STRUCTURE_LIMITS.maxLengthAngstrom;
  const edges = [0, 1, 2].map((i) => Math.hypot(...lattice.vector(i as 0 | 1 | 2)));
  if (!Number.isFinite(lattice.volume) || edges.some((e) => !(e <= maxLength))) {
    return `the cell is too large: edges ${edges.map((e) => fmt(e)).join(', ')} Å (at most ${fmt(maxLength)} Å each)`;
  }
  const thinnest = Math.min(...lattice.perpendicularWidthsAngstrom);
  if (!(thinnest >= minDistanceAngstrom)) {
    return `the cell is only ${fmt(thinnest)} Å thick (volume ${fmt(Math.abs(lattice.volume))} Å³): every atom would sit closer than ${minDistanceAngstrom} Å to its own periodic image (the shortest real bond, H–H, is 0.74 Å)`;
  }
  return undefined;
}

/**
 * Throw an `UnsupportedError` (code `STRUCTURE_TOO_LARGE`) when `count` atoms exceed `maxAtoms`.
 * @example checkAtomCount(12, 10_000, 'x.cif', 'atom positions') // no error
 */
export function checkAtomCount(count: number, maxAtoms: number, source: string, what = 'atoms'): void {
  if (count > maxAtoms) {
    throw new UnsupportedError('STRUCTURE_TOO_LARGE', `${source}: more than ${maxAtoms} ${what} (${count > 1e15 ? 'an enormous number' : count}); structures are limited to ${maxAtoms} atoms (option maxAtoms)`, { source, count, maxAtoms });
  }
}

/** Two sites closer than a minimum distance (`i === j`: a site and its own periodic image). */
export interface ClosePair {
  i: number;
  j: number;
  distanceAngstrom: number;
}

/**
 * The first pair of sites (periodic images included, a site and its own image too) closer than
 * `minDistanceAngstrom`, or `undefined`. A periodic structure should pass {@link cellSizeProblem} first.
 *
 * @example findClosePair(makeStructure({ species: ['O', 'O'], cartCoords: [0, 0, 0, 0.3, 0, 0] }), 0.5) // { i: 0, j: 1, distanceAngstrom: 0.3 }
 */
export function findClosePair(structure: Structure, minDistanceAngstrom: number = STRUCTURE_LIMITS.minDistanceAngstrom): ClosePair | undefined {
  const lattice = structure.lattice;
  if (lattice && structure.species.length > 0) {
    const shortest = shortestLatticeVectorAngstrom(lattice);
    if (shortest < minDistanceAngstrom) return { i: 0, j: 0, distanceAngstrom: shortest };
  }
  let found: ClosePair | undefined;
  forEachClosePair(structure, minDistanceAngstrom, (i, j, distanceAngstrom) => {
    found = { i, j, distanceAngstrom };
    return true;
  });
  return found;
}

/**
 * Call `visit(i, j, d)` (i < j) for every pair of distinct sites closer than `rAngstrom` (nearest
 * periodic image for crystals) until it returns `true`. Sites are hashed into bins at least
 * `rAngstrom` wide (fractional bins for crystals, Cartesian for molecules), so a close pair lies in
 * neighbouring bins: O(N) for ordinary structures. Exact for crystals at least `rAngstrom` thick
 * (see {@link cellSizeProblem}): two sites that close then differ by less than one cell per axis.
 *
 * @example forEachClosePair(s, 0.5, (i, j, d) => void pairs.push([i, j, d]))
 */
export function forEachClosePair(structure: Structure, rAngstrom: number, visit: (i: number, j: number, distanceAngstrom: number) => boolean | void): void {
  const n = structure.species.length;
  const lattice = structure.lattice;
  const c = structure.cartCoords;
  const r2 = rAngstrom * rAngstrom;
  let u: Float64Array; // binned coordinates: fractional in [0, 1] (crystal) or Cartesian Å (molecule)
  let nb: number[]; // bins per axis (crystal: wrapped; molecule: the grid's extent)
  let binOf: (x: number, a: number) => number;
  let distance2: (i: number, j: number) => number;
  if (lattice) {
    const m = lattice.matrix;
    nb = lattice.perpendicularWidthsAngstrom.map((w) => Math.max(1, Math.min(64, Math.floor(w / rAngstrom))));
    u = lattice.cartToFrac(c).map((x) => x - Math.floor(x));
    binOf = (x, a) => Math.min(nb[a]! - 1, Math.floor(x * nb[a]!));
    // Along an axis at least 2r thick, a pair closer than r differs by less than half a cell there, so
    // only the image that brings the fractional difference into [−½, ½] can be that close: one image
    // instead of three per axis (27 → 1 distances for an ordinary large cell; 40 000 atoms took 5 s).
    const shifts = lattice.perpendicularWidthsAngstrom.map((w) => (w >= 2 * rAngstrom ? [0] : [-1, 0, 1]));
    const wide = shifts.map((sh) => sh.length === 1);
    const near = (d: number, a: number) => (wide[a] ? d - Math.round(d) : d);
    distance2 = wide.every(Boolean)
      ? (i, j) => {
          const d0 = u[3 * j]! - u[3 * i]!,
            d1 = u[3 * j + 1]! - u[3 * i + 1]!,
            d2 = u[3 * j + 2]! - u[3 * i + 2]!;
          const f0 = d0 - Math.round(d0),
            f1 = d1 - Math.round(d1),
            f2 = d2 - Math.round(d2);
          const x = f0 * m[0]! + f1 * m[3]! + f2 * m[6]!;
          const y = f0 * m[1]! + f1 * m[4]! + f2 * m[7]!;
          const z = f0 * m[2]! + f1 * m[5]! + f2 * m[8]!;
          return x * x + y * y + z * z;
        }
      : (i, j) => {
          let best = Infinity;
          const e0 = near(u[3 * j]! - u[3 * i]!, 0),
            e1 = near(u[3 * j + 1]! - u[3 * i + 1]!, 1),
            e2 = near(u[3 * j + 2]! - u[3 * i + 2]!, 2);
          for (const s0 of shifts[0]!)
            for (const s1 of shifts[1]!)
              for (const s2 of shifts[2]!) {
                const d0 = e0 + s0,
                  d1 = e1 + s1,
                  d2 = e2 + s2;
                const x = d0 * m[0]! + d1 * m[3]! + d2 * m[6]!;
                const y = d0 * m[1]! + d1 * m[4]! + d2 * m[7]!;
                const z = d0 * m[2]! + d1 * m[5]! + d2 * m[8]!;
                best = Math.min(best, x * x + y * y + z * z);
              }
          return best;
        };
  } else {
    u = c;
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity];
    for (let j = 0; j < n; j++) for (let a = 0; a < 3; a++) (lo[a] = Math.min(lo[a]!, c[3 * j + a]!)), (hi[a] = Math.max(hi[a]!, c[3 * j + a]!));
    // Bins at least r wide, and at most 1e5 per axis so that a bin number fits a double exactly.
    const step = Math.max(rAngstrom, ...[0, 1, 2].map((a) => (hi[a]! - lo[a]!) / 1e5));
    nb = [0, 1, 2].map((a) => (n === 0 ? 1 : Math.floor((hi[a]! - lo[a]!) / step) + 1));
    binOf = (x, a) => Math.min(nb[a]! - 1, Math.floor((x - lo[a]!) / step));
    distance2 = (i, j) => (c[3 * i]! - c[3 * j]!) ** 2 + (c[3 * i + 1]! - c[3 * j + 1]!) ** 2 + (c[3 * i + 2]! - c[3 * j + 2]!) ** 2;
  }
  const periodic = lattice !== null;
  const bins = new Map<number, number[]>();
  const b = [0, 0, 0];
  const q = [0, 0, 0];
  const seen = new Set<number>();
  for (let j = 0; j < n; j++) {
    for (let a = 0; a < 3; a++) b[a] = binOf(u[3 * j + a]!, a);
    seen.clear();
    for (let o0 = -1; o0 <= 1; o0++)
      for (let o1 = -1; o1 <= 1; o1++)
        for (let o2 = -1; o2 <= 1; o2++) {
          q[0] = b[0]! + o0;
          q[1] = b[1]! + o1;
          q[2] = b[2]! + o2;
          let outside = false;
          for (let a = 0; a < 3; a++) {
            if (periodic) q[a] = ((q[a]! % nb[a]!) + nb[a]!) % nb[a]!;
            else if (q[a]! < 0 || q[a]! >= nb[a]!) outside = true;
          }
          if (outside) continue;
          const k = (q[0]! * nb[1]! + q[1]!) * nb[2]! + q[2]!;
          if (seen.has(k)) continue; // small cells: the wrapped neighbours repeat
          seen.add(k);
          const members = bins.get(k);
          if (!members) continue;
          for (const i of members) {
            const d2 = distance2(i, j);
            if (d2 < r2 && visit(i, j, Math.sqrt(d2)) === true) return;
          }
        }
    const k = (b[0]! * nb[1]! + b[1]!) * nb[2]! + b[2]!;
    const list = bins.get(k);
    if (list) list.push(j);
    else bins.set(k, [j]);
  }
}

/** Length of the shortest non-zero lattice vector n·(a, b, c) with n in −1…1 per axis (Å). */
function shortestLatticeVectorAngstrom(lattice: Lattice): number {
  const m = lattice.matrix;
  let best = Infinity;
  for (let s0 = -1; s0 <= 1; s0++)
    for (let s1 = -1; s1 <= 1; s1++)
      for (let s2 = -1; s2 <= 1; s2++) {
        if (s0 === 0 && s1 === 0 && s2 === 0) continue;
        best = Math.min(best, Math.hypot(s0 * m[0]! + s1 * m[3]! + s2 * m[6]!, s0 * m[1]! + s1 * m[4]! + s2 * m[7]!, s0 * m[2]! + s1 * m[5]! + s2 * m[8]!));
      }
  return best;
}

/**
 * The checks every reader ends with: atom count, cell size, coordinate range and no two atoms closer
 * than `minDistanceAngstrom`. `lineOf(i)` gives the 1-based line of site i for messages.
 *
 * @example checkStructureLimits(parsedXyz, {}, (i) => i + 3) // throws ParseError "x.xyz:5: atoms 1 (Fe) and 3 (O) are 0.02 Å apart …"
 * @throws ParseError for a cell that is too thin or too large, a coordinate out of range, or atoms too close;
 *   UnsupportedError (`STRUCTURE_TOO_LARGE`) for more than `maxAtoms` atoms.
 */
export function checkStructureLimits(
  structure: Structure,
  { maxAtoms = STRUCTURE_LIMITS.maxAtoms, minDistanceAngstrom = STRUCTURE_LIMITS.minDistanceAngstrom }: StructureLimitOptions = {},
  lineOf: (site: number) => number | undefined = () => undefined,
): void {
  const source = structure.source;
  checkAtomCount(structure.species.length, maxAtoms, source);
  if (structure.lattice) {
    const problem = cellSizeProblem(structure.lattice, minDistanceAngstrom);
    if (problem) throw new ParseError(source, undefined, problem);
  }
  const c = structure.cartCoords;
  for (let k = 0; k < c.length; k++) {
    if (!(Math.abs(c[k]!) <= STRUCTURE_LIMITS.maxLengthAngstrom)) {
      const i = Math.floor(k / 3);
      throw new ParseError(source, lineOf(i), `coordinate ${fmt(c[k]!)} Å of atom ${i + 1} (${structure.species[i]}) is beyond ±${fmt(STRUCTURE_LIMITS.maxLengthAngstrom)} Å`);
    }
  }
  const pair = findClosePair(structure, minDistanceAngstrom);
  if (pair) {
    const { i, j, distanceAngstrom } = pair;
    const what = i === j ? `atom ${i + 1} (${structure.species[i]}) is ${fmt(distanceAngstrom)} Å from its own periodic image` : `atoms ${i + 1} (${structure.species[i]}) and ${j + 1} (${structure.species[j]}) are ${fmt(distanceAngstrom)} Å apart`;
    throw new ParseError(source, lineOf(j), `${what}, closer than ${minDistanceAngstrom} Å (the shortest real bond, H–H, is 0.74 Å): duplicated or broken atom records`);
  }
}

function fmt(x: number): string {
  return Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(2) : String(Number(x.toPrecision(4)));
}

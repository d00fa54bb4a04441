/**
 * Neighbour search with periodic boundary conditions using cell lists.
 *
 * Sites are wrapped into the cell and binned on a grid in fractional space (n_a × n_b × n_c bins, each at
 * least `rMax` thick where the cell allows). A sphere of radius r around a point with fractional
 * coordinates f spans f_a ± r / width_a along axis a (width = distance between opposite faces), so the
 * query walks the unwrapped bin indices covering that range: bin u maps to stored bin u mod n_a in
 * lattice image ⌊u / n_a⌋. This is exact for skewed cells and for cells smaller than the cutoff (then
 * n_a = 1 and the walk visits as many images as needed). Molecules use a Cartesian grid over their box.
 */
import { InputError, UnsupportedError } from '../errors.ts';
import { STRUCTURE_LIMITS } from './limits.ts';
import { NeighborCollector, tooManyNeighbors, type NeighborList } from './neighbor-list.ts';
import { checkSite, type Structure } from './structure.ts';

/** Largest number of bins per axis. */
const MAX_BINS_PER_AXIS = 48;

/**
 * Most candidate sites one query may visit (bins walked × the fullest bin). Ordinary cells visit at most
 * 4 bins per axis; this is reached only by cells far thinner than the cutoff with many atoms, where a
 * query would take seconds, so it is refused instead (≈ 10 ms per query at this bound).
 */
const MAX_VISITS_PER_QUERY = 5_000_000;

/** A binned structure, built once per (structure, rMax) and queried per centre. */
export interface CellList {
  readonly structure: Structure;
  readonly rMaxAngstrom: number;
  /** Neighbours of a site (the site itself at zero translation excluded). */
  neighborsOf(siteIndex: number): NeighborList;
  /** Neighbours of an arbitrary Cartesian point in Å (no site excluded). */
  neighborsOfPoint(cartAngstrom: ArrayLike<number>): NeighborList;
}

/**
 * Bin a structure for repeated neighbour queries within `rMaxAngstrom`. Work and memory stay bounded:
 * a crystal whose mean density puts more than `STRUCTURE_LIMITS.maxNeighborsPerSite` atoms within
 * `rMaxAngstrom`, or whose cell is so thin that one query would visit millions of sites, is refused
 * before any query, and a query never collects more than that many neighbours.
 *
 * @example
 * const cells = buildCellList(structure, 6.0);
 * for (const i of sitesOf(structure, 'Fe')) cells.neighborsOf(i);
 * @throws InputError for a bad radius; UnsupportedError (`TOO_MANY_NEIGHBORS`) for an unphysically dense or thin structure.
 */
export function buildCellList(structure: Structure, rMaxAngstrom: number): CellList {
  if (!(rMaxAngstrom > 0) || !Number.isFinite(rMaxAngstrom)) throw new InputError(`rMaxAngstrom must be a positive number; got ${rMaxAngstrom}`);
  return structure.lattice ? periodicCellList(structure, rMaxAngstrom) : moleculeCellList(structure, rMaxAngstrom);
}

const CACHE = new WeakMap<Structure, Map<number, CellList>>();

/**
 * Neighbours of site `siteIndex` within `rMaxAngstrom` (inclusive), sorted by distance; periodic images
 * included for crystals (the absorber's own images too). The cell list is cached per structure and radius.
 *
 * @example
 * const nb = neighborsOf(cuo, 0, 2.0);
 * nb.distances; // Float64Array [1.949, 1.949, 1.949, 1.949]
 */
export function neighborsOf(structure: Structure, siteIndex: number, rMaxAngstrom: number): NeighborList {
  checkSite(structure, siteIndex);
  let byRadius = CACHE.get(structure);
  if (!byRadius) CACHE.set(structure, (byRadius = new Map()));
  let cells = byRadius.get(rMaxAngstrom);
  if (!cells) byRadius.set(rMaxAngstrom, (cells = buildCellList(structure, rMaxAngstrom)));
  return cells.neighborsOf(siteIndex);
}

/** Counting sort of sites into bins: `start[b]..start[b+1]` index `members`. */
function binSites(binOf: Int32Array, nBins: number): { start: Int32Array; members: Int32Array } {
  const start = new Int32Array(nBins + 1);
  for (const b of binOf) start[b + 1]++;
  for (let b = 0; b < nBins; b++) start[b + 1] += start[b]!;
  const fill = start.slice(0, nBins);
  const members = new Int32Array(binOf.length);
  binOf.forEach((b, j) => (members[fill[b]++] = j));
  return { start, members };
}

function periodicCellList(structure: Structure, rMaxAngstrom: number): CellList {
  const lattice = structure.lattice!;
  const n = structure.species.length;
  const maxNeighbors = STRUCTURE_LIMITS.maxNeighborsPerSite;
  // Mean number of atoms within rMax of a site; refused before binning when already too many.
  const expected = (n * (4 / 3) * Math.PI * rMaxAngstrom ** 3) / Math.abs(lattice.volume);
  if (!(expected <= maxNeighbors)) throw tooManyNeighbors(structure, rMaxAngstrom, maxNeighbors, expected);
  const widths = lattice.perpendicularWidthsAngstrom;
  const nb = widths.map((w) => Math.max(1, Math.min(MAX_BINS_PER_AXIS, Math.floor(w / rMaxAngstrom)))) as [number, number, number];
  const frac = lattice.cartToFrac(structure.cartCoords);
  const shift = new Int32Array(3 * n); // wrapped = frac − shift, in [0, 1)
  const binOf = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const b = [0, 0, 0];
    for (let a = 0; a < 3; a++) {
      let k = Math.floor(frac[3 * j + a]!);
      let w = frac[3 * j + a]! - k;
      if (w >= 1) {
        w -= 1;
        k += 1;
      }
      shift[3 * j + a] = k;
      b[a] = Math.min(nb[a] - 1, Math.floor(w * nb[a]));
    }
    binOf[j] = (b[0]! * nb[1] + b[1]!) * nb[2] + b[2]!;
  }
  const { start, members } = binSites(binOf, nb[0] * nb[1] * nb[2]);
  const reach = widths.map((w) => (rMaxAngstrom * (1 + 1e-9) + 1e-9) / w);
  const r2 = rMaxAngstrom * rMaxAngstrom;
  let fullest = 0;
  for (let b = 0; b < start.length - 1; b++) fullest = Math.max(fullest, start[b + 1]! - start[b]!);
  const walked = reach.reduce((prod, r, a) => prod * (Math.floor(2 * r * nb[a]!) + 2), 1);
  if (!(walked * fullest <= MAX_VISITS_PER_QUERY)) {
    throw new UnsupportedError(
      'TOO_MANY_NEIGHBORS',
      `${structure.source}: the cell is too thin for a ${rMaxAngstrom} Å neighbour search (faces ${widths.map((w) => w.toPrecision(3)).join(', ')} Å apart with ${n} atoms: one query would visit ${walked * fullest > 1e9 ? (walked * fullest).toExponential(1) : walked * fullest} sites)`,
      { source: structure.source, rMaxAngstrom },
    );
  }

  const query = (p: ArrayLike<number>, skipSelf: number): NeighborList => {
    const f = lattice.cartToFrac([p[0]!, p[1]!, p[2]!]);
    const lo = [0, 1, 2].map((a) => Math.floor((f[a]! - reach[a]!) * nb[a]!));
    const hi = [0, 1, 2].map((a) => Math.floor((f[a]! + reach[a]!) * nb[a]!));
    const out = new NeighborCollector(maxNeighbors);
    for (let u0 = lo[0]!; u0 <= hi[0]!; u0++) {
      const b0 = mod(u0, nb[0]);
      const m0 = Math.floor(u0 / nb[0]);
      for (let u1 = lo[1]!; u1 <= hi[1]!; u1++) {
        const b1 = mod(u1, nb[1]);
        const m1 = Math.floor(u1 / nb[1]);
        for (let u2 = lo[2]!; u2 <= hi[2]!; u2++) {
          const b2 = mod(u2, nb[2]);
          const m2 = Math.floor(u2 / nb[2]);
          const bin = (b0 * nb[1] + b1) * nb[2] + b2;
          for (let q = start[bin]!; q < start[bin + 1]!; q++) {
            const j = members[q]!;
            // Image of the stored site: wrapped position + m = stored + (m − shift).
            out.consider(structure, j, m0 - shift[3 * j]!, m1 - shift[3 * j + 1]!, m2 - shift[3 * j + 2]!, p, r2, skipSelf);
          }
        }
      }
    }
    return out.finish();
  };
  return {
    structure,
    rMaxAngstrom,
    neighborsOf: (i) => {
      checkSite(structure, i);
      return query(structure.cartCoords.subarray(3 * i, 3 * i + 3), i);
    },
    neighborsOfPoint: (p) => query(p, -1),
  };
}

function moleculeCellList(structure: Structure, rMaxAngstrom: number): CellList {
  const c = structure.cartCoords;
  const n = structure.species.length;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let j = 0; j < n; j++) {
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a]!, c[3 * j + a]!);
      hi[a] = Math.max(hi[a]!, c[3 * j + a]!);
    }
  }
  if (n > 0 && ![0, 1, 2].every((a) => Number.isFinite(hi[a]! - lo[a]!))) throw new InputError(`${structure.source}: the molecule's extent overflows (coordinates near ±1e308 Å)`);
  const size = Math.max(rMaxAngstrom, ...[0, 1, 2].map((a) => (hi[a]! - lo[a]!) / MAX_BINS_PER_AXIS));
  const nb = [0, 1, 2].map((a) => Math.max(1, Math.floor((hi[a]! - lo[a]!) / size) + 1)) as [number, number, number];
  const cellIndex = (x: number, a: number) => Math.min(nb[a]! - 1, Math.max(0, Math.floor((x - lo[a]!) / size)));
  const binOf = new Int32Array(n);
  for (let j = 0; j < n; j++) binOf[j] = (cellIndex(c[3 * j]!, 0) * nb[1] + cellIndex(c[3 * j + 1]!, 1)) * nb[2] + cellIndex(c[3 * j + 2]!, 2);
  const { start, members } = binSites(binOf, nb[0] * nb[1] * nb[2]);
  const r2 = rMaxAngstrom * rMaxAngstrom;
  const reach = rMaxAngstrom * (1 + 1e-9) + 1e-9;

  const query = (p: ArrayLike<number>, skipSelf: number): NeighborList => {
    const out = new NeighborCollector();
    const from = [0, 1, 2].map((a) => cellIndex(p[a]! - reach, a));
    const to = [0, 1, 2].map((a) => cellIndex(p[a]! + reach, a));
    for (let b0 = from[0]!; b0 <= to[0]!; b0++)
      for (let b1 = from[1]!; b1 <= to[1]!; b1++)
        for (let b2 = from[2]!; b2 <= to[2]!; b2++) {
          const bin = (b0 * nb[1] + b1) * nb[2] + b2;
          for (let q = start[bin]!; q < start[bin + 1]!; q++) out.consider(structure, members[q]!, 0, 0, 0, p, r2, skipSelf);
        }
    return out.finish();
  };
  return {
    structure,
    rMaxAngstrom,
    neighborsOf: (i) => {
      checkSite(structure, i);
      return query(c.subarray(3 * i, 3 * i + 3), i);
    },
    neighborsOfPoint: (p) => query(p, -1),
  };
}

function mod(u: number, n: number): number {
  return ((u % n) + n) % n;
}

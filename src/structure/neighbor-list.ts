/**
 * The flat neighbour-list shape shared by the fast (cell list) and the brute-force search, and the
 * helpers both use, so that their results can be compared number for number.
 */
import { UnsupportedError } from '../errors.ts';
import { STRUCTURE_LIMITS } from './limits.ts';
import type { Structure } from './structure.ts';

/**
 * Neighbours of one centre as parallel typed arrays, sorted by distance (ties: by index, then image).
 * Neighbour k is site `indices[k]` translated by the lattice vector `images[3k..3k+2]` (integers, added
 * to that site's stored fractional coordinates); `vectors[3k..3k+2]` = r_neighbour − r_centre in Å.
 * Molecules have all-zero images.
 */
export interface NeighborList {
  indices: Int32Array;
  distances: Float64Array;
  images: Int32Array;
  vectors: Float64Array;
}

/**
 * Growable buffer of candidate neighbours, refusing to grow past `maxNeighbors` (an unphysically dense
 * structure would otherwise exhaust memory). @internal
 */
export class NeighborCollector {
  readonly maxNeighbors: number;
  indices: number[] = [];
  images: number[] = [];
  vectors: number[] = [];
  distances: number[] = [];

  constructor(maxNeighbors: number = STRUCTURE_LIMITS.maxNeighborsPerSite) {
    this.maxNeighbors = maxNeighbors;
  }

  /**
   * Test site j translated by image (n0, n1, n2) against the centre `p` (Å); keep it if within `r2 = r²`.
   * The vector is always computed as r_j + n·L − p, in this one place.
   * @throws UnsupportedError (`TOO_MANY_NEIGHBORS`) when more than `maxNeighbors` are within reach.
   */
  consider(s: Structure, j: number, n0: number, n1: number, n2: number, p: ArrayLike<number>, r2: number, skipSelf: number): void {
    if (j === skipSelf && n0 === 0 && n1 === 0 && n2 === 0) return;
    const c = s.cartCoords;
    let x = c[3 * j]! - p[0]!;
    let y = c[3 * j + 1]! - p[1]!;
    let z = c[3 * j + 2]! - p[2]!;
    if (n0 !== 0 || n1 !== 0 || n2 !== 0) {
      const m = s.lattice!.matrix;
      x += n0 * m[0]! + n1 * m[3]! + n2 * m[6]!;
      y += n0 * m[1]! + n1 * m[4]! + n2 * m[7]!;
      z += n0 * m[2]! + n1 * m[5]! + n2 * m[8]!;
    }
    const d2 = x * x + y * y + z * z;
    if (d2 > r2) return;
    if (this.indices.length >= this.maxNeighbors) throw tooManyNeighbors(s, Math.sqrt(r2), this.maxNeighbors);
    this.indices.push(j);
    this.images.push(n0, n1, n2);
    this.vectors.push(x, y, z);
    this.distances.push(Math.sqrt(d2));
  }

  /** Sorted, packed result. */
  finish(): NeighborList {
    const n = this.indices.length;
    const order = Array.from({ length: n }, (_, k) => k);
    const { distances: d, indices: idx, images: im } = this;
    order.sort((a, b) => d[a]! - d[b]! || idx[a]! - idx[b]! || im[3 * a]! - im[3 * b]! || im[3 * a + 1]! - im[3 * b + 1]! || im[3 * a + 2]! - im[3 * b + 2]!);
    const out: NeighborList = {
      indices: new Int32Array(n),
      distances: new Float64Array(n),
      images: new Int32Array(3 * n),
      vectors: new Float64Array(3 * n),
    };
    order.forEach((k, o) => {
      out.indices[o] = idx[k]!;
      out.distances[o] = d[k]!;
      for (let c = 0; c < 3; c++) {
        out.images[3 * o + c] = im[3 * k + c]!;
        out.vectors[3 * o + c] = this.vectors[3 * k + c]!;
      }
    });
    return out;
  }
}

/** Number of neighbours in a list. @example neighborCount(neighborsOf(s, 0, 3)) // 6 */
export function neighborCount(list: NeighborList): number {
  return list.indices.length;
}

/**
 * The error for a neighbour search that would hold more than `maxNeighbors` neighbours per site.
 * @example throw tooManyNeighbors(structure, 6, 10_000);
 */
export function tooManyNeighbors(s: Structure, rMaxAngstrom: number, maxNeighbors: number, estimate?: number): UnsupportedError {
  const count = estimate === undefined ? `more than ${maxNeighbors}` : `about ${estimate > 1e9 ? estimate.toExponential(1) : Math.round(estimate)}`;
  return new UnsupportedError(
    'TOO_MANY_NEIGHBORS',
    `${s.source}: ${count} atoms within ${rMaxAngstrom} Å of one site (at most ${maxNeighbors}): the structure is far denser than any real material (solids hold < 0.2 atoms/Å³)`,
    { source: s.source, rMaxAngstrom, maxNeighbors },
  );
}

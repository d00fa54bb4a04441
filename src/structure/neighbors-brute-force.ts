/**
 * The slow, obvious neighbour search: every site against every lattice translation that could reach the
 * sphere. O(N × images). Kept as the test oracle for {@link neighborsOf} (as pymatgen keeps
 * `_get_neighbor_list_py`).
 */
import { InputError, UnsupportedError } from '../errors.ts';
import { NeighborCollector, type NeighborList } from './neighbor-list.ts';
import { checkSite, type Structure } from './structure.ts';

/**
 * All neighbours of site `siteIndex` within `rMaxAngstrom`, by brute force. Same result shape and
 * order as {@link neighborsOf}.
 *
 * @example neighborsOfBruteForce(rocksalt, 0, 3.0).indices.length // 6
 */
export function neighborsOfBruteForce(structure: Structure, siteIndex: number, rMaxAngstrom: number): NeighborList {
  checkSite(structure, siteIndex);
  if (!(rMaxAngstrom >= 0)) throw new InputError(`rMaxAngstrom must be ≥ 0; got ${rMaxAngstrom}`);
  const out = new NeighborCollector();
  const p = structure.cartCoords.subarray(3 * siteIndex, 3 * siteIndex + 3);
  const r2 = rMaxAngstrom * rMaxAngstrom;
  const n = structure.species.length;
  if (!structure.lattice) {
    for (let j = 0; j < n; j++) out.consider(structure, j, 0, 0, 0, p, r2, siteIndex);
    return out.finish();
  }
  const w = structure.lattice.perpendicularWidthsAngstrom;
  const f = structure.fracCoords!;
  const images = w.reduce((prod, wa) => prod * (2 * Math.ceil(rMaxAngstrom / wa) + 3), 1);
  if (!(n * images <= 5e7)) {
    throw new UnsupportedError('TOO_MANY_NEIGHBORS', `${structure.source}: a brute-force ${rMaxAngstrom} Å search would test ${n * images > 1e9 ? (n * images).toExponential(1) : n * images} site images (cell too thin for the radius)`, { source: structure.source, rMaxAngstrom });
  }
  for (let j = 0; j < n; j++) {
    // Translations n with |f_j + n − f_i|_axis ≤ r / width_axis, widened by one on each side.
    const lo: number[] = [];
    const hi: number[] = [];
    for (let a = 0; a < 3; a++) {
      const d = f[3 * j + a]! - f[3 * siteIndex + a]!;
      lo.push(Math.floor(-rMaxAngstrom / w[a]! - d) - 1);
      hi.push(Math.ceil(rMaxAngstrom / w[a]! - d) + 1);
    }
    for (let n0 = lo[0]!; n0 <= hi[0]!; n0++)
      for (let n1 = lo[1]!; n1 <= hi[1]!; n1++)
        for (let n2 = lo[2]!; n2 <= hi[2]!; n2++) out.consider(structure, j, n0, n1, n2, p, r2, siteIndex);
  }
  return out.finish();
}

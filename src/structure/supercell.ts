/**
 * Supercells and rigid transformations (used by tests and by anyone building clusters).
 */
import { InputError } from '../errors.ts';
import { Lattice } from './lattice.ts';
import { checkAtomCount, STRUCTURE_LIMITS } from './limits.ts';
import { makeStructure, type Structure } from './structure.ts';

/**
 * The na×nb×nc supercell: lattice vectors scaled, sites repeated (original sites first, in order).
 * @example makeSupercell(cuo, [2, 2, 1]).species.length // 16
 * @throws InputError for a molecule or non-positive repeats; UnsupportedError (`STRUCTURE_TOO_LARGE`) when the
 *   supercell would hold more than `maxAtoms` atoms (checked before anything is allocated).
 */
export function makeSupercell(structure: Structure, [na, nb, nc]: [number, number, number], { maxAtoms = STRUCTURE_LIMITS.maxAtoms }: { maxAtoms?: number } = {}): Structure {
  const lattice = structure.lattice;
  if (!lattice) throw new InputError('a molecule has no supercell');
  if (![na, nb, nc].every((k) => Number.isInteger(k) && k >= 1)) throw new InputError(`supercell repeats must be positive integers; got ${[na, nb, nc]}`);
  checkAtomCount(structure.species.length * na * nb * nc, maxAtoms, `${structure.source} (${na}×${nb}×${nc} supercell)`);
  const m = lattice.matrix;
  const big = new Lattice([0, 1, 2].flatMap((r) => [0, 1, 2].map((c) => m[3 * r + c]! * [na, nb, nc][r]!)));
  const n = structure.species.length;
  const species: string[] = [];
  const cart: number[] = [];
  const occ: number[] = [];
  const labels: string[] = [];
  for (let i = 0; i < na; i++)
    for (let j = 0; j < nb; j++)
      for (let k = 0; k < nc; k++)
        for (let s = 0; s < n; s++) {
          species.push(structure.species[s]!);
          for (let c = 0; c < 3; c++) cart.push(structure.cartCoords[3 * s + c]! + i * m[c]! + j * m[3 + c]! + k * m[6 + c]!);
          occ.push(structure.occupancy?.[s] ?? 1);
          labels.push(structure.labels?.[s] ?? structure.species[s]!);
        }
  return makeStructure({
    lattice: big,
    species,
    cartCoords: cart,
    ...(structure.occupancy ? { occupancy: occ } : {}),
    ...(structure.labels ? { labels } : {}),
    name: structure.name,
    source: structure.source,
  });
}

/**
 * Rotate (3×3 row-major matrix R, applied as r' = R r) and translate (Å) a structure rigidly;
 * the lattice vectors are rotated too.
 * @example transformStructure(s, rotationAboutZ(Math.PI / 2), [1, 0, 0])
 */
export function transformStructure(structure: Structure, rotation: ArrayLike<number>, translationAngstrom: ArrayLike<number> = [0, 0, 0]): Structure {
  if (rotation.length !== 9 || translationAngstrom.length !== 3) throw new InputError('rotation must be 3×3 (9 numbers) and translation 3 numbers');
  const rot = (x: number, y: number, z: number, add: boolean): number[] =>
    [0, 1, 2].map((r) => rotation[3 * r]! * x + rotation[3 * r + 1]! * y + rotation[3 * r + 2]! * z + (add ? translationAngstrom[r]! : 0));
  const c = structure.cartCoords;
  const cart: number[] = [];
  for (let i = 0; i < c.length; i += 3) cart.push(...rot(c[i]!, c[i + 1]!, c[i + 2]!, true));
  let lattice: Lattice | null = null;
  if (structure.lattice) {
    const m = structure.lattice.matrix;
    lattice = new Lattice([0, 1, 2].flatMap((r) => rot(m[3 * r]!, m[3 * r + 1]!, m[3 * r + 2]!, false)));
  }
  return makeStructure({
    lattice,
    species: structure.species,
    cartCoords: cart,
    ...(structure.occupancy ? { occupancy: structure.occupancy } : {}),
    ...(structure.labels ? { labels: structure.labels } : {}),
    name: structure.name,
    source: structure.source,
  });
}

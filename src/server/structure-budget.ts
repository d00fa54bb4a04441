/**
 * @module server/structure-budget
 * Work a structure may cost a worker, bounded before the work: the neighbour searches behind
 * `/api/structure`, `/api/predict` and a ranking's uploads (absorber sites, shells, G2,
 * descriptors, the grouping of equivalent sites) grow with the number of atom pairs within the 6 Å
 * they look at. Real solids hold ≈ 160 atoms within 6 Å of each atom (diamond, the densest, 159), so
 * a 5000-atom cell has ≈ 400 000 such pairs; 4999 Fe atoms 0.55 Å apart have about 20 times more and
 * held a worker for 118 s. The pairs are counted first (stopping at the limit) and a structure over
 * it is refused with 422 `TOO_DENSE`.
 */
import { forEachClosePair, type Structure } from '../structure/index.ts';
import { ApiError } from './http-errors.ts';

/** The limits, written once. */
export const STRUCTURE_WORK_LIMITS = Object.freeze({
  /** Radius of the neighbour searches that follow (the site grouping's signature radius), Å. */
  radiusAngstrom: 6,
  /** Most atom pairs within that radius: 2.5 × a 5000-atom cell of diamond's density. */
  maxPairs: 1_000_000,
});

/**
 * Atom pairs closer than `radiusAngstrom` (periodic: nearest image), counted up to `stopAfter`
 * (the count then is `stopAfter + 1`: "more than").
 * @example countPairsWithin(hematite, 6, 1e6) // ≈ 1700
 */
export function countPairsWithin(structure: Structure, radiusAngstrom: number, stopAfter: number): number {
  let pairs = 0;
  forEachClosePair(structure, radiusAngstrom, () => ++pairs > stopAfter);
  return pairs;
}

/**
 * Refuses a structure whose neighbour searches would pass {@link STRUCTURE_WORK_LIMITS}.
 * @throws ApiError 422 `TOO_DENSE` naming the structure, the count and the limit.
 * @example checkStructureWork(structure, 'POSCAR');
 */
export function checkStructureWork(structure: Structure, name: string, { radiusAngstrom, maxPairs } = STRUCTURE_WORK_LIMITS): void {
  const pairs = countPairsWithin(structure, radiusAngstrom, maxPairs);
  if (pairs <= maxPairs) return;
  const atoms = structure.species.length;
  throw new ApiError(
    422,
    'TOO_DENSE',
    `${name}: more than ${maxPairs} atom pairs within ${radiusAngstrom} Å (${atoms} atoms, more than ${Math.round((2 * maxPairs) / Math.max(1, atoms))} neighbours each); the limit is ${maxPairs} pairs, 2.5 × a 5000-atom cell of diamond, the densest solid — are the atoms too close or the coordinates in the wrong unit?`,
    { atoms, limitPairs: maxPairs, radiusAngstrom },
  );
}

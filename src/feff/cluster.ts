/**
 * The cluster FEFF sees: the absorbing site at the origin and every atom (periodic images included)
 * within a radius, sorted by distance, with coincident atoms of mixed sites resolved.
 */
import { InputError } from '../errors.ts';
import { checkSite, neighborsOf, type Structure } from '../structure/index.ts';

/** Defaults of {@link buildCluster}. */
export const CLUSTER_DEFAULTS = Object.freeze({
  /** Atoms closer than this (Å) share one position (a mixed or split site): the most occupied one is kept. */
  coincidentAngstrom: 0.1,
  /** Two kept atoms closer than this (Å) are an error: FEFF cannot place muffin tins that close. */
  minDistanceAngstrom: 0.5,
});

/** Atoms of the cluster as parallel arrays; atom 0 is the absorber at the origin. */
export interface FeffCluster {
  /** Element symbols. */
  species: string[];
  /** Atomic numbers. */
  z: number[];
  /** Cartesian coordinates relative to the absorber, Å, 3 per atom. */
  xyzAngstrom: Float64Array;
  /** Distances from the absorber, Å (ascending). */
  distanceAngstrom: Float64Array;
  /** Index of the structure site each atom is a copy of. */
  site: Int32Array;
  /** Structure site of the absorber. */
  absorberSite: number;
  radiusAngstrom: number;
  /** What was changed to make the cluster physical (mixed sites resolved, partial occupancies taken as full). */
  warnings: string[];
}

/**
 * Cluster of `radiusAngstrom` around site `site`. At a position shared by several sites (a mixed site,
 * e.g. Fe/Mg in a pyroxene) only the most occupied species is kept; at the absorber's own position the
 * absorber is kept. Partially occupied positions count as full. Each such choice is listed in `warnings`.
 *
 * @example
 * const c = buildCluster(readStructure('Hematite.cif'), 0, 6);
 * c.species[0]; // 'Fe'
 * c.distanceAngstrom[1]; // 1.945 (the short Fe–O bond)
 * @throws InputError when the site is out of range, the radius is not positive, or two atoms that cannot be merged sit closer than 0.5 Å.
 */
export function buildCluster(
  structure: Structure,
  site: number,
  radiusAngstrom: number,
  { coincidentAngstrom = CLUSTER_DEFAULTS.coincidentAngstrom, minDistanceAngstrom = CLUSTER_DEFAULTS.minDistanceAngstrom }: { coincidentAngstrom?: number; minDistanceAngstrom?: number } = {},
): FeffCluster {
  checkSite(structure, site);
  if (!(radiusAngstrom > 0) || !Number.isFinite(radiusAngstrom)) throw new InputError(`cluster radius must be a positive number of Å; got ${radiusAngstrom}`);
  const nb = neighborsOf(structure, site, radiusAngstrom);
  const occ = (i: number) => structure.occupancy?.[i] ?? 1;
  const warnings: string[] = [];
  const n = nb.indices.length + 1;
  const cand = Array.from({ length: n }, (_, k) =>
    k === 0
      ? { site, x: 0, y: 0, z: 0, d: 0 }
      : { site: nb.indices[k - 1]!, x: nb.vectors[3 * k - 3]!, y: nb.vectors[3 * k - 2]!, z: nb.vectors[3 * k - 1]!, d: nb.distances[k - 1]! },
  );
  const kept: typeof cand = [];
  const dropped = new Map<string, number>();
  for (const a of cand) {
    const near = kept.findIndex((b) => Math.abs(a.d - b.d) <= coincidentAngstrom && Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z) <= coincidentAngstrom);
    if (near < 0) {
      kept.push(a);
      continue;
    }
    const b = kept[near]!;
    const replace = near !== 0 && occ(a.site) > occ(b.site);
    const [keep, drop] = replace ? [a, b] : [b, a];
    if (replace) kept[near] = a;
    const key = `${structure.species[drop.site]} (site ${drop.site}, occupancy ${occ(drop.site)}) shares a position with ${structure.species[keep.site]} (site ${keep.site}, occupancy ${occ(keep.site)}); kept ${structure.species[keep.site]}`;
    dropped.set(key, (dropped.get(key) ?? 0) + 1);
  }
  for (const [w, count] of dropped) warnings.push(`mixed site: ${w}${count > 1 ? ` (${count} copies in the cluster)` : ''}`);
  kept.sort((a, b) => a.d - b.d);
  for (let i = 0; i < kept.length; i++) {
    for (let j = i + 1; j < kept.length && kept[j]!.d - kept[i]!.d < minDistanceAngstrom; j++) {
      const [a, b] = kept[i]!.site <= kept[j]!.site ? [kept[i]!, kept[j]!] : [kept[j]!, kept[i]!];
      const d = Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);
      if (d < minDistanceAngstrom) {
        throw new InputError(
          `${structure.source}: sites ${a.site} (${structure.species[a.site]}) and ${b.site} (${structure.species[b.site]}) are ${d.toFixed(3)} Å apart in the cluster of site ${site} (a split or disordered position?); FEFF needs atoms at least ${minDistanceAngstrom} Å apart`,
        );
      }
    }
  }
  const partial = new Set(kept.map((a) => a.site).filter((i) => occ(i) < 0.999));
  if (partial.size > 0) {
    const list = [...partial].sort((a, b) => a - b).slice(0, 8).map((i) => `${structure.species[i]} site ${i} (${occ(i)})`);
    warnings.push(`partially occupied sites taken as fully occupied: ${list.join(', ')}${partial.size > 8 ? ', …' : ''}`);
  }
  const xyz = new Float64Array(3 * kept.length);
  kept.forEach((a, k) => xyz.set([a.x, a.y, a.z], 3 * k));
  return {
    species: kept.map((a) => structure.species[a.site]!),
    z: kept.map((a) => structure.z[a.site]!),
    xyzAngstrom: xyz,
    distanceAngstrom: Float64Array.from(kept, (a) => a.d),
    site: Int32Array.from(kept, (a) => a.site),
    absorberSite: site,
    radiusAngstrom,
    warnings,
  };
}

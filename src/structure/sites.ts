/**
 * Absorber selection: the sites of an element, and which of them are crystallographically
 * (or, in a molecule, environmentally) inequivalent.
 */
import { getElement } from '../elements/index.ts';
import { InputError } from '../errors.ts';
import { buildCellList } from './neighbors.ts';
import type { Structure } from './structure.ts';

/**
 * Indices of the sites of `element` (symbol or Z), in site order.
 * @example sitesOf(cuo, 'Cu') // [0, 1]
 * @throws InputError for an unknown element symbol.
 */
export function sitesOf(structure: Structure, element: string | number): number[] {
  const z = getElement(element).z;
  const out: number[] = [];
  structure.z.forEach((zi, i) => {
    if (zi === z) out.push(i);
  });
  return out;
}

/** A group of equivalent sites. */
export interface SiteGroup {
  /** Representative site (the lowest index in the group). */
  index: number;
  /** Number of sites in the group. */
  multiplicity: number;
  /** All member site indices, ascending. */
  members: number[];
}

/** Defaults of {@link inequivalentSites}. */
export const INEQUIVALENT_SITES_DEFAULTS = Object.freeze({
  /** Radius of the neighbour signature in Å. */
  rMaxAngstrom: 6.0,
  /** Two signatures agree when every distance agrees within this (Å). */
  toleranceAngstrom: 0.01,
});

/**
 * Group the sites of `element` whose environments agree: for each site, per neighbouring species, the
 * sorted list of distances out to `rMaxAngstrom`. Two sites are equivalent when, for every species, the
 * distances below `rMaxAngstrom − 2·tolerance` match pairwise within `toleranceAngstrom` (the margin
 * keeps atoms sitting right at the cutoff from splitting a group). Groups come in order of their lowest site.
 * This is an environment test, not a space-group analysis: symmetry-equivalent sites always group
 * together; accidentally identical environments would too.
 *
 * @example
 * inequivalentSites(hematite, 'Fe'); // [{ index: 0, multiplicity: 12, members: [0, 1, …, 11] }]
 */
export function inequivalentSites(
  structure: Structure,
  element: string | number,
  { rMaxAngstrom = INEQUIVALENT_SITES_DEFAULTS.rMaxAngstrom, toleranceAngstrom = INEQUIVALENT_SITES_DEFAULTS.toleranceAngstrom }: { rMaxAngstrom?: number; toleranceAngstrom?: number } = {},
): SiteGroup[] {
  if (!(toleranceAngstrom >= 0)) throw new InputError(`toleranceAngstrom must be ≥ 0; got ${toleranceAngstrom}`);
  const sites = sitesOf(structure, element);
  if (sites.length === 0) return [];
  const cells = buildCellList(structure, rMaxAngstrom);
  const limit = rMaxAngstrom - 2 * toleranceAngstrom;
  const signatures = sites.map((i) => {
    const nb = cells.neighborsOf(i);
    const bySpecies = new Map<number, number[]>();
    nb.indices.forEach((j, k) => {
      const d = nb.distances[k]!;
      const z = structure.z[j]!;
      if (!bySpecies.has(z)) bySpecies.set(z, []);
      bySpecies.get(z)!.push(d);
    });
    return bySpecies;
  });
  const same = (a: Map<number, number[]>, b: Map<number, number[]>): boolean => {
    for (const z of new Set([...a.keys(), ...b.keys()])) {
      const da = (a.get(z) ?? []).filter((d) => d < limit);
      const db = (b.get(z) ?? []).filter((d) => d < limit);
      const n = Math.min(da.length, db.length);
      for (let k = 0; k < n; k++) if (Math.abs(da[k]! - db[k]!) > toleranceAngstrom) return false;
      // A length difference is allowed only for distances within the tolerance band below the limit.
      const extra = da.length > n ? da.slice(n) : db.slice(n);
      if (extra.some((d) => d < limit - toleranceAngstrom)) return false;
    }
    return true;
  };
  const groups: { rep: number; members: number[] }[] = [];
  sites.forEach((site, k) => {
    const g = groups.find((g) => same(signatures[g.rep]!, signatures[k]!));
    if (g) g.members.push(site);
    else groups.push({ rep: k, members: [site] });
  });
  return groups.map((g) => ({ index: g.members[0]!, multiplicity: g.members.length, members: g.members }));
}

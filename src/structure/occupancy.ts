/**
 * Partial occupancy: which atom a position shared by several listed occupants holds. A crystal file
 * may list several species on one site (Ca 0.616 + Na 0.09 + Mg 0.187 + Fe 0.107 on augite's M2) or
 * split one atom over nearby positions; a `Structure` holds one atom per point, so each shared site
 * keeps its majority species and the rest is reported in a warning — never stacked.
 */
import { Lattice } from './lattice.ts';
import { forEachClosePair, STRUCTURE_LIMITS } from './limits.ts';
import { makeStructure } from './structure.ts';

/** One listed occupant of a position. */
export interface ListedSite {
  symbol: string;
  label: string;
  /** Fractional coordinates. */
  fracCoords: ArrayLike<number>;
  /** Probability that this species is there (0…1; 1 when the file gives none). */
  occupancy: number;
}

/** Defaults of {@link resolveSharedSites}. */
export const OCCUPANCY_DEFAULTS = Object.freeze({
  /** Listed occupants closer than this (Å, periodic) share one site: the physical minimum distance of `STRUCTURE_LIMITS`. */
  shareDistanceAngstrom: STRUCTURE_LIMITS.minDistanceAngstrom,
  /**
   * A site whose occupancies add up to less than this is empty more often than not (a vacancy-dominated
   * site: partly filled channel water or cations, low-occupancy split positions) and is left out. At
   * exactly 0.5 (a half-occupied H or a 50:50 disorder) the atom is kept.
   */
  minTotalOccupancy: 0.5,
  /** Occupancies adding up to more than 1 + this are called inconsistent in the warning (rounding in files stays below it). */
  overfullTolerance: 0.02,
  /**
   * One listed occupancy may exceed 1 by this much (a refined value such as 1.02(3)): the CIF reader warns
   * and reads it as 1. Anything larger (5.0) is no fraction of a site and is refused with its line.
   */
  roundingAboveOne: 0.05,
});

/** What {@link resolveSharedSites} returns: one atom per site, in the order of the first listed occupant. */
export interface ResolvedSites {
  species: string[];
  fracCoords: number[];
  /** The kept species' summed occupancy on its site. */
  occupancy: number[];
  labels: string[];
  /** One line per distinct decision (merged, majority kept, vacancy left out), with the number of sites it applies to. */
  warnings: string[];
}

/**
 * Give every shared site one atom. Occupants within `shareDistanceAngstrom` of each other (chained:
 * connected groups) form a site. Per site the occupancies are summed per species; the species with
 * the largest sum is kept (ties: the one listed first), at the position of its largest-occupancy
 * member, with the summed occupancy. A site whose total occupancy is below `minTotalOccupancy` is left
 * out (it is more often empty than filled) — unless no other site holds its species, because leaving
 * it out would erase an element (then it is kept and the warning says the count is overstated). Kept
 * atoms are at least `shareDistanceAngstrom` apart. `source` prefixes the warnings.
 *
 * @example
 * resolveSharedSites(Lattice.cubic(5), [
 *   { symbol: 'Ca', label: 'Ca1', fracCoords: [0, 0, 0], occupancy: 0.6 },
 *   { symbol: 'Na', label: 'Na1', fracCoords: [0, 0, 0], occupancy: 0.4 },
 * ], 'x.cif').species; // ['Ca'], warning "x.cif: sites Ca1 and Na1 share one position …: kept Ca (occupancy 0.6), dropped Na 0.4"
 */
export function resolveSharedSites(
  lattice: Lattice,
  listed: readonly ListedSite[],
  source = '<text>',
  {
    shareDistanceAngstrom = OCCUPANCY_DEFAULTS.shareDistanceAngstrom,
    minTotalOccupancy = OCCUPANCY_DEFAULTS.minTotalOccupancy,
    overfullTolerance = OCCUPANCY_DEFAULTS.overfullTolerance,
  }: { shareDistanceAngstrom?: number; minTotalOccupancy?: number; overfullTolerance?: number } = {},
): ResolvedSites {
  const n = listed.length;
  // Union–find over occupants closer than shareDistance.
  const parent = Int32Array.from({ length: n }, (_, k) => k);
  const root = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]!]!;
    return k;
  };
  const probe = makeStructure({ lattice, species: listed.map((s) => s.symbol), fracCoords: listed.flatMap((s) => [s.fracCoords[0]!, s.fracCoords[1]!, s.fracCoords[2]!]) });
  forEachClosePair(probe, shareDistanceAngstrom, (i, j) => {
    const [a, b] = [root(i), root(j)];
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  });
  const groups = new Map<number, number[]>();
  for (let k = 0; k < n; k++) {
    const r = root(k);
    const g = groups.get(r);
    if (g) g.push(k);
    else groups.set(r, [k]);
  }

  const out: ResolvedSites = { species: [], fracCoords: [], occupancy: [], labels: [], warnings: [] };
  const notes = new Map<string, number>(); // warning text → number of sites it applies to
  const note = (text: string) => notes.set(text, (notes.get(text) ?? 0) + 1);
  const sites = [...groups.values()].sort((p, q) => p[0]! - q[0]!).map((members) => {
    const bySpecies = new Map<string, number>(); // in listing order, so that a tie keeps the species listed first
    for (const k of members) bySpecies.set(listed[k]!.symbol, (bySpecies.get(listed[k]!.symbol) ?? 0) + listed[k]!.occupancy);
    let winner = '';
    let best = -Infinity;
    for (const [el, occ] of bySpecies) if (occ > best) [winner, best] = [el, occ];
    const total = [...bySpecies.values()].reduce((a, b) => a + b, 0);
    return { members, bySpecies, winner, best, total, empty: total < minTotalOccupancy };
  });
  // Leaving out the mostly empty sites must not erase an element (digenite's Cu sits only on sites 0.225 full).
  const present = new Set(sites.filter((s) => !s.empty).map((s) => s.winner));
  for (const { members, bySpecies, winner, best, total, empty } of sites) {
    const labels = [...new Set(members.map((k) => listed[k]!.label))];
    const emptyNote = `${labels.length > 1 ? 'sites' : 'site'} ${names(labels)} ${labels.length > 1 ? 'are' : 'is'} mostly empty (total occupancy ${fmt(total)} < ${minTotalOccupancy})`;
    if (empty && present.has(winner)) {
      note(`${emptyNote}: left out`);
      continue;
    }
    if (empty) note(`${emptyNote}, but holds the only ${winner} in the file: kept, so the cell overstates ${winner}`);
    let keep = members[0]!;
    for (const k of members) if (listed[k]!.symbol === winner && (listed[keep]!.symbol !== winner || listed[k]!.occupancy > listed[keep]!.occupancy)) keep = k;
    const site = listed[keep]!;
    out.species.push(winner);
    out.fracCoords.push(site.fracCoords[0]!, site.fracCoords[1]!, site.fracCoords[2]!);
    out.occupancy.push(best);
    out.labels.push(site.label);
    if (members.length === 1) continue;
    const overfull = total > 1 + overfullTolerance ? ` (the occupancies add up to ${fmt(total)}: missing or inconsistent in the file${bySpecies.size > 1 ? '; on a tie the species listed first is kept' : ''})` : '';
    if (bySpecies.size > 1) {
      const dropped = [...bySpecies].filter(([el]) => el !== winner).map(([el, occ]) => `${el} ${fmt(occ)}`);
      note(`sites ${names(labels)} share one position (within ${shareDistanceAngstrom} Å): kept the majority ${winner} (occupancy ${fmt(best)}), dropped ${dropped.join(', ')}${overfull}`);
    } else if (labels.length > 1) {
      note(`sites ${names(labels)} of ${winner} coincide (within ${shareDistanceAngstrom} Å); merged into one ${winner} (occupancies summed to ${fmt(best)})${overfull}`);
    } else {
      note(`site ${labels[0]} has ${members.length} copies within ${shareDistanceAngstrom} Å of each other (a split site); merged into one ${winner} (occupancies summed to ${fmt(best)})${overfull}`);
    }
  }
  for (const [text, count] of notes) out.warnings.push(`${source}: ${text}${count > 1 ? ` [${count} sites in the cell]` : ''}`);
  return out;
}

/** `A`, `A and B`, `A, B and C`. */
function names(labels: readonly string[]): string {
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

function fmt(x: number): string {
  return String(Number(x.toFixed(3)));
}

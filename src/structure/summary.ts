/**
 * A compact, printable description of a structure around its absorbers (for `xasinv structure`).
 */
import { getElement } from '../elements/index.ts';
import { buildCellList } from './neighbors.ts';
import { inequivalentSites } from './sites.ts';
import { formulaOf, type Structure } from './structure.ts';

/** One coordination shell: neighbours at (nearly) the same distance. */
export interface NeighborShell {
  /** Mean distance of the shell in Å. */
  distance: number;
  /** Number of neighbours in the shell. */
  count: number;
  /** Neighbour count per element, e.g. `{ O: 4 }`. */
  species: Record<string, number>;
}

/** Summary of one inequivalent absorber site. */
export interface SiteSummary {
  index: number;
  multiplicity: number;
  label?: string;
  /**
   * Sites closer than `minDistanceAngstrom`, not in `shells`. Always 0 for structures from the readers
   * (they keep atoms ≥ 0.5 Å apart: CIF partial occupancy keeps one atom per site); a structure built
   * by hand may still hold alternative occupants of one site.
   */
  coLocated: number;
  shells: NeighborShell[];
}

/** What {@link structureSummary} returns. */
export interface StructureSummary {
  name?: string;
  /** Cell (or molecule) formula, e.g. `Cu4O4`. */
  formula: string;
  /** Reduced formula, e.g. `CuO`. */
  reducedFormula: string;
  siteCount: number;
  periodic: boolean;
  absorber: string;
  sites: SiteSummary[];
}

/** Defaults of {@link structureSummary}. */
export const STRUCTURE_SUMMARY_DEFAULTS = Object.freeze({
  /** Shells are listed out to this distance (Å). */
  rMaxAngstrom: 4.0,
  /** A neighbour joins the current shell when within this of the shell's first distance (Å). */
  shellWidthAngstrom: 0.05,
  /** Neighbours nearer than this (Å) are partial occupants of the same site, counted in `coLocated`. */
  minDistanceAngstrom: 0.5,
});

/**
 * Formula plus, for each inequivalent site of `absorber`, its neighbour shells out to `rMaxAngstrom`
 * (a neighbour joins a shell when within `shellWidthAngstrom` of the shell's nearest member).
 *
 * @example
 * structureSummary(tenorite, 'Cu').sites[0].shells[0]; // { distance: 1.95, count: 4, species: { O: 4 } }
 * @throws InputError for an unknown absorber element.
 */
export function structureSummary(
  structure: Structure,
  absorber: string,
  {
    rMaxAngstrom = STRUCTURE_SUMMARY_DEFAULTS.rMaxAngstrom,
    shellWidthAngstrom = STRUCTURE_SUMMARY_DEFAULTS.shellWidthAngstrom,
    minDistanceAngstrom = STRUCTURE_SUMMARY_DEFAULTS.minDistanceAngstrom,
  }: { rMaxAngstrom?: number; shellWidthAngstrom?: number; minDistanceAngstrom?: number } = {},
): StructureSummary {
  const symbol = getElement(absorber).symbol;
  const { formula, reducedFormula } = formulaOf(structure);
  const cells = buildCellList(structure, rMaxAngstrom);
  const sites = inequivalentSites(structure, symbol).map((g): SiteSummary => {
    const nb = cells.neighborsOf(g.index);
    const shells: NeighborShell[] = [];
    let start = -Infinity;
    let sum = 0;
    let coLocated = 0;
    nb.indices.forEach((j, k) => {
      const d = nb.distances[k]!;
      if (d < minDistanceAngstrom) {
        coLocated++;
        return;
      }
      let shell = shells[shells.length - 1];
      if (!shell || d - start > shellWidthAngstrom) {
        if (shell) shell.distance = sum / shell.count;
        shell = { distance: d, count: 0, species: {} };
        shells.push(shell);
        start = d;
        sum = 0;
      }
      shell.count++;
      sum += d;
      const el = structure.species[j]!;
      shell.species[el] = (shell.species[el] ?? 0) + 1;
    });
    const last = shells[shells.length - 1];
    if (last) last.distance = sum / last.count;
    const label = structure.labels?.[g.index];
    return { index: g.index, multiplicity: g.multiplicity, ...(label ? { label } : {}), coLocated, shells };
  });
  return {
    ...(structure.name ? { name: structure.name } : {}),
    formula,
    reducedFormula,
    siteCount: structure.species.length,
    periodic: structure.lattice !== null,
    absorber: symbol,
    sites,
  };
}

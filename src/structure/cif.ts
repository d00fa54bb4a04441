/**
 * CIF reader: the expanded cell of `cif-sites.ts` with one atom per site (`occupancy.ts`: majority
 * species of a shared site, vacancy-dominated sites left out, each decision a warning).
 */
import { readFileSync } from 'node:fs';
import { readCifSites, type CifOptions } from './cif-sites.ts';
import { ParseError } from '../errors.ts';
import { OCCUPANCY_DEFAULTS, resolveSharedSites } from './occupancy.ts';
import { makeStructure, type Structure } from './structure.ts';

/**
 * Parse CIF text into the full unit cell (see `readCifSites` for what is read). Sites are wrapped into
 * [0, 1). Partial occupancy is honoured: occupants within `minDistanceAngstrom` (0.5 Å) of each other
 * share a site, which keeps its majority species (ties: the one listed first) with that species'
 * summed occupancy — two labels of one element (Fe2+/Fe3+ halves) become one site with summed
 * occupancy; a site with total occupancy below 0.5 is left out. Every such decision is a warning
 * naming the sites and the dropped species, so no two atoms of the result are closer than 0.5 Å.
 *
 * @example
 * const s = parseCif(readFileSync('amcsd_0000143_Hematite.cif', 'utf8'), 'hematite.cif');
 * s.species.filter((e) => e === 'Fe').length; // 12
 * @example
 * parseCif(augiteText, 'augite.cif').warnings; // ['augite.cif: sites Na1, Ca1, Mg2 and Fe1 share one position …: kept the majority Ca (occupancy 0.616), dropped Na 0.09, Mg 0.187, Fe 0.107 [4 sites in the cell]', …]
 * @throws ParseError naming the file, line and problem (missing or too small cell, unknown element, bad number, bad operator …);
 *   UnsupportedError (`STRUCTURE_TOO_LARGE`) for more than `maxAtoms` atom positions after symmetry expansion.
 */
export function parseCif(text: string, name = '<text>', options: CifOptions = {}): Structure {
  const { lattice, sites, title, warnings } = readCifSites(text, name, options);
  const resolved = resolveSharedSites(lattice, sites, name, options.minDistanceAngstrom !== undefined ? { shareDistanceAngstrom: options.minDistanceAngstrom } : {});
  if (resolved.species.length === 0) throw new ParseError(name, undefined, `every atom site is mostly empty (total occupancy below ${OCCUPANCY_DEFAULTS.minTotalOccupancy}): no atoms left`);
  return makeStructure({
    lattice,
    species: resolved.species,
    fracCoords: resolved.fracCoords,
    occupancy: resolved.occupancy,
    labels: resolved.labels,
    name: title,
    source: name,
    warnings: [...warnings, ...resolved.warnings],
  });
}

/** Read a CIF file (see {@link parseCif}). @example readCif('tenorite.cif').species.length // 8 */
export function readCif(path: string, options: CifOptions = {}): Structure {
  return parseCif(readFileSync(path, 'utf8'), path, options);
}

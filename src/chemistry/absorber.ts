/**
 * @module chemistry/absorber
 * The chemistry readout of every inequivalent site of an absorbing element in a structure, with its
 * multiplicity, and a multiplicity-weighted summary (what a screening row shows).
 */
import { getElement } from '../elements/index.ts';
import { inequivalentSites, type Structure } from '../structure/index.ts';
import { formatCount } from './labels.ts';
import { siteChemistry, type SiteChemistry, type SiteChemistryOptions } from './site-chemistry.ts';

/** One inequivalent absorber site. */
export interface AbsorberSite extends SiteChemistry {
  multiplicity: number;
}

/** Result of {@link absorberChemistry}. */
export interface AbsorberChemistry {
  element: string;
  sites: AbsorberSite[];
  /** Multiplicity-weighted mean BVS over the sites that have one (null when none has). */
  meanBvs: number | null;
  /** `Cu(II), 4-coordinate O`, or per site `Fe(III), 4-coordinate O ×8; Fe(II/III), 6-coordinate O ×16`. */
  summary: string;
}

/**
 * Chemistry of each inequivalent site of `element` (grouped by structure/sites.ts, or the `sites`
 * given, e.g. the ones a predictor used).
 *
 * @example
 * absorberChemistry(magnetite, 'Fe').summary; // 'Fe(III), 4-coordinate O ×8; Fe(II/III), 6-coordinate O ×16'
 * @throws InputError for an unknown element or a bad site index.
 */
export function absorberChemistry(
  structure: Structure,
  element: string,
  { sites, ...options }: SiteChemistryOptions & { sites?: readonly { index: number; multiplicity: number }[] } = {},
): AbsorberChemistry {
  const symbol = getElement(element).symbol;
  const groups = sites ?? inequivalentSites(structure, symbol);
  const out: AbsorberSite[] = groups.map((g) => ({ ...siteChemistry(structure, g.index, options), multiplicity: g.multiplicity }));
  let weight = 0;
  let sum = 0;
  for (const s of out) {
    if (s.bvs === null) continue;
    weight += s.multiplicity;
    sum += s.multiplicity * s.bvs;
  }
  return { element: symbol, sites: out, meanBvs: weight > 0 ? sum / weight : null, summary: summarizeSites(out) };
}

/**
 * One line for a list of sites: equal labels merged (multiplicities added), most frequent first;
 * a single label is printed without its multiplicity.
 *
 * @example summarizeSites([{ label: 'Cu(II), 4-coordinate O', multiplicity: 4 }]) // 'Cu(II), 4-coordinate O'
 */
export function summarizeSites(sites: readonly { label: string; multiplicity: number }[]): string {
  const byLabel = new Map<string, number>();
  for (const s of sites) byLabel.set(s.label, (byLabel.get(s.label) ?? 0) + s.multiplicity);
  const entries = [...byLabel.entries()].sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return 'no absorber site';
  if (entries.length === 1) return entries[0]![0];
  return entries.map(([label, n]) => `${label} ×${formatCount(n)}`).join('; ');
}

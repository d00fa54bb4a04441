/**
 * `xasinv structure <file> [--element El] [--json]` (`--absorber` is the old spelling): the
 * absorber's inequivalent sites with their multiplicities, neighbour shells (a table with column
 * headers) and 50-term G2 wACSF.
 */
import { getElement } from '../elements/index.ts';
import { InputError } from '../errors.ts';
import { defaultAbsorber, g2Centres, readStructure, structureSummary, wacsfG2 } from '../structure/index.ts';
import type { Command } from './command.ts';
import { fmt, toJson } from './output.ts';
import { elementOf, elementOption } from './shared-options.ts';

export const structureCommand: Command = {
  name: 'structure',
  usage: '<file> [--element El] [--json]',
  options: {
    element: elementOption('absorbing element (default: the heaviest element present)'),
    json: { type: 'boolean', help: 'print JSON' },
  },
  async run({ positionals, options }) {
    if (positionals.length !== 1) throw new InputError('structure: expected exactly one structure file');
    const s = readStructure(positionals[0]!);
    const given = elementOf(options);
    const absorber = given ? getElement(given).symbol : defaultAbsorber(s);
    const summary = structureSummary(s, absorber);
    if (summary.sites.length === 0) throw new InputError(`${s.source}: no ${absorber} atom in the structure`);
    const r = g2Centres();
    const sites = summary.sites.map((site) => ({ ...site, g2: wacsfG2(s, site.index) }));
    if (options.json) {
      console.log(toJson({ ...summary, source: s.source, r, sites, warnings: s.warnings ?? [] }, 6));
      return 0;
    }
    console.log(`${s.source}: ${summary.formula} (${summary.reducedFormula}), ${summary.siteCount} sites, ${summary.periodic ? 'periodic' : 'molecule'}`);
    console.log(`absorber ${absorber}: ${sites.length} inequivalent site(s)`);
    for (const site of sites) {
      console.log(`\nsite ${site.index}${site.label ? ` (${site.label})` : ''}, multiplicity ${site.multiplicity}`);
      console.log(`  ${'distance/Å'.padStart(10)}  ${'atoms'.padStart(5)}  neighbours`);
      for (const sh of site.shells) {
        const species = Object.entries(sh.species).map(([el, n]) => `${n} ${el}`).join(' + ');
        console.log(`  ${fmt(sh.distance).padStart(10)}  ${String(sh.count).padStart(5)}  ${species}`);
      }
      let kMax = 0;
      for (let k = 1; k < site.g2.length; k++) if (site.g2[k]! > site.g2[kMax]!) kMax = k;
      console.log(`  G2: ${site.g2.length} terms on r = ${fmt(r[0], 2)}…${fmt(r[r.length - 1], 2)} Å, maximum ${fmt(site.g2[kMax])} at ${fmt(r[kMax], 2)} Å`);
    }
    for (const w of s.warnings ?? []) console.log(`warning: ${w}`);
    return 0;
  },
};

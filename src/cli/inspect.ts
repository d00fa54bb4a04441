/**
 * `xasinv inspect <file> [--group LABEL] [--element El] [--json]`: format, element/edge, points,
 * energy range, E0, edge step and the normalised spectrum; for an Athena project, which group was
 * read and how many the project holds.
 */
import { InputError } from '../errors.ts';
import { listGroups } from '../io/index.ts';
import { inspectJson, prepareMeasured } from '../measured/index.ts';
import type { Command } from './command.ts';
import { fmt, toJson } from './output.ts';
import { elementOf, elementOption, GROUP_OPTION, groupOf } from './shared-options.ts';

export const inspectCommand: Command = {
  name: 'inspect',
  usage: '<file> [--group LABEL] [--element El] [--groups] [--json]',
  options: {
    group: GROUP_OPTION,
    element: elementOption('absorbing element, if the file does not say'),
    groups: { type: 'boolean', help: 'list the groups of an Athena project and stop' },
    json: { type: 'boolean', help: 'print JSON {format, element, edge, e0, edgeStep, energy[], mu[], norm[], recipe, warnings[]}' },
  },
  async run({ positionals, options }) {
    if (positionals.length !== 1) throw new InputError('inspect: expected exactly one spectrum file');
    const file = positionals[0]!;
    if (options.groups) {
      const groups = listGroups(file);
      if (options.json) console.log(toJson(groups));
      else for (const g of groups) console.log(`${String(g.index).padStart(3)}  ${g.label}${g.element ? `  (${g.element})` : ''}  ${g.points} points`);
      return 0;
    }
    const element = elementOf(options);
    const p = prepareMeasured(file, { group: groupOf(options), ...(element ? { element } : {}) });
    const { spectrum: s, preEdge: pe } = p;
    const n = s.energyEv.length;
    if (options.json) {
      console.log(toJson({ ...inspectJson(p), headers: s.meta.headers }));
      return 0;
    }
    const r = pe.recipe;
    console.log(`${s.meta.source}${s.meta.label ? ` [${s.meta.label}]` : ''}`);
    if (s.meta.group) console.log(`  group        ${s.meta.group.index} of ${s.meta.group.count} in the project (0-based; choose with --group, list with --groups)`);
    console.log(`  format       ${s.meta.format}${s.meta.muSource ? ` (μ from ${s.meta.muSource})` : ''}`);
    console.log(`  element      ${p.element ?? 'unknown'} ${p.edge ?? ''} (${p.elementSource})${p.edgeTableEv ? `, tabulated edge ${p.edgeTableEv} eV` : ''}`);
    console.log(`  points       ${n}, ${fmt(s.energyEv[0], 1)} – ${fmt(s.energyEv[n - 1], 1)} eV`);
    console.log(`  E0           ${fmt(p.e0Ev, 2)} eV`);
    console.log(`  edge step    ${p.edgeStep.toPrecision(4)}${r.alreadyNormalized ? ' (input already normalised)' : ''}`);
    console.log(`  pre-edge     ${fmt(r.pre1RelE0Ev, 1)} … ${fmt(r.pre2RelE0Ev, 1)} eV from E0; normalisation ${fmt(r.norm1RelE0Ev, 1)} … ${fmt(r.norm2RelE0Ev, 1)} eV, degree ${r.nnorm}`);
    for (const w of p.warnings) console.log(`  warning: ${w}`);
    return 0;
  },
};

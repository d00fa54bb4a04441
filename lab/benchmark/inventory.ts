/**
 * @module lab/benchmark/inventory
 * Every candidate measured spectrum of the shared data: each file under experimental/, each group
 * of an Athena project, each row of the maml-rfxas CSV; and which rule of sources.ts decides it.
 * build.ts turns the decisions into the catalogue and the excluded list; the completeness test
 * checks that the two together account for every candidate.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { listGroups } from '../../src/io/index.ts';
import { csvRows } from './load.ts';
import type { Match, Rule } from './sources.ts';
import type { SpectrumRef } from './schema.ts';

/** One candidate spectrum (or file). */
export interface Candidate {
  ref: SpectrumRef;
  /** Athena group absorber as the project records it. */
  athenaElement?: string;
  /** A problem listing the project's groups (then the whole file is one candidate). */
  listProblem?: string;
}

/** A stable key of a spectrum reference (the catalogue id is built from it). */
export function refKey(ref: SpectrumRef): string {
  return `${ref.path}${ref.groupIndex !== undefined ? `#${ref.groupIndex}` : ''}${ref.row !== undefined ? `@${ref.row}` : ''}`;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

const MAML_CSV = 'experimental/maml-rfxas/experiment.csv';

/**
 * Every candidate under `<dataDir>/experimental`, in a fixed order.
 *
 * @example inventory('../shared/data').length // > 1000
 */
export function inventory(dataDir: string): Candidate[] {
  const out: Candidate[] = [];
  for (const abs of walk(join(dataDir, 'experimental'))) {
    const path = relative(dataDir, abs).split('\\').join('/');
    if (path.endsWith('.prj')) {
      try {
        const groups = listGroups(abs);
        if (groups.length === 0) out.push({ ref: { path }, listProblem: 'the project holds no groups' });
        for (const g of groups) out.push({ ref: { path, group: g.label, groupIndex: g.index }, ...(g.element ? { athenaElement: g.element } : {}) });
      } catch (err) {
        out.push({ ref: { path }, listProblem: (err as Error).message });
      }
    } else if (path === MAML_CSV) {
      for (const id of csvRows(abs).keys()) out.push({ ref: { path, row: id } });
    } else out.push({ ref: { path } });
  }
  return out;
}

function matches(pattern: string | RegExp | undefined, value: string | undefined): boolean {
  if (pattern === undefined) return true;
  if (value === undefined) return false;
  return typeof pattern === 'string' ? value === pattern || value.trim() === pattern.trim() : pattern.test(value);
}

/** Does `when` match the candidate? */
export function ruleMatches(when: Match, ref: SpectrumRef): boolean {
  return matches(when.path, ref.path) && matches(when.group, ref.group) && matches(when.row, ref.row);
}

/** The first rule matching the candidate, or undefined. */
export function decide(rules: readonly Rule[], ref: SpectrumRef): Rule | undefined {
  return rules.find((r) => ruleMatches(r.when, ref));
}

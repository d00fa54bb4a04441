/**
 * The jobs of a batch: structure files (folders searched recursively) → their inequivalent absorber
 * sites, each checked for a cluster FEFF can take. Files that cannot be read, hold no absorber, repeat
 * another file byte for byte, or give an impossible cluster are listed with the reason, never dropped
 * silently.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { XasinvError } from '../errors.ts';
import { expandCandidates, formulaOf, inequivalentSites, parseStructure, type Structure } from '../structure/index.ts';
import { buildCluster } from './cluster.ts';
import type { FeffPreset } from './presets.ts';

/** One site to compute. */
export interface BatchJob {
  file: string;
  /** `file` relative to `relativeTo` when inside it. */
  source: string;
  structureSha256: string;
  structure: Structure;
  formula: string;
  absorber: string;
  site: number;
  multiplicity: number;
  label?: string;
}

/** A file (or site) left out, and why. */
export interface BatchSkip {
  source: string;
  site?: number;
  reason: string;
}

/** Result of {@link planBatch}. */
export interface BatchPlan {
  jobs: BatchJob[];
  /** Unreadable files, duplicates, impossible clusters. */
  skipped: BatchSkip[];
  /** Readable files without the absorber. */
  withoutAbsorber: string[];
  /** Structure files looked at. */
  files: number;
}

/** `path` relative to `root` when inside it, else as given. */
function relativeIfInside(path: string, root: string | undefined): string {
  if (!root) return path;
  const rel = relative(resolve(root), resolve(path));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** An error message without the leading `source:` (the skip list names the file already); `source:12: x` → `line 12: x`. */
function withoutSource(message: string, source: string): string {
  if (!message.startsWith(`${source}:`)) return message;
  const rest = message.slice(source.length + 1);
  const line = /^(\d+): /.exec(rest);
  return line ? `line ${line[1]}: ${rest.slice(line[0].length)}` : rest.trimStart();
}

/**
 * Plan a batch over `paths` (files or folders).
 *
 * @example
 * const plan = planBatch(['../shared/data/structures/fe-standards'], { absorber: 'Fe', preset: feffPreset('noscf') });
 * plan.jobs.length; plan.skipped; // sites to run; what was left out and why
 */
export function planBatch(paths: readonly string[], { absorber, preset, relativeTo }: { absorber: string; preset: FeffPreset; relativeTo?: string }): BatchPlan {
  const { files, rejected } = expandCandidates(paths);
  const skipped: BatchSkip[] = rejected.map((r) => ({ source: r.file, reason: r.reason }));
  const withoutAbsorber: string[] = [];
  const jobs: BatchJob[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const source = relativeIfInside(file, relativeTo);
    const bytes = readFileSync(file);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const first = seen.get(sha);
    if (first !== undefined) {
      skipped.push({ source, reason: `same bytes as ${first}` });
      continue;
    }
    seen.set(sha, source);
    let structure: Structure;
    let groups;
    try {
      structure = parseStructure(bytes.toString('utf8'), { name: source });
      groups = inequivalentSites(structure, absorber);
    } catch (err) {
      if (!(err instanceof XasinvError)) throw err;
      skipped.push({ source, reason: withoutSource(err.message, source) });
      continue;
    }
    if (groups.length === 0) {
      withoutAbsorber.push(source);
      continue;
    }
    const formula = formulaOf(structure).reducedFormula;
    for (const g of groups) {
      try {
        buildCluster(structure, g.index, preset.radiusAngstrom);
      } catch (err) {
        if (!(err instanceof XasinvError)) throw err;
        skipped.push({ source, site: g.index, reason: withoutSource(err.message, source) });
        continue;
      }
      const label = structure.labels?.[g.index];
      jobs.push({ file, source, structureSha256: sha, structure, formula, absorber, site: g.index, multiplicity: g.multiplicity, ...(label ? { label } : {}) });
    }
  }
  return { jobs, skipped, withoutAbsorber, files: files.length };
}

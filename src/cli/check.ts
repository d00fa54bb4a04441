/**
 * `xasinv check <spectrum>… [--group LABEL | --all-groups] [--element El] [--models DIR] [--json]`:
 * the confidence verdict alone (ok / caution / unreliable, score, reasons), for scripted triage of
 * many files. `--all-groups` checks every group of an Athena project. A file or group that cannot be
 * read is reported as `unreliable` (check `read`) and the others still run; the exit status is then 1.
 * With more than one spectrum, progress and the time left go to stderr.
 */
import { readFileSync } from 'node:fs';
import { assessMeasured, problems, type Confidence } from '../confidence/index.ts';
import { InputError, ParseError, XasinvError } from '../errors.ts';
import { readSpectrumEntries } from '../io/index.ts';
import { prepareMeasured, prepareSpectrum, type PreparedSpectrum } from '../measured/index.ts';
import type { Command } from './command.ts';
import { groupNote, progressWithEta, throttledProgress, toJson } from './output.ts';
import { elementOf, elementOption, GROUP_OPTION, groupOf, MODELS_OPTION, modelsDirOf } from './shared-options.ts';

/** One line of `xasinv check`. */
export interface CheckResult extends Confidence {
  file: string;
  /** Label of the Athena group read (else null). */
  group: string | null;
  /** Its 0-based index and the number of groups in the project (null for other files). */
  groupIndex: number | null;
  groupCount: number | null;
  element: string | null;
}

/** One spectrum to check: prepared, or why it could not be read. */
type Item = { file: string; group: string | null; groupIndex: number | null; groupCount: number | null; prepare: () => PreparedSpectrum };

/** The spectra of `file`: every group of a project with `allGroups`, else the one `group` names. */
function itemsOf(file: string, group: string | number | undefined, element: string | undefined, allGroups: boolean): Item[] {
  const one: Item = { file, group: group === undefined ? null : String(group), groupIndex: null, groupCount: null, prepare: () => prepareMeasured(file, { group, ...(element ? { element } : {}) }) };
  if (!allGroups) return [one];
  let read: ReturnType<typeof readSpectrumEntries>;
  try {
    read = readSpectrumEntries(readFileBytes(file), file);
  } catch {
    return [one]; // unreadable: reported with the reader's error below
  }
  if (read.format !== 'athena') return [one];
  return read.entries.map((e) => ({
    file,
    group: e.label ?? null,
    groupIndex: e.group!.index,
    groupCount: e.group!.count,
    prepare: () => {
      if (!e.spectrum) throw e.cause!;
      return prepareSpectrum(e.spectrum, element ? { element } : {});
    },
  }));
}

/** The bytes of a file, or the reader's error for one that cannot be read. */
function readFileBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ParseError(file, undefined, `cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

export const checkCommand: Command = {
  name: 'check',
  usage: '<spectrum>... [--group LABEL | --all-groups] [--element El] [--models DIR] [--json] [--quiet]',
  options: {
    group: GROUP_OPTION,
    'all-groups': { type: 'boolean', help: 'check every group of an Athena project (one line each)' },
    element: elementOption('absorbing element, if the files do not say'),
    models: MODELS_OPTION,
    json: { type: 'boolean', help: 'print JSON {file, group, groupIndex, groupCount, element, verdict, score, reasons[]} (an array for several spectra)' },
    quiet: { type: 'boolean', help: 'no progress on stderr' },
  },
  async run({ positionals, options }) {
    if (positionals.length === 0) throw new InputError('check: expected at least one spectrum file');
    const allGroups = options['all-groups'] === true;
    const group = groupOf(options);
    if (allGroups && group !== undefined) throw new InputError('check: give --group or --all-groups, not both');
    const element = elementOf(options);
    const modelsDir = modelsDirOf(options);
    const items = positionals.flatMap((file) => itemsOf(file, group, element, allGroups));
    const progress = options.quiet || items.length < 2 ? undefined : throttledProgress(progressWithEta((p: { done: number; total: number }) => `check: ${p.done}/${p.total} spectra`));
    const results: CheckResult[] = [];
    for (const item of items) {
      try {
        const prepared = item.prepare();
        const c = await assessMeasured(prepared, { ...(element ? { element } : {}), ...(modelsDir ? { modelsDir } : {}) });
        const meta = prepared.spectrum.meta;
        results.push({ file: item.file, group: meta.label ?? item.group, groupIndex: meta.group?.index ?? item.groupIndex, groupCount: meta.group?.count ?? item.groupCount, element: prepared.element ?? null, ...c });
      } catch (err) {
        if (!(err instanceof XasinvError)) throw err;
        results.push({ file: item.file, group: item.group, groupIndex: item.groupIndex, groupCount: item.groupCount, element: element ?? null, verdict: 'unreliable', score: 0, reasons: [{ check: 'read', status: 'unreliable', value: null, threshold: null, message: err.message }] });
      }
      progress?.({ done: results.length, total: items.length });
    }
    if (options.json) console.log(toJson(results.length === 1 ? results[0] : results, 4));
    else {
      for (const r of results) {
        const where = [r.group, r.groupCount === null ? '' : groupNote({ group: { index: r.groupIndex!, count: r.groupCount } })].filter(Boolean).join(', ');
        console.log(`${r.file}${where ? ` [${where}]` : ''}: ${r.verdict} (score ${r.score.toFixed(2)})`);
        for (const p of problems(r)) console.log(`  ${p.status}: ${p.message}`);
      }
    }
    const unread = results.filter((r) => r.reasons.some((x) => x.check === 'read'));
    if (unread.length === 0) return 0;
    // Scripts see it in the status too: some spectra were never checked.
    console.error(`check: ${unread.length} of ${results.length} spectra could not be read (${unread.slice(0, 3).map((r) => r.reasons[0]!.message).join('; ')}${unread.length > 3 ? '; …' : ''})`);
    return 1;
  },
};

/**
 * `xasinv check <spectrum>… [--group LABEL] [--element El] [--models DIR] [--json]`: the confidence
 * verdict alone (ok / caution / unreliable, score, reasons), for scripted triage of many files.
 * A file that cannot be read is reported as `unreliable` (check `read`) and the others still run.
 */
import { assessMeasured, problems, type Confidence } from '../confidence/index.ts';
import { InputError, XasinvError } from '../errors.ts';
import { prepareMeasured } from '../measured/index.ts';
import type { Command } from './command.ts';
import { groupNote, toJson } from './output.ts';
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

export const checkCommand: Command = {
  name: 'check',
  usage: '<spectrum>... [--group LABEL] [--element El] [--models DIR] [--json]',
  summary: 'Can the models be trusted on this spectrum? Verdict (ok/caution/unreliable), score and reasons.',
  options: {
    group: GROUP_OPTION,
    element: elementOption('absorbing element, if the files do not say'),
    models: MODELS_OPTION,
    json: { type: 'boolean', help: 'print JSON {file, group, groupIndex, groupCount, element, verdict, score, reasons[]} (an array for several files)' },
  },
  async run({ positionals, options }) {
    if (positionals.length === 0) throw new InputError('check: expected at least one spectrum file');
    const group = groupOf(options);
    const element = elementOf(options);
    const modelsDir = modelsDirOf(options);
    const results: CheckResult[] = [];
    for (const file of positionals) {
      try {
        const prepared = prepareMeasured(file, { group, ...(element ? { element } : {}) });
        const c = await assessMeasured(prepared, { ...(element ? { element } : {}), ...(modelsDir ? { modelsDir } : {}) });
        const meta = prepared.spectrum.meta;
        results.push({ file, group: meta.label ?? (group === undefined ? null : String(group)), groupIndex: meta.group?.index ?? null, groupCount: meta.group?.count ?? null, element: prepared.element ?? null, ...c });
      } catch (err) {
        if (!(err instanceof XasinvError)) throw err;
        results.push({ file, group: group === undefined ? null : String(group), groupIndex: null, groupCount: null, element: element ?? null, verdict: 'unreliable', score: 0, reasons: [{ check: 'read', status: 'unreliable', value: null, threshold: null, message: err.message }] });
      }
    }
    if (options.json) {
      console.log(toJson(results.length === 1 ? results[0] : results, 4));
      return 0;
    }
    for (const r of results) {
      const where = [r.group, r.groupCount === null ? '' : groupNote({ group: { index: r.groupIndex!, count: r.groupCount } })].filter(Boolean).join(', ');
      console.log(`${r.file}${where ? ` [${where}]` : ''}: ${r.verdict} (score ${r.score.toFixed(2)})`);
      for (const p of problems(r)) console.log(`  ${p.status}: ${p.message}`);
    }
    return 0;
  },
};

/**
 * `xasinv check <spectrum>… [--group LABEL] [--element El] [--models DIR] [--json]`: the confidence
 * verdict alone (ok / caution / unreliable, score, reasons), for scripted triage of many files.
 * A file that cannot be read is reported as `unreliable` (check `read`) and the others still run.
 */
import { assessMeasured, problems, type Confidence } from '../confidence/index.ts';
import { InputError, XasinvError } from '../errors.ts';
import { prepareMeasured } from '../measured/index.ts';
import type { Command } from './command.ts';
import { toJson } from './output.ts';

/** One line of `xasinv check`. */
export interface CheckResult extends Confidence {
  file: string;
  group: string | null;
  element: string | null;
}

export const checkCommand: Command = {
  name: 'check',
  usage: '<spectrum>... [--group LABEL] [--element El] [--models DIR] [--json]',
  summary: 'Can the models be trusted on this spectrum? Verdict (ok/caution/unreliable), score and reasons.',
  options: {
    group: { type: 'string', help: 'Athena project group: label or 0-based index' },
    element: { type: 'string', help: 'absorbing element, if the files do not say' },
    models: { type: 'string', help: 'models folder (default: the shipped models/)' },
    json: { type: 'boolean', help: 'print JSON {file, group, element, verdict, score, reasons[]} (an array for several files)' },
  },
  async run({ positionals, options }) {
    if (positionals.length === 0) throw new InputError('check: expected at least one spectrum file');
    const group = typeof options.group === 'string' && /^\d+$/.test(options.group) ? Number(options.group) : (options.group as string | undefined);
    const element = options.element as string | undefined;
    const modelsDir = options.models ? String(options.models) : undefined;
    const results: CheckResult[] = [];
    for (const file of positionals) {
      try {
        const prepared = prepareMeasured(file, { group, ...(element ? { element } : {}) });
        const c = await assessMeasured(prepared, { ...(element ? { element } : {}), ...(modelsDir ? { modelsDir } : {}) });
        results.push({ file, group: prepared.spectrum.meta.label ?? (group === undefined ? null : String(group)), element: prepared.element ?? null, ...c });
      } catch (err) {
        if (!(err instanceof XasinvError)) throw err;
        results.push({ file, group: group === undefined ? null : String(group), element: element ?? null, verdict: 'unreliable', score: 0, reasons: [{ check: 'read', status: 'unreliable', value: null, threshold: null, message: err.message }] });
      }
    }
    if (options.json) {
      console.log(toJson(results.length === 1 ? results[0] : results, 4));
      return 0;
    }
    for (const r of results) {
      console.log(`${r.file}${r.group ? ` [${r.group}]` : ''}: ${r.verdict} (score ${r.score.toFixed(2)})`);
      for (const p of problems(r)) console.log(`  ${p.status}: ${p.message}`);
    }
    return 0;
  },
};

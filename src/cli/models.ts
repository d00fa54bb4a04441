/**
 * `xasinv models [--models DIR] [--json]`: what each absorbing element supports and how well — the
 * shipped inverse and forward models with their held-out errors, the candidate library, the
 * ranking's theory → experiment calibration and the edge-position → valence line (src/support).
 */
import { MODELS_DIR } from '../paths.ts';
import { elementSupport, SUPPORT_NOTE, supportTable } from '../support/index.ts';
import type { Command } from './command.ts';
import { toJson } from './output.ts';
import { MODELS_OPTION, modelsDirOf } from './shared-options.ts';

export const modelsCommand: Command = {
  name: 'models',
  usage: '[--models DIR] [--json]',
  options: {
    models: MODELS_OPTION,
    json: { type: 'boolean', help: 'the table as JSON' },
  },
  async run({ options }) {
    const dir = modelsDirOf(options) ?? MODELS_DIR;
    const rows = elementSupport(dir);
    if (options.json) {
      console.log(toJson(rows));
      return 0;
    }
    if (rows.length === 0) {
      console.log(`no models in ${dir}`);
      return 0;
    }
    for (const line of supportTable(rows)) console.log(line);
    console.log(`\n${SUPPORT_NOTE}`);
    return 0;
  },
};

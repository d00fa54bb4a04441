/**
 * @module cli/shared-options
 * Options that several `xasinv` commands share, spelled the same way everywhere:
 * - `--element El`: the absorbing element (old spelling `--absorber`, still accepted);
 * - `--models DIR`: the models folder, holding `inverse/<el>-k` and `forward/<id>` (as for the server);
 * - `--forward-model DIR`: one forward model folder, instead of the one under `--models`
 *   (old spelling `--model`, still accepted);
 * - `--group LABEL|INDEX`: the group of an Athena project.
 * Each command lists the ones it takes; the helpers below read them.
 */
import { join } from 'node:path';
import { DEFAULT_FORWARD_MODEL_ID } from '../forward/index.ts';
import type { OptionSpec, ParsedArgs } from '../args.ts';

/**
 * `--element` (alias `--absorber`) with a command-specific help text.
 * @example options: { element: elementOption('absorbing element, if the file does not say') }
 */
export function elementOption(help: string): OptionSpec {
  return { type: 'string', help, aliases: ['absorber'] };
}

/** `--models DIR`. */
export const MODELS_OPTION: OptionSpec = Object.freeze({ type: 'string', help: 'models folder holding inverse/ and forward/ (default: the shipped models/)' });

/** `--forward-model DIR` (alias `--model`). */
export const FORWARD_MODEL_OPTION: OptionSpec = Object.freeze({ type: 'string', help: `one forward model folder (default: <models>/forward/${DEFAULT_FORWARD_MODEL_ID})`, aliases: ['model'] });

/** `--group LABEL|INDEX`. */
export const GROUP_OPTION: OptionSpec = Object.freeze({ type: 'string', help: 'Athena project group: label or 0-based index (default: the first)' });

type Options = ParsedArgs['options'];

/**
 * The `--element` value, if given.
 * @example elementOf({ element: 'Fe' }) // 'Fe'
 */
export function elementOf(options: Options): string | undefined {
  return typeof options.element === 'string' && options.element !== '' ? options.element : undefined;
}

/**
 * The `--group` value: digits are an index, anything else a label.
 * @example groupOf({ group: '2' }) // 2
 */
export function groupOf(options: Options): string | number | undefined {
  const g = options.group;
  return typeof g === 'string' && /^\d+$/.test(g) ? Number(g) : typeof g === 'string' ? g : undefined;
}

/**
 * The `--models` folder, if given.
 * @example modelsDirOf({ models: 'my-models' }) // 'my-models'
 */
export function modelsDirOf(options: Options): string | undefined {
  return typeof options.models === 'string' ? options.models : undefined;
}

/**
 * The forward model folder: `--forward-model`, else `<--models>/forward/<id>`, else undefined
 * (the shipped one).
 * @example forwardModelDirOf({ models: 'm' }) // 'm/forward/universal-k-v3'
 */
export function forwardModelDirOf(options: Options): string | undefined {
  if (typeof options['forward-model'] === 'string') return options['forward-model'];
  const models = modelsDirOf(options);
  return models === undefined ? undefined : join(models, 'forward', DEFAULT_FORWARD_MODEL_ID);
}

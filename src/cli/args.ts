/**
 * A small, strict command-line parser: positional arguments, `--flag`, `--key value` and
 * `--key=value`. Unknown options are errors (a typo must not be silently ignored).
 */
import { InputError } from '../errors.ts';

export interface OptionSpec {
  /** `boolean` options take no value. */
  type: 'string' | 'number' | 'boolean';
  /** Short help text shown by `--help`. */
  help: string;
  /** May be given several times (values collected into an array). */
  multiple?: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | number | boolean | (string | number)[]>;
}

/**
 * Parses `argv` (without the command name) against `spec`.
 * @example parseArgs(['a.xdi', '--json', '--group', 'cu'], { json: {type:'boolean', help:''}, group: {type:'string', help:''} })
 * // { positionals: ['a.xdi'], options: { json: true, group: 'cu' } }
 */
export function parseArgs(argv: string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const positionals: string[] = [];
  const options: ParsedArgs['options'] = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const key = arg.slice(2, eq >= 0 ? eq : undefined);
    const s = spec[key];
    if (!s) {
      const known = Object.keys(spec).map((k) => `--${k}`).join(', ');
      throw new InputError(`unknown option --${key}${known ? ` (known: ${known})` : ''}`);
    }
    let value: string | number | boolean;
    if (s.type === 'boolean') {
      if (eq >= 0) throw new InputError(`option --${key} takes no value`);
      value = true;
    } else {
      let raw: string | undefined;
      if (eq >= 0) raw = arg.slice(eq + 1);
      else raw = argv[++i];
      if (raw === undefined) throw new InputError(`option --${key} needs a value`);
      if (s.type === 'number') {
        const n = Number(raw);
        if (!Number.isFinite(n)) throw new InputError(`option --${key} expects a number, got "${raw}"`);
        value = n;
      } else value = raw;
    }
    if (s.multiple) {
      const prev = options[key];
      options[key] = [...(Array.isArray(prev) ? prev : []), value as string | number];
    } else options[key] = value;
  }
  return { positionals, options };
}

/** Formats the option table of a command for `--help`. */
export function formatOptions(spec: Record<string, OptionSpec>): string {
  return Object.entries(spec)
    .map(([k, s]) => `  --${k}${s.type === 'boolean' ? '' : ` <${s.type}>`}`.padEnd(26) + s.help)
    .join('\n');
}

/**
 * {@link parseArgs} for the npm scripts (train:*, eval:*, bench): `--help` prints `usage` and the
 * option table and exits 0; a bad command line prints one `error: …` line on stderr and exits 2
 * (no stack trace).
 *
 * @example
 * const { options } = parseScriptArgs(process.argv.slice(2), 'npm run eval:forward -- [options]', { data: { type: 'string', help: 'shared data folder' } });
 */
export function parseScriptArgs(argv: string[], usage: string, spec: Record<string, OptionSpec>): ParsedArgs {
  if (argv.includes('--help') && !spec.help) {
    process.stdout.write(`${usage}\n\n${formatOptions(spec)}\n`);
    process.exit(0);
  }
  try {
    return parseArgs(argv, spec);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    process.stderr.write(`error: ${err.message}\n`);
    process.exit(2);
  }
}

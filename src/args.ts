/**
 * A small, strict command-line parser: positional arguments, `--flag`, `--key value` and
 * `--key=value`. Unknown options are errors (a typo must not be silently ignored).
 */
import { InputError, XasinvError } from './errors.ts';

export interface OptionSpec {
  /** `boolean` options take no value. */
  type: 'string' | 'number' | 'boolean';
  /** Short help text shown by `--help`. */
  help: string;
  /** May be given several times (values collected into an array). */
  multiple?: boolean;
  /**
   * Other spellings of the same option (e.g. an old name kept working): the value is stored under
   * the main name, and `--help` lists them after the help text.
   */
  aliases?: readonly string[];
}

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | number | boolean | (string | number)[]>;
}

/**
 * Parses `argv` (without the command name) against `spec`. An alias is stored under its option's
 * main name; giving an option under two spellings with different values is an error.
 * @example parseArgs(['a.xdi', '--json', '--group', 'cu'], { json: {type:'boolean', help:''}, group: {type:'string', help:''} })
 * // { positionals: ['a.xdi'], options: { json: true, group: 'cu' } }
 * @example parseArgs(['--absorber', 'Fe'], { element: { type: 'string', help: '', aliases: ['absorber'] } })
 * // { positionals: [], options: { element: 'Fe' } }
 */
export function parseArgs(argv: string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const positionals: string[] = [];
  const options: ParsedArgs['options'] = {};
  const mainName = new Map<string, string>();
  for (const [name, s] of Object.entries(spec)) {
    mainName.set(name, name);
    for (const a of s.aliases ?? []) mainName.set(a, name);
  }
  /** The spelling each option was first given with (to catch --element Fe --absorber Cu). */
  const spelledAs = new Map<string, string>();
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
    const given = arg.slice(2, eq >= 0 ? eq : undefined);
    const key = mainName.get(given);
    const s = key === undefined ? undefined : spec[key];
    if (key === undefined || !s) {
      const known = Object.keys(spec).map((k) => `--${k}`).join(', ');
      throw new InputError(`unknown option --${given}${known ? ` (known: ${known})` : ''}`);
    }
    let value: string | number | boolean;
    if (s.type === 'boolean') {
      if (eq >= 0) throw new InputError(`option --${given} takes no value`);
      value = true;
    } else {
      let raw: string | undefined;
      if (eq >= 0) raw = arg.slice(eq + 1);
      else raw = argv[++i];
      if (raw === undefined) throw new InputError(`option --${given} needs a value`);
      if (s.type === 'number') {
        const n = Number(raw);
        if (!Number.isFinite(n)) throw new InputError(`option --${given} expects a number, got "${raw}"`);
        value = n;
      } else value = raw;
    }
    const first = spelledAs.get(key);
    if (first === undefined) spelledAs.set(key, given);
    else if (first !== given && !s.multiple && options[key] !== value) {
      throw new InputError(`--${first} and --${given} are the same option; give it once`);
    }
    if (s.multiple) {
      const prev = options[key];
      options[key] = [...(Array.isArray(prev) ? prev : []), value as string | number];
    } else options[key] = value;
  }
  return { positionals, options };
}

/** Formats the option table of a command for `--help` (aliases after the help text). */
export function formatOptions(spec: Record<string, OptionSpec>): string {
  return Object.entries(spec)
    .map(([k, s]) => {
      const head = `  --${k}${s.type === 'boolean' ? '' : ` <${s.type}>`}`;
      // Long names (--result-cache-mb <number>) keep two spaces before their help.
      return (head.length < 26 ? head.padEnd(26) : `${head}  `) + s.help + (s.aliases?.length ? ` (also ${s.aliases.map((a) => `--${a}`).join(', ')})` : '');
    })
    .join('\n');
}

/**
 * {@link parseArgs} for the npm scripts (train:*, eval:*, bench): `--help` prints `usage` and the
 * option table and exits 0; a bad command line, or a user-level error the script leaves uncaught
 * (an XasinvError), prints one `error: …` line on stderr and exits 2 (no stack trace).
 *
 * @example
 * const { options } = parseScriptArgs(process.argv.slice(2), 'npm run eval:forward -- [options]', { data: { type: 'string', help: 'shared data folder' } });
 */
export function parseScriptArgs(argv: string[], usage: string, spec: Record<string, OptionSpec>): ParsedArgs {
  reportUserErrorsAsOneLine();
  if (argv.includes('--help') && !spec.help) {
    process.stdout.write(`${usage}\n\n${formatOptions(spec)}\n`);
    process.exit(0);
  }
  try {
    return parseArgs(argv, spec);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    scriptUsageError(err.message);
  }
}

let handlerInstalled = false;

/**
 * From here on, a user-level error the script does not catch (an {@link XasinvError}: a data folder
 * that is not there, a file that does not parse) ends the script with one `error: …` line and exit
 * status 2, as a bad option does; anything else still prints its stack (a bug).
 */
function reportUserErrorsAsOneLine(): void {
  if (handlerInstalled) return;
  handlerInstalled = true;
  process.on('uncaughtException', (err) => {
    if (err instanceof XasinvError) scriptUsageError(err.message);
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}

/**
 * A script's bad option value: one `error: …` line on stderr, exit status 2 (as {@link parseScriptArgs}).
 *
 * @example if (!(shift <= 20)) scriptUsageError(`--measured-shift expects eV within ±20, got ${shift}`);
 */
export function scriptUsageError(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

/**
 * `xasinv` command-line entry. Each command lives in its own file and exports a `Command`, loaded
 * when it runs (commands.ts).
 * User errors print one line (`error: …`) and exit with status 2; nothing prints a stack trace
 * unless XASINV_DEBUG=1.
 */
import { XasinvError } from '../errors.ts';
import { formatOptions, parseArgs } from '../args.ts';
import { COMMANDS } from './commands.ts';
import { VERSION } from '../version.ts';

function usage(): string {
  const lines = ['usage: xasinv <command> [arguments] [options]', '', 'commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(11)}${c.summary}`);
  lines.push('', 'Run `xasinv <command> --help` for the options of a command; `xasinv --version` prints the version.');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    console.log(`xasinv ${VERSION}`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    console.error(`error: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    const cmd = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      console.log(`usage: xasinv ${cmd.name} ${cmd.usage}\n\n${entry.summary}\n\noptions:\n${formatOptions(cmd.options)}`);
      return 0;
    }
    const args = parseArgs(rest, cmd.options);
    return await cmd.run(args);
  } catch (err) {
    if (process.env.XASINV_DEBUG) console.error(err);
    if (err instanceof XasinvError) {
      console.error(`error: ${err.message}`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    console.error(`internal error: ${message} (rerun with XASINV_DEBUG=1 for details; please report it)`);
    return 1;
  }
}

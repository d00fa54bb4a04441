import type { OptionSpec, ParsedArgs } from '../args.ts';

/** One `xasinv` sub-command (its one-line summary is in the registry, commands.ts). */
export interface Command {
  name: string;
  usage: string;
  options: Record<string, OptionSpec>;
  /** Returns the process exit status. */
  run(args: ParsedArgs): Promise<number>;
}

import type { OptionSpec, ParsedArgs } from '../args.ts';

/** One `xasinv` sub-command. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  options: Record<string, OptionSpec>;
  /** Returns the process exit status. */
  run(args: ParsedArgs): Promise<number>;
}

/**
 * Errors of the FEFF driver. Both are `XasinvError`s, so the CLI prints their message as one
 * `error: …` (the failed module's log tail follows on the next lines) and exits with status 2.
 */
import { XasinvError } from '../errors.ts';

/** The FEFF10 binaries are not where the user said (or nowhere was said). */
export class FeffNotFoundError extends XasinvError {
  constructor(message: string) {
    super('FEFF_NOT_FOUND', message);
    this.name = 'FeffNotFoundError';
  }
}

/**
 * A FEFF module failed (non-zero exit, killed, timed out) or the run ended without `xmu.dat`.
 *
 * @example
 * // message: "FEFF module pot failed (exit status 2) in /tmp/xasinv-feff-x1; last lines of its output:\n  …"
 */
export class FeffRunError extends XasinvError {
  /** Module that failed, or `undefined` when every module ran but `xmu.dat` is missing. */
  readonly module: string | undefined;
  /** Last lines of that module's output. */
  readonly logTail: string;

  constructor(message: string, module: string | undefined, logTail: string, details: Record<string, unknown> = {}) {
    super('FEFF_FAILED', logTail ? `${message}; last lines of its output:\n${logTail.replace(/^/gm, '  ')}` : message, { module, logTail, ...details });
    this.name = 'FeffRunError';
    this.module = module;
    this.logTail = logTail;
  }
}

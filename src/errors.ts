/**
 * @module errors
 * Typed errors. Every error a user can cause is an `XasinvError` with a stable `code`; the CLI and
 * the server print `message` only (never a stack trace).
 */

/** Base class of every error xasinv raises on purpose. */
export class XasinvError extends Error {
  /** Stable machine-readable code, e.g. `PARSE_ERROR`, `UNSUPPORTED_ELEMENT`. */
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'XasinvError';
    this.code = code;
    this.details = details;
  }
}

/**
 * Input that cannot be read: names the file (or `<text>`), the 1-based line when known, and the problem.
 *
 * @example
 * throw new ParseError('foo.xdi', 12, 'non-numeric value "abc" in column 2');
 * // message: foo.xdi:12: non-numeric value "abc" in column 2
 */
export class ParseError extends XasinvError {
  readonly file: string;
  readonly line: number | undefined;
  readonly problem: string;

  constructor(file: string, line: number | undefined, problem: string, options?: { cause?: unknown }) {
    super('PARSE_ERROR', `${file}${line !== undefined ? `:${line}` : ''}: ${problem}`, { file, line, problem }, options);
    this.name = 'ParseError';
    this.file = file;
    this.line = line;
    this.problem = problem;
  }
}

/** Valid input that this tool does not support (e.g. an element with no trained model). */
export class UnsupportedError extends XasinvError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'UnsupportedError';
  }
}

/** Bad arguments or options (a value out of range, a missing required option). */
export class InputError extends XasinvError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('INPUT_ERROR', message, details);
    this.name = 'InputError';
  }
}

/**
 * Bytes → text for the spectrum readers: gzip detection by magic bytes, bounded inflation (a small
 * "gzip bomb" must not inflate to gigabytes), binary-garbage rejection, UTF-8 with a Latin-1
 * fallback, BOM removal, and line splitting that accepts LF, CRLF and old-Mac CR.
 */
import { gunzipSync } from 'node:zlib';
import { ParseError } from '../errors.ts';

/** Defaults of {@link decodeText}. */
export const DECODE_DEFAULTS = Object.freeze({
  /** Most bytes a gzip'd file may inflate to (the largest real Athena project seen inflates to 2.6 MB). */
  maxInflatedBytes: 256 * 1024 * 1024,
});

/** Options of {@link decodeText}. */
export interface DecodeOptions {
  /** Most bytes gzip'd input may inflate to; more is a `ParseError` (default {@link DECODE_DEFAULTS}). */
  maxInflatedBytes?: number;
}

/** True when the bytes start with the gzip magic number `1f 8b`. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The inflated bytes of gzip data, stopping at `maxBytes`: more is a `ParseError` saying so (the
 * inflation stops there, so memory and time stay bounded), as is a broken stream.
 *
 * @example
 * gunzipBounded(gzipSync('1 2\n'), 'a.dat.gz', 1024) // bytes of '1 2\n'
 */
export function gunzipBounded(bytes: Uint8Array, source: string, maxBytes: number = DECODE_DEFAULTS.maxInflatedBytes): Uint8Array {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ParseError(source, undefined, `gzip data inflates to more than ${formatMb(maxBytes)} (${bytes.length} bytes compressed); not read — a spectrum file is far smaller`);
    }
    throw new ParseError(source, undefined, `corrupt gzip data (${(err as Error).message})`, { cause: err });
  }
}

/** Bytes as MB with one decimal (`268.4 MB`). */
function formatMb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

/**
 * Decode file content to text, gunzipping when needed (at most `maxInflatedBytes`). Throws
 * `ParseError` for empty input, a broken or oversized gzip stream, or binary content (NUL bytes or
 * >5 % control characters in the first 8 KiB).
 *
 * @example
 * decodeText(Buffer.from('# e mu\n1 2\n'), 'a.dat') // '# e mu\n1 2\n'
 */
export function decodeText(input: string | Uint8Array, source: string, options: DecodeOptions = {}): string {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    let bytes = input;
    if (isGzip(bytes)) bytes = gunzipBounded(bytes, source, options.maxInflatedBytes);
    if (bytes.length === 0) throw new ParseError(source, undefined, 'empty file');
    checkNotBinary(bytes, source);
    text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    // Old beamline files are often Latin-1: fall back when UTF-8 decoding produced replacement chars.
    if (text.includes('\uFFFD')) text = new TextDecoder('latin1').decode(bytes);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // DOS end-of-file marker (Ctrl-Z) left at the end of old beamline files.
  // eslint-disable-next-line no-control-regex -- the Ctrl-Z itself is what is removed
  text = text.replace(/\x1a+\s*$/, '\n');
  if (text.trim() === '') throw new ParseError(source, undefined, 'empty file');
  if (typeof input === 'string') checkNotBinaryText(text, source);
  return text;
}

function checkNotBinary(bytes: Uint8Array, source: string): void {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) throw new ParseError(source, undefined, 'binary content (NUL byte) — not a text spectrum file');
    if (b < 9 || (b > 13 && b < 32) || b === 127) control++;
  }
  if (control > 0.05 * n) throw new ParseError(source, undefined, `binary content (${control} control bytes in the first ${n}) — not a text spectrum file`);
}

function checkNotBinaryText(text: string, source: string): void {
  const n = Math.min(text.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) throw new ParseError(source, undefined, 'binary content (NUL character) — not a text spectrum file');
    if (c < 9 || (c > 13 && c < 32) || c === 127 || c === 0xfffd) control++;
  }
  if (control > 0.05 * n) throw new ParseError(source, undefined, `binary content (${control} control characters in the first ${n}) — not a text spectrum file`);
}

/**
 * Split text into lines (LF, CRLF or CR). Index `i` is line `i + 1` in error messages.
 * @example splitLines('a\r\nb\rc') // ['a', 'b', 'c']
 */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

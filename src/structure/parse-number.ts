/**
 * Text helpers shared by the structure readers: numbers (Fortran exponents `1.0D+00`, CIF
 * uncertainties `1.234(5)`, strict rejection of anything else), lines (every line ending alike) and
 * whitespace-separated fields (every Unicode space alike).
 */

/**
 * Every line ending the readers accept, alike: CRLF, LF, CR (classic Mac), NEL (U+0085), form feed,
 * vertical tab and the Unicode line/paragraph separators (U+2028, U+2029) — the breaks Python's
 * `str.splitlines` knows, less the ASCII record separators — so a file saved by any editor or tool has the same lines.
 */
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/;

/**
 * Split text into lines on any line ending (see `LINE_BREAK`); line k of the result is line k + 1 of the file.
 *
 * @example splitLines('a\rb\r\nc\fd') // ['a', 'b', 'c', 'd']
 */
export function splitLines(text: string): string[] {
  return text.split(LINE_BREAK);
}

/**
 * A finite real number from a token, or `undefined` when the token is not a number (or overflows,
 * like `1e999`). Accepts `1.5`, `-2e-3`, Fortran `1.0D+00`/`1.0d0`, and CIF standard uncertainties `1.234(5)`.
 *
 * @example parseReal('1.0D+01') // 10
 * @example parseReal('0.2345(12)') // 0.2345
 * @example parseReal('abc') // undefined
 */
export function parseReal(token: string): number | undefined {
  const t = token.trim().replace(/\(\d+\)$/, '').replace(/[dD]/, 'e');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  const x = Number(t);
  return Number.isFinite(x) ? x : undefined;
}

/** Split a line on whitespace (any Unicode space: tab, NBSP, …), dropping empty fields. @example splitFields(' Fe\u00a01 2 ') // ['Fe', '1', '2'] */
export function splitFields(line: string): string[] {
  return line.trim().split(/\s+/).filter((s) => s.length > 0);
}

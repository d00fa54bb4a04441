/**
 * Number parsing shared by the structure readers: Fortran exponents (`1.0D+00`), CIF uncertainties
 * (`1.234(5)`), and strict rejection of anything else.
 */

/**
 * A real number from a token, or `undefined` when the token is not a number.
 * Accepts `1.5`, `-2e-3`, Fortran `1.0D+00`/`1.0d0`, and CIF standard uncertainties `1.234(5)`.
 *
 * @example parseReal('1.0D+01') // 10
 * @example parseReal('0.2345(12)') // 0.2345
 * @example parseReal('abc') // undefined
 */
export function parseReal(token: string): number | undefined {
  const t = token.trim().replace(/\(\d+\)$/, '').replace(/[dD]/, 'e');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/** Split a line on whitespace, dropping empty fields. */
export function splitFields(line: string): string[] {
  return line.trim().split(/\s+/).filter((s) => s.length > 0);
}

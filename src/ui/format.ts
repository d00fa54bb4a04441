/**
 * @module ui/format
 * Number formatting shared by the panels.
 */

/** `v` with `d` decimals, or an em dash for null, undefined and non-finite values. @example fmt(1.234) // '1.23' */
export const fmt = (v: number | null | undefined, d = 2): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(d));

/**
 * `v` at `digits` significant digits (3 by default; exponent form beyond 1e±6), or an em dash for
 * null, undefined and non-finite values.
 * @example sig(0.0123456) // '0.0123'
 * @example sig(1234.5) // '1230'
 */
export const sig = (v: number | null | undefined, digits = 3): string => {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-6) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
};

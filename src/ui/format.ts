/**
 * @module ui/format
 * Number formatting shared by the panels.
 */

/** `v` with `d` decimals, or an em dash for null, undefined and non-finite values. @example fmt(1.234) // '1.23' */
export const fmt = (v: number | null | undefined, d = 2): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(d));

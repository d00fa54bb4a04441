/**
 * @module ui/format
 * Number formatting and small numeric helpers shared by the panels.
 */

/** `v` with `d` decimals, or an em dash for null, undefined and non-finite values. @example fmt(1.234) // '1.23' */
export const fmt = (v: number | null | undefined, d = 2): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(d));

/**
 * dy/dx by central differences (one-sided at the ends), for unevenly spaced x.
 * @example derivative([0, 1, 3], [0, 2, 6]) // [2, 2, 2]
 */
export function derivative(x: readonly number[], y: readonly number[]): number[] {
  const n = x.length;
  if (n < 2) return y.map(() => 0);
  return x.map((_, i) => {
    const a = Math.max(0, i - 1);
    const b = Math.min(n - 1, i + 1);
    return (y[b]! - y[a]!) / (x[b]! - x[a]!);
  });
}

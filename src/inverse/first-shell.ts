/**
 * @module inverse/first-shell
 * The first-shell distance read off a G2 curve: the first local maximum between 1 and 3.5 Å that
 * reaches at least `minRelativeHeight` (5 %; the 2 O of Cu2O reach 8 % of its Cu–Cu peak) of the largest value in that range, refined to sub-grid
 * precision by a parabola through the maximum and its two neighbours.
 */

export const FIRST_SHELL_DEFAULTS = Object.freeze({ rMinAngstrom: 1.0, rMaxAngstrom: 3.5, minRelativeHeight: 0.05 });

/**
 * @example firstShellDistance(r, g2) // 1.95 for CuO's Cu site
 * @returns NaN when the curve has no maximum in the range.
 */
export function firstShellDistance(
  r: ArrayLike<number>,
  g2: ArrayLike<number>,
  { rMinAngstrom = FIRST_SHELL_DEFAULTS.rMinAngstrom, rMaxAngstrom = FIRST_SHELL_DEFAULTS.rMaxAngstrom, minRelativeHeight = FIRST_SHELL_DEFAULTS.minRelativeHeight } = {},
): number {
  const peaks = localMaxima(r, g2, rMinAngstrom, rMaxAngstrom, minRelativeHeight);
  return peaks.length > 0 ? peaks[0]! : NaN;
}

/**
 * Sub-grid positions of the local maxima of `g2` in [lo, hi] at least `minRelativeHeight` × the
 * range maximum, in order of r.
 */
export function localMaxima(r: ArrayLike<number>, g2: ArrayLike<number>, lo: number, hi: number, minRelativeHeight: number = FIRST_SHELL_DEFAULTS.minRelativeHeight): number[] {
  let top = -Infinity;
  for (let k = 0; k < r.length; k++) if (r[k]! >= lo && r[k]! <= hi) top = Math.max(top, g2[k]!);
  if (!(top > 0)) return [];
  const out: number[] = [];
  for (let k = 1; k < r.length - 1; k++) {
    if (r[k]! < lo || r[k]! > hi) continue;
    const a = g2[k - 1]!, b = g2[k]!, c = g2[k + 1]!;
    if (b > a && b >= c && b >= minRelativeHeight * top) {
      const denom = a - 2 * b + c;
      const offset = denom < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / denom)) : 0;
      out.push(r[k]! + offset * (r[k + 1]! - r[k]!));
    }
  }
  return out;
}

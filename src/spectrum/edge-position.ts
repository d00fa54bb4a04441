/**
 * The edge position as the energy where the normalised μ first reaches a fraction of the edge step
 * (½ by default: the "half-height" edge energy). Unlike E0 (the maximum of dμ/dE, which jumps
 * between inflection points when the edge has a shoulder), it moves smoothly with the chemical
 * shift, which is why it is the usual edge-position measure of oxidation state (e.g. Fe(II) ≈ 4 eV
 * below Fe(III) in oxides and silicates).
 *
 * The crossing is the first rise through `level` above `E0 − searchBelowEv` after which the next
 * `holdPoints` points stay at or above it (noise on the rise does not count); the energy is
 * interpolated linearly between the two points around it.
 */
import { checkSpectrum, type NumericArray } from './validate.ts';

/** Defaults of {@link edgeAtFraction}. */
export const EDGE_POSITION_DEFAULTS = Object.freeze({
  /** Fraction of the edge step (normalised μ). */
  level: 0.5,
  /** The search starts this far below E0 (eV): pre-edge peaks stay far below ½. */
  searchBelowEv: 20,
  /** Points after the crossing that must stay at or above the level. */
  holdPoints: 3,
});

/**
 * Energy (eV) where the normalised `norm` first rises through `level`, or null when it never does.
 *
 * @example
 * const p = prepareMeasured('Fe2O3_rt_01.xdi');
 * edgeAtFraction(p.spectrum.energyEv, p.preEdge.norm, p.e0Ev); // ≈ 7123.1 (hematite, Fe(III))
 */
export function edgeAtFraction(
  energyEv: NumericArray,
  norm: NumericArray,
  e0Ev: number,
  { level = EDGE_POSITION_DEFAULTS.level, searchBelowEv = EDGE_POSITION_DEFAULTS.searchBelowEv, holdPoints = EDGE_POSITION_DEFAULTS.holdPoints }: { level?: number; searchBelowEv?: number; holdPoints?: number } = {},
): number | null {
  checkSpectrum(energyEv, norm);
  const from = e0Ev - searchBelowEv;
  for (let i = 1; i < energyEv.length; i++) {
    if (energyEv[i]! < from) continue;
    const a = norm[i - 1]!;
    const b = norm[i]!;
    if (!(a < level && b >= level)) continue;
    let held = true;
    for (let k = 1; k <= holdPoints && i + k < norm.length; k++) if (!(norm[i + k]! >= level)) held = false;
    if (!held) continue;
    const e0 = energyEv[i - 1]!;
    const e1 = energyEv[i]!;
    return e0 + ((level - a) / (b - a)) * (e1 - e0);
  }
  return null;
}

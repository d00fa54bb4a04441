/**
 * A simple, documented comparison of a FEFF spectrum with a measured one, for choosing card sets:
 * the edge position as the half-step energy, then the energy shift of the theory that maximises the
 * Pearson correlation over a window around the measured edge.
 *
 * Both spectra are expected edge-step normalised (FEFF's μ is normalised to its atomic step; the
 * measurement through `normalize`). The absolute FEFF energy scale is not the experiment's, so only
 * shapes (Pearson after the best shift) and differences of edge positions between phases are compared.
 */
import { InputError } from '../errors.ts';
import { pearson } from '../stats/index.ts';
import { interpolate, uniformGrid } from '../spectrum/index.ts';
import type { NumericArray } from '../spectrum/index.ts';

/** Defaults of {@link compareToMeasured}. */
export const COMPARE_DEFAULTS = Object.freeze({
  /** Window relative to the measured half-step energy, eV. FEFF's `XANES 4` grid stops ≈ 55–60 eV above its edge. */
  windowRelEv: Object.freeze([-10, 50]) as readonly [number, number],
  /** Shifts tried around the half-step alignment, ± eV, and their step. */
  shiftSearchEv: 15,
  shiftStepEv: 0.05,
  /** Comparison grid step, eV. */
  gridStepEv: 0.25,
  /** Edge level: the first upward crossing of this fraction of the edge step. */
  edgeLevel: 0.5,
});

/**
 * Energy of the first upward crossing of `level` (linear between points): the half-step edge position
 * of a normalised spectrum.
 *
 * @example halfStepEnergyEv([0, 1, 2], [0, 0.2, 1]) // 1.375
 * @throws InputError when μ never reaches `level`.
 */
export function halfStepEnergyEv(energyEv: ArrayLike<number>, mu: ArrayLike<number>, level: number = COMPARE_DEFAULTS.edgeLevel): number {
  for (let i = 1; i < energyEv.length; i++) {
    if (mu[i - 1]! < level && mu[i]! >= level) return energyEv[i - 1]! + ((level - mu[i - 1]!) / (mu[i]! - mu[i - 1]!)) * (energyEv[i]! - energyEv[i - 1]!);
  }
  if (mu.length > 0 && mu[0]! >= level) throw new InputError(`the spectrum starts above ${level} of its edge step: no edge to locate`);
  throw new InputError(`the spectrum never reaches ${level} of its edge step: no edge to locate`);
}

/** Result of {@link compareToMeasured}. */
export interface MeasuredComparison {
  /** Half-step edge energies, eV (theory on its own scale). */
  e0TheoryEv: number;
  e0MeasuredEv: number;
  /** Shift added to the theory's energies for the best Pearson, eV. */
  shiftEv: number;
  /** Pearson correlation over the window after the shift. */
  pearson: number;
  /** Root-mean-square difference over the window after the shift (both normalised). */
  rmse: number;
  /** The window, absolute measured energies, eV. */
  windowEv: [number, number];
}

/**
 * Compare a normalised theory spectrum with a normalised measurement: best-shift Pearson over the
 * window around the measured edge (theory clamped at its grid ends).
 *
 * @example
 * const c = compareToMeasured(feffE, feffMu, measE, measNorm);
 * c.pearson; c.shiftEv; c.e0TheoryEv;
 */
export function compareToMeasured(
  theoryEnergyEv: NumericArray,
  theoryMu: NumericArray,
  measuredEnergyEv: NumericArray,
  measuredMu: NumericArray,
  {
    windowRelEv = COMPARE_DEFAULTS.windowRelEv,
    shiftSearchEv = COMPARE_DEFAULTS.shiftSearchEv,
    shiftStepEv = COMPARE_DEFAULTS.shiftStepEv,
    gridStepEv = COMPARE_DEFAULTS.gridStepEv,
    edgeLevel = COMPARE_DEFAULTS.edgeLevel,
  }: { windowRelEv?: readonly [number, number]; shiftSearchEv?: number; shiftStepEv?: number; gridStepEv?: number; edgeLevel?: number } = {},
): MeasuredComparison {
  const e0TheoryEv = halfStepEnergyEv(theoryEnergyEv, theoryMu, edgeLevel);
  const e0MeasuredEv = halfStepEnergyEv(measuredEnergyEv, measuredMu, edgeLevel);
  const grid = uniformGrid(e0MeasuredEv + windowRelEv[0], e0MeasuredEv + windowRelEv[1], gridStepEv);
  const measured = interpolate(measuredEnergyEv, measuredMu, grid, { outside: 'clamp' });
  const at = (shift: number) => interpolate(theoryEnergyEv, theoryMu, grid.map((e) => e - shift), { outside: 'clamp' });
  const centre = e0MeasuredEv - e0TheoryEv;
  let best = { shiftEv: centre, pearson: -Infinity };
  const steps = Math.round(shiftSearchEv / shiftStepEv);
  for (let k = -steps; k <= steps; k++) {
    const shift = centre + k * shiftStepEv;
    const p = pearson(measured, at(shift));
    if (p > best.pearson) best = { shiftEv: shift, pearson: p };
  }
  const theory = at(best.shiftEv);
  let se = 0;
  for (let i = 0; i < grid.length; i++) se += (theory[i]! - measured[i]!) ** 2;
  return { e0TheoryEv, e0MeasuredEv, shiftEv: best.shiftEv, pearson: best.pearson, rmse: Math.sqrt(se / grid.length), windowEv: [grid[0]!, grid[grid.length - 1]!] };
}

/**
 * @module forward/grid
 * The one edge-relative energy grid every absorber's spectrum lives on.
 *
 * Choice (2026-11, measured on the training data): after the per-source offsets (see sources.ts)
 * the four sources cover, relative to the aligned edge, Fe −25…+50, Cu −13…+127, Co −34…+31 and
 * S −11…+39 eV. Their intersection is −10.8…+31.2 eV, so the grid is −10…+30 eV at 0.25 eV
 * (OmniXAS's resolution): 161 points, no extrapolation for any source.
 */
import { uniformGrid } from '../spectrum/index.ts';

/** The forward model's energy grid: E − E_edge − offset(source), in eV. */
export const FORWARD_GRID_DEFAULTS = Object.freeze({ startEv: -10, stopEv: 30, stepEv: 0.25 });

/** A relative energy grid as stored in the model manifest. */
export interface RelativeGrid {
  relative: true;
  startEv: number;
  stopEv: number;
  stepEv: number;
  n: number;
  energyEv: number[];
}

/**
 * The relative grid (default −10…+30 eV, 0.25 eV, 161 points).
 *
 * @example
 * forwardGrid().n // 161
 */
export function forwardGrid({
  startEv = FORWARD_GRID_DEFAULTS.startEv,
  stopEv = FORWARD_GRID_DEFAULTS.stopEv,
  stepEv = FORWARD_GRID_DEFAULTS.stepEv,
}: { startEv?: number; stopEv?: number; stepEv?: number } = {}): RelativeGrid {
  const e = uniformGrid(startEv, stopEv, stepEv);
  return { relative: true, startEv, stopEv, stepEv, n: e.length, energyEv: Array.from(e, (x) => Math.round(x * 1e6) / 1e6) };
}

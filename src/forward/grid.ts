/**
 * @module forward/grid
 * The one edge-relative energy grid every absorber's spectrum lives on.
 *
 * Choice (measured on the training data): after the per-source offsets (see sources.ts) the
 * training spectra cover, relative to the aligned edge, Fe −26…+49, Cu −13.5…+127.5 (every Cu
 * spectrum reaches +127.48 eV, 95 % reach +127.6; 95 % start below −11.4), Co −33.8…+31.2 and
 * S −9.9…+40.1 eV. Models 1.x used the intersection, −10…+30 eV at 0.25 eV (161 points, OmniXAS's
 * resolution). Since 2.0 the grid runs −10…+127.5 eV (551 points): as far as the Cu FEFF data go,
 * so the distance-dependent features up to ≈ +100 eV are predicted. Each absorber's spectra cover
 * only part of it: targets are NaN where a spectrum has no data (targets.ts), training masks them
 * (train-mlp.ts), and the manifest states each absorber's valid range (valid-range.ts).
 */
import { uniformGrid } from '../spectrum/index.ts';

/** The forward model's energy grid: E − E_edge − offset(source), in eV. */
export const FORWARD_GRID_DEFAULTS = Object.freeze({ startEv: -10, stopEv: 127.5, stepEv: 0.25 });

/**
 * The grid of models 1.x (−10…+30 eV). Metrics are also reported on this window so that models
 * on the wide grid compare like for like with 1.x and with OmniXAS.
 */
export const NARROW_WINDOW_EV: readonly [number, number] = Object.freeze([-10, 30] as [number, number]);

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
 * The relative grid (default −10…+127.5 eV, 0.25 eV, 551 points).
 *
 * @example
 * forwardGrid().n // 551
 * forwardGrid({ stopEv: 30 }).n // 161 (the grid of models 1.x)
 */
export function forwardGrid({
  startEv = FORWARD_GRID_DEFAULTS.startEv,
  stopEv = FORWARD_GRID_DEFAULTS.stopEv,
  stepEv = FORWARD_GRID_DEFAULTS.stepEv,
}: { startEv?: number; stopEv?: number; stepEv?: number } = {}): RelativeGrid {
  const e = uniformGrid(startEv, stopEv, stepEv);
  return { relative: true, startEv, stopEv, stepEv, n: e.length, energyEv: Array.from(e, (x) => Math.round(x * 1e6) / 1e6) };
}

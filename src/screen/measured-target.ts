/**
 * @module screen/measured-target
 * The measured spectrum as the fit sees it: normalised μ (Larch `flat` by default) as a function of
 * energy relative to the measured E0 (Larch: maximum of the smoothed derivative), resampled once
 * onto a fine uniform grid so that evaluating it at any shifted model grid is O(1) per point.
 *
 * Alignment (2026-11): a predictor's relative energy 0 is the typical E0 of its training spectra
 * (the forward model subtracts the per-source median of E0 − tabulated edge), so anchoring the
 * prediction at the measured E0 makes shift = 0 the natural starting point; the fitted shift then
 * only has to absorb the candidate's own edge position and the monochromator calibration.
 */
import { InputError } from '../errors.ts';
import type { PreparedSpectrum } from '../measured/index.ts';

/** Which normalised curve of the pre-edge result is fitted. */
export type MeasuredNormalisation = 'flat' | 'norm';

/** Defaults of {@link measuredTarget}. */
export const MEASURED_TARGET_DEFAULTS = Object.freeze({ normalisation: 'flat' as MeasuredNormalisation, stepEv: 0.05 });

/** The measured spectrum on a fine uniform grid, relative to `anchorEv`. */
export interface MeasuredTarget {
  /** Absolute energy of relative 0 (the measured E0), eV. */
  anchorEv: number;
  /** First relative energy of `y`, eV. */
  startRelEv: number;
  stepEv: number;
  /** Normalised μ at startRelEv + i·stepEv (held constant beyond the data). */
  y: Float64Array;
  /** Relative range actually covered by data, eV. */
  dataRelEv: [number, number];
  normalisation: MeasuredNormalisation;
}

/**
 * Resample a prepared spectrum over `[loRelEv, hiRelEv]` around its E0 (or around `anchorEv`,
 * e.g. the calibrated position of a predictor's edge).
 *
 * @example
 * const t = measuredTarget(prepareMeasured('CuO.xdi'), -25, 45);
 * sampleTarget(t, 0) // ≈ 0.5 (half the edge step at E0)
 */
export function measuredTarget(
  prepared: PreparedSpectrum,
  loRelEv: number,
  hiRelEv: number,
  {
    normalisation = MEASURED_TARGET_DEFAULTS.normalisation,
    stepEv = MEASURED_TARGET_DEFAULTS.stepEv,
    anchorEv = prepared.e0Ev,
  }: { normalisation?: MeasuredNormalisation; stepEv?: number; /** Absolute energy of relative 0 (default: the measured E0). */ anchorEv?: number } = {},
): MeasuredTarget {
  if (!(hiRelEv > loRelEv)) throw new InputError(`measured window must have hi > lo; got ${loRelEv}…${hiRelEv} eV`);
  const e = prepared.spectrum.energyEv;
  const mu = prepared.preEdge[normalisation];
  const n = Math.round((hiRelEv - loRelEv) / stepEv) + 1;
  const y = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < n; i++) {
    const x = anchorEv + loRelEv + i * stepEv;
    if (x <= e[0]!) y[i] = mu[0]!;
    else if (x >= e[e.length - 1]!) y[i] = mu[mu.length - 1]!;
    else {
      while (e[j + 1]! < x) j++;
      const t = (x - e[j]!) / (e[j + 1]! - e[j]!);
      y[i] = mu[j]! + t * (mu[j + 1]! - mu[j]!);
    }
  }
  return { anchorEv, startRelEv: loRelEv, stepEv, y, dataRelEv: [e[0]! - anchorEv, e[e.length - 1]! - anchorEv], normalisation };
}

/**
 * The measured normalised μ at relative energy `relEv` (linear, constant beyond the window).
 * @example sampleTarget(t, 10.3)
 */
export function sampleTarget(t: MeasuredTarget, relEv: number): number {
  const u = (relEv - t.startRelEv) / t.stepEv;
  if (u <= 0) return t.y[0]!;
  const last = t.y.length - 1;
  if (u >= last) return t.y[last]!;
  const i = Math.floor(u);
  const f = u - i;
  return t.y[i]! + f * (t.y[i + 1]! - t.y[i]!);
}

/**
 * The measured μ on a model grid shifted by `shiftEv` (y_k = μ(E0 + E_rel,k + shift)).
 * @example sampleShifted(t, gridRelEv, 2.5)
 */
export function sampleShifted(t: MeasuredTarget, gridRelEv: ArrayLike<number>, shiftEv: number, out = new Float64Array(gridRelEv.length)): Float64Array {
  for (let k = 0; k < gridRelEv.length; k++) out[k] = sampleTarget(t, gridRelEv[k]! + shiftEv);
  return out;
}

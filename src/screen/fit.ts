/**
 * @module screen/fit
 * Fit the nuisance parameters that separate a predicted spectrum from a measured one: an energy
 * shift (bounded), an extra Gaussian broadening (instrument resolution, bounded) and an intensity
 * scale (closed-form least squares), minimising the R-factor over the predictor's energy window.
 *
 * Search (2026-11): a coarse grid over shift × broadening, then golden-section refinement of the
 * shift, of the broadening at that shift, and of the shift again. The R-factor surface in the
 * shift has several local minima (edge vs white line vs post-edge wiggles), hence the grid first.
 */
import { broadenUniform, uniformStep } from './broaden-uniform.ts';
import { sampleShifted, type MeasuredTarget } from './measured-target.ts';
import { scaledRFactor } from './scores.ts';

/** Defaults of {@link fitSpectrum}. */
export const FIT_DEFAULTS = Object.freeze({
  /** |shift| ≤ this (eV). */
  maxShiftEv: 15,
  /** Coarse grid step of the shift (eV). */
  coarseShiftStepEv: 0.5,
  /** Broadening FWHM in [0, maxBroadeningEv] (eV). */
  maxBroadeningEv: 3,
  /** Coarse broadening values (eV FWHM). */
  coarseBroadeningsEv: Object.freeze([0, 1, 2, 3]) as readonly number[],
  /** Golden-section stops at this bracket width (eV). */
  toleranceEv: 0.02,
});

/** Options of {@link fitSpectrum}. */
export interface FitOptions {
  maxShiftEv?: number;
  coarseShiftStepEv?: number;
  maxBroadeningEv?: number;
  coarseBroadeningsEv?: readonly number[];
  toleranceEv?: number;
}

/** Result of {@link fitSpectrum}. */
export interface SpectrumFit {
  /** Prediction moved to higher energy by this much (eV): E = E0_measured + E_rel + shift. */
  shiftEv: number;
  /** Extra Gaussian FWHM applied to the prediction (eV). */
  broadeningEv: number;
  scale: number;
  rFactor: number;
  /** Measured μ on the shifted grid (E0 + E_rel + shift). */
  measured: Float64Array;
  /** scale × broadened prediction on the same points. */
  predicted: Float64Array;
}

const PHI = (Math.sqrt(5) - 1) / 2;

/** Golden-section minimum of f on [a, b]. */
function golden(f: (x: number) => number, a: number, b: number, tol: number): { x: number; fx: number } {
  let c = b - PHI * (b - a);
  let d = a + PHI * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > tol) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - PHI * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + PHI * (b - a);
      fd = f(d);
    }
  }
  return fc < fd ? { x: c, fx: fc } : { x: d, fx: fd };
}

/**
 * Fit shift, broadening and scale of `mu` (on the uniform `gridRelEv`) to the measured target.
 *
 * @example
 * const fit = fitSpectrum(target, predictor.gridRelEv, prediction.mu);
 * fit.rFactor; fit.shiftEv; fit.broadeningEv; fit.scale;
 */
export function fitSpectrum(
  target: MeasuredTarget,
  gridRelEv: Float64Array,
  mu: ArrayLike<number>,
  {
    maxShiftEv = FIT_DEFAULTS.maxShiftEv,
    coarseShiftStepEv = FIT_DEFAULTS.coarseShiftStepEv,
    maxBroadeningEv = FIT_DEFAULTS.maxBroadeningEv,
    coarseBroadeningsEv = FIT_DEFAULTS.coarseBroadeningsEv,
    toleranceEv = FIT_DEFAULTS.toleranceEv,
  }: FitOptions = {},
): SpectrumFit {
  const base = Float64Array.from(mu);
  const step = uniformStep(gridRelEv);
  const y = new Float64Array(gridRelEv.length);
  const broadened = new Map<number, Float64Array>();
  const broaden = (b: number): Float64Array => {
    let p = broadened.get(b);
    if (!p) {
      p = b > 0 ? broadenUniform(base, step, b) : base;
      broadened.set(b, p);
    }
    return p;
  };
  const score = (s: number, b: number): number => scaledRFactor(sampleShifted(target, gridRelEv, s, y), broaden(b)).rFactor;

  let best = { s: 0, b: 0, r: Infinity };
  const nShift = Math.floor((2 * maxShiftEv) / coarseShiftStepEv + 1e-9);
  for (const b of coarseBroadeningsEv.filter((v) => v <= maxBroadeningEv)) {
    for (let i = 0; i <= nShift; i++) {
      const s = -maxShiftEv + i * coarseShiftStepEv;
      const r = score(s, b);
      if (r < best.r) best = { s, b, r };
    }
  }
  const refineShift = (): void => {
    const g = golden((s) => score(s, best.b), Math.max(-maxShiftEv, best.s - coarseShiftStepEv), Math.min(maxShiftEv, best.s + coarseShiftStepEv), toleranceEv);
    if (g.fx < best.r) best = { ...best, s: g.x, r: g.fx };
  };
  refineShift();
  if (maxBroadeningEv > 0) {
    const step = coarseBroadeningsEv.length > 1 ? maxBroadeningEv / (coarseBroadeningsEv.length - 1) : maxBroadeningEv;
    const g = golden((b) => score(best.s, b), Math.max(0, best.b - step), Math.min(maxBroadeningEv, best.b + step), toleranceEv);
    if (g.fx < best.r) best = { ...best, b: g.x, r: g.fx };
    broadened.clear();
    refineShift();
  }
  const measured = sampleShifted(target, gridRelEv, best.s);
  const p = broaden(best.b);
  const { scale, rFactor } = scaledRFactor(measured, p);
  return { shiftEv: best.s, broadeningEv: best.b, scale, rFactor, measured, predicted: Float64Array.from(p, (v) => v * scale) };
}

/**
 * Constant-width broadening: Gaussian (instrument resolution) and Lorentzian (core-hole lifetime).
 * Both work on non-uniform grids, keep a flat spectrum flat up to the ends and preserve area
 * (see `convolve.ts` for how).
 */
import { convolveLineShape, gaussianShape, lorentzianShape } from './convolve.ts';
import { checkNumber, checkSpectrum, type NumericArray } from './validate.ts';

/**
 * Convolve μ(E) with a Gaussian of full width at half maximum `fwhmEv` (σ = FWHM / 2.3548).
 * `fwhmEv = 0` returns a copy.
 *
 * @example
 * const broadened = gaussianBroaden(energyEv, mu, 1.0); // 1 eV instrument resolution
 */
export function gaussianBroaden(energyEv: NumericArray, mu: NumericArray, fwhmEv: number): Float64Array {
  const { energyEv: e, mu: m } = checkSpectrum(energyEv, mu, 1);
  checkNumber(fwhmEv, 'fwhmEv');
  if (fwhmEv < 0) checkNumber(fwhmEv, 'fwhmEv', true);
  if (fwhmEv === 0) return m;
  const shape = gaussianShape(fwhmEv);
  return convolveLineShape(e, m, () => shape);
}

/**
 * Convolve μ(E) with a Lorentzian of full width at half maximum `fwhmEv` (the core-hole width Γ,
 * e.g. `coreHoleWidthEv('Fe', 'K')` = 1.25 eV). `fwhmEv = 0` returns a copy.
 *
 * @example
 * const broadened = lorentzianBroaden(energyEv, mu, coreHoleWidthEv('Fe', 'K'));
 */
export function lorentzianBroaden(energyEv: NumericArray, mu: NumericArray, fwhmEv: number): Float64Array {
  const { energyEv: e, mu: m } = checkSpectrum(energyEv, mu, 1);
  checkNumber(fwhmEv, 'fwhmEv');
  if (fwhmEv < 0) checkNumber(fwhmEv, 'fwhmEv', true);
  if (fwhmEv === 0) return m;
  const shape = lorentzianShape(fwhmEv);
  return convolveLineShape(e, m, () => shape);
}

/**
 * Smoothing of noisy curves (e.g. dμ/dE before looking for its maximum), as larch `smooth`.
 */
import { gaussianBroaden, lorentzianBroaden } from './broaden.ts';
import type { NumericArray } from './validate.ts';
import { InputError } from '../errors.ts';

/** Line shapes `smooth` can use. */
export type SmoothForm = 'lorentzian' | 'gaussian';

/**
 * Smooth `y(x)` by convolution with a normalised line shape of full width `fwhmEv` (default
 * Lorentzian, as larch `smooth`; larch's `sigma` is the half width, so `fwhmEv = 2·sigma`).
 *
 * @example
 * const dmuSmooth = smooth(energyEv, derivative(energyEv, mu), 1.0);
 */
export function smooth(x: NumericArray, y: NumericArray, fwhmEv: number, form: SmoothForm = 'lorentzian'): Float64Array {
  if (form === 'lorentzian') return lorentzianBroaden(x, y, fwhmEv);
  if (form === 'gaussian') return gaussianBroaden(x, y, fwhmEv);
  throw new InputError(`smooth: unknown form ${JSON.stringify(form)}; expected "lorentzian" or "gaussian"`);
}

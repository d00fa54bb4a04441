/**
 * Energy-dependent Lorentzian broadening with the arctangent width law FDMNES uses for its
 * `Convolution` step (Seah–Dench-like increase of the photo-electron damping above the edge):
 *
 *   Γ(E) = Γ_hole + Γ_max · (1/2 + 1/π · atan(π/3 · Γ_max/E_larg · (e − 1/e²))),
 *   e = (E − E_Fermi) / E_cent,        Γ(E) = Γ_hole below E_Fermi.
 *
 * Γ is the full width at half maximum of the Lorentzian centred at the *output* energy E.
 * Defaults Γ_max = 15 eV, E_cent = 30 eV, E_larg = 30 eV are FDMNES's documented defaults (manual,
 * keywords `Gamma_max`, `Ecent`, `Elarg`); the same formula appears in pyFitIt `YvesWidth`.
 */
import { InputError } from '../errors.ts';
import { convolveLineShape, lorentzianShape } from './convolve.ts';
import { checkNumber, checkSpectrum, type NumericArray } from './validate.ts';

/** Options of `arctanBroaden` / `arctanWidthEv`. */
export interface ArctanBroadenOptions {
  /** Edge energy (eV); the default Fermi level. */
  e0Ev?: number;
  /** Fermi level (eV, absolute); default `e0Ev`. Γ = Γ_hole below it. */
  eFermiEv?: number;
  /** Core-hole width Γ_hole (FWHM, eV), e.g. `coreHoleWidthEv('Fe', 'K')`. Required. */
  gammaHoleEv: number;
  /** Γ_max: the width reached far above the edge, added to Γ_hole (eV). */
  gammaMaxEv?: number;
  /** E_cent: centre of the arctangent, relative to the Fermi level (eV). */
  ecentEv?: number;
  /** E_larg: width of the arctangent (eV). */
  elargEv?: number;
  /** FDMNES zeroes the absorption below the Fermi level (occupied states) before convolving. */
  cutBelowFermi?: boolean;
}

/** Defaults of the arctangent model, written once. */
export const ARCTAN_BROADEN_DEFAULTS = Object.freeze({
  gammaMaxEv: 15,
  ecentEv: 30,
  elargEv: 30,
  cutBelowFermi: false,
});

function resolve(opts: ArctanBroadenOptions) {
  if (opts === undefined || opts === null) throw new InputError('arctanBroaden: options with gammaHoleEv and e0Ev (or eFermiEv) are required');
  const eFermiEv = opts.eFermiEv ?? opts.e0Ev;
  if (eFermiEv === undefined) throw new InputError('arctanBroaden: give e0Ev or eFermiEv (absolute eV)');
  checkNumber(eFermiEv, 'eFermiEv');
  const gammaHoleEv = checkNumber(opts.gammaHoleEv, 'gammaHoleEv');
  if (gammaHoleEv < 0) throw new InputError(`gammaHoleEv is ${gammaHoleEv}; expected ≥ 0`);
  const gammaMaxEv = checkNumber(opts.gammaMaxEv ?? ARCTAN_BROADEN_DEFAULTS.gammaMaxEv, 'gammaMaxEv');
  if (gammaMaxEv < 0) throw new InputError(`gammaMaxEv is ${gammaMaxEv}; expected ≥ 0`);
  const ecentEv = checkNumber(opts.ecentEv ?? ARCTAN_BROADEN_DEFAULTS.ecentEv, 'ecentEv', true);
  const elargEv = checkNumber(opts.elargEv ?? ARCTAN_BROADEN_DEFAULTS.elargEv, 'elargEv', true);
  return { eFermiEv, gammaHoleEv, gammaMaxEv, ecentEv, elargEv, cutBelowFermi: opts.cutBelowFermi ?? ARCTAN_BROADEN_DEFAULTS.cutBelowFermi };
}

function widthAt(eEv: number, p: ReturnType<typeof resolve>): number {
  if (eEv <= p.eFermiEv) return p.gammaHoleEv;
  const e = (eEv - p.eFermiEv) / p.ecentEv;
  const arg = (Math.PI / 3) * (p.gammaMaxEv / p.elargEv) * (e - 1 / (e * e));
  return p.gammaHoleEv + p.gammaMaxEv * (0.5 + Math.atan(arg) / Math.PI);
}

/**
 * The arctangent width law Γ(E) (FWHM, eV) at every energy.
 *
 * @example
 * arctanWidthEv([7112, 7142, 7500], { e0Ev: 7112, gammaHoleEv: 1.25 })
 * // ≈ [1.25, 8.75, 15.55]: Γ_hole at E_F, Γ_hole + Γ_max/2 at E_F + E_cent, → Γ_hole + Γ_max far above
 */
export function arctanWidthEv(energyEv: NumericArray, opts: ArctanBroadenOptions): Float64Array {
  const p = resolve(opts);
  return Float64Array.from(energyEv as ArrayLike<number>, (e) => widthAt(checkNumber(e, 'energyEv'), p));
}

/**
 * Lorentzian broadening with the FDMNES arctangent energy-dependent width (see module comment).
 * Use it on unconvolved FDMNES spectra; follow with `gaussianBroaden` for the instrument.
 *
 * @example
 * const conv = arctanBroaden(e, mu, { e0Ev: 7112, gammaHoleEv: coreHoleWidthEv('Fe', 'K') });
 */
export function arctanBroaden(energyEv: NumericArray, mu: NumericArray, opts: ArctanBroadenOptions): Float64Array {
  const { energyEv: e, mu: m } = checkSpectrum(energyEv, mu, 1);
  const p = resolve(opts);
  if (p.cutBelowFermi) for (let i = 0; i < e.length; i++) if (e[i] < p.eFermiEv) m[i] = 0;
  const widths = Float64Array.from(e, (x) => widthAt(x, p));
  return convolveLineShape(e, m, (i) => (widths[i] > 0 ? lorentzianShape(widths[i]) : DELTA));
}

/** Zero width: the identity (C is a step, the moment is 0). */
const DELTA = { cdf: (u: number) => (u < 0 ? 0 : 1), moment: () => 0, support: 0 };

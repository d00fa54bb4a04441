/**
 * @module inverse/augment
 * On-the-fly augmentation of model-grid spectra with what separates experiment from theory:
 * a residual energy misalignment, extra instrumental broadening, noise and a normalisation error.
 * Applied per sample and per epoch inside training (a fresh draw every time a row is used).
 */
import type { SeededRng } from '../learn/index.ts';

/** Augmentation parameters (JSON-serialisable; stored in the model manifest). */
export interface AugmentSpec {
  /** Spacing of the model's uniform energy grid (eV). */
  stepEv: number;
  /** Fraction of draws that are augmented at all (the rest stay clean). */
  probability: number;
  /** σ of the Gaussian energy shift (eV), clipped at ±3σ. */
  shiftSigmaEv: number;
  /** Extra Gaussian broadening: FWHM drawn uniformly from 0…this (eV). */
  maxExtraFwhmEv: number;
  /** Gaussian noise: σ drawn uniformly from 0…this (in edge-step units). */
  maxNoise: number;
  /** σ of a multiplicative normalisation error (1 + N(0, σ)). */
  scaleSigma: number;
}

/** Defaults: shifts of ~1 eV, up to 2 eV extra FWHM, ≤1 % noise, 3 % scale error. */
export const AUGMENT_DEFAULTS: Omit<AugmentSpec, 'stepEv'> = Object.freeze({
  probability: 0.8,
  shiftSigmaEv: 1.0,
  maxExtraFwhmEv: 2.0,
  maxNoise: 0.01,
  scaleSigma: 0.03,
});

/**
 * Augments one spectrum row in place (`row` is a copy owned by the batch).
 * Shifts by linear interpolation with the end values held constant outside the grid.
 *
 * @example
 * augmentRow(xb.subarray(b * L, (b + 1) * L), { ...AUGMENT_DEFAULTS, stepEv: 0.5 }, rng);
 */
export function augmentRow(row: Float32Array, spec: AugmentSpec, rng: SeededRng, scratch = new Float32Array(row.length)): void {
  if (rng.uniform() >= spec.probability) return;
  const L = row.length;
  // Energy shift: out(E) = in(E + δ).
  const delta = Math.max(-3, Math.min(3, rng.normal())) * spec.shiftSigmaEv / spec.stepEv;
  for (let i = 0; i < L; i++) {
    const x = Math.max(0, Math.min(L - 1, i + delta));
    const j = Math.min(L - 2, Math.floor(x));
    const t = x - j;
    scratch[i] = row[j]! * (1 - t) + row[j + 1]! * t;
  }
  // Extra broadening on the grid, ends held constant.
  const fwhm = rng.uniform() * spec.maxExtraFwhmEv;
  const sigma = fwhm / 2.354820045 / spec.stepEv;
  if (sigma > 0.3) {
    const half = Math.ceil(3 * sigma);
    const kernel = new Float32Array(2 * half + 1);
    let sum = 0;
    for (let k = -half; k <= half; k++) sum += kernel[k + half] = Math.exp(-0.5 * (k / sigma) ** 2);
    for (let i = 0; i < L; i++) {
      let acc = 0;
      for (let k = -half; k <= half; k++) acc += kernel[k + half]! * scratch[Math.max(0, Math.min(L - 1, i + k))]!;
      row[i] = acc / sum;
    }
  } else row.set(scratch);
  const noise = rng.uniform() * spec.maxNoise;
  const scale = 1 + rng.normal() * spec.scaleSigma;
  for (let i = 0; i < L; i++) row[i] = row[i]! * scale + noise * rng.normal();
}

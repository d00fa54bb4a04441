/**
 * @module lab/inverse/error-model-formula
 * The fitted error model written as a formula for reports: `ln MSE = 0.12 + 1.03 ln⟨σ²⟩ − 0.20 ln d_G2 …`.
 */
import type { InverseManifest } from '../../src/inverse/index.ts';

/** Report symbol of each error-model feature (error-model.ts KNOWN_ERROR_FEATURES). */
export const ERROR_FEATURE_SYMBOLS: Readonly<Record<string, string>> = Object.freeze({
  lnMeanVariance: 'ln⟨σ²⟩',
  lnMeanVarianceUnbiased: 'ln⟨σ²⟩',
  lnTargetDistance: 'ln d_G2',
  lnInputDistance: 'ln d_μ',
  neighbourLnMse: '⟨ln MSE_oob⟩_kNN',
});

/**
 * The right-hand side of the fitted ln MSE: intercept `weights[0]`, then one signed term per
 * feature, two decimals; a feature without a symbol is written by its name.
 *
 * @example
 * formatErrorModel([0.5, -1.25], ['lnTargetDistance']); // '0.50 − 1.25 ln d_G2'
 */
export function formatErrorModel(weights: readonly number[], features: readonly string[]): string {
  return [weights[0]!.toFixed(2), ...features.map((f, i) => `${weights[i + 1]! < 0 ? '−' : '+'} ${Math.abs(weights[i + 1]!).toFixed(2)} ${ERROR_FEATURE_SYMBOLS[f] ?? f}`)].join(' ');
}

/**
 * Which rows the error model was fitted on and how well it predicted ln MSE, as a clause for a report.
 *
 * @example
 * describeErrorModelFit(manifest.errorModel!); // 'fitted on the out-of-bag predictions of 3609 training rows (…)'
 */
export function describeErrorModelFit(em: NonNullable<InverseManifest['errorModel']>): string {
  const fmt = (x: number, d: number) => (Number.isFinite(x) ? x.toFixed(d) : '—');
  return em.fittedOn === 'out-of-bag'
    ? `fitted on the out-of-bag predictions of ${em.fit.samples} training rows (each predicted by the ≈ ${em.fit.medianOutOfBagMembers} members that never saw it; ⟨ln MSE_oob⟩_kNN is the mean out-of-bag ln MSE of the ${em.k} training rows nearest to the input; Pearson of predicted and actual ln MSE on the held-out calibration split ${fmt(em.fit.calibrationPearsonLogMse!, 2)})`
    : `fitted on the calibration split (Pearson of predicted and actual ln MSE there ${fmt(em.fit.pearsonLogMse, 2)})`;
}

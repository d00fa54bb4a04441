import { describe, expect, it } from 'vitest';
import { describeErrorModelFit, ERROR_FEATURE_SYMBOLS, formatErrorModel } from '../../lab/inverse/error-model-formula.ts';
import { KNOWN_ERROR_FEATURES } from '../../src/inverse/error-model.ts';
import type { InverseManifest } from '../../src/inverse/manifest.ts';

describe('formatErrorModel', () => {
  it('writes the intercept then one signed term per feature with its symbol', () => {
    expect(formatErrorModel([0.5, 1.234, -0.2], ['lnMeanVariance', 'lnTargetDistance'])).toBe('0.50 + 1.23 ln⟨σ²⟩ − 0.20 ln d_G2');
    expect(formatErrorModel([-1, 2], ['somethingNew'])).toBe('-1.00 + 2.00 somethingNew');
  });
  it('has a symbol for every feature the error model knows', () => {
    for (const f of KNOWN_ERROR_FEATURES) expect(ERROR_FEATURE_SYMBOLS[f], f).toBeDefined();
  });
});

describe('describeErrorModelFit', () => {
  const em = { k: 5, weights: [0, 1], features: ['lnMeanVariance'], reference: { file: 'r.f32', n: 10, inputLength: 3, outputLength: 2, sha256: '' }, fit: { samples: 3609, pearsonLogMse: 0.79, calibrationPearsonLogMse: 0.8, medianOutOfBagMembers: 5 } } satisfies NonNullable<InverseManifest['errorModel']>;
  it('names the rows the model was fitted on and its ln-MSE Pearson', () => {
    expect(describeErrorModelFit({ ...em, fittedOn: 'out-of-bag' })).toMatch(/^fitted on the out-of-bag predictions of 3609 training rows \(each predicted by the ≈ 5 members .* the 5 training rows nearest .* calibration split 0\.80\)$/);
    expect(describeErrorModelFit(em)).toBe('fitted on the calibration split (Pearson of predicted and actual ln MSE there 0.79)');
  });
});

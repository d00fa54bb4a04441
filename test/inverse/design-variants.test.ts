import { describe, expect, it } from 'vitest';
import { AUGMENT_DEFAULTS } from '../../src/inverse/augment.ts';
import { designOfTraining, designTrainOptions, DESIGN_VARIANTS } from '../../lab/inverse/design-variants.ts';

describe('design variants', () => {
  const weights = Float32Array.of(1, 2);
  it('pass loss weights and augmentation only to the designs that use them', () => {
    const [a, b, c, d] = DESIGN_VARIANTS.map((v) => designTrainOptions(v, weights, 0.5));
    expect(a).toEqual({});
    expect(b).toEqual({ lossWeights: weights });
    expect(c).toEqual({ lossWeights: weights, augment: { ...AUGMENT_DEFAULTS, stepEv: 0.5 } });
    expect(d).toEqual({ augment: { ...AUGMENT_DEFAULTS, stepEv: 0.5 } });
  });
  it('recognise each design from a training record, and the record a design trains with maps back to it', () => {
    for (const v of DESIGN_VARIANTS) {
      const o = designTrainOptions(v, weights, 0.5);
      expect(designOfTraining({ lossWeighting: o.lossWeights ? 'inverse-variance' : 'none', ...(o.augment ? { augment: o.augment } : {}) })).toBe(v.key);
    }
    expect(designOfTraining({ lossWeighting: 'none' })).toBe('A');
  });
});

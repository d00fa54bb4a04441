import { describe, expect, it } from 'vitest';
import { spectrumMse } from '../../src/stats/index.ts';

describe('spectrumMse', () => {
  it('gives the mean squared error of each row of a row-major block', () => {
    const pred = Float32Array.of(1, 1, 0, 0, 2, 2);
    const target = Float32Array.of(0, 3, 0, 0, 0, 0);
    expect(Array.from(spectrumMse(pred, target, 3, 2))).toEqual([2.5, 0, 4]);
  });
});

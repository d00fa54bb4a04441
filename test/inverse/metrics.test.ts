import { describe, expect, it } from 'vitest';
import { firstShellDistance, localMaxima } from '../../src/inverse/first-shell.ts';
import { inverseMetrics } from '../../src/inverse/metrics.ts';
import { pearson } from '../../src/stats/index.ts';
import { g2Centres, readStructure, wacsfG2 } from '../../src/structure/index.ts';
import { dataPath } from '../helpers/data.ts';

const r = Array.from(g2Centres());
const gauss = (centre: number, height = 1, width = 0.12) => r.map((x) => height * Math.exp(-(((x - centre) / width) ** 2)));
const add = (...cs: number[][]) => r.map((_, i) => cs.reduce((a, c) => a + c[i]!, 0));

describe('first-shell distance', () => {
  it('finds a sub-grid maximum between grid points', () => {
    const d = firstShellDistance(r, gauss(1.97));
    expect(Math.abs(d - 1.97)).toBeLessThan(0.01);
  });
  it('takes the first significant maximum, not a tiny bump or the tallest far one', () => {
    const curve = add(gauss(1.3, 0.05), gauss(2.05, 1), gauss(3.2, 3));
    expect(firstShellDistance(r, curve)).toBeCloseTo(2.05, 1);
    expect(localMaxima(r, curve, 1, 3.5, 0.01).length).toBe(3);
  });
  it('returns NaN when there is no maximum in range', () => {
    expect(firstShellDistance(r, r.map(() => 0))).toBeNaN();
  });
  it('reads the Cu–O distance of CuO (mp-1692) off its exact G2', () => {
    const s = readStructure(dataPath('pairs', 'cu-k-feff-crystals', 'materials', 'mp-1692', 'POSCAR'));
    expect(firstShellDistance(r, wacsfG2(s, 0))).toBeCloseTo(1.95, 1);
  });
});

describe('inverse metrics', () => {
  it('scores a perfect prediction as zero error and full coverage, a shifted one by its shift', () => {
    const K = r.length;
    const t = Float32Array.from([...gauss(2.0), ...gauss(2.5)]);
    const sigma = new Float32Array(2 * K).fill(0.01);
    const perfect = inverseMetrics(r, t, sigma, sigma, t, 2);
    expect(perfect.mse.median).toBe(0);
    expect(perfect.firstShellError.median).toBeCloseTo(0, 6);
    expect(perfect.coverageRaw.median).toBe(1);
    const shifted = Float32Array.from([...gauss(2.2), ...gauss(2.7)]);
    const m = inverseMetrics(r, shifted, sigma, sigma, t, 2);
    expect(m.firstShellError.median).toBeCloseTo(0.2, 1);
    expect(m.peakError1to3p5.median).toBeCloseTo(0.2, 1);
    expect(m.coverageRaw.median).toBeLessThan(1);
  });
  it('pearsonRmsMse is Pearson(σ̄, MSE) of a σ equal to each spectrum\'s RMS error, below 1 for heavy-tailed errors', () => {
    const K = r.length;
    const offsets = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3];
    const t = Float32Array.from(offsets.flatMap(() => [...gauss(2.0)]));
    const p = Float32Array.from(t, (v, i) => v + offsets[Math.floor(i / K)]!);
    const sigma = Float32Array.from(t, (_, i) => offsets[Math.floor(i / K)]!);
    const m = inverseMetrics(r, p, sigma, sigma, t, offsets.length);
    expect(m.pearsonRmsMse).toBeCloseTo(pearson(offsets, offsets.map((o) => o * o)), 6);
    expect(m.pearsonSigmaMse.calibrated).toBeCloseTo(m.pearsonRmsMse, 5);
    expect(m.pearsonRmsMse).toBeLessThan(0.98);
  });
});

describe('inverse-variance loss weights', () => {
  it('weights low-variance bins up, has mean 1 and floors empty bins', async () => {
    const { inverseVarianceWeights } = await import('../../lab/inverse/loss-weights.ts');
    // 3 bins over 4 samples: variances 1.25, 0.3125, 0 (floored at 1e-3 × 1.25)
    const y = Float32Array.from([0, 0, 5, 1, 0.5, 5, 2, 1, 5, 3, 1.5, 5]);
    const w = inverseVarianceWeights(y, 4, 3);
    expect((w[0]! + w[1]! + w[2]!) / 3).toBeCloseTo(1, 5);
    expect(w[1]! / w[0]!).toBeCloseTo(4, 5);
    expect(Number.isFinite(w[2]!)).toBe(true);
    expect(w[2]! / w[0]!).toBeCloseTo(1000, 0);
  });
});

import { describe, it, expect } from 'vitest';
import { ensembleStats, nestPredictions, fitCalibration, applyCalibration, coverage, coveragePerSample } from '../../src/ensemble/index.ts';
import { seededRng } from '../../src/learn/seeded-rng.ts';

/** Predicted σ is 3× too small: target ~ N(mean, (3σ)²). */
function miscalibrated(n: number, K: number, seed: number, factor = 3) {
  const rng = seededRng(seed);
  const mean: number[][] = [];
  const sigma: number[][] = [];
  const target: number[][] = [];
  for (let s = 0; s < n; s++) {
    const mu = Array.from({ length: K }, () => rng.normal());
    const sd = Array.from({ length: K }, () => 0.5 + rng.uniform());
    mean.push(mu);
    sigma.push(sd);
    target.push(mu.map((m, j) => m + factor * sd[j]! * rng.normal()));
  }
  return { mean, sigma, target };
}

describe('ensembleStats', () => {
  it('gives mean and sample sd over members', () => {
    const { mean, sigma } = ensembleStats([[[1, 2]], [[3, 2]], [[5, 2]]]);
    expect(Array.from(mean[0]!)).toEqual([3, 2]);
    expect(sigma[0]![0]).toBeCloseTo(2, 12);
    expect(sigma[0]![1]).toBe(0);
    expect(Array.from(ensembleStats([[[4]]]).sigma[0]!)).toEqual([0]);
    expect(() => ensembleStats([[[1, 2]], [[1]]])).toThrow(/member 1 sample 0 has 1 outputs/);
  });
  it('nests a flat [M,N,K] array without copying', () => {
    const flat = Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
    const nested = nestPredictions(flat, 2, 3, 4);
    expect(Array.from(nested[1]![2]!)).toEqual([20, 21, 22, 23]);
    expect(nested[1]![2]!.buffer).toBe(flat.buffer);
    expect(() => nestPredictions(flat, 2, 3, 5)).toThrow(/expected 2·3·5/);
  });
});

describe('fitCalibration', () => {
  it('recovers a 3× under-estimated sigma and restores 95 % coverage on new data', () => {
    const cal = miscalibrated(400, 50, 1);
    const test = miscalibrated(400, 50, 2);
    // Uncalibrated: P(|z| ≤ 2/3) ≈ 0.495.
    expect(coverage(test.mean, test.sigma, test.target, 2)).toBeGreaterThan(0.4);
    expect(coverage(test.mean, test.sigma, test.target, 2)).toBeLessThan(0.6);
    const fit = fitCalibration(cal.mean, cal.sigma, cal.target, { coverage: 0.95, k: 2, perBin: true });
    // Exact value for N(0, 9σ²): s = 3·1.95996/2 = 2.9399.
    expect(fit.scale).toBeGreaterThan(2.85);
    expect(fit.scale).toBeLessThan(3.05);
    expect(fit.perBinScale).toHaveLength(50);
    for (const s of fit.perBinScale!) {
      expect(s).toBeGreaterThan(2.2);
      expect(s).toBeLessThan(3.8);
    }
    const c = coverage(test.mean, applyCalibration(test.sigma, { ...fit, perBinScale: undefined }), test.target, 2);
    expect(c).toBeGreaterThanOrEqual(0.92);
    expect(c).toBeLessThanOrEqual(0.98);
    const cBin = coverage(test.mean, applyCalibration(test.sigma, fit), test.target, 2);
    expect(cBin).toBeGreaterThanOrEqual(0.92);
    expect(cBin).toBeLessThanOrEqual(0.98);
  });

  it('uses the ceil((n+1)q)-th order statistic', () => {
    // Scores |err|/(kσ) = 1..19 with k = 1, σ = 1: rank ceil(20·0.95) = 19 → 19; q = 0.5 → rank 10.
    const mean = Array.from({ length: 19 }, () => [0]);
    const sigma = Array.from({ length: 19 }, () => [1]);
    const target = Array.from({ length: 19 }, (_, i) => [i + 1]);
    expect(fitCalibration(mean, sigma, target, { k: 1, coverage: 0.95 }).scale).toBe(19);
    expect(fitCalibration(mean, sigma, target, { k: 1, coverage: 0.5 }).scale).toBe(10);
    expect(() => fitCalibration(mean, sigma, target, { coverage: 1 })).toThrow(/coverage/);
  });

  it('coverage is the median of per-sample fractions', () => {
    const mean = [[0, 0], [0, 0], [0, 0]];
    const sigma = [[1, 1], [1, 1], [1, 1]];
    const target = [[0, 5], [0, 0], [5, 5]];
    expect(Array.from(coveragePerSample(mean, sigma, target, 2))).toEqual([0.5, 1, 0]);
    expect(coverage(mean, sigma, target, 2)).toBe(0.5);
  });
});

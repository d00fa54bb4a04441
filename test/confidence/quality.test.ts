/** Noise, glitches, PCA, quantiles and the verdict combination on synthetic, seeded data. */
import { describe, expect, it } from 'vitest';
import { combineReasons, findGlitches, fitPca, noiseLevel, percentileOf, projectPca, quantileAt, quantileTable, type Reason } from '../../src/confidence/index.ts';
import { seededRng } from '../../src/learn/seeded-rng.ts';

/** Normalised-looking edge: arctan step + a white line, 0.25 eV steps from −30 to +100 eV. */
function edge(noise = 0, seed = 1): { e: Float64Array; y: Float64Array } {
  const rng = seededRng(seed);
  const e = Float64Array.from({ length: 521 }, (_, i) => 7100 + i * 0.25);
  const y = Float64Array.from(e, (x) => 0.5 + Math.atan((x - 7130) / 1.5) / Math.PI + 0.4 * Math.exp(-0.5 * ((x - 7135) / 2) ** 2) + noise * rng.normal());
  return { e, y };
}

describe('noiseLevel', () => {
  it('recovers the σ of white noise within 15 %', () => {
    for (const sigma of [0.003, 0.01, 0.03]) {
      const { e, y } = edge(sigma, 42);
      expect(noiseLevel(e, y) / sigma).toBeGreaterThan(0.85);
      expect(noiseLevel(e, y) / sigma).toBeLessThan(1.15);
    }
  });
  it('is near zero on a clean, densely sampled edge', () => {
    const { e, y } = edge();
    expect(noiseLevel(e, y)).toBeLessThan(1e-4);
  });
  it('is NaN with fewer than 10 usable points', () => {
    const { e, y } = edge();
    expect(noiseLevel(e.subarray(0, 8), y.subarray(0, 8))).toBeNaN();
  });
});

describe('findGlitches', () => {
  it('finds a single-point spike and a step, and nothing on clean data', () => {
    const { e, y } = edge(0.002, 3);
    const n = noiseLevel(e, y);
    expect(findGlitches(e, y, n)).toEqual([]);
    const spiked = Float64Array.from(y);
    spiked[400] += 0.15;
    const g = findGlitches(e, spiked, n);
    expect(g).toHaveLength(1);
    expect(g[0]!.energyEv).toBe(e[400]);
    const stepped = Float64Array.from(y, (v, i) => (i > 300 ? v + 0.2 : v));
    const steps = findGlitches(e, stepped, n);
    expect(steps).toHaveLength(1);
    expect([e[300], e[301]]).toContain(steps[0]!.energyEv);
  });
  it('does not call the white line a glitch', () => {
    const { e, y } = edge(0.001, 5);
    const hits = findGlitches(e, y, noiseLevel(e, y)).filter((x) => x.energyEv > 7125 && x.energyEv < 7140);
    expect(hits).toEqual([]);
  });
});

describe('PCA', () => {
  it('finds the dominant direction and a zero residual inside the fitted span', () => {
    const rng = seededRng(9);
    const dim = 6;
    const n = 400;
    const dir = [1, 2, 0, -1, 0, 1].map((v) => v / Math.sqrt(7));
    const x = new Float64Array(n * dim);
    for (let s = 0; s < n; s++) {
      const a = 3 * rng.normal();
      const b = 0.5 * rng.normal();
      for (let j = 0; j < dim; j++) x[s * dim + j] = 1 + a * dir[j]! + (j === 2 ? b : 0);
    }
    const pca = fitPca(x, n, dim, 2);
    const dot = pca.components[0]!.reduce((acc, v, j) => acc + v * dir[j]!, 0);
    expect(Math.abs(dot)).toBeGreaterThan(0.999);
    expect(pca.variance[0]).toBeGreaterThan(7);
    expect(pca.variance[1]).toBeGreaterThan(0.15);
    expect(pca.variance[1]).toBeLessThan(0.4);
    expect(projectPca(pca, x.subarray(0, dim)).residual).toBeLessThan(1e-6);
    const off = Float64Array.from({ length: dim }, (_, j) => 1 + (j === 4 ? 2 : 0));
    expect(projectPca(pca, off).residual).toBeCloseTo(2, 6);
  });

  it('subspace iteration (wide inputs) gives the leading components of the full Jacobi decomposition', () => {
    const rng = seededRng(21);
    const dim = 60;
    const n = 300;
    // Eight latent directions with decreasing spread plus isotropic noise.
    const dirs = Array.from({ length: 8 }, () => Array.from({ length: dim }, () => rng.normal()));
    const x = new Float64Array(n * dim);
    for (let s = 0; s < n; s++) {
      const w = dirs.map((_, d) => (8 - d) * rng.normal());
      for (let j = 0; j < dim; j++) x[s * dim + j] = 0.1 * rng.normal() + dirs.reduce((acc, v, d) => acc + w[d]! * v[j]!, 0);
    }
    const full = fitPca(x, n, dim, 5, { method: 'jacobi' });
    const fast = fitPca(x, n, dim, 5, { method: 'subspace' });
    expect(fast.totalVariance).toBeCloseTo(full.totalVariance, 6);
    fast.variance.forEach((v, c) => expect(v / full.variance[c]!).toBeCloseTo(1, 8));
    fast.components.forEach((v, c) => {
      const dot = v.reduce((acc, q, j) => acc + q * full.components[c]![j]!, 0);
      expect(Math.abs(dot)).toBeCloseTo(1, 8);
    });
    const row = x.subarray(7 * dim, 8 * dim);
    expect(projectPca(fast, row).residual).toBeCloseTo(projectPca(full, row).residual, 6);
  });
});

describe('quantiles', () => {
  it('tabulates and inverts', () => {
    const t = quantileTable(Array.from({ length: 101 }, (_, i) => i));
    expect(t).toHaveLength(101);
    expect(quantileAt(t, 0.9)).toBeCloseTo(90, 9);
    expect(percentileOf(t, 25.5)).toBeCloseTo(0.255, 9);
    expect(percentileOf(t, -1)).toBe(0);
    expect(percentileOf(t, 1000)).toBe(1);
    expect(percentileOf(t, NaN)).toBe(1);
  });
});

describe('combineReasons', () => {
  const r = (check: string, status: Reason['status'], percentile?: number): Reason => ({ check, status, value: 0, threshold: 0, message: check, ...(percentile === undefined ? {} : { percentile }) });
  it('takes the worst status and a score from held-out percentiles and penalties', () => {
    expect(combineReasons([r('a', 'ok'), r('b', 'ok')])).toMatchObject({ verdict: 'ok', score: 1 });
    const c = combineReasons([r('noise', 'caution'), r('training-distance', 'ok', 0.2), r('ensemble-spread', 'ok', 0.6), r('sensitivity', 'ok', 0.2)]);
    expect(c.verdict).toBe('caution');
    expect(c.score).toBeCloseTo(0.8 * 0.6, 12);
    const u = combineReasons([r('e0', 'unreliable'), r('training-distance', 'caution', 0.95), r('ensemble-spread', 'ok', 0)]);
    expect(u).toMatchObject({ verdict: 'unreliable' });
    expect(u.score).toBeCloseTo(0.3 * 0.8, 12);
  });
});

/** The feature cache (LRU, disk round trip, corrupt entries) and the σ draws. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyWindowMatrix, BroadenedCache, contentHash, distanceSigmaOf, FeatureCache, scoreDistance, sigmaDraws, smoothDeviations, windowBroadeningMatrix } from '../../src/screen/index.ts';

const root = mkdtempSync(join(tmpdir(), 'xasinv-screen-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const key = (hash: string) => ({ predictorId: 'p@1', absorber: 'Cu', hash });

describe('FeatureCache', () => {
  it('evicts the least recently used entry', () => {
    const c = new FeatureCache({ maxEntries: 2 });
    c.set(key('a'), { rejected: 'a' });
    c.set(key('b'), { rejected: 'b' });
    expect(c.get(key('a'))?.rejected).toBe('a');
    c.set(key('c'), { rejected: 'c' });
    expect(c.get(key('b'))).toBeUndefined();
    expect(c.get(key('a'))?.rejected).toBe('a');
    expect(c.stats.misses).toBe(1);
  });

  it('round-trips typed arrays through disk and treats a corrupt file as a miss', () => {
    const dir = join(root, 'disk');
    const h = contentHash(new TextEncoder().encode('POSCAR text'));
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    new FeatureCache({ dir }).set(key(h), { id: 'x', sites: [{ index: 0, multiplicity: 2 }], mu: Float32Array.of(0.5, 1), sigma: Float32Array.of(0.1, 0.2), g2: { k: Float32Array.of(3) } });
    const back = new FeatureCache({ dir }).get(key(h))!;
    expect(back.mu).toBeInstanceOf(Float32Array);
    expect(Array.from(back.mu!)).toEqual([0.5, 1]);
    expect(Array.from(back.g2!.k!)).toEqual([3]);
    expect(back.sites).toEqual([{ index: 0, multiplicity: 2 }]);
    const sub = join(dir, 'p@1', 'Cu');
    writeFileSync(join(sub, readdirSync(sub)[0]!), '{"mu": [1, ');
    const fresh = new FeatureCache({ dir });
    expect(fresh.get(key(h))).toBeUndefined();
    expect(fresh.stats.misses).toBe(1);
  });
});

describe('smoothDeviations', () => {
  it('is seeded, ≈ unit variance per point and correlated over neighbouring points', () => {
    const a = smoothDeviations(161, 0.25, { draws: 200 });
    expect(smoothDeviations(161, 0.25, { draws: 200 })[7]).toEqual(a[7]);
    let v = 0;
    let cov = 0;
    for (const z of a) {
      v += z[80]! ** 2;
      cov += z[80]! * z[81]!;
    }
    expect(v / a.length).toBeGreaterThan(0.75);
    expect(v / a.length).toBeLessThan(1.3);
    expect(cov / v).toBeGreaterThan(0.9); // 0.25 eV apart, 2 eV correlation length
  });
});

describe('score σ in a batch', () => {
  it('draws broadened together give the σ of one draw at a time through the window matrix; σ 0 gives no draws', async () => {
    const grid = Float64Array.from({ length: 240 }, (_, i) => -10 + 0.25 * i);
    const window = Float64Array.from({ length: 90 }, (_, i) => -8 + 0.5 * i);
    const mu = Float64Array.from(grid, (e) => 1 / (1 + Math.exp(-e / 1.5)) + 0.4 * Math.exp(-(((e - 12) / 3) ** 2)));
    const sigma = Float64Array.from(grid, (e) => 0.02 + 0.01 * Math.exp(-(((e - 12) / 4) ** 2)));
    const measured = Float64Array.from(window, (e) => 1 / (1 + Math.exp(-(e - 0.5) / 1.8)) + 0.35 * Math.exp(-(((e - 13) / 3.5) ** 2)));
    const b = { gamma0Ev: 1, gamma1: 0.05, gaussianFwhmEv: 1 };
    const deviations = smoothDeviations(grid.length, 0.25, { draws: 16 });
    const x = sigmaDraws(mu, sigma, deviations)!;
    const [p] = await new BroadenedCache().broaden(x, deviations.length, grid, [b], window);
    for (const kind of ['pearson', 'spearman'] as const) {
      // One draw at a time through the window matrix, in float64: the reference.
      const w = windowBroadeningMatrix(grid, b, window);
      const d = deviations.map((z) => scoreDistance(kind, measured, applyWindowMatrix(w, Float64Array.from(mu, (v, k) => v + sigma[k]! * z[k]!), window.length)));
      const mean = d.reduce((a, v) => a + v, 0) / d.length;
      const one = Math.sqrt(d.reduce((a, v) => a + (v - mean) ** 2, 0) / (d.length - 1));
      expect(one).toBeGreaterThan(0);
      expect(distanceSigmaOf(kind, measured, p!, deviations.length)).toBeCloseTo(one, 5);
    }
    expect(sigmaDraws(mu, new Float64Array(grid.length), deviations)).toBeNull();
  });
});

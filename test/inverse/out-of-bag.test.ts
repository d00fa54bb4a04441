import { describe, expect, it } from 'vitest';
import { bootstrapIndices, memberSeed } from '../../src/ensemble/bootstrap.ts';
import { XasinvError } from '../../src/errors.ts';
import { digamma, groupIndex, knnLeaveGroupOut, lnVarianceUnbiased, outOfBagMasks, outOfBagPrediction } from '../../src/inverse/out-of-bag.ts';
import { rowGroups } from '../../src/inverse/targets.ts';
import type { Pair } from '../../src/data/pairs.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

describe('outOfBagMasks', () => {
  it('marks exactly the rows the member with that seed never drew', () => {
    const n = 200;
    const masks = outOfBagMasks(n, 4, 7);
    masks.forEach((mask, m) => {
      const drawn = new Set(bootstrapIndices(n, memberSeed(7, m)));
      for (let i = 0; i < n; i++) expect(mask[i]).toBe(drawn.has(i) ? 0 : 1);
    });
    const share = masks.reduce((a, mk) => a + mk.reduce((s, v) => s + v, 0), 0) / (4 * n);
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.44);
  });

  it('with groups, a row is not out-of-bag when a row of its group was drawn', () => {
    const n = 60;
    const groups = Array.from({ length: n }, (_, i) => `g${Math.floor(i / 3)}`);
    const plain = outOfBagMasks(n, 3, 0);
    const grouped = outOfBagMasks(n, 3, 0, groups);
    grouped.forEach((mask, m) => {
      for (let i = 0; i < n; i++) {
        const g = Math.floor(i / 3);
        const allOut = [0, 1, 2].every((j) => plain[m]![g * 3 + j] === 1);
        expect(mask[i]).toBe(allOut ? 1 : 0);
      }
    });
    expect(() => outOfBagMasks(n, 3, 0, groups.slice(1))).toThrow(XasinvError);
  });

  it('groupIndex numbers groups densely in order of appearance', () => {
    expect(Array.from(groupIndex(['b', 'a', 'b', 'c']).index)).toEqual([0, 1, 0, 2]);
    expect(groupIndex(['b', 'a', 'b', 'c']).count).toBe(3);
  });
});

describe('outOfBagPrediction', () => {
  it('averages only the out-of-bag members and gives their sample variance', () => {
    // 3 members, 2 rows, K = 2
    const members = [Float32Array.of(1, 2, 10, 10), Float32Array.of(3, 4, 20, 20), Float32Array.of(5, 6, 30, 30)];
    const masks = [Uint8Array.of(1, 1), Uint8Array.of(1, 0), Uint8Array.of(0, 0)];
    const p = outOfBagPrediction(members, masks, 2, 2);
    expect(Array.from(p.mean)).toEqual([2, 3, 10, 10]);
    expect(Array.from(p.count)).toEqual([2, 1]);
    expect(p.meanVariance[0]).toBeCloseTo(2, 10); // each bin: values 1,3 → s² = 2
    expect(p.meanVariance[1]).toBeNaN();
    expect(() => outOfBagPrediction(members, masks.slice(1), 2, 2)).toThrow(/3 member outputs but 2/);
  });
});

describe('digamma and lnVarianceUnbiased', () => {
  it('digamma matches known values', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 10);
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 10);
    expect(digamma(7)).toBeCloseTo(1.872784335098467, 10); // H₆ − γ
    expect(digamma(100)).toBeCloseTo(4.600161852738087, 10);
    expect(() => digamma(0)).toThrow(XasinvError);
  });

  it('removes the small-sample bias of ln s² for normal draws', () => {
    const rnd = seededRandom(3);
    const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    for (const m of [3, 5, 15]) {
      let acc = 0;
      const trials = 20000;
      for (let t = 0; t < trials; t++) {
        const v = Array.from({ length: m }, () => 0.1 * normal());
        const mu = v.reduce((a, b) => a + b, 0) / m;
        acc += lnVarianceUnbiased(v.reduce((a, b) => a + (b - mu) ** 2, 0) / (m - 1), m);
      }
      expect(acc / trials).toBeCloseTo(Math.log(0.01), 1);
    }
    expect(() => lnVarianceUnbiased(1, 1)).toThrow(/at least 2 draws/);
  });
});

describe('knnLeaveGroupOut', () => {
  const brute = (q: Float32Array, n: number, qg: string[], r: Float32Array, nr: number, rg: string[], dim: number, k: number, values: number[]) =>
    Array.from({ length: n }, (_, s) => {
      const d = Array.from({ length: nr }, (_, t) => ({ t, d: qg[s] === rg[t] ? Infinity : Math.hypot(...Array.from({ length: dim }, (_, i) => q[s * dim + i]! - r[t * dim + i]!)) })).sort((a, b) => a.d - b.d).slice(0, k);
      return { distance: d.reduce((a, b) => a + b.d, 0) / k, value: d.reduce((a, b) => a + values[b.t]!, 0) / k };
    });

  it('matches a brute-force oracle, skipping the row\'s own group', () => {
    const rnd = seededRandom(11);
    const dim = 4, n = 50, k = 3;
    const x = Float32Array.from({ length: n * dim }, rnd);
    const groups = Array.from({ length: n }, (_, i) => `g${i % 17}`);
    const values = Array.from({ length: n }, (_, i) => i);
    const got = knnLeaveGroupOut(x, n, groups, x, n, groups, dim, k, values);
    const want = brute(x, n, groups, x, n, groups, dim, k, values);
    want.forEach((w, s) => {
      expect(got.distance[s]).toBeCloseTo(w.distance, 5);
      expect(got.valueMean[s]).toBeCloseTo(w.value, 10);
      expect(got.distance[s]).toBeGreaterThan(0); // never itself
    });
  });

  it('gives the plain k-NN for queries outside the reference groups, and NaN values without a value table', () => {
    const ref = Float32Array.of(0, 0, 1, 0, 5, 0);
    const got = knnLeaveGroupOut(Float32Array.of(0.9, 0), 1, ['new'], ref, 3, ['a', 'b', 'c'], 2, 2);
    expect(got.distance[0]).toBeCloseTo((0.1 + 0.9) / 2, 6);
    expect(got.valueMean[0]).toBeNaN();
  });

  it('says so when a group leaves fewer than k neighbours, or shapes disagree', () => {
    const x = Float32Array.of(0, 1, 2);
    expect(() => knnLeaveGroupOut(x, 3, ['a', 'a', 'b'], x, 3, ['a', 'a', 'b'], 1, 2)).toThrow(/fewer than 2 reference rows outside its group/);
    expect(() => knnLeaveGroupOut(x, 2, ['a', 'b'], x, 3, ['a', 'b', 'c'], 1, 1)).toThrow(XasinvError);
    expect(() => knnLeaveGroupOut(x, 3, ['a', 'b', 'c'], x, 3, ['a', 'b', 'c'], 1, 1, [1, 2])).toThrow(/values has 2 entries/);
  });
});

describe('rowGroups', () => {
  it('groups the sites of one material and leaves a molecule (no material id) on its own', () => {
    const pair = (id: string, materialId?: string): Pair => ({ id, source: 'cu-k-feff-crystals', absorber: 'Cu', split: 'train', structurePath: '', spectrumPath: '', siteIndex: 0, ...(materialId ? { materialId } : {}) });
    const pairs = [pair('mp-1_000', 'mp-1'), pair('mp-1_001', 'mp-1'), pair('mp-2_000', 'mp-2'), pair('ABAXIK')];
    expect(rowGroups(pairs, ['mp-1_001', 'ABAXIK', 'mp-2_000', 'mp-1_000', 'unknown'])).toEqual(['mp-1', 'ABAXIK', 'mp-2', 'mp-1', 'unknown']);
  });
});

import { describe, expect, it } from 'vitest';
import { pearson, ranks, spearman } from '../../src/stats/index.ts';

describe('correlations', () => {
  it('computes correlations', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 1000])).toBeCloseTo(1, 12);
  });
  it('Pearson matches a hand computation; anticorrelation is −1; a constant sample gives NaN', () => {
    // a − ā = (−1, 0, 1), b − b̄ = (−7/3, −1/3, 8/3): Σab = 5, Σa² = 2, Σb² = 38/3.
    expect(pearson([1, 2, 3], [2, 4, 7])).toBeCloseTo(5 / Math.sqrt(2 * (38 / 3)), 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
  it('Spearman is Pearson of the average ranks', () => {
    const a = [3, 1, 4, 1, 5];
    const b = [2, 7, 1, 8, 2];
    // ranks a = (2, 0.5, 3, 0.5, 4), b = (1.5, 3, 0, 4, 1.5): Σ d_a d_b = −7.5, Σ d_a² = Σ d_b² = 9.5.
    expect(Array.from(ranks(a))).toEqual([2, 0.5, 3, 0.5, 4]);
    expect(Array.from(ranks(b))).toEqual([1.5, 3, 0, 4, 1.5]);
    expect(spearman(a, b)).toBeCloseTo(-7.5 / 9.5, 12);
  });
});

describe('ranks', () => {
  it('ranks ascending from 0, ties share the mean rank', () => {
    expect(Array.from(ranks([10, 30, 20, 20]))).toEqual([0, 3, 1.5, 1.5]);
    expect(Array.from(ranks([5, 5, 5]))).toEqual([1, 1, 1]);
    expect(Array.from(ranks([]))).toEqual([]);
  });
  it('the same ranks as sorting indices by value, on many tied samples; NaN ranks last', () => {
    const byIndexSort = (a: number[]): number[] => {
      const idx = a.map((_, i) => i).sort((i, j) => a[i]! - a[j]!);
      const r = new Array<number>(a.length);
      for (let i = 0; i < idx.length; ) {
        let j = i;
        while (j + 1 < idx.length && a[idx[j + 1]!] === a[idx[i]!]) j++;
        for (let t = i; t <= j; t++) r[idx[t]!] = (i + j) / 2;
        i = j + 1;
      }
      return r;
    };
    let seed = 3;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let t = 0; t < 300; t++) {
      const a = Array.from({ length: 1 + Math.floor(rand() * 60) }, () => (rand() < 0.5 ? Math.round(rand() * 6) - 3 : rand() - 0.5));
      expect(Array.from(ranks(a))).toEqual(byIndexSort(a));
    }
    expect(Array.from(ranks([2, NaN, 1, -0, 0]))).toEqual([3, 4, 2, 0.5, 0.5]);
  });
});

import { describe, expect, it } from 'vitest';
import { median, quantileSorted, summarize } from '../../src/stats/index.ts';

describe('summarize', () => {
  it('summarises with median, mean and IQR', () => {
    const s = summarize([1, 2, 3, 4, 100]);
    expect(s.median).toBe(3);
    expect(s.mean).toBe(22);
    expect(s.iqr).toBe(2);
  });
  it('drops non-finite values and gives NaN fields for none', () => {
    expect(summarize([2, NaN, Infinity, 4])).toEqual({ n: 2, median: 3, mean: 3, q25: 2.5, q75: 3.5, iqr: 1 });
    const empty = summarize([]);
    expect(empty.n).toBe(0);
    expect(empty.median).toBeNaN();
    expect(empty.mean).toBeNaN();
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones, of an unsorted sample', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median(Float32Array.of(10, -1))).toBe(4.5);
    expect(median([])).toBeNaN();
  });
  it('sorts numerically (not as strings) and leaves its input alone', () => {
    const v = [10, 9, 100, 2, 1];
    expect(median(v)).toBe(9);
    expect(v).toEqual([10, 9, 100, 2, 1]);
  });
  it('keeps an infinite middle value (a rank that was never reached)', () => {
    expect(median([1, Infinity, Infinity])).toBe(Infinity);
  });
});

describe('quantileSorted', () => {
  it('interpolates linearly between order statistics', () => {
    const v = [1, 2, 3, 4];
    expect(quantileSorted(v, 0)).toBe(1);
    expect(quantileSorted(v, 1)).toBe(4);
    expect(quantileSorted(v, 0.5)).toBe(2.5);
    expect(quantileSorted(v, 0.25)).toBe(1.75);
    expect(quantileSorted(Float64Array.of(0, 10), 0.95)).toBeCloseTo(9.5, 12);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});

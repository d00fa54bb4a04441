import { describe, expect, it } from 'vitest';
import { isotonicFit } from '../../src/stats/index.ts';

describe('isotonicFit', () => {
  it('pools adjacent violators into their mean and is non-decreasing', () => {
    const f = isotonicFit([1, 2, 3, 4], [1, 3, 2, 4]);
    expect([1, 2, 3, 4].map(f)).toEqual([1, 2.5, 2.5, 4]);
    const g = isotonicFit([4, 1, 3, 2, 5], [0, 5, 1, 3, 6]); // x unsorted; y by x: 5, 3, 1, 0, 6
    expect([1, 2, 3, 4, 5].map(g)).toEqual([2.25, 2.25, 2.25, 2.25, 6]);
  });
  it('is a step function: between points the lower block, below all points the first', () => {
    const f = isotonicFit([1, 3], [10, 20]);
    expect(f(2.9)).toBe(10);
    expect(f(3)).toBe(20);
    expect(f(-5)).toBe(10);
    expect(f(100)).toBe(20);
  });
});

import { describe, expect, it } from 'vitest';
import { firstShellChange, shiftModelInputs, shiftRow } from '../../src/inverse/robustness.ts';

describe('shiftModelInputs', () => {
  it('moves each row by whole grid steps, holding the end value', () => {
    const x = Float32Array.of(0, 1, 2, 3, 10, 11, 12, 13);
    expect(Array.from(shiftModelInputs(x, 2, 4, 2))).toEqual([2, 3, 3, 3, 12, 13, 13, 13]);
    expect(Array.from(shiftModelInputs(x, 2, 4, -1))).toEqual([0, 0, 1, 2, 10, 10, 11, 12]);
    expect(Array.from(shiftModelInputs(x, 2, 4, 0))).toEqual(Array.from(x));
  });
  it('interpolates linearly for a fraction of a step and leaves the input alone', () => {
    const x = Float32Array.of(0, 1, 4, 9);
    expect(Array.from(shiftModelInputs(x, 1, 4, 0.5))).toEqual([0.5, 2.5, 6.5, 9]);
    expect(Array.from(x)).toEqual([0, 1, 4, 9]);
  });
});

describe('firstShellChange', () => {
  const r = Array.from({ length: 50 }, (_, k) => 1 + (5 * k) / 49);
  const peak = (centre: number) => r.map((x) => Math.exp(-(((x - centre) / 0.15) ** 2)));
  it('summarises |Δ first shell| per row and drops rows without a first shell', () => {
    const before = Float32Array.from([...peak(2.0), ...peak(2.5), ...r.map(() => 0)]);
    const after = Float32Array.from([...peak(2.1), ...peak(2.2), ...peak(2.0)]);
    const s = firstShellChange(r, before, after, 3);
    expect(s.n).toBe(2);
    expect(s.median).toBeCloseTo(0.2, 1);
    expect(s.q25).toBeCloseTo(0.15, 1); // |Δ| ≈ 0.1 and 0.3
    expect(firstShellChange(r, before, before, 3).median).toBe(0);
  });
});

describe('shiftRow', () => {
  it('shifts one row by a fraction of a step either way, ends held', () => {
    const row = Float32Array.of(3, 1, 4, 1, 5);
    expect(Array.from(shiftRow(row, -1.5))).toEqual([3, 3, 2, 2.5, 2.5]);
    expect(Array.from(shiftRow(row, 7))).toEqual([5, 5, 5, 5, 5]);
  });
});

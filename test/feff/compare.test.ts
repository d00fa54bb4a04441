import { describe, expect, it } from 'vitest';
import { compareToMeasured, halfStepEnergyEv } from '../../src/feff/index.ts';

/** A normalised K edge: arctan step at `e0` plus a white line 4 eV above it and a wiggle. */
const edge = (e: number, e0: number) => 0.5 + Math.atan((e - e0) / 1.5) / Math.PI + 0.6 * Math.exp(-(((e - e0 - 4) / 3) ** 2)) + 0.1 * Math.sin((e - e0) / 6) * (e > e0 ? 1 : 0);

describe('halfStepEnergyEv', () => {
  it('interpolates the first upward crossing of 0.5; an edge-less spectrum is an InputError', () => {
    expect(halfStepEnergyEv([0, 1, 2], [0, 0.2, 1])).toBeCloseTo(1.375, 12);
    expect(halfStepEnergyEv([0, 1, 2, 3], [0, 0.6, 0.4, 0.9])).toBeCloseTo(5 / 6, 12);
    expect(() => halfStepEnergyEv([0, 1], [0.1, 0.2])).toThrow(/never reaches 0\.5 of its edge step/);
  });
});

describe('compareToMeasured', () => {
  it('recovers the shift between a theory on a coarse FEFF-like grid and a finely sampled measurement', () => {
    const measE = Array.from({ length: 800 }, (_, i) => 7080 + i * 0.2);
    const measMu = measE.map((e) => edge(e, 7125));
    // Theory 8.7 eV too high, on an uneven grid (dense near the edge, k-spaced above), 7110…7190 eV.
    const theoE: number[] = [];
    for (let e = 7110; e < 7190; e += e < 7140 ? 0.3 : 1.5) theoE.push(e);
    const theoMu = theoE.map((e) => edge(e, 7133.7));
    const c = compareToMeasured(theoE, theoMu, measE, measMu);
    expect(c.shiftEv).toBeCloseTo(-8.7, 1);
    expect(c.pearson).toBeGreaterThan(0.999);
    expect(c.rmse).toBeLessThan(0.02);
    expect(c.e0MeasuredEv).toBeCloseTo(7125, 0);
    expect(c.e0TheoryEv - c.e0MeasuredEv).toBeCloseTo(8.7, 1);
    expect(c.windowEv[0]).toBeCloseTo(c.e0MeasuredEv - 10, 6);
  });

  it('a different shape correlates less after the best shift', () => {
    const measE = Array.from({ length: 800 }, (_, i) => 7080 + i * 0.2);
    const measMu = measE.map((e) => edge(e, 7125));
    const flat = measE.map((e) => 0.5 + Math.atan((e - 7125) / 1.5) / Math.PI);
    const same = compareToMeasured(measE, measMu, measE, measMu);
    const other = compareToMeasured(measE, flat, measE, measMu);
    expect(same.pearson).toBeCloseTo(1, 9);
    expect(same.shiftEv).toBeCloseTo(0, 9);
    expect(other.pearson).toBeLessThan(0.95);
  });
});

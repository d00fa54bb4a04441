/**
 * spectrumAgreement on hand-computable cases: a constant offset gives that MAE with r = ρ = 1, a
 * monotone but non-linear theory keeps ρ = 1 and lowers r, a misplaced theory is caught, and the
 * window is cut to data ∩ valid range. summariseAgreements on hand values.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { spectrumAgreement, summariseAgreements, type Agreement } from '../../src/screen/index.ts';
import { uniformGrid } from '../../src/spectrum/index.ts';

const E0 = 7120;
/** Measured: μ = (E − E0 + 20) / 100 from E0 − 20 to E0 + 80 eV, every 0.5 eV. */
const energyEv = uniformGrid(E0 - 20, E0 + 80, 0.5);
const measured = { energyEv, mu: energyEv.map((e) => (e - E0 + 20) / 100), e0Ev: E0 };
/** Theory on a relative grid −10…+60 eV; anchored at E0 it reproduces `measured` plus `add`. */
const gridRelEv = uniformGrid(-10, 60, 0.25);
const theory = (fn: (relEv: number) => number) => ({ gridRelEv, mu: gridRelEv.map(fn) });

describe('spectrumAgreement', () => {
  it('a constant offset of 0.1 gives MAE = RMSE = 0.1 and r = ρ = 1', () => {
    const a = spectrumAgreement(measured, theory((x) => (x + 20) / 100 + 0.1), { anchorEv: E0 }, [-10, 50]);
    expect(a.windowRelEv).toEqual([-10, 50]);
    expect(a.points).toBe(241);
    expect(a.maeMu).toBeCloseTo(0.1, 12);
    expect(a.rmseMu).toBeCloseTo(0.1, 12);
    expect(a.pearson).toBeCloseTo(1, 12);
    expect(a.spearman).toBeCloseTo(1, 12);
  });

  it('a monotone, non-linear theory keeps ρ = 1 but not r; a reversed one has ρ = −1', () => {
    const curved = spectrumAgreement(measured, theory((x) => Math.exp(x / 10)), { anchorEv: E0 }, [-10, 50]);
    expect(curved.spearman).toBeCloseTo(1, 12);
    expect(curved.pearson).toBeLessThan(0.95);
    const reversed = spectrumAgreement(measured, theory((x) => -x), { anchorEv: E0 }, [-10, 50]);
    expect(reversed.spearman).toBeCloseTo(-1, 12);
  });

  it('places the theory with anchor, stretch and shift: the right placement gives MAE 0, 2 eV off gives 0.02', () => {
    // Anchored 3 eV higher and shifted back by 3 eV: the same place.
    const t = theory((x) => (x + 20) / 100);
    expect(spectrumAgreement(measured, t, { anchorEv: E0 + 3, shiftEv: -3 }, [-5, 40]).maeMu).toBeCloseTo(0, 12);
    // 2 eV too high: the theory reads μ(E − 2) → 0.02 too low everywhere.
    expect(spectrumAgreement(measured, t, { anchorEv: E0 + 2 }, [-5, 40]).maeMu).toBeCloseTo(0.02, 12);
    // Stretch 2 about the anchor: E_rel = (E − E0)/2, μ_theory = (x/2 + 20)/100; |diff| = |x|/200, mean over −4…+4 = 0.01.
    expect(spectrumAgreement(measured, t, { anchorEv: E0, stretch: 2 }, [-4, 4], { minPoints: 5 }).maeMu).toBeCloseTo(0.01, 3);
  });

  it('cuts the window to the data and the valid range, and refuses too little overlap with one InputError', () => {
    const t = { ...theory((x) => x), validRangeEv: [-10, 30] as const };
    // Valid range −10…+30 relative to an anchor 5 eV above E0 → −5…+35 around E0; data end at +80.
    const a = spectrumAgreement(measured, t, { anchorEv: E0 + 5 }, [-Infinity, Infinity]);
    expect(a.windowRelEv).toEqual([-5, 35]);
    expect(a.points).toBe(161);
    expect(() => spectrumAgreement(measured, t, { anchorEv: E0 + 5 }, [40, 60])).toThrow(InputError);
    expect(() => spectrumAgreement(measured, t, { anchorEv: E0 + 5 }, [40, 60])).toThrow(/leaves 0 points \(at least 20 needed\)/);
  });
});

describe('summariseAgreements', () => {
  it('medians and means of each measure', () => {
    const row = (maeMu: number, spearman: number, pearson: number): Agreement => ({ windowRelEv: [0, 1], points: 5, maeMu, rmseMu: maeMu, spearman, pearson });
    const s = summariseAgreements([row(0.1, 0.9, 0.8), row(0.3, 0.5, 0.6), row(0.2, 0.7, 1.0), row(0.6, 0.1, 0.2)]);
    expect(s.references).toBe(4);
    expect(s.median.maeMu).toBeCloseTo(0.25, 12);
    expect(s.median.spearman).toBeCloseTo(0.6, 12);
    expect(s.mean.maeMu).toBeCloseTo(0.3, 12);
    expect(s.mean.pearson).toBeCloseTo(0.65, 12);
    expect(Number.isNaN(summariseAgreements([]).median.maeMu)).toBe(true);
  });
});

/**
 * The nuisance fit on analytic spectra with known shift, broadening and scale, plus the scores and
 * the fast uniform-grid broadening against the general one in src/spectrum.
 */
import { describe, expect, it } from 'vitest';
import { broadenUniform, cosine, fitScores, fitSpectrum, rFactor, scaledRFactor, type MeasuredTarget } from '../../src/screen/index.ts';
import { gaussianBroaden, uniformGrid } from '../../src/spectrum/index.ts';

/** Edge (arctan) + white line, x in eV relative to the edge. */
const g = (x: number): number => 0.5 + Math.atan(x / 1.2) / Math.PI + 0.7 * Math.exp(-(((x - 5) / 2.2) ** 2)) - 0.25 * Math.exp(-(((x - 14) / 3) ** 2));

const grid = uniformGrid(-10, 30, 0.25);
const predicted = Float64Array.from(grid, g);

/** A measured target: scale · (g broadened by fwhm) moved to higher energy by shift. */
function target(shiftEv: number, fwhmEv: number, scale: number): MeasuredTarget {
  const fine = uniformGrid(-40, 60, 0.1);
  const raw = Float64Array.from(fine, (x) => g(x - shiftEv));
  const b = fwhmEv > 0 ? gaussianBroaden(fine, raw, fwhmEv) : raw;
  return { anchorEv: 8980, startRelEv: -40, stepEv: 0.1, y: b.map((v) => v * scale), dataRelEv: [-40, 60], normalisation: 'flat' };
}

describe('fitSpectrum', () => {
  it.each([
    [3.2, 1.5, 0.9],
    [-7.4, 0.0, 1.1],
    [11.0, 2.6, 1.0],
  ])('recovers shift %f eV, broadening %f eV, scale %f', (shift, fwhm, scale) => {
    const fit = fitSpectrum(target(shift, fwhm, scale), grid, predicted);
    expect(fit.shiftEv).toBeCloseTo(shift, 1);
    expect(Math.abs(fit.broadeningEv - fwhm)).toBeLessThan(0.15);
    expect(fit.scale).toBeCloseTo(scale, 2);
    expect(fit.rFactor).toBeLessThan(1e-4);
    expect(fit.predicted).toHaveLength(grid.length);
    expect(rFactor(fit.measured, fit.predicted)).toBeCloseTo(fit.rFactor, 10);
  });

  it('keeps the shift and broadening inside their bounds', () => {
    const fit = fitSpectrum(target(25, 5, 1), grid, predicted, { maxShiftEv: 15, maxBroadeningEv: 3 });
    expect(Math.abs(fit.shiftEv)).toBeLessThanOrEqual(15);
    expect(fit.broadeningEv).toBeGreaterThanOrEqual(0);
    expect(fit.broadeningEv).toBeLessThanOrEqual(3);
    expect(fit.rFactor).toBeGreaterThan(1e-3);
  });

  it('a wrong candidate fits worse than the right one', () => {
    const t = target(2, 1, 1);
    const wrong = Float64Array.from(grid, (x) => 0.5 + Math.atan(x / 1.2) / Math.PI + 0.2 * Math.exp(-(((x - 9) / 2) ** 2)));
    expect(fitSpectrum(t, grid, wrong).rFactor).toBeGreaterThan(10 * fitSpectrum(t, grid, predicted).rFactor);
  });
});

describe('scores', () => {
  it('R-factor, cosine and the closed-form scale', () => {
    expect(rFactor([1, 2, 2], [1, 2, 2])).toBe(0);
    expect(rFactor([1, 1], [0, 0])).toBe(1);
    expect(rFactor([3, 4], [3, 3])).toBeCloseTo(1 / 25, 12);
    expect(cosine([1, 0], [0, 1])).toBeCloseTo(0, 12);
    expect(cosine([1, 2], [2, 4])).toBeCloseTo(1, 12);
    expect(scaledRFactor([2, 4, 6], [1, 2, 3])).toEqual({ scale: 2, rFactor: 0 });
    expect(scaledRFactor([1, 1], [-1, -1]).scale).toBe(0);
    const s = fitScores([1, 2, 3, 4], [1.1, 1.9, 3.2, 3.9]);
    expect(s.mse).toBeCloseTo((0.01 + 0.01 + 0.04 + 0.01) / 4, 12);
    expect(s.spearman).toBe(1);
    expect(s.pearson).toBeGreaterThan(0.98);
  });
});

describe('broadenUniform', () => {
  it('matches spectrum/gaussianBroaden inside the grid, keeps flat spectra flat', () => {
    for (const fwhm of [0.3, 1, 2.5]) {
      const fast = broadenUniform(predicted, 0.25, fwhm);
      const ref = gaussianBroaden(grid, predicted, fwhm);
      let maxDiff = 0;
      for (let i = 20; i < grid.length - 20; i++) maxDiff = Math.max(maxDiff, Math.abs(fast[i]! - ref[i]!));
      expect(maxDiff).toBeLessThan(2e-3);
    }
    const flat = broadenUniform(new Float64Array(50).fill(0.7), 0.25, 2);
    for (const v of flat) expect(v).toBeCloseTo(0.7, 12);
    expect(Array.from(broadenUniform([1, 2, 3], 0.25, 0))).toEqual([1, 2, 3]);
  });
});

/**
 * The nuisance fit on analytic spectra with known shift and broadening, the scores as dot products
 * of transformed vectors, the energy-dependent Lorentzian, and the calibration fit recovering a
 * known offset.
 */
import { describe, expect, it } from 'vitest';
import { pearson, spearman } from '../../src/stats/index.ts';
import { prepareSpectrum } from '../../src/measured/index.ts';
import {
  alignmentFor,
  applyBroadening,
  applyWindowMatrix,
  windowBroadeningMatrix,
  BroadenedCache,
  broadenOnWindows,
  jsMatMul,
  broadenUniform,
  calibrationFromReferences,
  cosine,
  derivativePearson,
  fitCandidate,
  fitReference,
  lorentzianWidthEv,
  rFactor,
  scaledRFactor,
  scoreDistance,
  scoreTransform,
  shiftSamples,
  type Broadening,
} from '../../src/screen/index.ts';
import { convolutionMatrix, convolutionRows, convolveLineShape, gaussianBroaden, lorentzianBroaden, lorentzianShape, uniformGrid } from '../../src/spectrum/index.ts';
import { bordaCounts } from '../../lab/screen/borda.ts';

/** Edge (arctan) + white line + two post-edge wiggles, x in eV relative to the edge. */
const g = (x: number): number =>
  0.5 + Math.atan(x / 1.2) / Math.PI + 0.7 * Math.exp(-(((x - 5) / 2.2) ** 2)) - 0.25 * Math.exp(-(((x - 14) / 3) ** 2)) + 0.15 * Math.exp(-(((x - 40) / 6) ** 2));

const grid = uniformGrid(-15, 80, 0.25);
const predicted = Float64Array.from(grid, g);
const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, v, i) => s + v * b[i]!, 0);

/** A "measured" spectrum: g moved by `shiftEv`, broadened, scaled, on an absolute axis with relative 0 at `anchorEv`. */
function measured(anchorEv: number, shiftEv: number, b: Broadening, scale = 1) {
  const fine = uniformGrid(-40, 110, 0.25);
  const raw = Float64Array.from(fine, (x) => g(x - shiftEv));
  const mu = applyBroadening(fine, raw, b).map((v) => v * scale);
  return prepareSpectrum(
    { energyEv: fine.map((x) => x + anchorEv), mu, warnings: [], meta: { source: 'synthetic', format: 'columns', element: 'Cu', edge: 'K' } } as never,
    { preEdge: { alreadyNormalized: true, e0Ev: anchorEv } },
  );
}

describe('scores as dot products of transformed vectors', () => {
  const y = Float64Array.from(grid, (x) => g(x - 0.7) * 1.1 + 0.01 * Math.sin(x));
  it.each(['pearson', 'cosine', 'spearman', 'derivativePearson', 'rFactor'] as const)('%s', (kind) => {
    const sim = dot(scoreTransform(kind, y), scoreTransform(kind, predicted));
    const expected = { pearson: pearson(y, predicted), cosine: cosine(y, predicted), spearman: spearman(y, predicted), derivativePearson: derivativePearson(y, predicted), rFactor: cosine(y, predicted) }[kind];
    expect(sim).toBeCloseTo(expected, 10);
    const d = scoreDistance(kind, y, predicted);
    expect(d).toBeCloseTo(kind === 'rFactor' ? 1 - sim * sim : 1 - sim, 10);
  });

  it('R-factor with the free scale is 1 − cos², and 0 for a scaled copy', () => {
    expect(scaledRFactor(y, predicted).rFactor).toBeCloseTo(1 - cosine(y, predicted) ** 2, 10);
    expect(scaledRFactor(predicted.map((v) => 2 * v), predicted)).toEqual({ scale: 2, rFactor: 0 });
    expect(rFactor([1, 2], [1, 2])).toBe(0);
  });
});

describe('energy-dependent Lorentzian broadening', () => {
  it('the matrix equals the convolution, rows sum to 1, a flat spectrum stays flat', () => {
    const x = uniformGrid(-10, 30, 0.5);
    const shapeAt = (i: number) => lorentzianShape(1 + 0.1 * Math.max(0, x[i]!));
    const w = convolutionMatrix(x, shapeAt);
    const y = Float64Array.from(x, g);
    const direct = convolveLineShape(x, y, shapeAt);
    const n = x.length;
    for (let i = 0; i < n; i++) {
      let s = 0;
      let acc = 0;
      for (let j = 0; j < n; j++) {
        s += w[i * n + j]!;
        acc += w[i * n + j]! * y[j]!;
      }
      expect(s).toBeCloseTo(1, 12);
      expect(acc).toBeCloseTo(direct[i]!, 12);
    }
    // Some rows alone are the same numbers as those rows of the whole matrix.
    expect(convolutionRows(x, shapeAt, 5, 9)).toEqual(w.slice(5 * n, 9 * n));
    expect(convolutionRows(x, shapeAt, 3, 3)).toHaveLength(0);
    expect(() => convolutionRows(x, shapeAt, 2, n + 1)).toThrow(RangeError);
    const flat = applyBroadening(x, new Float64Array(n).fill(0.7), { gamma0Ev: 2, gamma1: 0.2, gaussianFwhmEv: 1 });
    for (const v of flat) expect(v).toBeCloseTo(0.7, 10);
  });

  it('the window matrix gives the broadened spectrum read at the window points', () => {
    const window = uniformGrid(-9.5, 70, 0.5).map((e) => e + 0.1);
    const b = { gamma0Ev: 1.5, gamma1: 0.12, gaussianFwhmEv: 1.2 };
    const full = applyBroadening(grid, predicted, b);
    const w = windowBroadeningMatrix(grid, b, window);
    const p = applyWindowMatrix(w, predicted, window.length);
    window.forEach((e, k) => {
      const u = (e - grid[0]!) / 0.25;
      const i = Math.floor(u);
      expect(p[k]).toBeCloseTo(full[i]! + (u - i) * (full[i + 1]! - full[i]!), 10);
    });
  });

  it('many spectra under many broadenings: both routes give the window matrix numbers', async () => {
    const window = uniformGrid(-9.5, 70, 0.5);
    const rows = 5;
    const spectra = new Float32Array(rows * grid.length);
    for (let r = 0; r < rows; r++) grid.forEach((e, j) => (spectra[r * grid.length + j] = g(e - r) * (1 + 0.1 * r)));
    // Two Gaussians on one Lorentzian (shared product), a Gaussian alone, and nothing.
    const list: Broadening[] = [
      { gamma0Ev: 1, gamma1: 0.1, gaussianFwhmEv: 1 },
      { gamma0Ev: 1, gamma1: 0.1, gaussianFwhmEv: 2 },
      { gamma0Ev: 0, gamma1: 0, gaussianFwhmEv: 1.5 },
      { gamma0Ev: 0, gamma1: 0, gaussianFwhmEv: 0 },
    ];
    const expected = list.map((b) => Array.from({ length: rows }, (_, r) => applyWindowMatrix(windowBroadeningMatrix(grid, b, window), spectra.subarray(r * grid.length, (r + 1) * grid.length), window.length)));
    // productIsNative false: few spectra take the window matrices; true: the shared Lorentzian product.
    for (const native of [false, true]) {
      const out = await broadenOnWindows(grid, spectra, rows, list, window, jsMatMul, native);
      list.forEach((_, i) => {
        for (let r = 0; r < rows; r++) for (let k = 0; k < window.length; k++) expect(out[i]![r * window.length + k]).toBeCloseTo(expected[i]![r]![k]!, 6);
      });
    }
    // The cache's fill stores them: onWindow then returns the same numbers without computing.
    const cache = new BroadenedCache();
    const items = Array.from({ length: rows }, (_, r) => ({ key: `c${r}`, mu: spectra.subarray(r * grid.length, (r + 1) * grid.length) }));
    await cache.fill(items, grid, list, window);
    expect(cache.size).toBe(rows * list.length);
    // Hits come back as the stored float32 values (a miss would return unrounded float64 sums).
    list.forEach((b, i) =>
      items.forEach((it, r) =>
        cache.onWindow(it.key, grid, it.mu, b, window).forEach((v, k) => {
          expect(v).toBe(Math.fround(v));
          expect(v).toBeCloseTo(expected[i]![r]![k]!, 6);
        }),
      ),
    );
    await expect(jsMatMul(new Float32Array(6), [2, 3], new Float32Array(4), [2, 2])).rejects.toThrow(RangeError);
    expect(Array.from(await jsMatMul(Float32Array.of(1, 2, 3, 4), [2, 2], Float32Array.of(5, 6, 7, 8), [2, 2]))).toEqual([19, 22, 43, 50]);
  });

  it('with Γ1 = 0 it is the constant Lorentzian, then the Gaussian', () => {
    const b = { gamma0Ev: 1.5, gamma1: 0, gaussianFwhmEv: 1 };
    const ours = applyBroadening(grid, predicted, b);
    const ref = broadenUniform(lorentzianBroaden(grid, predicted, 1.5), 0.25, 1);
    const inner = (i: number) => grid[i]! > -5 && grid[i]! < 70;
    for (let i = 0; i < grid.length; i++) if (inner(i)) expect(ours[i]).toBeCloseTo(ref[i]!, 6);
    expect(broadenUniform(predicted, 0.25, 1)[200]).toBeCloseTo(gaussianBroaden(grid, predicted, 1)[200]!, 3);
  });

  it('broadens more far above the edge: the +40 eV wiggle shrinks, the white line less', () => {
    expect(lorentzianWidthEv({ gamma0Ev: 1, gamma1: 0.05, gaussianFwhmEv: 0 }, 40)).toBe(3);
    const grows = applyBroadening(grid, predicted, { gamma0Ev: 1, gamma1: 0.1, gaussianFwhmEv: 0 });
    const flat = applyBroadening(grid, predicted, { gamma0Ev: 1, gamma1: 0, gaussianFwhmEv: 0 });
    const at = (e: number) => grid.findIndex((x) => Math.abs(x - e) < 1e-9);
    // Relative loss of each feature's height (above the step of 1): far larger at +40 eV (Γ 1 → 5 eV) than at the white line (Γ 1 → 1.5 eV).
    const loss = (e: number) => 1 - (grows[at(e)]! - 1) / (flat[at(e)]! - 1);
    expect(loss(40)).toBeGreaterThan(0.2);
    expect(loss(5)).toBeLessThan(loss(40) / 2);
  });
});

describe('fitCandidate', () => {
  const broadenings: Broadening[] = [
    { gamma0Ev: 0.5, gamma1: 0, gaussianFwhmEv: 0 },
    { gamma0Ev: 2, gamma1: 0.1, gaussianFwhmEv: 1 },
    { gamma0Ev: 4, gamma1: 0.2, gaussianFwhmEv: 2 },
  ];
  const window = uniformGrid(-10, 75, 0.5);
  const onWindow = (mu: Float64Array) => Float64Array.from(window, (e) => mu[Math.round((e - grid[0]!) / 0.25)]!);

  it.each([
    [1.25, 1],
    [-0.75, 2],
    [0, 0],
  ])('recovers a shift of %f eV and broadening #%i', (shift, bi) => {
    const prepared = measured(9000, shift, broadenings[bi]!, 1.3);
    const a = alignmentFor(prepared, 'Cu', { offsetEv: 21, stretch: 1, references: [] } as never);
    expect(a.anchorEv).toBe(9000);
    const s = shiftSamples(prepared, a, window, 2, 0.25);
    const mT = s.samples.map((v) => scoreTransform('pearson', v));
    const pT = broadenings.map((b) => scoreTransform('pearson', onWindow(applyBroadening(grid, predicted, b))));
    const fit = fitCandidate('pearson', mT, s.shiftsEv, pT, { maxShiftEv: 2, shiftPenalty: 0.5 });
    expect(fit.shiftEv).toBeCloseTo(shift, 5);
    expect(fit.broadeningIndex).toBe(bi);
    expect(fit.distance).toBeLessThan(1e-4);
    expect(fit.penalised).toBeCloseTo(fit.distance * (1 + 0.5 * (shift / 2) ** 2), 12);
  });

  it('keeps the shift inside its bound; the penalty pulls towards 0 when the fit is equally good', () => {
    const prepared = measured(9000, 3.5, broadenings[1]!);
    const a = alignmentFor(prepared, 'Cu', { offsetEv: 21, stretch: 1, references: [] } as never);
    const s = shiftSamples(prepared, a, window, 2, 0.25);
    const mT = s.samples.map((v) => scoreTransform('pearson', v));
    const pT = [scoreTransform('pearson', onWindow(applyBroadening(grid, predicted, broadenings[1]!)))];
    const fit = fitCandidate('pearson', mT, s.shiftsEv, pT, { maxShiftEv: 2, shiftPenalty: 0 });
    expect(fit.shiftEv).toBe(2);
    // Two identical candidate columns: the unshifted one wins with a penalty.
    const same = [mT[8]!, mT[8]!];
    const tie = fitCandidate('pearson', same, Float64Array.of(-1, 0), [mT[8]!], { maxShiftEv: 2, shiftPenalty: 0.5 });
    expect(tie.shiftEv).toBe(0);
  });

  it('uncalibrated: the anchor is the measured E0', () => {
    const prepared = measured(9000, 0, broadenings[0]!);
    const a = alignmentFor(prepared, 'Cu');
    expect(a.calibrated).toBe(false);
    expect(a.anchorEv).toBe(prepared.e0Ev);
  });
});

describe('calibration', () => {
  it('fitReference recovers the offset of a reference placed 13.5 eV above E_K', () => {
    const prepared = measured(8979 + 13.5, 0, { gamma0Ev: 2, gamma1: 0.1, gaussianFwhmEv: 2 });
    const fit = fitReference(prepared, 'Cu', predicted, { gridRelEv: grid, windowEv: [-10, 70] });
    expect(fit.offsetEv).toBeCloseTo(13.5, 5);
    expect(fit.broadening).toEqual({ gamma0Ev: 2, gamma1: 0.1, gaussianFwhmEv: 2 });
    expect(fit.distance).toBeLessThan(1e-3);
  });

  it('the calibration is the median offset, with residuals', () => {
    const b = { gamma0Ev: 1, gamma1: 0, gaussianFwhmEv: 0 };
    const refs = [12, 14, 15].map((o, i) => ({ name: `r${i}`, spectrum: 'x', structures: ['mp-1'], offsetEv: o, broadening: b, distance: 0.01 }));
    const cal = calibrationFromReferences('Cu', 'p@1', refs);
    expect(cal.offsetEv).toBe(14);
    expect(cal.references.map((r) => r.residualEv)).toEqual([-2, 0, 1]);
    expect(cal.medianAbsResidualEv).toBe(1);
    expect(() => calibrationFromReferences('Cu', 'p@1', [])).toThrow(/no measured reference/);
  });

  it('Borda counts sum the per-score ranks', () => {
    expect(bordaCounts([{ a: 0.01, b: 0.02 }, { a: 0.02, b: 0.01 }, { a: 0.03, b: 0.03 }], ['a', 'b'])).toEqual([3, 3, 6]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  arctanBroaden, arctanWidthEv, ARCTAN_BROADEN_DEFAULTS, coreHoleWidthEv, gaussianBroaden, lorentzianBroaden, smooth, uniformGrid,
} from '../../src/spectrum/index.ts';
import { InputError } from '../../src/errors.ts';
import { fwhm, seededRandom, trapz } from './fixtures.ts';

/** A non-uniform grid: 0.5 eV, then 0.1 eV, then 0.7 eV steps. */
function nonUniformGrid(): Float64Array {
  return Float64Array.from([...uniformGrid(0, 40, 0.5), ...uniformGrid(40.1, 70, 0.1), ...uniformGrid(70.7, 120, 0.7)]);
}

describe('gaussianBroaden / lorentzianBroaden', () => {
  it('turn a delta into a line of the requested FWHM', () => {
    const e = uniformGrid(30, 70, 0.02);
    const mu = new Float64Array(e.length);
    mu[1000] = 1; // delta at 50 eV (a triangle of base 0.04 eV)
    const g = gaussianBroaden(e, mu, 2);
    expect(fwhm(e, g)).toBeCloseTo(2, 2);
    const l = lorentzianBroaden(e, mu, 1.25);
    expect(fwhm(e, l)).toBeCloseTo(1.25, 2);
    // peak heights: area·2√(ln2/π)/FWHM and area·2/(π·FWHM); area = 0.02
    expect(Math.max(...g)).toBeCloseTo((0.02 * 2 * Math.sqrt(Math.LN2 / Math.PI)) / 2, 5);
    expect(Math.max(...l)).toBeCloseTo((0.02 * 2) / (Math.PI * 1.25), 4);
  });

  it('preserve the area of a peak well inside a non-uniform grid', () => {
    const e = nonUniformGrid();
    const mu = Float64Array.from(e, (x) => Math.exp(-0.5 * ((x - 55) / 0.8) ** 2));
    const a0 = trapz(e, mu);
    expect(Math.abs(trapz(e, gaussianBroaden(e, mu, 3)) / a0 - 1)).toBeLessThan(1e-3);
    // Lorentzian tails are long: 1.2 eV FWHM loses ~2·Γ/(2π·dist) ≈ 0.7 % beyond 50 eV of grid
    expect(Math.abs(trapz(e, lorentzianBroaden(e, mu, 1.2)) / a0 - 1)).toBeLessThan(0.01);
  });

  it('keep a flat normalised post-edge from drooping at the end, on any grid', () => {
    // The truncated grid must give what a grid extending 300 eV further (flat at 1) gives:
    // the end padding is exact, so there is no droop from missing data beyond the last point.
    const e = nonUniformGrid();
    const eLong = Float64Array.from([...e, ...uniformGrid(121, 420, 1)]);
    const step = (x: number) => (x < 30 ? 0 : 1);
    const mu = Float64Array.from(e, step);
    const muLong = Float64Array.from(eLong, step);
    const cases: [(x: Float64Array, y: Float64Array) => Float64Array, number][] = [
      [(x, y) => gaussianBroaden(x, y, 4), 1e-12],
      [(x, y) => lorentzianBroaden(x, y, 4), 1e-12],
      [(x, y) => arctanBroaden(x, y, { e0Ev: 30, gammaHoleEv: 1.25 }), 1e-12],
    ];
    for (const [f, tol] of cases) {
      const out = f(e, mu);
      const ref = f(eLong, muLong);
      for (let i = 0; i < e.length; i++) expect(Math.abs(out[i] - ref[i])).toBeLessThan(tol);
      expect(out[0]).toBeLessThan(0.05);
    }
    // Gaussian: no tails, so the normalised post-edge is exactly 1 at the end
    expect(gaussianBroaden(e, mu, 4)[e.length - 1]).toBeCloseTo(1, 12);
    // Lorentzian: the end value is the analytic step response 1/2 + atan((E − 29.75)/γ)/π
    const l = lorentzianBroaden(e, mu, 4);
    expect(l[e.length - 1]).toBeCloseTo(0.5 + Math.atan((e[e.length - 1] - 29.75) / 2) / Math.PI, 4);
    const ones = new Float64Array(e.length).fill(1);
    for (const v of lorentzianBroaden(e, ones, 5)) expect(v).toBeCloseTo(1, 13);
  });

  it('are the identity for zero width and reject negative widths', () => {
    const e = uniformGrid(0, 10, 1);
    const mu = Float64Array.from(e, (x) => x * x);
    expect(gaussianBroaden(e, mu, 0)).toEqual(mu);
    expect(() => lorentzianBroaden(e, mu, -1)).toThrow(InputError);
    expect(() => gaussianBroaden(e, mu.subarray(1), 1)).toThrow(/same length/);
  });

  it('are linear and leave straight lines unchanged away from the ends', () => {
    const e = uniformGrid(0, 100, 0.25);
    const line = Float64Array.from(e, (x) => 2 + 0.1 * x);
    const g = gaussianBroaden(e, line, 2);
    expect(g[200]).toBeCloseTo(line[200], 10);
  });

  it('smooth() reduces seeded noise', () => {
    const rnd = seededRandom(7);
    const e = uniformGrid(0, 50, 0.1);
    const y = Float64Array.from(e, () => rnd() - 0.5);
    const sd = (v: Float64Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
    expect(sd(smooth(e, y, 1))).toBeLessThan(0.4 * sd(y));
    expect(sd(smooth(e, y, 1, 'gaussian'))).toBeLessThan(0.4 * sd(y));
  });
});

describe('arctanBroaden (FDMNES width law)', () => {
  it('width: Γ_hole below E_F, Γ_hole + Γ_max/2 at E_F + E_cent, → Γ_hole + Γ_max far above', () => {
    const w = arctanWidthEv([7100, 7112, 7142, 9000], { e0Ev: 7112, gammaHoleEv: 1.25 });
    expect(w[0]).toBe(1.25);
    expect(w[1]).toBe(1.25);
    expect(w[2]).toBeCloseTo(1.25 + ARCTAN_BROADEN_DEFAULTS.gammaMaxEv / 2, 12);
    expect(w[3]).toBeGreaterThan(1.25 + 0.95 * 15);
    expect(w[3]).toBeLessThan(1.25 + 15);
    // monotonic above E_F
    const ws = arctanWidthEv(uniformGrid(7112.1, 7300, 1), { eFermiEv: 7112, gammaHoleEv: 1 });
    for (let i = 1; i < ws.length; i++) expect(ws[i]).toBeGreaterThanOrEqual(ws[i - 1]);
  });

  it('with Γ_max = 0 equals a Lorentzian of Γ_hole', () => {
    const e = uniformGrid(7090, 7170, 1 / 3);
    const mu = Float64Array.from(e, (x) => 1 / (1 + Math.exp(-(x - 7112))) + 0.5 * Math.exp(-0.5 * ((x - 7120) / 2) ** 2));
    const a = arctanBroaden(e, mu, { e0Ev: 7112, gammaHoleEv: coreHoleWidthEv('Fe'), gammaMaxEv: 0 });
    const l = lorentzianBroaden(e, mu, 1.25);
    for (let i = 0; i < e.length; i++) expect(a[i]).toBeCloseTo(l[i], 12);
  });

  it('broadens features high above the edge more than near it; preserves the area near the edge', () => {
    const e = uniformGrid(7000, 7400, 0.25);
    const peak = (c: number) => Float64Array.from(e, (x) => Math.exp(-0.5 * ((x - c) / 0.5) ** 2));
    const opts = { e0Ev: 7100, gammaHoleEv: 1.25 };
    const near = arctanBroaden(e, peak(7105), opts);
    const far = arctanBroaden(e, peak(7250), opts);
    expect(fwhm(e, far)).toBeGreaterThan(3 * fwhm(e, near));
    // The width belongs to the output energy (as in FDMNES), so the very wide kernels far above
    // the edge pick up a little of this peak: area is kept near the edge, not globally.
    const win = (y: Float64Array) => trapz(e.subarray(300, 500), y.subarray(300, 500));
    expect(Math.abs(win(near) / win(peak(7105)) - 1)).toBeLessThan(0.05);
    expect(() => arctanBroaden(e, peak(7105), { gammaHoleEv: 1 } as never)).toThrow(/e0Ev or eFermiEv/);
  });

  it('cutBelowFermi zeroes μ below E_F before convolving', () => {
    const e = uniformGrid(0, 100, 0.5);
    const ones = new Float64Array(e.length).fill(1);
    const out = arctanBroaden(e, ones, { eFermiEv: 50, gammaHoleEv: 1, cutBelowFermi: true });
    expect(out[0]).toBeLessThan(0.01); // only the Lorentzian tail of the states above E_F
    expect(out[e.length - 1]).toBeGreaterThan(0.9); // Γ ≈ 14 eV here: a long tail reaches back below E_F
    expect(out[e.length - 1]).toBeLessThan(1);
    expect(out[100]).toBeGreaterThan(0.3); // at E_F: about half
    expect(out[100]).toBeLessThan(0.7);
  });
});

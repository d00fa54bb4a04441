import { describe, expect, it } from 'vitest';
import {
  coreHoleWidthEv, derivative, energyStepEv, erf, erfc, K_HOLE_WIDTH_EV, polyfit, polyval, shift, uniformGrid,
} from '../../src/spectrum/index.ts';
import { InputError, UnsupportedError } from '../../src/errors.ts';

describe('grid helpers', () => {
  it('uniformGrid includes the stop value and rejects bad steps', () => {
    expect(uniformGrid(7100, 7101, 0.25)).toEqual(Float64Array.of(7100, 7100.25, 7100.5, 7100.75, 7101));
    expect(uniformGrid(7097, 7172, 1 / 3)).toHaveLength(226); // the FDMNES Fe grid
    expect(() => uniformGrid(0, 1, 0)).toThrow(InputError);
    expect(() => uniformGrid(1, 0, 0.1)).toThrow(/below startEv/);
  });

  it('shift returns a new shifted array', () => {
    const e = [7110, 7111];
    expect(shift(e, 2)).toEqual(Float64Array.of(7112, 7113));
    expect(e).toEqual([7110, 7111]);
  });

  it('energyStepEv ignores a few tiny steps', () => {
    const e = Float64Array.from([...uniformGrid(0, 100, 0.5), 100.0001, ...uniformGrid(101, 200, 1)]);
    expect(energyStepEv(e)).toBeCloseTo(0.5, 12);
  });
});

describe('numerics', () => {
  it('erf/erfc match reference values (Abramowitz & Stegun tables)', () => {
    expect(erf(0)).toBe(0);
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 14);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 14);
    expect(erf(-2)).toBeCloseTo(-0.9953222650189527, 14);
    expect(erfc(3) / 2.209049699858544e-5).toBeCloseTo(1, 12);
    expect(erfc(6) / 2.1519736712498913e-17).toBeCloseTo(1, 10);
    expect(erf(2.4999) - erf(2.5001)).toBeLessThan(0); // continuous, increasing across the switch
  });

  it('polyfit recovers a quadratic at 9000 eV (well conditioned) and polyval evaluates it', () => {
    const x = uniformGrid(9000, 10000, 5);
    const y = x.map((v) => 2 - 3e-3 * (v - 9000) + 1e-6 * (v - 9000) ** 2);
    const c = polyfit(x, y, 2, 9000);
    expect(c[0]).toBeCloseTo(2, 10);
    expect(c[1]).toBeCloseTo(-3e-3, 12);
    expect(c[2]).toBeCloseTo(1e-6, 15);
    expect(polyval(c, 9500, 9000)).toBeCloseTo(2 - 1.5 + 0.25, 10);
    expect(() => polyfit([1, 2], [1, 2], 2)).toThrow(/need at least 3/);
  });

  it('derivative is exact for quadratics on a non-uniform grid (inside)', () => {
    const x = [0, 0.5, 2, 2.2, 5];
    const d = derivative(x, x.map((v) => v * v));
    expect(d[1]).toBeCloseTo(1, 12);
    expect(d[2]).toBeCloseTo(4, 12);
    expect(d[3]).toBeCloseTo(4.4, 12);
  });
});

describe('coreHoleWidthEv (Krause & Oliver 1979)', () => {
  it('returns the tabulated K widths', () => {
    expect(coreHoleWidthEv('Fe')).toBe(1.25);
    expect(coreHoleWidthEv('Cu', 'K')).toBe(1.55);
    expect(coreHoleWidthEv('Co')).toBe(1.33);
    expect(coreHoleWidthEv('S')).toBe(0.59);
    expect(coreHoleWidthEv(22)).toBe(0.94);
    expect(coreHoleWidthEv('zn')).toBe(1.67);
  });

  it('covers Z = 16…30 at least and grows with Z', () => {
    for (let z = 16; z <= 30; z++) expect(K_HOLE_WIDTH_EV[z]).toBeGreaterThan(K_HOLE_WIDTH_EV[z - 1]);
  });

  it('throws UnsupportedError for untabulated edges and elements, InputError for unknown symbols', () => {
    expect(() => coreHoleWidthEv('Fe', 'L3')).toThrow(UnsupportedError);
    expect(() => coreHoleWidthEv('Pt')).toThrow(/Z = 10–36/);
    expect(() => coreHoleWidthEv('Xx')).toThrow(InputError);
  });
});

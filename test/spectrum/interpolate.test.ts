import { describe, expect, it } from 'vitest';
import { interpolate, outsideOfData, uniformGrid } from '../../src/spectrum/index.ts';
import { InputError } from '../../src/errors.ts';
import { seededRandom } from './fixtures.ts';

describe('interpolate', () => {
  const rnd = seededRandom(3);
  // irregular, increasing abscissa
  const x = Float64Array.from({ length: 40 }, (_, i) => i + 0.8 * rnd());
  const line = (v: number) => 3 - 0.25 * v;
  const y = x.map(line);
  const target = uniformGrid(1, 38, 0.37);

  it.each(['linear', 'cubic', 'akima'] as const)('%s is exact on linear data', (method) => {
    const out = interpolate(x, y, target, { method });
    target.forEach((t, i) => expect(out[i]).toBeCloseTo(line(t), 12));
  });

  it('returns the data at the data points, and cubic/akima beat linear on a smooth curve', () => {
    const xs = uniformGrid(0, 10, 0.5);
    const ys = xs.map(Math.sin);
    expect(interpolate(xs, ys, xs)).toEqual(ys);
    const t = uniformGrid(1, 9, 0.13);
    const err = (m: 'linear' | 'cubic' | 'akima') => Math.max(...interpolate(xs, ys, t, { method: m }).map((v, i) => Math.abs(v - Math.sin(t[i]))));
    expect(err('linear')).toBeGreaterThan(0.01);
    expect(err('cubic')).toBeLessThan(0.002);
    expect(err('akima')).toBeLessThan(0.01);
    expect(err('cubic')).toBeLessThan(err('linear') / 10);
  });

  it('throws by default outside the data, naming how many points are out', () => {
    expect(() => interpolate([0, 1, 2], [0, 1, 2], [-1, 0.5, 3])).toThrow(InputError);
    expect(() => interpolate([0, 1, 2], [0, 1, 2], [-1, 0.5, 3])).toThrow(/2 of 3 target points.*1 below, 1 above/);
    // rounding at the ends is tolerated
    expect(interpolate([0, 1, 2], [0, 1, 2], [2 + 1e-9])[0]).toBeCloseTo(2, 12);
  });

  it('clamps or extrapolates when asked', () => {
    expect(interpolate([0, 1, 2], [0, 10, 30], [-1, 3], { outside: 'clamp' })).toEqual(Float64Array.of(0, 30));
    expect(interpolate([0, 1, 2], [0, 10, 30], [-1, 3], { outside: 'extrapolate' })).toEqual(Float64Array.of(-10, 50));
  });

  it('rejects unsorted data, bad lengths and unknown options', () => {
    expect(() => interpolate([0, 2, 1], [0, 1, 2], [0.5])).toThrow(/xFrom must be strictly increasing/);
    expect(() => interpolate([0, 1, 2], [0, 1], [0.5])).toThrow(InputError);
    expect(() => interpolate([0, 1], [0, 1], [0.5], { method: 'quintic' as never })).toThrow(/unknown method/);
    expect(() => interpolate([0, 1], [0, 1], [0.5], { outside: 'wrap' as never })).toThrow(/unknown outside/);
  });
});

describe('outsideOfData', () => {
  it('counts target points below and above the data', () => {
    expect(outsideOfData([0, 1, 2], [-1, 0.5, 1.5, 3, 4])).toEqual({ below: 1, above: 2, fraction: 0.6 });
    expect(outsideOfData([0, 10], uniformGrid(0, 10, 0.5))).toEqual({ below: 0, above: 0, fraction: 0 });
    expect(outsideOfData([0, 10], [])).toEqual({ below: 0, above: 0, fraction: 0 });
  });
});

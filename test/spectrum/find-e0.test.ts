import { describe, expect, it } from 'vitest';
import { findE0, FIND_E0_DEFAULTS } from '../../src/spectrum/index.ts';
import { InputError } from '../../src/errors.ts';
import { syntheticEdge } from './fixtures.ts';

describe('findE0', () => {
  it('finds the inflection of a synthetic arctan edge within 0.5 eV', () => {
    const s = syntheticEdge();
    const r = findE0(s.energyEv, s.mu);
    expect(Math.abs(r.e0Ev - s.e0Ev)).toBeLessThanOrEqual(0.5);
    expect(s.energyEv[r.index]).toBe(r.e0Ev);
    expect(r.sustained).toBe(true);
    expect(r.riseFraction).toBeGreaterThan(FIND_E0_DEFAULTS.minRiseFraction);
  });

  it('is robust to seeded noise', () => {
    const s = syntheticEdge({ noise: 0.01, seed: 42 });
    expect(Math.abs(findE0(s.energyEv, s.mu).e0Ev - s.e0Ev)).toBeLessThanOrEqual(0.5);
  });

  it('ignores glitches: a jump in the last points, a drop in the first ones', () => {
    const s = syntheticEdge();
    const mu = Float64Array.from(s.mu);
    const n = mu.length;
    for (let i = n - 3; i < n; i++) mu[i] += 5;
    mu[0] -= 5;
    mu[1] -= 5;
    expect(Math.abs(findE0(s.energyEv, mu).e0Ev - s.e0Ev)).toBeLessThanOrEqual(0.5);
  });

  it('does not take a one-point spike for the edge, even one larger than the edge', () => {
    const s = syntheticEdge();
    const mu = Float64Array.from(s.mu);
    const i = s.energyEv.findIndex((x) => x >= s.e0Ev - 12);
    mu[i] += 3;
    const j = s.energyEv.findIndex((x) => x >= s.e0Ev + 200);
    mu[j] += 3;
    expect(Math.abs(findE0(s.energyEv, mu).e0Ev - s.e0Ev)).toBeLessThanOrEqual(0.5);
  });

  it('rejects a two-point spike (which passes the neighbour test) by the sustained-rise check', () => {
    const s = syntheticEdge();
    const mu = Float64Array.from(s.mu);
    const i = s.energyEv.findIndex((x) => x >= s.e0Ev - 12);
    mu[i] += 3;
    mu[i + 1] += 3;
    const r = findE0(s.energyEv, mu);
    expect(Math.abs(r.e0Ev - s.e0Ev)).toBeLessThanOrEqual(0.5);
    expect(r.rejected).toContain(s.energyEv[i - 1]);
    // with the check disabled the spike wins: the check is what saves us
    const off = findE0(s.energyEv, mu, { minRiseFraction: -Infinity });
    expect(Math.abs(off.e0Ev - s.e0Ev)).toBeGreaterThan(5);
  });

  it('does not mutate its input', () => {
    const s = syntheticEdge();
    const copy = Float64Array.from(s.mu);
    findE0(s.energyEv, s.mu);
    expect(s.mu).toEqual(copy);
  });

  it('rejects bad input with InputError naming the problem', () => {
    expect(() => findE0([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], new Array(10).fill(1))).toThrow(/constant/);
    expect(() => findE0([1, 2, 3], [1, 2])).toThrow(InputError);
    expect(() => findE0([1, 3, 2, 4, 5, 6, 7, 8], [0, 0, 0, 1, 1, 1, 1, 1])).toThrow(/strictly increasing.*energyEv\[2\]/);
    expect(() => findE0([1, 2, 3, 4, 5, 6, 7, 8], [0, 0, NaN, 1, 1, 1, 1, 1])).toThrow(/mu\[2\]/);
  });
});

import { describe, expect, it } from 'vitest';
import { padPreEdge, PRE_EDGE_PAD_EV, theoryAsMeasured } from '../../src/confidence/index.ts';
import { INVERSE_TARGETS } from '../../src/inverse/targets.ts';
import type { Spectrum } from '../../src/io/index.ts';

const spectrum = (energyEv: number[], mu: number[]): Spectrum => ({
  energyEv: Float64Array.from(energyEv),
  mu: Float64Array.from(mu),
  meta: { format: 'columns', source: 'tiny', headers: { note: 'kept' } },
  warnings: [],
});

describe('padPreEdge', () => {
  it('prepends a flat pre-edge at the first step, at the mean μ of the first baselineEv', () => {
    const s = spectrum([100, 102, 104, 106], [1, 3, 10, 12]);
    const p = padPreEdge(s, 2, 6);
    expect(Array.from(p.energyEv)).toEqual([94, 96, 98, 100, 102, 104, 106]);
    expect(Array.from(p.mu)).toEqual([2, 2, 2, 1, 3, 10, 12]); // mean of μ at 100 and 102 eV
    expect(p.meta.headers).toEqual({ note: 'kept', dataStartEv: '100' });
    expect(s.energyEv).toHaveLength(4); // the input is not modified
  });
  it('pads 60 eV by default', () => {
    const p = padPreEdge(spectrum([0, 0.5, 1], [0, 0, 1]), 0);
    expect(PRE_EDGE_PAD_EV).toBe(60);
    expect(p.energyEv[0]).toBe(-60);
    expect(p.energyEv).toHaveLength(123);
  });
});

describe('theoryAsMeasured', () => {
  it('applies the recipe broadening, labels the element and K edge, and pads the pre-edge', () => {
    const recipe = INVERSE_TARGETS.Cu!.recipe; // FEFF recipe: Gaussian broadening only
    const e = Array.from({ length: 201 }, (_, i) => 8970 + 0.25 * i);
    const step = e.map((x) => (x >= 8990 ? 1 : 0));
    const m = theoryAsMeasured(spectrum(e, step), recipe, 'Cu');
    expect(m.meta.element).toBe('Cu');
    expect(m.meta.edge).toBe('K');
    expect(m.energyEv).toHaveLength(201 + 240);
    const at = (ev: number) => m.mu[m.energyEv.indexOf(ev)]!;
    expect(at(8990)).toBeGreaterThan(0.3); // the step is broadened: half way at its edge
    expect(at(8990)).toBeLessThan(0.7);
    expect(at(8989.75)).toBeGreaterThan(0);
    expect(at(8920)).toBe(0); // flat pre-edge at the baseline
  });
});

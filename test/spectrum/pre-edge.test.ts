import { describe, expect, it } from 'vitest';
import { looksNormalized, normalize, preEdge, PRE_EDGE_DEFAULTS, resolvePreEdgeRecipe } from '../../src/spectrum/index.ts';
import { InputError } from '../../src/errors.ts';
import { syntheticEdge } from './fixtures.ts';

function meanOver(e: Float64Array, y: Float64Array, lo: number, hi: number): number {
  let s = 0, n = 0;
  e.forEach((x, i) => { if (x >= lo && x <= hi) { s += y[i]; n++; } });
  return s / n;
}

describe('preEdge on a synthetic edge (arctan step + white line + sloping pre-edge)', () => {
  const s = syntheticEdge();
  const r = preEdge(s.energyEv, s.mu);

  it('recovers E0, the pre-edge line and the edge step', () => {
    expect(Math.abs(r.e0Ev - s.e0Ev)).toBeLessThanOrEqual(0.5);
    expect(r.preLine.slope).toBeCloseTo(s.preSlope, 4); // |Δ| < 5e-5 per eV
    expect(Math.abs(r.edgeStep - s.step) / s.step).toBeLessThan(0.02);
    expect(r.postPoly[0]).toBe(r.edgeStep);
    expect(r.warnings).toEqual([]);
  });

  it('gives norm ≈ 0 before the edge and ≈ 1 after it; flat ≈ 1', () => {
    expect(Math.abs(meanOver(s.energyEv, r.norm, r.e0Ev - 190, r.e0Ev - 30))).toBeLessThan(0.01);
    expect(Math.abs(meanOver(s.energyEv, r.norm, r.e0Ev + 25, r.e0Ev + 600) - 1)).toBeLessThan(0.02);
    expect(Math.abs(meanOver(s.energyEv, r.flat, r.e0Ev + 25, r.e0Ev + 600) - 1)).toBeLessThan(0.01);
    // the white line survives normalisation: peak ≈ (1 + 0.6/1.3) above 1
    expect(Math.max(...r.norm)).toBeGreaterThan(1.3);
    expect(Math.max(...r.norm)).toBeLessThan(1.6);
  });

  it('fills larch defaults (golden values for this grid)', () => {
    expect(r.recipe).toEqual({
      method: 'larch-pre-edge', alreadyNormalized: false, e0Ev: 7112,
      pre1RelE0Ev: -195, pre2RelE0Ev: -97.5, norm1RelE0Ev: 25, norm2RelE0Ev: 600, nnorm: 2, nvict: 0,
    });
    expect(r.pre.length).toBe(s.energyEv.length);
    expect(r.post[r.e0Index] - r.pre[r.e0Index]).toBeCloseTo(r.edgeStep, 12);
  });

  it('re-applying the recipe (also after JSON) gives identical output', () => {
    const again = preEdge(s.energyEv, s.mu, JSON.parse(JSON.stringify(r.recipe)));
    expect(again.norm).toEqual(r.norm);
    expect(again.flat).toEqual(r.flat);
    expect(again.edgeStep).toBe(r.edgeStep);
    expect(again.recipe).toEqual(r.recipe);
    const n = normalize(s.energyEv, s.mu, r.recipe);
    expect(n.norm).toEqual(r.norm);
  });

  it('lets every parameter be overridden and records what was used', () => {
    const o = preEdge(s.energyEv, s.mu, { e0Ev: 7112.1, pre1RelE0Ev: -1000, pre2RelE0Ev: -60, norm1RelE0Ev: 50, norm2RelE0Ev: -100, nnorm: 1 });
    expect(o.recipe.e0Ev).toBe(7112); // snapped to the grid
    expect(o.recipe.pre1RelE0Ev).toBe(-200); // clamped to the first point
    expect(o.recipe.pre2RelE0Ev).toBe(-60);
    expect(o.recipe.norm1RelE0Ev).toBe(50);
    expect(o.recipe.norm2RelE0Ev).toBe(500); // negative: eV before the last point
    expect(o.recipe.nnorm).toBe(1);
    expect(o.postPoly).toHaveLength(2);
    const fixed = preEdge(s.energyEv, s.mu, { edgeStep: 2 });
    expect(fixed.edgeStep).toBe(2);
    expect(fixed.recipe.edgeStep).toBe(2);
    expect(fixed.norm[100]).toBeCloseTo((s.mu[100] - fixed.pre[100]) / 2, 12);
  });

  it('does not mutate its input', () => {
    const copy = Float64Array.from(s.mu);
    preEdge(s.energyEv, s.mu);
    expect(s.mu).toEqual(copy);
  });
});

describe('preEdge details', () => {
  it('rounds pre1 half-to-even like Python (golden: −17.5 eV → −20, not −15)', () => {
    const rel = [-30, ...Array.from({ length: 36 }, (_, k) => -17.5 + 0.5 * k), ...Array.from({ length: 100 }, (_, k) => 1 + k)];
    const e = Float64Array.from(rel, (x) => 1000 + x);
    const rec = resolvePreEdgeRecipe(e, 1000);
    expect(rec.pre1RelE0Ev).toBe(-20);
    expect(rec.pre2RelE0Ev).toBe(-10);
    expect(rec.norm2RelE0Ev).toBe(100);
    expect(rec.norm1RelE0Ev).toBe(25); // min(25, 5·round(100/15))
    expect(rec.nnorm).toBe(1); // 75 eV: between 30 and 300
  });

  it('chooses nnorm from the post-edge range like larch (0 below 30 eV, 1 below 300 eV, else 2)', () => {
    const grid = (hi: number) => Float64Array.from({ length: Math.round((hi + 100) / 0.5) + 1 }, (_, k) => 5000 - 100 + 0.5 * k);
    expect(resolvePreEdgeRecipe(grid(35), 5000).nnorm).toBe(0); // norm1 = 10, range 25
    expect(resolvePreEdgeRecipe(grid(200), 5000).nnorm).toBe(1);
    expect(resolvePreEdgeRecipe(grid(400), 5000).nnorm).toBe(2);
    expect(PRE_EDGE_DEFAULTS.maxNnorm).toBe(5);
  });

  it('nvict: a pre-edge of the form c·E^−3 is fitted exactly with nvict = 3', () => {
    const s = syntheticEdge({ preSlope: 0, preOffset: 0 });
    const mu = Float64Array.from(s.mu, (v, i) => v + 3e11 * s.energyEv[i] ** -3);
    const r = preEdge(s.energyEv, mu, { nvict: 3, e0Ev: s.e0Ev });
    const i = s.energyEv.findIndex((x) => x >= s.e0Ev - 150);
    // residual is only the arctan tail (~1e-3 of the step at −150 eV)
    expect(Math.abs(r.pre[i] - 3e11 * s.energyEv[i] ** -3)).toBeLessThan(5e-3);
    expect(r.recipe.nvict).toBe(3);
  });

  it('handles already-normalised input, explicitly and by auto-detection', () => {
    const s = syntheticEdge();
    const { norm } = preEdge(s.energyEv, s.mu);
    const a = preEdge(s.energyEv, norm, { alreadyNormalized: true });
    expect(a.norm).toEqual(norm);
    expect(a.edgeStep).toBe(1);
    expect(a.recipe.alreadyNormalized).toBe(true);
    expect(preEdge(s.energyEv, norm, { alreadyNormalized: 'auto' }).recipe.alreadyNormalized).toBe(true);
    expect(preEdge(s.energyEv, s.mu, { alreadyNormalized: 'auto' }).recipe.alreadyNormalized).toBe(false);
  });

  it('looksNormalized: true for norm, false for raw, scaled or offset μ', () => {
    const s = syntheticEdge();
    const { norm } = preEdge(s.energyEv, s.mu);
    expect(looksNormalized(s.energyEv, norm)).toBe(true);
    expect(looksNormalized(s.energyEv, s.mu)).toBe(false);
    expect(looksNormalized(s.energyEv, norm.map((v) => 3 * v))).toBe(false);
    expect(looksNormalized(s.energyEv, norm.map((v) => v + 0.5))).toBe(false);
  });

  it('reports user errors as InputError with the range and the fix', () => {
    const s = syntheticEdge();
    expect(() => preEdge(s.energyEv, s.mu, { e0Ev: 9000 })).toThrow(/outside the data/);
    expect(() => preEdge(s.energyEv, s.mu, { nnorm: 1.5 })).toThrow(InputError);
    const coarseE = Array.from({ length: 21 }, (_, k) => 7000 + 10 * k);
    const coarseMu = coarseE.map((x) => (x >= 7100 ? 1 : 0));
    expect(() => preEdge(coarseE, coarseMu, { e0Ev: 7100, norm1RelE0Ev: 10, norm2RelE0Ev: 20, nnorm: 2 })).toThrow(/lower nnorm/);
    expect(() => preEdge(s.energyEv, s.mu, { nvict: Number.NaN })).toThrow(/nvict/);
  });

  it('warns (larch: uses |step|) when μ falls across the edge', () => {
    const s = syntheticEdge();
    const r = preEdge(s.energyEv, s.mu, { e0Ev: s.e0Ev, edgeStep: -1.3 });
    expect(r.edgeStep).toBe(1.3);
    expect(r.warnings.join()).toMatch(/edge step/);
  });
});

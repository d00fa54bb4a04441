import { describe, expect, it } from 'vitest';
import { alignToModelGrid, makeInverseRecipe, measuredToModelInput, recipeGrid, theoryToModelInput } from '../../src/inverse/model-input.ts';
import { INVERSE_TARGETS } from '../../src/inverse/targets.ts';
import { prepareMeasured, prepareSpectrum } from '../../src/measured/index.ts';
import { UnsupportedError } from '../../src/errors.ts';
import { dataPath } from '../helpers/data.ts';

/** A synthetic K edge: arctan step at e0 with a white line, μ = 0 below. */
function edge(e0: number, from: number, to: number, step = 0.25, height = 2) {
  const n = Math.round((to - from) / step) + 1;
  const energyEv = Float64Array.from({ length: n }, (_, i) => from + i * step);
  const mu = Float64Array.from(energyEv, (e) => height * (0.5 + Math.atan((e - e0) / 1.0) / Math.PI) + 0.6 * Math.exp(-(((e - e0 - 6) / 3) ** 2)));
  return { energyEv, mu };
}

describe('inverse model input', () => {
  const recipe = makeInverseRecipe('Fe', 'feff', { startEv: -10, stopEv: 45, stepEv: 0.5 });

  it('puts the half-step point at 0 on the edge-relative grid and normalises the post-edge to 1', () => {
    const { energyEv, mu } = edge(7120, 7080, 7200);
    const input = alignToModelGrid(energyEv, mu, 7118, recipe, { allowExtrapolation: false });
    expect(input.e0Ev).toBeGreaterThan(7119);
    expect(input.e0Ev).toBeLessThan(7121);
    const grid = recipeGrid(recipe);
    const at = (e: number) => input.x[grid.findIndex((g) => Math.abs(g - e) < 1e-9)]!;
    expect(at(0)).toBeCloseTo(0.5, 1);
    let post = 0;
    let c = 0;
    grid.forEach((g, i) => {
      if (g >= 15 && g <= 40) {
        post += input.x[i]!;
        c++;
      }
    });
    expect(post / c).toBeCloseTo(1, 2);
    expect(input.x.length).toBe(recipe.grid.n);
  });

  it('is invariant to an absolute energy shift and to the μ scale', () => {
    const a = edge(7120, 7080, 7200);
    const b = edge(7125.3, 7085.3, 7205.3, 0.25, 5);
    const xa = alignToModelGrid(a.energyEv, a.mu, 7120, recipe, { allowExtrapolation: false }).x;
    const xb = alignToModelGrid(b.energyEv, b.mu, 7125, recipe, { allowExtrapolation: false }).x;
    // different white-line/step ratio in b (0.6 absolute) → compare only the step region
    for (let i = 0; i < 15; i++) expect(Math.abs(xa[i]! - xb[i]!)).toBeLessThan(0.05);
  });

  it('refuses a measured spectrum whose range stops short of the grid, naming both numbers', () => {
    const { energyEv, mu } = edge(7120, 7080, 7150);
    const prepared = prepareSpectrum({ energyEv, mu, meta: { format: 'columns', source: 'short.dat', headers: {} }, warnings: [] }, { element: 'Fe' });
    expect(() => measuredToModelInput(prepared, recipe)).toThrow(UnsupportedError);
    expect(() => measuredToModelInput(prepared, recipe)).toThrow(/stops \d+ eV above the edge; the Fe K model needs 45 eV/);
  });

  it('brings an FDMNES training spectrum and the measured Fe foil onto the same scale', async () => {
    const { readSpectrum } = await import('../../src/io/index.ts');
    const fe = INVERSE_TARGETS.Fe!.recipe;
    const s = readSpectrum(dataPath('pairs', 'fe-k-fdmnes-molecules', 'xanes_test', 'ACOMUA_C36H39FeP6(1+).txt'));
    const theory = theoryToModelInput(s.energyEv, s.mu, fe);
    const measured = measuredToModelInput(prepareMeasured(dataPath('experimental', 'xaslib', 'Fe', 'Fe_Foil_rt_2016Foils.xdi')), fe);
    for (const x of [theory.x, measured.x]) {
      expect(x[0]!).toBeLessThan(0.3); // pre-edge
      const tail = x.slice(-20);
      const m = tail.reduce((a, b) => a + b, 0) / tail.length;
      expect(m).toBeGreaterThan(0.7);
      expect(m).toBeLessThan(1.3);
    }
    // The Fe foil's half-step point sits above the Larch E0 (derivative maximum at the pre-edge shoulder).
    expect(measured.e0Ev).toBeGreaterThan(7110);
    expect(measured.e0Ev).toBeLessThan(7125);
  });
});

/**
 * Known physics on measured foils (XAS Data Library / larch examples, read in place).
 * Reference edges: Cu K 8979 eV, Fe K 7112 eV (Bearden & Burr / Elam). larch's own test accepts
 * 8950 < Cu E0 < 9010; we ask for ±2 eV.
 */
import { describe, expect, it } from 'vitest';
import { readSpectrum } from '../../src/io/index.ts';
import { edgeEnergy } from '../../src/elements/index.ts';
import { findE0, looksNormalized, normalize, preEdge } from '../../src/spectrum/index.ts';
import { dataPath } from '../helpers/data.ts';

const FOILS = [
  { name: 'Cu foil', path: dataPath('experimental', 'larch', 'xafsdata', 'cu_metal_rt.xdi'), symbol: 'Cu', muSource: 'mutrans' },
  { name: 'Fe foil', path: dataPath('experimental', 'xaslib', 'Fe', 'Fe_Foil_rt_2016Foils.xdi'), symbol: 'Fe', muSource: 'ln(i0/itrans)' },
];

function meanOver(e: Float64Array, y: Float64Array, lo: number, hi: number): number {
  let s = 0, n = 0;
  e.forEach((x, i) => { if (x >= lo && x <= hi) { s += y[i]; n++; } });
  return s / n;
}

describe.each(FOILS)('$name', ({ path, symbol, muSource }) => {
  const spec = readSpectrum(path);
  const { energyEv, mu } = spec;
  const r = preEdge(energyEv, mu);

  it('reads μ as expected', () => {
    expect(spec.meta.muSource).toBe(muSource);
    expect(energyEv.length).toBeGreaterThan(300);
  });

  it(`E0 within 2 eV of the tabulated ${symbol} K edge`, () => {
    const ref = edgeEnergy(symbol, 'K');
    const { e0Ev, sustained } = findE0(energyEv, mu);
    expect(Math.abs(e0Ev - ref)).toBeLessThanOrEqual(2);
    expect(sustained).toBe(true);
    expect(r.e0Ev).toBe(e0Ev);
  });

  it('normalises: edge step to 1, pre-edge ≈ 0, flat post-edge mean ≈ 1 in norm1..norm2', () => {
    const { e0Ev, recipe } = r;
    expect(r.edgeStep).toBeGreaterThan(0.5); // foils for transmission: Δμx ≈ 1–4
    expect(r.edgeStep).toBeLessThan(6);
    expect((r.post[r.e0Index] - r.pre[r.e0Index]) / r.edgeStep).toBeCloseTo(1, 12);
    expect(Math.abs(meanOver(energyEv, r.norm, e0Ev + recipe.pre1RelE0Ev, e0Ev + recipe.pre2RelE0Ev))).toBeLessThan(0.02);
    expect(Math.abs(meanOver(energyEv, r.flat, e0Ev + recipe.norm1RelE0Ev, e0Ev + recipe.norm2RelE0Ev) - 1)).toBeLessThan(0.05);
    // norm itself falls with energy over a long EXAFS scan (μ ∝ E^−3): ≈ 1 over the XANES range
    expect(Math.abs(meanOver(energyEv, r.norm, e0Ev + 30, e0Ev + 150) - 1)).toBeLessThan(0.1);
    expect(r.warnings).toEqual([]);
  });

  it('recipe re-applied reproduces the result; normalised output looks normalised', () => {
    const again = normalize(energyEv, mu, r.recipe);
    expect(again.norm).toEqual(r.norm);
    expect(looksNormalized(energyEv, r.norm)).toBe(true);
    expect(looksNormalized(energyEv, mu)).toBe(false);
  });
});

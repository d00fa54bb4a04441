import { describe, it, expect } from 'vitest';
import { SOURCE_RECIPES, forwardGrid, spectrumOnGrid, measureSourceOffsetEv, broadenForRecipe, NARROW_WINDOW_EV, relativeRangeEv, isValidationId, forwardPairs, readPairStructure } from '../../src/forward/index.ts';
import { spectrumMetrics, relativeSquareError, nearestReferenceRse, pearsonPerRow, edgePositionEv, firstCrossingEv, median, perSpectrumMse, windowMetrics } from '../../lab/forward/index.ts';
import { edgeEnergy } from '../../src/elements/index.ts';
import { uniformGrid } from '../../src/spectrum/index.ts';
import { DATA_DIR, dataPath } from '../helpers/data.ts';

/** An arctan K edge of height `step` at absolute energy `e0Ev`. */
function arctanEdge(e0Ev: number, step = 1, fromEv = e0Ev - 30, toEv = e0Ev + 60): { energyEv: Float64Array; mu: Float64Array } {
  const energyEv = uniformGrid(fromEv, toEv, 0.2);
  return { energyEv, mu: Float64Array.from(energyEv, (e) => step * (0.5 + Math.atan((e - e0Ev) / 0.8) / Math.PI)) };
}

describe('forward targets', () => {
  const grid = forwardGrid();

  it('has the documented grid −10…+127.5 eV at 0.25 eV (and −10…+30 eV for models 1.x)', () => {
    expect(grid.n).toBe(551);
    expect(grid.energyEv[0]).toBe(-10);
    expect(grid.energyEv[160]).toBe(30);
    expect(grid.energyEv[550]).toBe(127.5);
    expect(forwardGrid({ stopEv: NARROW_WINDOW_EV[1] }).n).toBe(161);
  });

  it('measures the per-source offset as the median of E0 − tabulated edge', () => {
    const edge = edgeEnergy('Cu');
    const spectra = [arctanEdge(edge + 17), arctanEdge(edge + 18), arctanEdge(edge + 22)];
    expect(measureSourceOffsetEv(spectra, 'Cu')).toBeGreaterThan(17.5);
    expect(measureSourceOffsetEv(spectra, 'Cu')).toBeLessThan(18.5);
  });

  it('puts an edge-step spectrum on the relative grid: edge at 0, mean 1 over +20…+30 eV, scale-free', () => {
    const edge = edgeEnergy('Fe');
    const { energyEv, mu } = arctanEdge(edge + 11, 0.37);
    const recipe = SOURCE_RECIPES['fe-k-fdmnes-molecules'];
    const y = spectrumOnGrid(energyEv, mu, { absorber: 'Fe', offsetEv: 11, gridEv: grid.energyEv, recipe });
    let s = 0;
    let n = 0;
    grid.energyEv.forEach((e, k) => {
      if (e >= 20 && e <= 30) {
        s += y[k]!;
        n++;
      }
    });
    expect(s / n).toBeCloseTo(1, 6);
    expect(edgePositionEv(grid.energyEv, y)).toBeGreaterThan(-0.3);
    expect(edgePositionEv(grid.energyEv, y)).toBeLessThan(0.3);
  });

  it('peak-normalises ORCA spectra over the points with data and refuses grids the data do not reach', () => {
    const edge = edgeEnergy('S');
    const energyEv = uniformGrid(edge - 77, edge - 27, 0.125);
    const mu = Float64Array.from(energyEv, (e) => 0.4 * Math.exp(-(((e - (edge - 67)) / 1.5) ** 2)));
    const recipe = SOURCE_RECIPES['s-k-orca-molecules'];
    const y = spectrumOnGrid(energyEv, mu, { absorber: 'S', offsetEv: -67, gridEv: grid.energyEv, recipe });
    expect(Math.max(...y.filter(Number.isFinite))).toBeCloseTo(1, 6);
    // Data end at +40 eV relative: finite up to +43 (the 3 eV clamp), NaN beyond.
    grid.energyEv.forEach((e, k) => expect([e, Number.isFinite(y[k]!)]).toEqual([e, e <= 43 + 1e-9]));
    // With an offset of +40 eV the data lie at −117…−67 eV relative: no grid point left.
    expect(() => spectrumOnGrid(energyEv, mu, { absorber: 'S', offsetEv: 40, gridEv: grid.energyEv, recipe })).toThrow(/none of the grid/);
  });

  it('sets NaN where a spectrum has no data (beyond its range + the 3 eV clamp) and clamps within it', () => {
    const edge = edgeEnergy('Fe');
    // Data −26…+49 eV relative, as the Fe FDMNES set: the grid to +127.5 eV is NaN after +52.
    const { energyEv, mu } = arctanEdge(edge + 11, 1, edge + 11 - 26, edge + 11 + 49);
    const recipe = SOURCE_RECIPES['fe-k-fdmnes-molecules'];
    const y = spectrumOnGrid(energyEv, mu, { absorber: 'Fe', offsetEv: 11, gridEv: grid.energyEv, recipe });
    const lastFinite = grid.energyEv[y.findLastIndex((v) => Number.isFinite(v))];
    expect(lastFinite).toBe(52);
    expect(y.slice(grid.energyEv.indexOf(52.25)).every(Number.isNaN)).toBe(true);
    // 49…52 eV: the end value, clamped.
    expect(y[grid.energyEv.indexOf(52)]).toBe(y[grid.energyEv.indexOf(49)]);
    expect(relativeRangeEv(energyEv, 'Fe', 11)[1]).toBeCloseTo(49, 6);
    // Data that end before the +20…+30 eV normalisation window cannot be edge-step normalised.
    const short = arctanEdge(edge + 11, 1, edge + 11 - 26, edge + 11 + 15);
    expect(() => spectrumOnGrid(short.energyEv, short.mu, { absorber: 'Fe', offsetEv: 11, gridEv: grid.energyEv, recipe })).toThrow(/not the normalisation window 20…30 eV/);
  });

  it('broadens FDMNES with the Fe core-hole width and leaves FEFF alone', () => {
    const { energyEv, mu } = arctanEdge(7120, 1);
    const spike = Float64Array.from(energyEv, (e) => (Math.abs(e - 7130) < 0.1 ? 1 : 0));
    const b = broadenForRecipe(energyEv, spike, SOURCE_RECIPES['fe-k-fdmnes-molecules']);
    expect(Math.max(...b)).toBeLessThan(0.5);
    expect(broadenForRecipe(energyEv, mu, SOURCE_RECIPES['cu-k-feff-crystals'])).toEqual(mu);
  });
});

describe('forward metrics', () => {
  it('computes RSE, Pearson, edge position and η on small hand cases', () => {
    const t = [1, 2, 3, 4];
    const p = [1, 2, 3, 5];
    expect(relativeSquareError(p, t, 4)[0]).toBeCloseTo(1 / 30, 12);
    const r = pearsonPerRow([1, 2, 3, 3, 2, 1], [2, 4, 6, 1, 2, 3], 3);
    expect(r[0]).toBeCloseTo(1, 12);
    expect(r[1]).toBeCloseTo(-1, 12);
    expect(edgePositionEv([0, 1, 2, 3], [0, 0.2, 0.6, 1])).toBeCloseTo(1.75, 12);
    expect(median([5, 1, 3, 2])).toBe(2.5);
    expect(firstCrossingEv([0, 1, 2], [0, 0.4, 0.8], 0.5)).toBeCloseTo(1.25, 12);
    expect(firstCrossingEv([0, 1], [0, 0.4], 0.5)).toBeNaN();
    const E = [0, 1];
    const target = [0, 1, 0, 3]; // two spectra
    const baseline = [0, 2];
    const m = spectrumMetrics(E, [0, 1.1, 0, 2.9], target, baseline);
    // baseline MSEs: 0.5, 0.5 → 0.5; model MSEs: 0.005, 0.005 → η = 100
    expect(m.eta).toBeCloseTo(100, 6);
    expect(m.n).toBe(2);
  });
  it('leaves target points without data (NaN) out of every metric, and cuts metrics to a window', () => {
    // Row 0 has data on its first two points only; row 1 everywhere.
    const target = [1, 2, NaN, NaN, /* row 1 */ 1, 2, 3, 4];
    const pred = [1, 3, 99, 99, /* row 1 */ 1, 2, 3, 6];
    expect(Array.from(perSpectrumMse(pred, target, 4))).toEqual([0.5, 1]);
    expect(relativeSquareError(pred, target, 4)[0]).toBeCloseTo(1 / 5, 12);
    expect(edgePositionEv([0, 1, 2, 3], [0, 2, NaN, NaN])).toBeCloseTo(0.5, 12);
    const m = spectrumMetrics([0, 1, 2, 3], pred, target, [1, 2, 3, 4]);
    expect(Number.isFinite(m.eta) && Number.isFinite(m.medianRelativeSquareError) && Number.isFinite(m.medianPearson)).toBe(true);
    // On the window 0…1 eV both rows are complete: MSEs 0.5 and 0 → median 0.25; baseline [1, 2] MSEs 0.5, 0.
    const w = windowMetrics([0, 1, 2, 3], pred, target, [1, 2, 3, 4], [0, 1]);
    expect(w.points).toBe(2);
    expect(w.windowEv).toEqual([0, 1]);
    expect(w.medianMse).toBeCloseTo(0.25, 12);
    expect(median([3, NaN, 1])).toBe(2);
  });
  it('finds the nearest reference spectrum, with and without a shift of whole grid points', () => {
    // Two references; the target is reference 1 moved right by one grid point.
    const ref = Float64Array.from([0, 0, 1, 0, 0, /* row 1 */ 0, 1, 2, 1, 0]);
    const target = Float64Array.from([0, 0, 1, 2, 1]);
    const plain = nearestReferenceRse(ref, target, 5);
    // Row 0: (0,0,0,4,1)/6 = 5/6; row 1: (0,1,1,1,1)/6 = 4/6 → the smaller one.
    expect(plain[0]).toBeCloseTo(4 / 6, 12);
    // out(k) = ref(k − 1) reproduces the target exactly.
    expect(nearestReferenceRse(ref, target, 5, [-1, 0, 1])[0]).toBe(0);
    expect(nearestReferenceRse(ref, target, 5, [1])[0]).toBeGreaterThan(plain[0]!);
  });
});

describe('forward data splits', () => {
  it('keeps the OmniXAS Cu split and moves a seeded ~10 % of Fe/Co/S training rows to validation', () => {
    const pairs = forwardPairs(DATA_DIR);
    const count = (src: string, split: string): number => pairs.filter((p) => p.source === src && p.split === split).length;
    expect([count('cu-k-feff-crystals', 'train'), count('cu-k-feff-crystals', 'val'), count('cu-k-feff-crystals', 'test')]).toEqual([3340, 416, 416]);
    expect(count('fe-k-fdmnes-molecules', 'test')).toBe(250);
    expect(count('fe-k-fdmnes-molecules', 'train') + count('fe-k-fdmnes-molecules', 'val')).toBe(4079);
    const frac = count('fe-k-fdmnes-molecules', 'val') / 4079;
    expect(frac).toBeGreaterThan(0.08);
    expect(frac).toBeLessThan(0.12);
    expect(isValidationId('ABAXIK_C11H21FeIN3O2(1+)')).toBe(isValidationId('ABAXIK_C11H21FeIN3O2(1+)'));
  });

  it('drops the duplicated absorber line of the S xyz files (one S per molecule, at site 0)', () => {
    const s = readPairStructure(dataPath('pairs', 's-k-orca-molecules', 'xyz_train', '0821.xyz'));
    expect(s.species.length).toBe(13);
    expect(s.species[0]).toBe('S');
    expect(s.species.filter((e) => e === 'S').length).toBe(1);
  });
});

/**
 * The screening loop end to end with the FEFF reference predictor (no trained weights needed): a
 * simulated "measurement" (a pool member's FEFF spectrum, shifted and broadened) must come out on
 * top; unusable candidates are listed with reasons; the disk cache gives identical results.
 * The simulated measurements sit on FEFF's own energy axis, where the measured edge-position → valence
 * calibration does not apply: these rankings run without the edge vote (edge-valence.test.ts tests it).
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSpectrum } from '../../src/io/index.ts';
import { prepareSpectrum, type PreparedSpectrum } from '../../src/measured/index.ts';
import { FeatureCache, feffPredictor as feffPredictorRaw, screenCandidates, expandCandidates, candidateId, isStructureFileName, type EnergyCalibration, type ScreenResult } from '../../src/screen/index.ts';
import { gaussianBroaden } from '../../src/spectrum/index.ts';
import { dataPath } from '../helpers/data.ts';

const MATERIALS = dataPath('pairs', 'cu-k-feff-crystals', 'materials');
const POOL = ['mp-361', 'mp-1692', 'mp-704645', 'mp-1005792', 'mp-1008807', 'mp-1008867', 'mp-1009014', 'mp-1012835'].map((id) => join(MATERIALS, id, 'POSCAR'));

/**
 * A calibration that puts the FEFF reference's relative 0 where FEFF's own spectra have it (its
 * 18.9 eV offset): simulated "measurements" are FEFF spectra on FEFF's own energy axis.
 */
const CALIBRATION: EnergyCalibration = {
  absorber: 'Cu',
  predictor: 'feff-reference',
  offsetEv: 18.9,
  stretch: 1,
  broadenings: [0.5, 1, 1.5, 2].map((g) => ({ gamma0Ev: 0, gamma1: 0, gaussianFwhmEv: g })),
  broadening: { gamma0Ev: 0, gamma1: 0, gaussianFwhmEv: 2 },
  windowEv: [-10, 100],
  score: 'pearson',
  references: [],
  medianAbsResidualEv: 0,
  fitted: 'test',
  command: 'test',
};
const feffPredictor = (absorbers: string[], o: { sigma?: number } = {}) => ({ ...feffPredictorRaw(absorbers, { ...o, calibrationDir: false }), calibration: { Cu: CALIBRATION } });

/** The FEFF spectrum of `id` site 0, moved by `shiftEv` and broadened, as a measured spectrum. */
function simulated(id: string, shiftEv: number, fwhmEv: number): PreparedSpectrum {
  const file = readdirSync(join(MATERIALS, id)).find((f) => f.endsWith('_Cu_xmu.dat'))!;
  const s = readSpectrum(join(MATERIALS, id, file));
  const energyEv = s.energyEv.map((e) => e + shiftEv);
  const mu = gaussianBroaden(energyEv, s.mu, fwhmEv);
  // FEFF's μ is already edge-step normalised (and too short before the edge for a pre-edge line).
  return prepareSpectrum({ ...s, energyEv, mu, meta: { ...s.meta, element: 'Cu', edge: 'K' } }, { preEdge: { alreadyNormalized: true } });
}

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'xasinv-screen-'));
  writeFileSync(join(root, 'broken.cif'), 'data_x\n_cell_length_a 3.0\nthis is not a cif loop\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('screenCandidates (FEFF reference predictor)', () => {
  let result: ScreenResult;
  beforeAll(async () => {
    result = await screenCandidates(simulated('mp-361', 0.75, 1), [...POOL, dataPath('structures', 'amcsd', 'cif', 'amcsd_0000143_Hematite.cif'), join(root, 'broken.cif'), join(root, 'missing.cif')], {
      predictor: feffPredictor(['Cu']),
      inverseModelsDir: false, edgeValence: false,
      top: 3,
    });
  });

  it('puts the material whose spectrum was "measured" first, with a near-perfect fit', () => {
    const best = result.candidates[0]!;
    expect(best.id).toBe('mp-361');
    expect(best.rank).toBe(1);
    expect(best.formula).toBe('Cu2O');
    expect(best.score).toBeCloseTo(1 - best.pearson, 6);
    expect(best.rFactor).toBeLessThan(2e-3);
    // Per measurement: the first pass starts from the calibration's 2 eV, the fit picks the simulated 1 eV.
    expect(best.broadening).toEqual({ gamma0Ev: 0, gamma1: 0, gaussianFwhmEv: 1 });
    expect(result.alignment).toMatchObject({ broadeningMode: 'per-measurement', broadening: { gamma0Ev: 0, gamma1: 0, gaussianFwhmEv: 1 } });
    expect(result.candidates.every((c) => c.broadening.gaussianFwhmEv === 1)).toBe(true);
    expect(best.shift).toBeCloseTo(0.75, 5);
    expect(best.pearson).toBeGreaterThan(0.999);
    expect(result.candidates[1]!.score).toBeGreaterThan(best.score);
    expect(result.scoreKind).toBe('pearson');
    expect(result.scoreValidated).toBe(true);
    expect(result.warnings.join(' ')).not.toMatch(/not validated/);
    expect(result.alignment.calibrated).toBe(true);
    expect(result.alignment.anchorEv).toBeCloseTo(8979 + 18.9, 9);
    expect(best.chemistry?.summary).toBe('Cu(I), 2-coordinate O');
    expect(result.chemistry.sentence).toMatch(/^top 8: /);
    expect(result.absorber).toBe('Cu');
    expect(result.model.inverse).toBeNull();
  });

  it('ranks every usable candidate and gives fit arrays to the top N only', () => {
    expect(result.candidates).toHaveLength(POOL.length);
    expect(result.candidates.map((c) => c.rank)).toEqual(POOL.map((_, i) => i + 1));
    const [lo, hi] = result.alignment.windowEv;
    const n = Math.round((hi - lo) / 0.5) + 1;
    expect(lo).toBeGreaterThanOrEqual(-10);
    expect(hi).toBeGreaterThan(90);
    for (const c of result.candidates) {
      if (c.rank <= 3) {
        expect(c.fit!.energy).toHaveLength(n);
        expect(c.fit!.measured).toHaveLength(n);
        expect(c.fit!.predicted).toHaveLength(n);
        expect(c.fit!.energy[1]! - c.fit!.energy[0]!).toBeCloseTo(0.5, 9);
      } else expect(c.fit).toBeUndefined();
      expect(Math.abs(c.shift)).toBeLessThanOrEqual(1);
      expect(c.rdfChi2).toBeNull();
      expect(c.sites.length).toBeGreaterThan(0);
    }
    // The fitted prediction really is the fit: its R-factor is the reported one.
    const f = result.candidates[0]!.fit!;
    const r = f.measured.reduce((a, y, i) => a + (y - f.predicted[i]!) ** 2, 0) / f.measured.reduce((a, y) => a + y * y, 0);
    expect(r).toBeCloseTo(result.candidates[0]!.rFactor, 8);
  });

  it('lists unusable candidates with the reason', () => {
    const reasons = Object.fromEntries(result.rejected.map((r) => [r.file.split('/').pop(), r.reason]));
    expect(reasons['amcsd_0000143_Hematite.cif']).toMatch(/no Cu atom in the structure \(it holds Fe, O\)/);
    expect(reasons['broken.cif']).toMatch(/^unreadable: /);
    expect(reasons['missing.cif']).toMatch(/not found/);
    expect(result.rejected).toHaveLength(3);
  });
});

describe('screening details', () => {
  it('recovers a second material with a negative shift', async () => {
    const r = await screenCandidates(simulated('mp-1012835', -1.25, 0.5), POOL, { predictor: feffPredictor(['Cu']), inverseModelsDir: false, edgeValence: false, top: 1, fit: { maxShiftEv: 2 } });
    expect(r.candidates[0]!.id).toBe('mp-1012835');
    expect(r.candidates[0]!.shift).toBeCloseTo(-1.25, 5);
    // The default bound is ±1 eV: the shift stops there.
    const bounded = await screenCandidates(simulated('mp-1012835', -1.25, 0.5), POOL, { predictor: feffPredictor(['Cu']), inverseModelsDir: false, edgeValence: false, top: 1 });
    expect(bounded.candidates.every((c) => Math.abs(c.shift) <= 1)).toBe(true);
  });

  it('propagates the predictor σ: larger σ, larger score σ; overlapping candidates are flagged', async () => {
    const prepared = simulated('mp-361', 2, 1);
    const small = await screenCandidates(prepared, POOL.slice(0, 3), { predictor: feffPredictor(['Cu'], { sigma: 0.01 }), inverseModelsDir: false, edgeValence: false, top: 0 });
    const large = await screenCandidates(prepared, POOL.slice(0, 3), { predictor: feffPredictor(['Cu'], { sigma: 0.3 }), inverseModelsDir: false, edgeValence: false, top: 0 });
    const s = small.candidates.find((c) => c.id === 'mp-1692')!.scoreSigma!;
    const l = large.candidates.find((c) => c.id === 'mp-1692')!.scoreSigma!;
    expect(s).toBeGreaterThan(0);
    expect(l).toBeGreaterThan(3 * s);
    expect(small.candidates[0]!.overlapsBest).toBe(true);
    expect(large.candidates.every((c) => c.overlapsBest)).toBe(true);
    expect(small.candidates.some((c) => !c.overlapsBest)).toBe(true);
  });

  it('the disk cache gives the same ranking without predicting again', async () => {
    const dir = join(root, 'cache');
    const prepared = simulated('mp-1692', 1, 1);
    const calls: string[] = [];
    const base = feffPredictor(['Cu']);
    const counting = { ...base, predict: (s: Parameters<typeof base.predict>[0], a: string, src: { file: string }) => (calls.push(src.file), base.predict(s, a, src)) };
    const cold = await screenCandidates(prepared, POOL, { predictor: counting, inverseModelsDir: false, edgeValence: false, cache: new FeatureCache({ dir }) });
    expect(calls).toHaveLength(POOL.length);
    const warm = await screenCandidates(prepared, POOL, { predictor: counting, inverseModelsDir: false, edgeValence: false, cache: new FeatureCache({ dir }) });
    expect(calls).toHaveLength(POOL.length);
    expect(warm.cache.diskHits).toBe(POOL.length);
    expect(warm.candidates.map((c) => [c.id, c.score.toFixed(8), c.chemistry?.summary])).toEqual(cold.candidates.map((c) => [c.id, c.score.toFixed(8), c.chemistry?.summary]));
  });

  it('rejects candidates whose prediction is not finite, with the reason', async () => {
    const base = feffPredictor(['Cu']);
    const nanFor361 = { ...base, predict: async (st: Parameters<typeof base.predict>[0], a: string, src: { file: string }) => {
      const p = await base.predict(st, a, src);
      return src.file.includes('mp-361') ? { ...p, mu: Array.from(p.mu, (v, k) => (k === 3 ? NaN : v)) } : p;
    } };
    const r = await screenCandidates(simulated('mp-1692', 0, 1), POOL.slice(0, 3), { predictor: nanFor361, inverseModelsDir: false, edgeValence: false });
    expect(r.candidates.map((c) => c.id)).not.toContain('mp-361');
    expect(r.rejected).toEqual([{ file: POOL[0], reason: expect.stringMatching(/non-finite value at grid point 3 \(-9\.25 eV\)/) }]);
  });

  it('the composition filter keeps exact element sets, or those containing the elements, and says when none is left', async () => {
    const prepared = simulated('mp-361', 0, 1);
    const predictor = feffPredictor(['Cu']);
    const exact = await screenCandidates(prepared, POOL, { predictor, inverseModelsDir: false, edgeValence: false, composition: { elements: ['Cu', 'O'] } });
    expect(exact.candidates.length).toBeGreaterThan(1);
    expect(exact.candidates.every((c) => c.elements.join(',') === 'Cu,O')).toBe(true);
    expect(exact.composition).toMatchObject({ read: POOL.length, kept: exact.candidates.length });
    const all = await screenCandidates(prepared, POOL, { predictor, inverseModelsDir: false, edgeValence: false });
    expect(exact.candidates.length).toBeLessThan(all.candidates.length);
    await expect(screenCandidates(prepared, POOL, { predictor, inverseModelsDir: false, edgeValence: false, composition: { elements: ['Cu', 'O', 'Zn'] } })).rejects.toThrow(/no candidate has exactly the elements Cu, O, Zn/);
  });

  it('a spectrum that misses the calibrated window is refused with the ranges', async () => {
    const s = readSpectrum(join(MATERIALS, 'mp-361', readdirSync(join(MATERIALS, 'mp-361')).find((f) => f.endsWith('_Cu_xmu.dat'))!));
    const far = prepareSpectrum({ ...s, energyEv: s.energyEv.map((e) => e + 300), meta: { ...s.meta, element: 'Cu', edge: 'K' } }, { preEdge: { alreadyNormalized: true } });
    await expect(screenCandidates(far, POOL, { predictor: feffPredictor(['Cu']), inverseModelsDir: false, edgeValence: false })).rejects.toThrow(/does not cover the compared window .* around the calibrated edge at 8997\.9 eV/);
  });

  it('without a calibration it aligns at the measured E0 and says the edge position does not count', async () => {
    const r = await screenCandidates(simulated('mp-361', 0, 1), POOL.slice(0, 3), { predictor: feffPredictor(['Cu']), calibration: false, inverseModelsDir: false, edgeValence: false });
    expect(r.alignment.calibrated).toBe(false);
    expect(r.warnings.join(' ')).toMatch(/no theory → experiment energy calibration/);
    expect(r.scoreValidated).toBe(false);
    expect(r.warnings.join(' ')).toMatch(/ranked by the \w+ score, which was not validated on measured Cu references \(no calibration chose a score for Cu\)/);
    expect(r.confidence.reasons.find((x) => x.check === 'calibration')?.status).toBe('caution');
  });

  it('refuses an absorber the predictor does not cover', async () => {
    await expect(screenCandidates(simulated('mp-361', 0, 1), POOL, { predictor: feffPredictor(['Cu']), absorber: 'Fe', inverseModelsDir: false, edgeValence: false })).rejects.toThrow(/covers Cu K edges only, not Fe/);
  });

  it('expands folders recursively and names candidates', () => {
    const { files, rejected } = expandCandidates([join(MATERIALS, 'mp-361'), dataPath('structures', 'lightshow-tests')]);
    expect(files[0]).toMatch(/mp-361\/POSCAR$/);
    expect(files.length).toBeGreaterThan(2);
    expect(rejected).toEqual([]);
    expect(candidateId(files[0]!)).toBe('mp-361');
    expect(candidateId('x/y/hematite.cif')).toBe('hematite');
    expect(['a.pdb', 'b.MOL2', 'c.cif', 'POSCAR_1', 'd.txt', 'e.json'].map(isStructureFileName)).toEqual([true, true, true, true, false, false]);
  });
});

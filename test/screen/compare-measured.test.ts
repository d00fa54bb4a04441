/**
 * compareTheoryToMeasured and leaveOneOutCalibrations on synthetic spectra: a "measurement" made
 * from the theory itself, moved by a known shift and broadened by a known broadening, must give
 * back that shift and broadening in the ranking's fit, with a near-zero MAE there and a clearly
 * worse one under the calibration alone; a calibration never includes the compound it is used on.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareSpectrum, type PreparedSpectrum } from '../../src/measured/index.ts';
import {
  applyBroadening,
  compareReferences,
  compareTheoryToMeasured,
  leaveOneOutCalibrations,
  type Broadening,
  type EnergyCalibration,
  type LoadedReference,
  type MeasuredReference,
  type SpectrumPredictor,
} from '../../src/screen/index.ts';
import { uniformGrid } from '../../src/spectrum/index.ts';

const root = mkdtempSync(join(tmpdir(), 'xasinv-compare-measured-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const file = join(root, 'fe2o.xyz');
writeFileSync(file, '3\nFe2O\nFe 0 0 0\nFe 2.5 0 0\nO 1.25 1.2 0\n');

const E_K = 7112;
const gridRelEv = uniformGrid(-10, 60, 0.25);
/** An edge at 0 with a white line at +4 eV and a wiggle: shape enough for every score. */
const MU = gridRelEv.map((x) => 0.5 + Math.atan(x / 1.0) / Math.PI + 0.8 * Math.exp(-(((x - 4) / 2) ** 2)) + 0.1 * Math.sin(x / 4) * (x > 8 ? 1 : 0));
const predictor: SpectrumPredictor = {
  id: 'synthetic@1',
  model: { id: 'synthetic', version: '1' },
  absorbers: ['Fe'],
  gridRelEv,
  validRangeEv: () => [-10, 60],
  async predict() {
    return { sites: [{ index: 0, multiplicity: 2 }], mu: MU, sigma: new Float64Array(MU.length) };
  },
};
const LIST: Broadening[] = [0.5, 1, 2, 3].map((g) => ({ gamma0Ev: 0, gamma1: 0, gaussianFwhmEv: g }));
const calibration = (offsetEv: number): EnergyCalibration => ({
  absorber: 'Fe', predictor: predictor.id, offsetEv, stretch: 1, broadenings: LIST, broadening: LIST[0]!, windowEv: [-10, 100], score: 'pearson',
  references: [], medianAbsResidualEv: 0, fitted: 'test', command: 'test',
});

/** The theory broadened by `b`, with its relative 0 at E_K + offsetEv, as a normalised measurement. */
function measurement(offsetEv: number, b: Broadening): PreparedSpectrum {
  const broadened = applyBroadening(gridRelEv, MU, b);
  const energyEv = uniformGrid(E_K - 40, E_K + 150, 0.25);
  const mu = energyEv.map((e) => {
    const u = Math.min(Math.max((e - E_K - offsetEv + 10) / 0.25, 0), gridRelEv.length - 1);
    const i = Math.min(Math.floor(u), gridRelEv.length - 2);
    return broadened[i]! + (u - i) * (broadened[i + 1]! - broadened[i]!);
  });
  return prepareSpectrum(
    { energyEv, mu, meta: { source: `synthetic-${offsetEv}`, element: 'Fe', edge: 'K' }, warnings: [] } as unknown as Parameters<typeof prepareSpectrum>[0],
    { preEdge: { alreadyNormalized: true, e0Ev: E_K + offsetEv } },
  );
}

describe('compareTheoryToMeasured', () => {
  it('a measurement 20 % below the theory: the MAE counts it, the scaled MAE does not', async () => {
    const m = measurement(15, LIST[1]!);
    const low = { ...m, preEdge: { ...m.preEdge, flat: m.preEdge.flat.map((v) => 0.8 * v) } };
    const c = await compareTheoryToMeasured(low, file, predictor, 'Fe', calibration(15));
    expect(c.fitted.scale).toBeCloseTo(0.8, 2);
    expect(c.fitted.windows.edge!.maeMu).toBeGreaterThan(0.1);
    expect(c.fitted.maeScaledMu.edge).toBeLessThan(0.005);
  });

  it('recovers a known shift (0.5 eV) and broadening (Gaussian 2 eV); calibration alone is clearly worse', async () => {
    const c = await compareTheoryToMeasured(measurement(15.5, LIST[2]!), file, predictor, 'Fe', calibration(15));
    expect(c.fitted.shiftEv).toBeCloseTo(0.5, 9);
    expect(c.fitted.broadening).toEqual(LIST[2]);
    const fit = c.fitted.windows.edge!;
    expect(fit.maeMu).toBeLessThan(0.01);
    expect(fit.pearson).toBeGreaterThan(0.999);
    expect(fit.spearman).toBeGreaterThan(0.99);
    expect(c.fitted.scale).toBeCloseTo(1, 1);
    expect(c.fitted.maeScaledMu.edge).toBeLessThan(0.01);
    const raw = c.calibrated.edge!;
    expect(raw.maeMu).toBeGreaterThan(5 * fit.maeMu);
    expect(raw.pearson).toBeLessThan(fit.pearson);
    // Windows: −10…+50 eV around the measured E0 (E_K + 15.5); "full" stops where the theory's valid
    // range (+60 eV above its placed 0) does: 59.5 eV calibrated (placed at E_K + 15), 60 eV fitted.
    expect(fit.windowRelEv).toEqual([-10, 50]);
    expect(c.calibrated.full!.windowRelEv[1]).toBeCloseTo(59.5, 6);
    expect(c.fitted.windows.full!.windowRelEv[1]).toBeCloseTo(60, 6);
    // The free-shift comparison finds the 0.5 eV too (to its search step and the broadening's pull).
    expect(c.freeShift!.shiftEv).toBeGreaterThan(0);
    expect(c.freeShift!.shiftEv).toBeLessThan(1);
  });
});

describe('leaveOneOutCalibrations', () => {
  const ref = (name: string, compound: string): MeasuredReference => ({ name, compound, absorber: 'Fe', spectrum: `${name}.xdi`, structures: ['fe2o'], elements: ['Fe', 'O'], oxidationState: 2 });
  // Two measurements of compound A whose theory sits at +14 and +15 eV, one of B at +20 eV.
  const loaded: LoadedReference[] = [
    { reference: ref('A1', 'A'), prepared: measurement(14, LIST[1]!), predictions: new Map([['fe2o', MU]]) },
    { reference: ref('A2', 'A'), prepared: measurement(15, LIST[1]!), predictions: new Map([['fe2o', MU]]) },
    { reference: ref('B', 'B'), prepared: measurement(20, LIST[1]!), predictions: new Map([['fe2o', MU]]) },
  ];

  it('refits without the reference\'s compound: A from B alone (20 eV), B from A (median 14.5 eV)', () => {
    const cals = leaveOneOutCalibrations(loaded, predictor);
    expect(cals.get('A1')).toMatchObject({ source: 'leave-one-out' });
    expect(cals.get('A1')!.calibration!.offsetEv).toBeCloseTo(20, 6);
    expect(cals.get('A2')!.calibration!.offsetEv).toBeCloseTo(20, 6);
    expect(cals.get('B')!.calibration!.offsetEv).toBeCloseTo(14.5, 6);
    expect(cals.get('B')!.calibration!.references.map((r) => r.name)).toEqual(['A1', 'A2']);
  });

  it('keeps a shipped calibration the reference did not serve, and says when no other compound is left', () => {
    const shipped = { ...calibration(17), references: [{ name: 'A1', spectrum: 'A1.xdi', structures: ['fe2o'], offsetEv: 14, broadening: LIST[1]!, distance: 0, residualEv: 0 }] };
    const cals = leaveOneOutCalibrations(loaded, { ...predictor, calibration: { Fe: shipped } });
    expect(cals.get('B')).toMatchObject({ source: 'shipped', calibration: { offsetEv: 17 } });
    expect(cals.get('A1')!.source).toBe('leave-one-out');
    expect(cals.get('A1')!.calibration!.offsetEv).toBeCloseTo(20, 6);
    const alone = leaveOneOutCalibrations(loaded.slice(0, 2), predictor);
    expect(alone.get('A1')).toMatchObject({ calibration: null, missing: 'no reference of another compound to calibrate on' });
  });

  it('compareReferences names the structure used, and why a reference is skipped', async () => {
    const rows = await compareReferences(loaded.slice(0, 2), predictor, new Map([['fe2o', file]]));
    expect(rows.map((r) => [r.structure, r.skipped])).toEqual([
      ['fe2o', 'no reference of another compound to calibrate on'],
      ['fe2o', 'no reference of another compound to calibrate on'],
    ]);
    const withB = await compareReferences(loaded, predictor, new Map([['fe2o', file]]));
    expect(withB[2]).toMatchObject({ structure: 'fe2o', calibration: { source: 'leave-one-out', references: 2 } });
    expect(withB[2]!.calibration.offsetEv).toBeCloseTo(14.5, 6);
    const none = await compareReferences([{ ...loaded[2]!, predictions: new Map() }], predictor, new Map());
    expect(none[0]).toMatchObject({ structure: null, result: null, skipped: 'synthetic predicts none of fe2o' });
  });
});

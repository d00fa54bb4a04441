/**
 * evaluateLeaveOneOut with a miscalibrated measurement (`measuredShiftEv`): the calibrations stay
 * those of the true axes (same leave-one-out offset), while the evaluated spectrum moves — its
 * fit and its edge-position readout change by the shift. Tiny: three Fe references, three
 * structures, the project's FEFF Fe records as predictor.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS_DIR, REPO_ROOT } from '../../src/paths.ts';
import { evaluateLeaveOneOut } from '../../lab/screen/evaluate.ts';
import { valenceFromEdge } from '../../src/chemistry/index.ts';
import { calibrateEdgeValence, FE_REFERENCES, feffRecordsPredictor, loadReferences, measureValencePoints, valenceReferences } from '../../src/screen/index.ts';
import { DATA_DIR, dataPath } from '../helpers/data.ts';

describe('evaluateLeaveOneOut on a shifted measurement', () => {
  it('keeps the calibration of the true axes and moves the evaluated spectrum and its edge readout', async () => {
    const predictor = feffRecordsPredictor([join(REPO_ROOT, 'data', 'feff-fe-crystals', 'records.jsonl')], { name: 'feff-fe-crystals', calibrationDir: join(MODELS_DIR, 'screen', 'feff-fe-crystals') });
    const pool = ['Hematite_AMCSD-0000143.cif', 'Wustite_AMCSD-0013893.cif', 'Siderite_COD-5000036.cif'].map((f) => dataPath('structures', 'fe-standards', f));
    const refs = FE_REFERENCES.filter((r) => ['hematite α-Fe2O3, xaslib', 'wüstite FeO, xaslib', 'siderite FeCO3, Hansel 2001'].includes(r.name));
    expect(refs).toHaveLength(3);
    const loaded = await loadReferences(refs, predictor, { dataDir: DATA_DIR, pool });
    const valencePoints = measureValencePoints(valenceReferences('Fe'), DATA_DIR);
    const variant = { name: 'shipped', score: 'pearson' as const };
    const base = await evaluateLeaveOneOut(loaded, predictor, pool, variant, { valencePoints });
    const moved = await evaluateLeaveOneOut(loaded, predictor, pool, variant, { valencePoints, measuredShiftEv: 2 });
    for (let i = 0; i < base.length; i++) {
      expect(moved[i]!.offsetEv).toBe(base[i]!.offsetEv);
      expect(moved[i]!.edgeValence!.edgeEv - base[i]!.edgeValence!.edgeEv).toBeCloseTo(2, 6);
    }
    expect(moved.map((r) => r.distance)).not.toEqual(base.map((r) => r.distance));
    // The edge vote is refitted without the evaluated compound: its valence is that fit's, not the full one's.
    const full = calibrateEdgeValence('Fe', valencePoints)!;
    base.forEach((row, i) => {
      const without = calibrateEdgeValence('Fe', valencePoints, refs[i]!.compound)!;
      expect(row.edgeValence!.valence).toBeCloseTo(valenceFromEdge(row.edgeValence!.edgeEv, without).valence, 10);
      expect(Math.abs(row.edgeValence!.valence - valenceFromEdge(row.edgeValence!.edgeEv, full).valence)).toBeGreaterThan(1e-6);
    });
  }, 60_000);
});

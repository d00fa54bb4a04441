/**
 * What a forward prediction reports of its absorber's theory → experiment calibration (issue 27:
 * the Structure → spectrum tab's absolute energy axis): the entry the ranking aligns with, read
 * from the model folder's experiment-calibration.json; null for an absorber without one and for a
 * folder without the file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CALIBRATION_FILE, predictionCalibration } from '../../src/screen/index.ts';

describe('predictionCalibration', () => {
  it('gives offset, stretch, predictor and the number of references; null where none was fitted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xasinv-cal-'));
    try {
      expect(predictionCalibration(dir, 'Cu')).toBeNull();
      const broadening = { gamma0Ev: 3, gamma1: 0.1, gaussianFwhmEv: 0 };
      const cu = { absorber: 'Cu', predictor: 'm@1', offsetEv: 12.75, stretch: 1.01, broadenings: [broadening], broadening, windowEv: [-10, 100], score: 'spearman', references: [{}, {}, {}], medianAbsResidualEv: 1, fitted: '2026-12-02', command: 'npm run calibrate:screen' };
      writeFileSync(join(dir, CALIBRATION_FILE), JSON.stringify({ predictor: 'm@1', absorbers: { Cu: cu } }));
      expect(predictionCalibration(dir, 'Cu')).toEqual({ offsetEv: 12.75, stretch: 1.01, predictor: 'm@1', references: 3, medianAbsResidualEv: 1, fitted: '2026-12-02' });
      expect(predictionCalibration(dir, 'Fe')).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

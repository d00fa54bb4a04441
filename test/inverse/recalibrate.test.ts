import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ErrorModel } from '../../src/inverse/error-model.ts';
import type { InverseManifest } from '../../src/inverse/manifest.ts';
import { inverseMetrics } from '../../src/inverse/metrics.ts';
import { describeOutOfBagFit, recalibratedManifest } from '../../lab/inverse/recalibrate.ts';
import { writeTinyInverseModel } from '../server/tiny-model.ts';

const root = mkdtempSync(join(tmpdir(), 'xasinv-recal-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const errorModel = (memberMse?: { inBag: number; outOfBag: number }): ErrorModel => ({
  k: 5,
  weights: [0, 1, 0, 0],
  features: ['lnMeanVariance', 'lnTargetDistance', 'lnInputDistance'],
  fittedOn: memberMse ? 'out-of-bag' : 'calibration',
  reference: { file: 'error-reference.f32', n: 4, inputLength: 3, outputLength: 2, sha256: 'x' },
  fit: memberMse ? { samples: 120, pearsonLogMse: 0.7, calibrationPearsonLogMse: 0.654, medianOutOfBagMembers: 5, memberMse } : { samples: 30, pearsonLogMse: 0.6 },
});

describe('recalibratedManifest', () => {
  const dir = writeTinyInverseModel(root);
  const manifest: InverseManifest = { ...JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')), errorModel: errorModel(), metrics: { medianMse: 9, measuredFirstShellErrorMedianAngstrom: 0.1 } };
  const r = manifest.g2.r;
  const t = Float32Array.from([...r, ...r].map((x) => Math.exp(-((x - 2) ** 2) / 0.02)));
  const test = inverseMetrics(r, t, new Float32Array(t.length).fill(0.1), new Float32Array(t.length).fill(0.1), t, 2);
  const calibration = { k: 2, coverage: 0.95, scale: 1.5, samples: 30, coverageBefore: 0.5, coverageAfter: 0.95 };

  it('replaces the error model and calibration, and updates the test metrics over the old ones', () => {
    const next = recalibratedManifest(manifest, { errorModel: errorModel({ inBag: 1, outOfBag: 2 }), calibration }, test);
    expect(next.errorModel!.fittedOn).toBe('out-of-bag');
    expect(next.calibration).toEqual(calibration);
    expect(next.metrics.medianMse).toBe(0);
    expect(next.metrics.testSamples).toBe(2);
    expect(next.metrics.measuredFirstShellErrorMedianAngstrom).toBe(0.1);
    expect(Object.keys(next)).toEqual(Object.keys(manifest));
    expect(manifest.metrics.medianMse).toBe(9);
  });
  it('drops the old error model when the refit has none (--no-error-model)', () => {
    const next = recalibratedManifest(manifest, { calibration }, test);
    expect('errorModel' in next).toBe(false);
    expect(next.id).toBe(manifest.id);
  });
});

describe('describeOutOfBagFit', () => {
  it('reports the member check, with a warning when members do not fit their in-bag rows better', () => {
    expect(describeOutOfBagFit(errorModel({ inBag: 0.0631, outOfBag: 0.0959 }))).toBe(
      'error model fitted on 120 out-of-bag training rows (median 5 members); member MSE in-bag 0.0631 vs out-of-bag 0.0959; ln-MSE Pearson on the calibration split 0.65',
    );
    expect(describeOutOfBagFit(errorModel({ inBag: 0.1, outOfBag: 0.1 }))).toMatch(/WARNING: not larger out-of-bag/);
    expect(describeOutOfBagFit(errorModel())).toBeUndefined();
    expect(describeOutOfBagFit(undefined)).toBeUndefined();
  });
});

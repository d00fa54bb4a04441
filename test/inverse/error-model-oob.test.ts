/**
 * The out-of-bag error model: k-NN graph with per-row values, its features, the reference file with
 * values, the training-row fitting material, and calibrateInverseModel end to end on a tiny ONNX ensemble.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { XasinvError } from '../../src/errors.ts';
import { calibrateInverseModel } from '../../lab/inverse/calibrate.ts';
import { cnnConfig, initCnnWeights } from '../../src/inverse/index.ts';
import type { InverseDataset } from '../../src/inverse/dataset.ts';
import { loadInverseModelDir, predictEnsemble } from '../../src/inverse/ensemble-model.ts';
import { errorFeatures, errorReferenceIndex, knnQuery, OOB_ERROR_FEATURES, readErrorReference, writeErrorReference } from '../../src/inverse/error-model.ts';
import type { InverseManifest } from '../../src/inverse/manifest.ts';
import { lnVarianceUnbiased, outOfBagErrorRows, outOfBagMasks } from '../../src/inverse/out-of-bag.ts';
import { createSession, disposeSession } from '../../src/onnx/index.ts';
import { ensembleToOnnx } from '../../lab/inverse/index.ts';
import { writeFileAtomic } from '../../src/io/index.ts';
import { knnDistanceToOnnx } from '../../src/onnx/knn-to-onnx.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('k-NN graph with per-row values', () => {
  it('averages the values of the same k nearest rows as the distance', async () => {
    const rnd = seededRandom(5);
    const dim = 3, nb = 40, n = 12, k = 4;
    const base = Float32Array.from({ length: nb * dim }, rnd);
    const values = Float32Array.from({ length: nb }, (_, i) => i * 0.5);
    const q = Float32Array.from({ length: n * dim }, rnd);
    const session = await createSession(knnDistanceToOnnx(base, nb, dim, k, values));
    try {
      const got = await knnQuery(session, q, n, dim);
      for (let s = 0; s < n; s++) {
        const near = Array.from({ length: nb }, (_, t) => ({ t, d: Math.hypot(...Array.from({ length: dim }, (_, i) => q[s * dim + i]! - base[t * dim + i]!)) })).sort((a, b) => a.d - b.d).slice(0, k);
        expect(got.distance[s]).toBeCloseTo(near.reduce((a, b) => a + b.d, 0) / k, 4);
        expect(got.neighbourMean![s]).toBeCloseTo(near.reduce((a, b) => a + values[b.t]!, 0) / k, 5);
      }
    } finally {
      await disposeSession(session);
    }
    expect(() => knnDistanceToOnnx(base, nb, dim, k, values.subarray(1))).toThrow(/one per reference row/);
  });
});

describe('out-of-bag error features and reference', () => {
  const ref = { n: 3, x: Float32Array.of(0, 0, 1, 1, 2, 2), y: Float32Array.of(0, 1, 2), inputLength: 2, outputLength: 1, values: Float32Array.of(-3, -2, -1) };

  it('neighbourLnMse is the mean reference value of the k nearest inputs; the spread is bias-corrected for the ensemble size', async () => {
    const index = await errorReferenceIndex(ref, 2);
    const [row] = await errorFeatures(Float32Array.of(1), Float32Array.of(0.1), Float32Array.of(0.1, 0.1), 1, index, OOB_ERROR_FEATURES, 15);
    expect(row).toHaveLength(5);
    expect(row![0]).toBe(1);
    expect(row![1]).toBeCloseTo(lnVarianceUnbiased(0.01, 15), 6);
    expect(row![4]).toBeCloseTo((-3 + -2) / 2, 6);
    await expect(errorFeatures(Float32Array.of(1), Float32Array.of(0.1), Float32Array.of(0, 0), 1, index, ['lnMeanVariance', 'bogus'])).rejects.toThrow(/unknown error-model feature bogus/);
    const plain = await errorReferenceIndex({ ...ref, values: undefined }, 2);
    await expect(errorFeatures(Float32Array.of(1), Float32Array.of(0.1), Float32Array.of(0, 0), 1, plain, OOB_ERROR_FEATURES)).rejects.toThrow(/no per-row values/);
  });

  it('the reference file round-trips its values and the manifest records them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xasinv-errref-oob-'));
    dirs.push(dir);
    const meta = writeErrorReference(dir, ref);
    expect(meta.values).toBe(1);
    const back = readErrorReference(dir, meta);
    expect(Array.from(back.values!)).toEqual([-3, -2, -1]);
    expect(Array.from(back.y)).toEqual([0, 1, 2]);
    const { values: _v, ...withoutValues } = meta;
    expect(() => readErrorReference(dir, withoutValues)).toThrow(/manifest expects/);
    expect(() => writeErrorReference(dir, { ...ref, values: Float32Array.of(1) })).toThrow(XasinvError);
  });
});

describe('outOfBagErrorRows', () => {
  it('members exact on their in-bag rows and off on their out-of-bag rows: the rows carry the out-of-bag error', () => {
    const n = 120, K = 2, L = 3, M = 6;
    const rnd = seededRandom(9);
    const x = Float32Array.from({ length: n * L }, rnd);
    const y = Float32Array.from({ length: n * K }, rnd);
    const masks = outOfBagMasks(n, M, 0);
    // Member m predicts y exactly where it trained, y + 0.5 (+ a little member noise) where it did not.
    const members = masks.map((mask) => Float32Array.from(y, (v, i) => v + (mask[Math.floor(i / K)] ? 0.5 + 0.01 * rnd() : 0)));
    const e = outOfBagErrorRows(members, masks, x, y, n, L, K, Array.from({ length: n }, (_, i) => `r${i}`), 3);
    expect(e.memberMse.inBag).toBe(0);
    expect(e.memberMse.outOfBag).toBeGreaterThan(0.24);
    expect(e.used.every((s) => masks.filter((mk) => mk[s]).length >= 2)).toBe(true);
    e.lnMse.forEach((v) => expect(v).toBeCloseTo(Math.log(0.25), 1));
    expect(e.rows.every((r) => r.length === 5 && r.every(Number.isFinite))).toBe(true);
    expect(Array.from(e.values).every(Number.isFinite)).toBe(true);
    expect(e.medianMembers).toBeGreaterThanOrEqual(2);
  });
});

describe('calibrateInverseModel with the out-of-bag error model', () => {
  it('fits on the out-of-bag training rows, stores the values, and inference reproduces the calibration features', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xasinv-oob-model-'));
    dirs.push(dir);
    const L = 24, K = 4, M = 5;
    const config = cnnConfig({ inputLength: L, outputLength: K, filters: [2], hidden: [8] });
    writeFileAtomic(join(dir, 'ensemble.onnx'), ensembleToOnnx(Array.from({ length: M }, (_, m) => ({ config, weights: initCnnWeights(config, m) }))));
    const manifest = { id: 'toy', kind: 'inverse', version: '0', element: 'Fe', edge: 'K', onnx: 'ensemble.onnx', members: M, recipe: { grid: { n: L } }, g2: { n: K }, calibration: { k: 2, coverage: 0.95, scale: 1, samples: 0, coverageBefore: NaN, coverageAfter: NaN }, metrics: {} } as unknown as InverseManifest;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const rnd = seededRandom(21);
    const dataset = (n: number, tag: string): InverseDataset => ({ ids: Array.from({ length: n }, (_, i) => `${tag}${i}`), x: Float32Array.from({ length: n * L }, rnd), y: Float32Array.from({ length: n * K }, rnd), n, inputLength: L, outputLength: K, e0Ev: new Float64Array(n) });
    const train = dataset(400, 't'), calib = dataset(60, 'c');
    const model = await loadInverseModelDir(dir);
    const fitted = await calibrateInverseModel(model, train, calib);
    const em = fitted.errorModel!;
    expect(em.fittedOn).toBe('out-of-bag');
    expect(em.features).toEqual(OOB_ERROR_FEATURES);
    expect(em.weights).toHaveLength(5);
    expect(em.reference.values).toBe(1);
    expect(em.fit.samples).toBeGreaterThan(100);
    expect(Number.isFinite(em.fit.calibrationPearsonLogMse)).toBe(true);
    expect(fitted.calibration.perBinScale).toHaveLength(K);
    const p = await predictEnsemble({ ...model, manifest: { ...manifest, ...fitted } }, calib.x, calib.n);
    expect(p.expectedMse!.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    // Too few out-of-bag rows (30 training rows): falls back to the calibration split and says so.
    const two = await calibrateInverseModel({ ...model, manifest }, dataset(30, 'u'), calib, { neighbours: 2 });
    expect(two.errorModel!.fittedOn).toBe('calibration');
    expect(two.errorModel!.fit.note).toMatch(/out-of-bag for ≥ 2 of the 5 members/);
  }, 60_000);
});

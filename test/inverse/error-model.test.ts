import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { XasinvError } from '../../src/errors.ts';
import { errorFeatures, errorReferenceIndex, fitLinear, lnSpectrumMse, meanKnnDistance, predictedMse, readErrorReference, rescaleSigma, writeErrorReference } from '../../src/inverse/error-model.ts';
import { createSession, disposeSession } from '../../src/onnx/index.ts';
import { knnDistanceToOnnx } from '../../src/onnx/knn-to-onnx.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

function bruteKnn(q: Float32Array, n: number, base: Float32Array, nb: number, dim: number, k: number): number[] {
  return Array.from({ length: n }, (_, s) => {
    const d = Array.from({ length: nb }, (_, t) => Math.hypot(...Array.from({ length: dim }, (_, i) => q[s * dim + i]! - base[t * dim + i]!))).sort((a, b) => a - b);
    return d.slice(0, k).reduce((a, b) => a + b, 0) / k;
  });
}

describe('meanKnnDistance (ONNX graph)', () => {
  it('lnSpectrumMse is ln of each spectrum\'s mean squared error, floored for a perfect prediction', () => {
    const mean = Float32Array.of(1, 2, 3, 0, 0, 0);
    const target = Float32Array.of(1, 0, 3, 0, 0, 0);
    const ln = lnSpectrumMse(mean, target, 2, 3);
    expect(ln[0]).toBeCloseTo(Math.log(4 / 3), 6);
    expect(ln[1]).toBeCloseTo(Math.log(1e-12), 6);
  });

  const knn = async (q: Float32Array, n: number, base: Float32Array, nb: number, dim: number, k: number) => {
    const session = await createSession(knnDistanceToOnnx(base, nb, dim, k));
    try {
      return await meanKnnDistance(session, q, n, dim);
    } finally {
      await disposeSession(session);
    }
  };

  it('matches a brute-force oracle on random points', async () => {
    const rnd = seededRandom(7);
    const dim = 6, nb = 200, n = 30;
    const base = Float32Array.from({ length: nb * dim }, rnd);
    const q = Float32Array.from({ length: n * dim }, () => rnd() * 1.5);
    for (const k of [1, 5]) {
      const got = await knn(q, n, base, nb, dim, k);
      bruteKnn(q, n, base, nb, dim, k).forEach((v, s) => expect(got[s]).toBeCloseTo(v, 4));
    }
  });

  it('gives 0 for a query equal to a reference row and refuses k beyond the reference size', async () => {
    expect((await knn(Float32Array.of(3, 4), 1, Float32Array.of(3, 4, 0, 0), 2, 2, 1))[0]).toBe(0);
    expect((await knn(Float32Array.of(0, 0), 1, Float32Array.of(3, 4, 6, 8), 2, 2, 2))[0]).toBeCloseTo(7.5, 5);
    expect(() => knnDistanceToOnnx(Float32Array.of(3, 4), 1, 2, 2)).toThrow(XasinvError);
    expect(() => knnDistanceToOnnx(Float32Array.of(3, 4, 5), 1, 2, 1)).toThrow(/expected 1 × 2/);
  });
});

describe('fitLinear / predictedMse / rescaleSigma', () => {
  it('recovers the weights of a noiseless log-linear relation', () => {
    const rnd = seededRandom(3);
    const w = [-1.5, 0.8, 1.7, 0.2];
    const rows = Array.from({ length: 80 }, () => [1, rnd() * 4 - 2, rnd() * 3, rnd() - 0.5]);
    const y = rows.map((f) => f.reduce((s, v, i) => s + v * w[i]!, 0));
    const got = fitLinear(rows, y, 0);
    got.forEach((v, i) => expect(v).toBeCloseTo(w[i]!, 6));
    expect(predictedMse(got, [rows[0]!])[0]).toBeCloseTo(Math.exp(y[0]!), 6);
    expect(() => fitLinear(rows.slice(0, 3), y.slice(0, 3))).toThrow(XasinvError);
  });

  it('rescales each spectrum so its mean σ² is the predicted MSE, keeping the shape over bins', () => {
    const sigma = Float32Array.of(1, 2, 0.5, 0.5);
    const out = rescaleSigma(sigma, 2, Float64Array.of(10, 1));
    expect((out[0]! ** 2 + out[1]! ** 2) / 2).toBeCloseTo(10, 4);
    expect(out[1]! / out[0]!).toBeCloseTo(2, 5);
    expect((out[2]! ** 2 + out[3]! ** 2) / 2).toBeCloseTo(1, 5);
  });

  it('features grow with the distance from the training rows', async () => {
    const ref = { n: 3, x: Float32Array.of(0, 0, 1, 1, 2, 2), y: Float32Array.of(0, 1, 2), inputLength: 2, outputLength: 1 };
    const index = await errorReferenceIndex(ref, 1);
    const [near, far] = await errorFeatures(Float32Array.of(1, 9), Float32Array.of(0.1, 0.1), Float32Array.of(1, 1, 9, 9), 2, index) as [number[], number[]];
    expect(near[0]).toBe(1);
    expect(near[1]).toBeCloseTo(Math.log(0.01), 5);
    expect(far[2]!).toBeGreaterThan(near[2]!);
    expect(far[3]!).toBeGreaterThan(near[3]!);
  });
});

describe('error-model reference file', () => {
  it('round-trips and refuses a file that does not match the manifest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xasinv-errref-'));
    try {
      const ref = { n: 2, x: Float32Array.of(1, 2, 3, 4, 5, 6), y: Float32Array.of(0.5, -1), inputLength: 3, outputLength: 1 };
      const meta = writeErrorReference(dir, ref);
      const back = readErrorReference(dir, meta);
      expect(Array.from(back.x)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(Array.from(back.y)).toEqual([0.5, -1]);
      const bytes = readFileSync(join(dir, meta.file));
      bytes[0] = bytes[0]! ^ 1;
      writeFileSync(join(dir, meta.file), bytes);
      expect(() => readErrorReference(dir, meta)).toThrow(/does not match the manifest hash/);
      expect(() => readErrorReference(dir, { ...meta, n: 3 })).toThrow(/manifest expects/);
      expect(() => readErrorReference(dir, { ...meta, file: 'nope.f32' })).toThrow(/missing error-model reference/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

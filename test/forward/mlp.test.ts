import { describe, it, expect } from 'vitest';
import { mlpConfig, mlpWeightShapes, initMlpWeights, mlpForwardJs, predictMlp, trainMlp, featureStandardisation, softplus, inverseSoftplus, widenMlpInput, fitRidge, predictRidge, MIN_FEATURE_SD, type MlpModel } from '../../lab/forward/index.ts';
import { seededRng } from '../../src/learn/index.ts';

describe('forward MLP', () => {
  it('plain-TS forward pass equals a hand computation (2 → 2 → 1, ReLU, softplus)', () => {
    const model: MlpModel = {
      config: mlpConfig({ inputLength: 2, outputLength: 1, hidden: [2] }),
      weights: [
        { name: 'dense0.kernel', shape: [2, 2], data: Float32Array.from([1, -1, 0.5, 2]) },
        { name: 'dense0.bias', shape: [2], data: Float32Array.from([0, 0.5]) },
        { name: 'dense1.kernel', shape: [2, 1], data: Float32Array.from([1, 0.25]) },
        { name: 'dense1.bias', shape: [1], data: Float32Array.from([-1]) },
      ],
      featureMean: Float32Array.from([1, 0]),
      featureScale: Float32Array.from([2, 1]),
    };
    // x = (2, 1) → standardised (2, 1); h = relu([2·1 + 1·0.5, 2·(−1) + 1·2 + 0.5]) = [2.5, 0.5]
    // out = softplus(2.5 + 0.125 − 1) = log(1 + e^1.625)
    const y = mlpForwardJs(model, Float32Array.from([2, 1]), 1);
    expect(y[0]).toBeCloseTo(Math.log1p(Math.exp(1.625)), 6);
    // Negative pre-activations are cut by ReLU: x = (0, 0) → standardised (−2, 0): h = relu([−2, 2.5]) = [0, 2.5]
    const y2 = mlpForwardJs(model, Float32Array.from([0, 0]), 1);
    expect(y2[0]).toBeCloseTo(Math.log1p(Math.exp(0.625 - 1)), 6);
  });

  it('tfjs and plain-TS forward passes agree; outputs are non-negative', async () => {
    const config = mlpConfig({ inputLength: 7, outputLength: 5, hidden: [6, 4] });
    const rng = seededRng(5);
    const model: MlpModel = {
      config,
      weights: initMlpWeights(config, 9, [0.1, 0.5, 1, 1.5, 2]),
      featureMean: Float32Array.from({ length: 7 }, () => rng.normal()),
      featureScale: Float32Array.from({ length: 7 }, () => 0.5 + rng.uniform()),
    };
    const x = Float32Array.from({ length: 3 * 7 }, () => 3 * rng.normal());
    const a = mlpForwardJs(model, x, 3);
    const b = await predictMlp(model, x, 3);
    for (let i = 0; i < a.length; i++) {
      expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-5);
      expect(a[i]).toBeGreaterThanOrEqual(0);
    }
  });

  it('initialises the output bias to softplus⁻¹ of the given mean spectrum, kernels seeded', () => {
    const config = mlpConfig({ inputLength: 4, outputLength: 3, hidden: [8] });
    expect(mlpWeightShapes(config).map((w) => w.shape)).toEqual([[4, 8], [8], [8, 3], [3]]);
    const w = initMlpWeights(config, 1, [0.2, 1, 3]);
    const bias = w.find((t) => t.name === 'dense1.bias')!.data;
    expect(softplus(bias[0]!)).toBeCloseTo(0.2, 5);
    expect(softplus(bias[2]!)).toBeCloseTo(3, 5);
    expect(inverseSoftplus(softplus(-1.3))).toBeCloseTo(-1.3, 6);
    expect(initMlpWeights(config, 1)[0]!.data).toEqual(initMlpWeights(config, 1)[0]!.data);
    expect(initMlpWeights(config, 2)[0]!.data).not.toEqual(initMlpWeights(config, 1)[0]!.data);
  });

  it('floors the feature sd so that near-constant features cannot blow up', () => {
    const x = Float32Array.from([0, 5, 0, 7, 1e-4, 6]); // 3 rows × 2 features
    const { mean, scale } = featureStandardisation(x, 3, 2);
    expect(mean[1]).toBeCloseTo(6, 6);
    expect(scale[1]).toBeCloseTo(1, 6); // sd = 1
    expect(scale[0]).toBeCloseTo(1 / MIN_FEATURE_SD, 6);
    // A lower floor: feature 0 (sd ≈ 5.8e-5) is scaled by 1/1e-3, feature 1 keeps its own sd.
    const low = featureStandardisation(x, 3, 2, 1e-3).scale;
    expect(low[0]).toBeCloseTo(1e3, 2);
    expect(low[1]).toBeCloseTo(1, 6);
  });

  it('learns a smooth toy map in a few epochs (loss falls, validation restores the best epoch)', async () => {
    const rng = seededRng(3);
    const n = 256;
    const F = 4;
    const K = 6;
    const x = Float32Array.from({ length: n * F }, () => rng.normal());
    const y = new Float32Array(n * K);
    for (let s = 0; s < n; s++) for (let k = 0; k < K; k++) y[s * K + k] = 1 + 0.3 * Math.tanh(x[s * F]! + 0.5 * k * x[s * F + 1]!);
    const data = { x: x.slice(0, 200 * F), y: y.slice(0, 200 * K), n: 200, inputLength: F, outputLength: K };
    const val = { x: x.slice(200 * F), y: y.slice(200 * K), n: 56, inputLength: F, outputLength: K };
    const norm = featureStandardisation(data.x, data.n, F);
    const r = await trainMlp(data, mlpConfig({ inputLength: F, outputLength: K, hidden: [32] }), { ...norm, outputBias: new Float32Array(K).fill(1) }, { epochs: 8, batchSize: 16, learningRate: 3e-3, seed: 4, validation: val });
    expect(r.history.length).toBeGreaterThanOrEqual(2);
    expect(r.history[r.history.length - 1]!.trainLoss).toBeLessThan(r.history[0]!.trainLoss);
    const best = Math.min(...r.history.map((h) => h.valLoss!));
    expect(r.history[r.bestEpoch - 1]!.valLoss).toBe(best);
    // Predicting the mean (1 + E[0.3 tanh]) would give MSE ≈ 0.03; the net must do clearly better.
    expect(best).toBeLessThan(0.01);
  });

  it('validation loss is the MSE, or the mean per-spectrum RMSE ("rmse") or ln MSE ("logmse"), of the model it returns', async () => {
    const rng = seededRng(8);
    const n = 40;
    const F = 3;
    const K = 5;
    const x = Float32Array.from({ length: n * F }, () => rng.normal());
    const y = Float32Array.from({ length: n * K }, (_, i) => 1 + 0.5 * Math.sin(i) * (i % 7 === 0 ? 4 : 1));
    const data = { x, y, n, inputLength: F, outputLength: K };
    const norm = featureStandardisation(x, n, F);
    const config = mlpConfig({ inputLength: F, outputLength: K, hidden: [8] });
    for (const loss of ['mse', 'rmse', 'logmse'] as const) {
      // learning rate 0: the weights stay at their seeded initialisation, so the loss can be recomputed by hand.
      const r = await trainMlp(data, config, { ...norm, outputBias: new Float32Array(K).fill(1) }, { epochs: 1, batchSize: 8, learningRate: 0, seed: 2, validation: data, loss });
      const p = await predictMlp(r.model, x, n);
      const perSpectrum = Array.from({ length: n }, (_, s) => {
        let e = 0;
        for (let k = 0; k < K; k++) e += (p[s * K + k]! - y[s * K + k]!) ** 2;
        return e / K;
      });
      const perSpectrumLoss = { mse: (e: number) => e, rmse: (e: number) => Math.sqrt(e + 1e-8), logmse: (e: number) => Math.log(e + 1e-6) }[loss];
      const expected = perSpectrum.reduce((a, b) => a + perSpectrumLoss(b), 0) / n;
      expect(r.history[0]!.valLoss).toBeCloseTo(expected, 5);
    }
    await expect(trainMlp(data, config, { ...norm, outputBias: new Float32Array(K).fill(1) }, { epochs: 1, loss: 'mae' as never })).rejects.toThrow(/unknown loss "mae"/);
  });

  it('masks targets without data (NaN): pooled "mse" and per-spectrum "spectrum-mse" over the valid points only', async () => {
    // Two spectra of 4 points, the first with data on its first 2 points only (as Fe on the wide grid).
    const n = 2;
    const F = 2;
    const K = 4;
    const x = Float32Array.from([0.3, -1, -0.4, 0.8]);
    const y = Float32Array.from([1.2, 0.7, NaN, NaN, /* row 1 */ 0.9, 1.1, 1.3, 0.5]);
    const data = { x, y, n, inputLength: F, outputLength: K };
    const norm = featureStandardisation(x, n, F);
    const config = mlpConfig({ inputLength: F, outputLength: K, hidden: [8] });
    for (const loss of ['mse', 'spectrum-mse', 'rmse', 'logmse'] as const) {
      const r = await trainMlp(data, config, { ...norm, outputBias: new Float32Array(K).fill(1) }, { epochs: 1, batchSize: 2, learningRate: 0, seed: 2, validation: data, loss });
      const p = await predictMlp(r.model, x, n);
      const se = (s: number, k: number): number => (p[s * K + k]! - y[s * K + k]!) ** 2;
      const mse0 = (se(0, 0) + se(0, 1)) / 2;
      const mse1 = (se(1, 0) + se(1, 1) + se(1, 2) + se(1, 3)) / 4;
      const expected = {
        mse: (se(0, 0) + se(0, 1) + 4 * mse1) / 6,
        'spectrum-mse': (mse0 + mse1) / 2,
        rmse: (Math.sqrt(mse0 + 1e-8) + Math.sqrt(mse1 + 1e-8)) / 2,
        logmse: (Math.log(mse0 + 1e-6) + Math.log(mse1 + 1e-6)) / 2,
      }[loss];
      expect(r.history[0]!.trainLoss).toBeCloseTo(expected, 5);
      expect(r.history[0]!.valLoss).toBeCloseTo(expected, 5);
    }
  });

  it('a row with a NaN tail trains on its valid part only: outputs no row has data for keep their initial weights', async () => {
    const rng = seededRng(5);
    const n = 48;
    const F = 3;
    const K = 6;
    const x = Float32Array.from({ length: n * F }, () => rng.normal());
    // Every spectrum lacks its last point; half of them also the two before (NaN tails of different length).
    const y = Float32Array.from({ length: n * K }, (_, i) => {
      const s = Math.floor(i / K);
      const k = i % K;
      if (k === K - 1 || (s % 2 === 0 && k >= K - 3)) return NaN;
      return 1 + 0.3 * Math.tanh(x[s * F]! + 0.4 * k * x[s * F + 1]!);
    });
    const data = { x, y, n, inputLength: F, outputLength: K };
    const norm = featureStandardisation(x, n, F);
    const config = mlpConfig({ inputLength: F, outputLength: K, hidden: [16] });
    const outputBias = new Float32Array(K).fill(1);
    const r = await trainMlp(data, config, { ...norm, outputBias }, { epochs: 20, batchSize: 8, learningRate: 5e-3, seed: 9, validation: data });
    for (const h of r.history) expect(Number.isFinite(h.trainLoss) && Number.isFinite(h.valLoss!)).toBe(true);
    expect(r.history[r.bestEpoch - 1]!.valLoss).toBeLessThan(r.history[0]!.valLoss!);
    const init = initMlpWeights(config, 9, outputBias);
    const last = (w: { name: string; data: Float32Array }[]) => w.find((t) => t.name === 'dense1.kernel')!;
    const bias = (w: { name: string; data: Float32Array }[]) => w.find((t) => t.name === 'dense1.bias')!;
    // Column K − 1 (no data anywhere) got no gradient; column 0 (data everywhere) moved.
    const column = (w: Float32Array, k: number) => Array.from({ length: 16 }, (_, h) => w[h * K + k]!);
    expect(column(last(r.model.weights).data, K - 1)).toEqual(column(last(init).data, K - 1));
    expect(bias(r.model.weights).data[K - 1]).toBe(bias(init).data[K - 1]);
    expect(bias(r.model.weights).data[0]).not.toBe(bias(init).data[0]);
  });

  it('ema returns the exponential moving average of the weights after each step', async () => {
    const rng = seededRng(5);
    const n = 24;
    const F = 3;
    const K = 4;
    const x = Float32Array.from({ length: n * F }, () => rng.normal());
    const y = Float32Array.from({ length: n * K }, (_, i) => 1 + 0.3 * Math.tanh(x[Math.floor(i / K) * F]! + (i % K)));
    const data = { x, y, n, inputLength: F, outputLength: K };
    const norm = { ...featureStandardisation(x, n, F), outputBias: new Float32Array(K).fill(1) };
    const config = mlpConfig({ inputLength: F, outputLength: K, hidden: [6] });
    // One full batch per epoch: one optimiser step per epoch, so w1 and w2 are the weights after steps 1 and 2.
    const opts = { batchSize: n, learningRate: 0.05, seed: 3 };
    const w0 = initMlpWeights(config, 3, norm.outputBias);
    const w1 = (await trainMlp(data, config, norm, { ...opts, epochs: 1 })).model.weights;
    const w2 = (await trainMlp(data, config, norm, { ...opts, epochs: 2 })).model.weights;
    const avg = (await trainMlp(data, config, norm, { ...opts, epochs: 2, ema: 0.9 })).model.weights;
    let moved = 0;
    avg.forEach((w, i) => {
      for (let j = 0; j < w.data.length; j++) {
        expect(w.data[j]).toBeCloseTo(0.81 * w0[i]!.data[j]! + 0.09 * w1[i]!.data[j]! + 0.1 * w2[i]!.data[j]!, 5);
        moved = Math.max(moved, Math.abs(w2[i]!.data[j]! - w0[i]!.data[j]!));
      }
    });
    expect(moved).toBeGreaterThan(1e-3);
    await expect(trainMlp(data, config, norm, { epochs: 1, ema: 1 })).rejects.toThrow(/ema must be in \[0, 1\)/);
  });

  it('widenMlpInput reads the whole descriptor and ignores the columns the member never saw', () => {
    const rng = seededRng(11);
    const F = 6;
    const n = 5;
    const keep = [0, 2, 5];
    const x = Float32Array.from({ length: n * F }, () => rng.normal());
    const full = featureStandardisation(x, n, F);
    const narrowX = Float32Array.from({ length: n * keep.length }, (_, i) => x[Math.floor(i / keep.length) * F + keep[i % keep.length]!]!);
    const config = mlpConfig({ inputLength: keep.length, outputLength: 4, hidden: [7, 3] });
    const narrow: MlpModel = { config, weights: initMlpWeights(config, 9, [1, 1, 1, 1]), featureMean: Float32Array.from(keep, (c) => full.mean[c]!), featureScale: Float32Array.from(keep, (c) => full.scale[c]!) };
    const wide = widenMlpInput(narrow, keep, full);
    expect(wide.config.inputLength).toBe(F);
    const a = mlpForwardJs(narrow, narrowX, n);
    const b = mlpForwardJs(wide, x, n);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 6);
    // The dropped columns do not matter.
    const x2 = x.slice();
    for (let s = 0; s < n; s++) for (const c of [1, 3, 4]) x2[s * F + c] = 100;
    const c2 = mlpForwardJs(wide, x2, n);
    for (let i = 0; i < a.length; i++) expect(c2[i]).toBeCloseTo(a[i]!, 6);
    expect(() => widenMlpInput(narrow, [0, 2], full)).toThrow(/2 columns given for a model of 3 inputs/);
    expect(() => widenMlpInput(narrow, [0, 1, 5], full)).toThrow(/standardisation of its input 1 differs/);
  });

  it('ridge regression recovers an exact linear map', () => {
    const rng = seededRng(8);
    const n = 50;
    const F = 3;
    const K = 2;
    const x = Float32Array.from({ length: n * F }, () => rng.normal());
    const y = new Float32Array(n * K);
    for (let s = 0; s < n; s++) {
      y[s * K] = 6 + x[s * F]! - 0.5 * x[s * F + 2]!; // stays > 0 (predictions are clipped at 0)
      y[s * K + 1] = 3 + 0.25 * x[s * F + 1]!;
    }
    const data = { x, y, n, inputLength: F, outputLength: K };
    const { mean, scale } = featureStandardisation(x, n, F);
    const model = fitRidge(data, mean, scale, 1e-8);
    const p = predictRidge(model, x, n);
    for (let i = 0; i < p.length; i++) expect(p[i]).toBeCloseTo(y[i]!, 4);
  });
});

describe('forward MLP member files', () => {
  it('round-trips weights, standardisation and meta, and names a damaged file', async () => {
    const { mkdtempSync, writeFileSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { saveMlpModel, loadMlpModel, mlpModelExists } = await import('../../lab/forward/member-files.ts');
    const config = mlpConfig({ inputLength: 3, outputLength: 2, hidden: [4] });
    const model: MlpModel = {
      config,
      weights: initMlpWeights(config, 7),
      featureMean: Float32Array.from([0.5, -1, 2]),
      featureScale: Float32Array.from([1, 2, 0.25]),
      meta: { record: { member: 3, bestEpoch: 12 } },
    };
    const dir = mkdtempSync(join(tmpdir(), 'xasinv-mlp-'));
    const base = join(dir, 'member-03');
    expect(mlpModelExists(base)).toBe(false);
    saveMlpModel(base, model);
    expect(mlpModelExists(base)).toBe(true);
    const back = loadMlpModel(base);
    expect(back.config).toEqual(config);
    expect(back.meta).toEqual(model.meta);
    expect(Array.from(back.featureMean)).toEqual(Array.from(model.featureMean));
    const x = Float32Array.from([0.3, 1.2, -0.7]);
    expect(Array.from(mlpForwardJs(back, x, 1))).toEqual(Array.from(mlpForwardJs(model, x, 1)));
    // A header whose config no longer matches its tensors is refused with the file named.
    const header = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as { config: { hidden: number[] } };
    header.config.hidden = [5];
    writeFileSync(`${base}.json`, JSON.stringify(header));
    expect(() => loadMlpModel(base)).toThrow(/member-03\.json.*dense0\.kernel/);
  });
});

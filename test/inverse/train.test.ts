import { describe, it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { cnnConfig } from '../../src/inverse/index.ts';
import { trainModel, predictCnn, type EpochReport } from '../../lab/inverse/index.ts';
import { useWasmBackend } from '../../lab/learn/index.ts';
import { InputError } from '../../src/errors.ts';
import { syntheticPeaks } from './synthetic-data.ts';

const config = cnnConfig({ inputLength: 64, outputLength: 6, filters: [4, 8, 8], hidden: [32, 16] });

describe('trainModel', () => {
  it('reduces the loss, leaks no tensors and is reproducible', async () => {
    const data = syntheticPeaks(64, 64, 6, 1);
    const validation = syntheticPeaks(32, 64, 6, 2);
    const counts: number[] = [];
    const reports: EpochReport[] = [];
    const run = () =>
      trainModel(data, config, {
        epochs: 8,
        batchSize: 16,
        learningRate: 5e-3,
        seed: 9,
        validation,
        onEpoch: (r) => {
          reports.push(r);
          counts.push(tf.memory().numTensors);
        },
      });
    await useWasmBackend();
    const before = tf.memory().numTensors;
    const a = await run();
    expect(tf.memory().numTensors).toBe(before); // everything disposed after training
    // Adam slots exist from the first step on; the count must not grow afterwards.
    expect(new Set(counts).size).toBe(1);
    expect(a.history).toHaveLength(8);
    expect(a.history[7]!.trainLoss).toBeLessThan(0.5 * a.history[0]!.trainLoss);
    expect(a.history[7]!.valLoss).toBeDefined();
    const bestVal = Math.min(...a.history.map((h) => h.valLoss!));
    expect(a.history[a.bestEpoch - 1]!.valLoss).toBe(bestVal);

    reports.length = 0;
    const b = await run();
    expect(b.model.weights[6]!.data).toEqual(a.model.weights[6]!.data);
    expect(b.history.map((h) => h.trainLoss)).toEqual(a.history.map((h) => h.trainLoss));

    // Restored best weights reproduce the best validation loss.
    const pred = await predictCnn(a.model, validation.x, validation.n);
    let mse = 0;
    for (let i = 0; i < pred.length; i++) mse += (pred[i]! - validation.y[i]!) ** 2;
    expect(mse / pred.length).toBeCloseTo(bestVal, 5);
  });

  it('stops early when validation stops improving', async () => {
    const data = syntheticPeaks(32, 64, 6, 3);
    // Validation targets unrelated to inputs: improvement stalls quickly.
    const validation = { ...syntheticPeaks(16, 64, 6, 4), y: new Float32Array(16 * 6).fill(50) };
    const r = await trainModel(data, config, { epochs: 40, batchSize: 8, seed: 1, validation, patience: 2, learningRate: 1e-2 });
    expect(r.stoppedEarly).toBe(true);
    expect(r.history.length).toBe(r.bestEpoch + 2);
  });

  it('weights loss per output and rejects inconsistent inputs', async () => {
    const data = syntheticPeaks(16, 64, 6, 5);
    await expect(trainModel(data, config, { epochs: 1, lossWeights: new Float32Array(3) })).rejects.toThrow(/lossWeights has 3/);
    await expect(trainModel({ ...data, n: 17 }, config, { epochs: 1 })).rejects.toThrow(InputError);
    const bad = { ...data, x: data.x.slice() };
    bad.x[69] = NaN;
    await expect(trainModel(bad, config, { epochs: 1 })).rejects.toThrow(/sample 1 .*column 5/);
    // Zero weight on every output → zero loss.
    const r = await trainModel(data, config, { epochs: 1, lossWeights: new Float32Array(6) });
    expect(r.history[0]!.trainLoss).toBe(0);
  });

  it('trains on a bootstrap subset given by indices', async () => {
    const data = syntheticPeaks(16, 64, 6, 6);
    const r = await trainModel(data, config, { epochs: 1, batchSize: 4, indices: Uint32Array.from([0, 0, 1, 2]) });
    expect(r.history).toHaveLength(1);
    await expect(trainModel(data, config, { epochs: 1, indices: Uint32Array.from([99]) })).rejects.toThrow(/out of range/);
  });
});

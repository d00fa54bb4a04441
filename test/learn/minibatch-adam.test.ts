import type * as tfjs from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../lab/learn/backend.ts';
import { chunkedLoss, minibatchAdam, type MinibatchAdamSpec } from '../../lab/learn/minibatch-adam.ts';
import { seededRng } from '../../src/learn/seeded-rng.ts';

// A linear model y = x·W on 20 rows of 3 inputs → 2 outputs, W_true = [[1, 0], [0, 2], [1, −1]].
const n = 20;
const draw = seededRng(7);
const x = Float32Array.from({ length: n * 3 }, () => draw.normal());
const y = new Float32Array(n * 2);
for (let s = 0; s < n; s++) {
  const [a, b, c] = [x[3 * s]!, x[3 * s + 1]!, x[3 * s + 2]!];
  y[2 * s] = a + c;
  y[2 * s + 1] = 2 * b - c;
}

async function spec(overrides: Partial<MinibatchAdamSpec> = {}): Promise<MinibatchAdamSpec> {
  const tf = await useWasmBackend();
  return {
    tf,
    init: [{ name: 'W', shape: [3, 2], data: new Float32Array(6) }],
    rows: n,
    epochs: 3,
    batchSize: 5,
    learningRate: 0.05,
    rng: seededRng(1),
    batch: (order, start, count) => {
      const xb = new Float32Array(count * 3);
      const yb = new Float32Array(count * 2);
      for (let b = 0; b < count; b++) {
        const r = order[start + b]!;
        xb.set(x.subarray(3 * r, 3 * r + 3), 3 * b);
        yb.set(y.subarray(2 * r, 2 * r + 2), 2 * b);
      }
      return { x: xb, y: yb };
    },
    inputLength: 3,
    outputLength: 2,
    stepLoss: (p, xt, yt) => tf.mean(tf.squaredDifference(tf.matMul(xt, p.W!), yt)),
    ...overrides,
  };
}

describe('minibatchAdam', () => {
  it('fits a linear model and leaves no tensors behind', async () => {
    const tf = await useWasmBackend();
    const before = tf.memory().numTensors;
    const r = await minibatchAdam(await spec({ epochs: 150 }));
    expect(tf.memory().numTensors).toBe(before);
    [1, 0, 0, 2, 1, -1].forEach((w, i) => expect(r.weights[0]!.data[i]).toBeCloseTo(w, 2));
    expect(r.history.at(-1)!.trainLoss).toBeLessThan(1e-4);
  });

  it('applies the learning-rate decay: a decay of 0 freezes the weights after epoch 1', async () => {
    const one = await minibatchAdam(await spec({ epochs: 1 }));
    const frozen = await minibatchAdam(await spec({ epochs: 4, learningRateDecay: 0 }));
    const moving = await minibatchAdam(await spec({ epochs: 4 }));
    expect(Array.from(frozen.weights[0]!.data)).toEqual(Array.from(one.weights[0]!.data));
    expect(Array.from(moving.weights[0]!.data)).not.toEqual(Array.from(one.weights[0]!.data));
  });

  it('keeps the best-validation epoch and stops after `patience` epochs without improvement', async () => {
    const tf = await useWasmBackend();
    // A validation loss that is best at epoch 2, then worsens.
    const losses = [3, 1, 2, 4, 5, 6];
    let call = 0;
    const r = await minibatchAdam(await spec({ epochs: 6, patience: 2, validationLoss: () => losses[call++]! }));
    expect(r.bestEpoch).toBe(2);
    expect(r.stoppedEarly).toBe(true);
    expect(r.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    const atTwo = await minibatchAdam(await spec({ epochs: 2 }));
    expect(Array.from(r.weights[0]!.data)).toEqual(Array.from(atTwo.weights[0]!.data));
    // chunkedLoss weights each chunk by its row count: the chunk size does not change the mean.
    const lossOf = (xt: tfjs.Tensor2D, yt: tfjs.Tensor2D): tfjs.Scalar => tf.mean(tf.squaredDifference(tf.matMul(xt, tf.zeros([3, 2])), yt));
    expect(chunkedLoss(tf, x, y, n, 3, 2, 7, lossOf)).toBeCloseTo(chunkedLoss(tf, x, y, n, 3, 2, 20, lossOf), 5);
  });
});

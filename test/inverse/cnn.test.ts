import { describe, it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import {
  cnnConfig,
  convLengths,
  convPadding,
  cnnWeightShapes,
  initCnnWeights,
  cnnForward,
} from '../../src/inverse/index.ts';
import { seededRng } from '../../src/learn/index.ts';
import { useWasmBackend } from '../../lab/learn/index.ts';
import { InputError } from '../../src/errors.ts';

describe('cnn architecture', () => {
  it('has the paper shape for 226-point spectra (valid padding)', () => {
    const config = cnnConfig({ inputLength: 226 });
    expect(convLengths(config)).toEqual([226, 110, 52, 23]);
    const shapes = cnnWeightShapes(config);
    expect(shapes.map((s) => s.name)).toEqual([
      'conv0.kernel', 'conv0.bias', 'conv1.kernel', 'conv1.bias', 'conv2.kernel', 'conv2.bias',
      'dense0.kernel', 'dense0.bias', 'dense1.kernel', 'dense1.bias', 'dense2.kernel', 'dense2.bias',
    ]);
    expect(shapes[0]!.shape).toEqual([1, 1, 8, 1, 8]);
    expect(shapes[6]!.shape).toEqual([23 * 32, 256]);
    expect(shapes[10]!.shape).toEqual([128, 50]);
  });

  it("'same' padding follows the TensorFlow convention", () => {
    expect(convPadding(40, 8, 2, 'same')).toEqual({ padBefore: 3, padAfter: 3, outputLength: 20 });
    expect(convPadding(41, 8, 2, 'same')).toEqual({ padBefore: 3, padAfter: 4, outputLength: 21 });
    expect(convLengths(cnnConfig({ inputLength: 226, padding: 'same' }))).toEqual([226, 113, 57, 29]);
  });

  it('rejects inputs too short for the conv stack and bad options', () => {
    expect(() => cnnConfig({ inputLength: 20 })).toThrow(InputError);
    expect(() => cnnConfig({ inputLength: 20 })).toThrow(/too short/);
    expect(() => cnnConfig({ inputLength: 100, kernelSize: 0 })).toThrow(/kernelSize/);
    expect(() => cnnConfig({ inputLength: 100, padding: 'full' as 'same' })).toThrow(/padding/);
  });

  it('initialises reproducibly with Glorot-uniform bounds and zero biases', () => {
    const config = cnnConfig({ inputLength: 64, filters: [4, 4, 4], hidden: [16, 8], outputLength: 5 });
    const a = initCnnWeights(config, 3);
    const b = initCnnWeights(config, 3);
    const c = initCnnWeights(config, 4);
    expect(a[0]!.data).toEqual(b[0]!.data);
    expect(a[0]!.data).not.toEqual(c[0]!.data);
    const bound = Math.sqrt(6 / (8 * 1 + 8 * 4));
    const k0 = a[0]!.data;
    expect(Math.max(...k0.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...k0.map(Math.abs))).toBeGreaterThan(0.5 * bound);
    expect(a[1]!.data.every((v) => v === 0)).toBe(true);
  });

  it('conv3d forward equals a hand-written 1D cross-correlation', async () => {
    await useWasmBackend();
    expect(tf.getBackend()).toBe('wasm');
    const config = cnnConfig({ inputLength: 30, filters: [2, 3, 2], hidden: [4], outputLength: 3, padding: 'same' });
    const weights = initCnnWeights(config, 11);
    const rng = seededRng(5);
    for (const w of weights) for (let i = 0; i < w.data.length; i++) w.data[i] = rng.normal() * 0.5;
    const x = Float32Array.from({ length: 2 * 30 }, () => rng.normal());
    const params = Object.fromEntries(weights.map((w) => [w.name, tf.tensor(w.data, w.shape)]));
    const got = tf.tidy(() => cnnForward(tf, config, params, tf.tensor2d(x, [2, 30]))).dataSync();
    Object.values(params).forEach((t) => t.dispose());

    // Reference: plain loops, channels-last flatten.
    const W = Object.fromEntries(weights.map((w) => [w.name, w]));
    const ref: number[] = [];
    for (let b = 0; b < 2; b++) {
      let h: number[][] = Array.from({ length: 30 }, (_, l) => [x[b * 30 + l]!]); // [L][C]
      config.filters.forEach((cout, i) => {
        const cin = h[0]!.length;
        const { padBefore, outputLength } = convPadding(h.length, 8, 2, 'same');
        const k = W[`conv${i}.kernel`]!.data;
        const bias = W[`conv${i}.bias`]!.data;
        const out: number[][] = [];
        for (let o = 0; o < outputLength; o++) {
          const row: number[] = [];
          for (let co = 0; co < cout; co++) {
            let s = bias[co]!;
            for (let t = 0; t < 8; t++) {
              const l = o * 2 + t - padBefore;
              if (l < 0 || l >= h.length) continue;
              for (let ci = 0; ci < cin; ci++) s += h[l]![ci]! * k[(t * cin + ci) * cout + co]!;
            }
            row.push(Math.max(0, s));
          }
          out.push(row);
        }
        h = out;
      });
      let z = h.flat();
      [4, 3].forEach((width, j) => {
        const k = W[`dense${j}.kernel`]!.data;
        const bias = W[`dense${j}.bias`]!.data;
        const next: number[] = [];
        for (let o = 0; o < width; o++) {
          let s = bias[o]!;
          for (let i = 0; i < z.length; i++) s += z[i]! * k[i * width + o]!;
          next.push(j === 0 ? Math.max(0, s) : s);
        }
        z = next;
      });
      ref.push(...z);
    }
    expect(got.length).toBe(6);
    for (let i = 0; i < 6; i++) expect(got[i]).toBeCloseTo(ref[i]!, 4);
  });
});

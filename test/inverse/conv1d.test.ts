import { describe, expect, it } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import { useWasmBackend } from '../../lab/learn/backend.ts';
import { conv1dAsMatMul } from '../../src/inverse/cnn.ts';
import { seededRng } from '../../src/learn/seeded-rng.ts';

const rng = seededRng(11);
const random = (n: number): Float32Array => Float32Array.from({ length: n }, () => rng.uniform() * 2 - 1);

/** Forward reference: the same convolution through tf.conv3d on [B, 1, 1, L, C] (the network's first formulation). */
function viaConv3d(tf: typeof tfjs, h: tfjs.Tensor3D, kernel: tfjs.Tensor5D, stride: number): tfjs.Tensor3D {
  const [b, l, c] = h.shape;
  const y = tf.conv3d(tf.reshape(h, [b, 1, 1, l, c]) as tfjs.Tensor5D, kernel, [1, 1, stride], 'valid');
  return tf.reshape(y, [b, y.shape[3], y.shape[4]]);
}

/**
 * Gradient reference in plain loops for L = Σ r ⊙ conv(h, w): dh[b, o·s+t, c] = Σ_f r[b,o,f]·w[t,c,f],
 * dw[t,c,f] = Σ_{b,o} r[b,o,f]·h[b, o·s+t, c]. (tf.conv3d cannot serve: on the wasm backend of tfjs 4.22
 * its input gradient is wrong for stride > 1.)
 */
function handGradients(h: Float32Array, w: Float32Array, r: Float32Array, [b, l, cin]: number[], k: number, cout: number, s: number): { dh: Float32Array; dw: Float32Array } {
  const lout = Math.floor((l - k) / s) + 1;
  const dh = new Float32Array(b * l * cin);
  const dw = new Float32Array(k * cin * cout);
  for (let n = 0; n < b; n++)
    for (let o = 0; o < lout; o++)
      for (let t = 0; t < k; t++)
        for (let c = 0; c < cin; c++)
          for (let f = 0; f < cout; f++) {
            const g = r[(n * lout + o) * cout + f]!;
            dh[(n * l + o * s + t) * cin + c]! += g * w[(t * cin + c) * cout + f]!;
            dw[(t * cin + c) * cout + f]! += g * h[(n * l + o * s + t) * cin + c]!;
          }
  return { dh, dw };
}

const maxAbsDiff = (a: tfjs.Tensor, b: tfjs.Tensor): number => {
  expect(a.shape).toEqual(b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i]! - y[i]!));
  return d;
};

describe('conv1dAsMatMul', () => {
  // [length, kernel, stride, cin, cout]: the shipped layers (8/2 on 171, 82, 38 points), odd lengths, stride 1,
  // a kernel that stride does not divide, a kernel shorter than the stride.
  it.each([
    [171, 8, 2, 1, 8],
    [82, 8, 2, 8, 16],
    [38, 8, 2, 16, 32],
    [41, 8, 2, 3, 4],
    [20, 5, 1, 2, 3],
    [23, 7, 3, 2, 3],
    [19, 2, 3, 1, 2],
  ])('equals tf.conv3d (values) and the hand gradients for L %i, kernel %i, stride %i, %i → %i channels', async (length, k, stride, cin, cout) => {
    const tf = await useWasmBackend();
    const lout = Math.floor((length - k) / stride) + 1;
    const [hv, wv, rv] = [random(2 * length * cin), random(k * cin * cout), random(2 * lout * cout)];
    const h = tf.tensor3d(hv, [2, length, cin]);
    const kernel = tf.tensor5d(wv, [1, 1, k, cin, cout]);
    const r = tf.tensor3d(rv, [2, lout, cout]);
    expect(maxAbsDiff(conv1dAsMatMul(tf, h, kernel, stride), viaConv3d(tf, h, kernel, stride))).toBeLessThan(1e-5);
    const [dh, dk] = tf.grads((x: tfjs.Tensor, w: tfjs.Tensor) => tf.sum(tf.mul(conv1dAsMatMul(tf, x as tfjs.Tensor3D, w as tfjs.Tensor5D, stride), r)))([h, kernel]);
    const want = handGradients(hv, wv, rv, [2, length, cin], k, cout, stride);
    expect(maxAbsDiff(dh!, tf.tensor3d(want.dh, [2, length, cin]))).toBeLessThan(1e-4);
    expect(maxAbsDiff(dk!, tf.tensor5d(want.dw, [1, 1, k, cin, cout]))).toBeLessThan(1e-4);
  });

  it('rejects mismatched channels and a sequence shorter than the kernel', async () => {
    const tf = await useWasmBackend();
    expect(() => conv1dAsMatMul(tf, tf.zeros([1, 10, 2]), tf.zeros([1, 1, 3, 1, 4]), 1)).toThrow(/expect 1 input channels, got 2/);
    expect(() => conv1dAsMatMul(tf, tf.zeros([1, 5, 1]), tf.zeros([1, 1, 8, 1, 4]), 2)).toThrow(/shorter than the kernel/);
  });
});

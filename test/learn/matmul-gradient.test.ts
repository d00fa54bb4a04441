import { describe, expect, it } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import { useWasmBackend } from '../../lab/learn/backend.ts';
import { matMulGradConfig } from '../../lab/learn/matmul-gradient.ts';
import { seededRng } from '../../src/learn/seeded-rng.ts';

type M = number[][];
const rng = seededRng(7);
const randomMatrix = (r: number, c: number): M => Array.from({ length: r }, () => Array.from({ length: c }, () => rng.uniform() * 2 - 1));
const T = (m: M): M => m[0]!.map((_, j) => m.map((row) => row[j]!));
const mul = (a: M, b: M): M => a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));

/** Hand gradients of L = Σ (op(A)·op(B)) ⊙ R: dL/dop(A) = R·op(B)ᵀ, dL/dop(B) = op(A)ᵀ·R, transposed back where op transposes. */
function handGradients(a: M, b: M, r: M, ta: boolean, tb: boolean): { da: M; db: M } {
  const opA = ta ? T(a) : a;
  const opB = tb ? T(b) : b;
  const dOpA = mul(r, T(opB));
  const dOpB = mul(T(opA), r);
  return { da: ta ? T(dOpA) : dOpA, db: tb ? T(dOpB) : dOpB };
}

const combos = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

describe('matMul gradient with explicit transposes', () => {
  it.each(combos)('matches the hand gradient for transposeA %s, transposeB %s (registered, through tf.grads; both configs called directly)', async (ta, tb) => {
    const tf = await useWasmBackend();
    // op(A) is 3 × 4, op(B) is 4 × 5.
    const a = ta ? randomMatrix(4, 3) : randomMatrix(3, 4);
    const b = tb ? randomMatrix(5, 4) : randomMatrix(4, 5);
    const r = randomMatrix(3, 5);
    const want = handGradients(a, b, r, ta, tb);
    const [A, B, R] = [tf.tensor2d(a), tf.tensor2d(b), tf.tensor2d(r)];
    const [da, db] = tf.grads((x: tfjs.Tensor, y: tfjs.Tensor) => tf.sum(tf.mul(tf.matMul(x, y, ta, tb), R)))([A, B]);
    const close = (got: tfjs.Tensor, m: M): void => {
      const g = got.arraySync() as M;
      expect(g.length).toBe(m.length);
      g.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(m[i]![j]!, 5)));
    };
    close(da!, want.da);
    close(db!, want.db);
    for (const explicitTranspose of [true, false]) {
      const cfg = matMulGradConfig(tf, { explicitTranspose });
      const g = cfg.gradFunc(R, [A, B], { transposeA: ta, transposeB: tb }) as Record<'a' | 'b', () => tfjs.Tensor>;
      close(g.a(), want.da);
      close(g.b(), want.db);
    }
  });

  it('handles batched (rank-3) matrices', async () => {
    const tf = await useWasmBackend();
    const a = [randomMatrix(2, 3), randomMatrix(2, 3)];
    const b = [randomMatrix(3, 4), randomMatrix(3, 4)];
    const r = [randomMatrix(2, 4), randomMatrix(2, 4)];
    const R = tf.tensor3d(r);
    const [da, db] = tf.grads((x: tfjs.Tensor, y: tfjs.Tensor) => tf.sum(tf.mul(tf.matMul(x, y), R)))([tf.tensor3d(a), tf.tensor3d(b)]);
    const ga = da!.arraySync() as M[];
    const gb = db!.arraySync() as M[];
    for (let k = 0; k < 2; k++) {
      const want = handGradients(a[k]!, b[k]!, r[k]!, false, false);
      ga[k]!.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want.da[i]![j]!, 5)));
      gb[k]!.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want.db[i]![j]!, 5)));
    }
  });
});

/**
 * @module lab/learn/matmul-gradient
 * Gradient of tfjs `matMul` written with explicit transposes.
 *
 * tfjs's own BatchMatMul gradient asks for products with `transposeA`/`transposeB` set. On the wasm
 * backend (tfjs 4.22) those take a slow path, and training spends most of its time in them:
 * bench/training-step.ts measures a forward-MLP training step (batch 64, 1354 features) about 4–5×
 * faster once {@link useFastMatMulGradient} replaces the gradient with the same formulas on explicitly
 * transposed operands. The math is unchanged (dA = dy·Bᵀ, dB = Aᵀ·dy for C = A·B, and the transposed cases);
 * float summation order may differ in the last bits.
 */
import type * as tfjs from '@tensorflow/tfjs';

/** Swap the last two axes (the matrix axes of a possibly batched matrix). */
function transposeLast2(tf: typeof tfjs, t: tfjs.Tensor): tfjs.Tensor {
  const r = t.rank;
  const perm = Array.from({ length: r }, (_, i) => i);
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return tf.transpose(t, perm);
}

/**
 * Gradient config for BatchMatMul: C = op(A)·op(B), op = identity or transpose (attrs transposeA/B).
 * With `explicitTranspose` (default) every product is a plain matMul of explicitly transposed
 * tensors; `false` gives the same products through matMul's transpose flags, as tfjs does (kept
 * for the training benchmark).
 */
export function matMulGradConfig(tf: typeof tfjs, { explicitTranspose = true }: { explicitTranspose?: boolean } = {}): tfjs.GradConfig {
  /** op(X)·op(Y) with op = transpose where the flag is set. */
  const product = (x: tfjs.Tensor, tx: boolean, y: tfjs.Tensor, ty: boolean): tfjs.Tensor =>
    explicitTranspose ? tf.matMul(tx ? transposeLast2(tf, x) : x, ty ? transposeLast2(tf, y) : y) : tf.matMul(x, y, tx, ty);
  return {
    kernelName: 'BatchMatMul',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved as [tfjs.Tensor, tfjs.Tensor];
      const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
      const g = dy as tfjs.Tensor;
      if (!transposeA && !transposeB) return { a: () => product(g, false, b, true), b: () => product(a, true, g, false) }; // C = A·B
      if (!transposeA) return { a: () => product(g, false, b, false), b: () => product(g, true, a, false) }; // C = A·Bᵀ
      if (!transposeB) return { a: () => product(b, false, g, true), b: () => product(a, false, g, false) }; // C = Aᵀ·B
      return { a: () => product(b, true, g, true), b: () => product(g, true, a, true) }; // C = Aᵀ·Bᵀ
    },
  };
}

let installed = false;

/**
 * Register {@link matMulGradConfig} (explicit transposes) as the BatchMatMul gradient of this tfjs instance (idempotent).
 *
 * @example
 * useFastMatMulGradient(tf); // then tf.variableGrads / optimizer.minimize use it
 */
export function useFastMatMulGradient(tf: typeof tfjs): void {
  if (installed) return;
  tf.registerGradient(matMulGradConfig(tf));
  installed = true;
}

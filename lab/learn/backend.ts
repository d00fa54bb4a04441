/**
 * @module lab/learn/backend
 * Select the tfjs WebAssembly backend once per process.
 *
 * Notes (2025): in Node 20 with tfjs 4.22 `tf.setBackend('wasm')` finds its `.wasm` binaries next
 * to the package without `setWasmPaths`; we only fall back to an explicit path when that fails.
 * The wasm backend has no Conv2D gradient kernels and its Conv3D input gradient is wrong for stride > 1,
 * which is why the inverse CNN's conv layers are matMuls of strided windows (see inverse/cnn.ts).
 * Its transposed matMuls are slow, so the matMul gradient is replaced (see matmul-gradient.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { XasinvError } from '../../src/errors.ts';
import { useFastMatMulGradient } from './matmul-gradient.ts';

/**
 * Version of the training computation, part of the key of every resume folder (train:inverse's
 * settings.json, train:forward's member folder): bumped when a code change alters what the same
 * settings train, so members from before are not mixed in. 2: matMul gradient with explicit
 * transposes (matmul-gradient.ts) and CNN conv layers as matMuls (inverse/cnn.ts), 2026-11.
 */
export const TRAINING_CODE_VERSION = 2;

let ready: Promise<typeof tf> | undefined;

/**
 * Make `wasm` the active tfjs backend (idempotent; concurrent callers share one promise).
 *
 * @example
 * const tf = await useWasmBackend();
 * tf.getBackend(); // 'wasm'
 */
export function useWasmBackend(): Promise<typeof tf> {
  ready ??= (async () => {
    if (tf.getBackend() === 'wasm') return tf;
    let ok: boolean;
    try {
      ok = await tf.setBackend('wasm');
    } catch {
      ok = false;
    }
    if (!ok) {
      const require = createRequire(import.meta.url);
      const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
      setWasmPaths(dist);
      ok = await tf.setBackend('wasm');
    }
    if (!ok) throw new XasinvError('BACKEND_ERROR', 'could not initialise the tfjs wasm backend');
    await tf.ready();
    // Training backward passes: plain matMuls on transposed operands (see matmul-gradient.ts).
    useFastMatMulGradient(tf);
    return tf;
  })();
  return ready;
}

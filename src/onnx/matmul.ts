/**
 * @module onnx/matmul
 * A plain float32 matrix product A·B on ONNX Runtime's CPU kernels, for numeric work that is one
 * large product (broadening a whole candidate library: thousands of spectra times one window
 * matrix). ONNX Runtime's MatMul is blocked and vectorised, some 30–50× a JavaScript triple loop
 * on these machines; the one-node graph is built here and its session opened once per process.
 */
import { floatValueInfo, node } from './graph-builder.ts';
import { onnxModelOf } from './model.ts';
import { encodeOnnxModel } from './onnx-proto.ts';
import { createSession, runNamed, type OnnxSession } from './session.ts';

let session: Promise<OnnxSession> | null = null;

/** The session of Y = MatMul(A, B) with both factors as inputs (opened on first use). */
function matMulSession(): Promise<OnnxSession> {
  session ??= createSession(
    encodeOnnxModel(
      onnxModelOf({
        name: 'xasinv_matmul',
        node: [node('MatMul', ['a', 'b'], ['y'])],
        initializer: [],
        input: [floatValueInfo('a', ['R', 'K']), floatValueInfo('b', ['K', 'C'])],
        output: [floatValueInfo('y', ['R', 'C'])],
      }),
    ),
  ).catch((err: unknown) => {
    session = null; // a later call may try again
    throw err;
  });
  return session;
}

/**
 * A (rows × k, row-major) times B (k × cols, row-major), as a rows × cols row-major float32 matrix.
 *
 * @example
 * const y = await matMul(spectra, [n, gridLength], windowT, [gridLength, windowLength]);
 */
export async function matMul(a: Float32Array, [rows, k]: readonly [number, number], b: Float32Array, [k2, cols]: readonly [number, number]): Promise<Float32Array> {
  if (k !== k2 || a.length !== rows * k || b.length !== k2 * cols) throw new RangeError(`matMul: cannot multiply [${rows}, ${k}] (${a.length} values) by [${k2}, ${cols}] (${b.length} values)`);
  if (rows === 0 || cols === 0) return new Float32Array(rows * cols);
  const out = await runNamed(await matMulSession(), { a: [a, [rows, k]], b: [b, [k2, cols]] }, 'y');
  return out;
}

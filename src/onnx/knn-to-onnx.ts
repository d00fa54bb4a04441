/**
 * @module onnx/knn-to-onnx
 * Mean distance to the k nearest reference rows as one ONNX graph, so the error model's k-NN
 * search (inverse/error-model) runs through ONNX Runtime's matrix multiply instead of a JS loop.
 *
 * Graph (opset 13, dynamic batch N), reference rows B [R, D] baked in as initializers:
 *   query [N, D] → ‖q‖² + ‖b‖² − 2 q·Bᵀ (MatMul) → Max(·, 0) → TopK(k, smallest) → Sqrt → ReduceMean
 *   → `mean_distance` [N]. With per-row `values` V [R] (e.g. each training row's out-of-bag ln MSE) a second
 * output `neighbour_mean` [N] = mean of V over the same k nearest rows (Gather at the TopK indices).
 * The expanded square loses a little float32 precision for near neighbours of large-norm rows
 * (relative error ≈ 1e-7 · ‖q‖² / d²); the error model only uses ln d, where that is negligible.
 */
import { InputError } from '../errors.ts';
import { onnxModelOf } from './model.ts';
import { floatTensor, floatValueInfo, int64Tensor, intAttr, intsAttr, node } from './graph-builder.ts';
import { encodeOnnxModel } from './onnx-proto.ts';

/**
 * The k-NN mean-distance graph of `nBase` reference rows of `dim` values (and, with `values`, the mean
 * of one value per reference row over the k nearest).
 *
 * @example
 * const session = await createSession(knnDistanceToOnnx(trainTargets, 3645, 50, 5));
 * const d = await runModel(session, predicted, [n, 50]); // n mean distances
 */
export function knnDistanceToOnnx(base: Float32Array, nBase: number, dim: number, k: number, values?: Float32Array): Uint8Array {
  if (base.length !== nBase * dim) throw new InputError(`reference has ${base.length} values, expected ${nBase} × ${dim}`);
  if (values && values.length !== nBase) throw new InputError(`values has ${values.length} entries, expected one per reference row (${nBase})`);
  if (!(Number.isInteger(k) && k >= 1 && k <= nBase)) throw new InputError(`k must be an integer in 1…${nBase}, got ${k}`);
  const transposed = new Float32Array(dim * nBase);
  const squares = new Float32Array(nBase);
  for (let t = 0; t < nBase; t++) {
    let s = 0;
    for (let i = 0; i < dim; i++) {
      const v = base[t * dim + i]!;
      transposed[i * nBase + t] = v;
      s += v * v;
    }
    squares[t] = s;
  }
  const model = onnxModelOf({
    name: 'xasinv_knn_mean_distance',
    node: [
      node('ReduceSumSquare', ['query'], ['q_sq'], [intsAttr('axes', [1]), intAttr('keepdims', 1)]),
      node('MatMul', ['query', 'base_t'], ['qb']),
      node('Mul', ['qb', 'minus_two'], ['qb2']),
      node('Add', ['q_sq', 'base_sq'], ['norms']),
      node('Add', ['norms', 'qb2'], ['d2_raw']),
      node('Max', ['d2_raw', 'zero'], ['d2']),
      node('TopK', ['d2', 'k'], ['nearest_d2', 'nearest_index'], [intAttr('axis', 1), intAttr('largest', 0), intAttr('sorted', 1)]),
      node('Sqrt', ['nearest_d2'], ['nearest_d']),
      node('ReduceMean', ['nearest_d'], ['mean_distance'], [intsAttr('axes', [1]), intAttr('keepdims', 0)]),
      ...(values
        ? [
            node('Gather', ['values', 'nearest_index'], ['nearest_value'], [intAttr('axis', 0)]),
            node('ReduceMean', ['nearest_value'], ['neighbour_mean'], [intsAttr('axes', [1]), intAttr('keepdims', 0)]),
          ]
        : []),
    ],
    initializer: [
      floatTensor('base_t', [dim, nBase], transposed),
      floatTensor('base_sq', [nBase], squares),
      floatTensor('minus_two', [], [-2]),
      floatTensor('zero', [], [0]),
      int64Tensor('k', [1], [k]),
      ...(values ? [floatTensor('values', [nBase], values)] : []),
    ],
    input: [floatValueInfo('query', ['N', dim])],
    output: [floatValueInfo('mean_distance', ['N']), ...(values ? [floatValueInfo('neighbour_mean', ['N'])] : [])],
  });
  return encodeOnnxModel(model);
}

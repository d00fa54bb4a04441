/**
 * @module lab/onnx/mlp-to-onnx
 * ONNX export of forward-model MLP ensembles (lab/forward/mlp.ts), reusing the graph-builder helpers.
 *
 * Graph (opset 13, dynamic batch N), raw descriptors in:
 *   features [N, F] → Sub(featureMean) → Mul(featureScale) → per member (Gemm → Relu)×h → Gemm → Softplus
 *   → Unsqueeze → Concat `members` [M, N, K] → `mean` [N, K], `sigma` [N, K] (sample sd, M − 1).
 * The standardisation must be identical across members (it is: fitted once on the training rows).
 * A member whose first-layer kernel is exactly zero on a quarter or more of the inputs (one trained on
 * part of the descriptor, see forward/mlp widenMlpInput) gets Gather(x_std, its columns) → Gemm with the
 * non-zero rows only: the same numbers, a smaller file. Members with the same columns share the Gather.
 */
import { InputError } from '../../src/errors.ts';
import type { MlpModel } from './mlp.ts';
import { encodeOnnxModel, ensembleStatNodes, floatTensor, floatValueInfo, int64Tensor, intAttr, node, onnxModelOf, type OnnxNode, type OnnxTensor } from '../../src/onnx/index.ts';

/** Options of {@link mlpEnsembleToOnnx}. */
export interface MlpOnnxOptions {
  /** Graph input name. */
  inputName?: string;
  /** Free text metadata (ModelProto.metadata_props). */
  metadata?: Record<string, string>;
  docString?: string;
}

/** Input name used by default. */
export const MLP_ONNX_DEFAULTS = Object.freeze({ inputName: 'features' });

/**
 * One ONNX graph for an MLP ensemble: input `features` [N, F]; outputs `members` [M, N, K],
 * `mean` [N, K] and `sigma` [N, K] (0 for M = 1).
 *
 * @example
 * writeFileAtomic('models/forward/fwd-v1/ensemble.onnx', mlpEnsembleToOnnx(members));
 */
export function mlpEnsembleToOnnx(models: MlpModel[], options: MlpOnnxOptions = {}): Uint8Array {
  if (models.length === 0) throw new InputError('mlpEnsembleToOnnx needs at least one member');
  const { inputName = MLP_ONNX_DEFAULTS.inputName } = options;
  const first = models[0]!;
  const F = first.config.inputLength;
  const K = first.config.outputLength;
  models.forEach((m, i) => {
    if (m.config.inputLength !== F || m.config.outputLength !== K) {
      throw new InputError(`member ${i} maps ${m.config.inputLength} → ${m.config.outputLength}, member 0 maps ${F} → ${K}`);
    }
    for (let j = 0; j < F; j++) {
      if (m.featureMean[j] !== first.featureMean[j] || m.featureScale[j] !== first.featureScale[j]) {
        throw new InputError(`member ${i} uses a different feature standardisation than member 0 (feature ${j})`);
      }
    }
  });
  const M = models.length;
  const nodes: OnnxNode[] = [];
  const inits: OnnxTensor[] = [
    floatTensor('feature_mean', [F], first.featureMean),
    floatTensor('feature_scale', [F], first.featureScale),
    int64Tensor('axes0', [1], [0]),
  ];
  nodes.push(node('Sub', [inputName, 'feature_mean'], ['x_centred']));
  nodes.push(node('Mul', ['x_centred', 'feature_scale'], ['x_std']));
  const unsq: string[] = [];
  const gathers = new Map<string, string>();
  /** The input of a member's first layer and the rows of its kernel that layer reads. */
  const firstInput = (W: { shape: number[]; data: Float32Array }): { input: string; rows: number[] } => {
    const [rowsN, cols] = [W.shape[0]!, W.shape[1]!];
    const used = Array.from({ length: rowsN }, (_, r) => r).filter((r) => W.data.subarray(r * cols, (r + 1) * cols).some((v) => v !== 0));
    if (used.length === 0 || used.length > 0.75 * rowsN) return { input: 'x_std', rows: Array.from({ length: rowsN }, (_, r) => r) };
    const key = used.join(',');
    let name = gathers.get(key);
    if (!name) {
      name = `x_std_cols${gathers.size}`;
      gathers.set(key, name);
      inits.push(int64Tensor(`${name}_index`, [used.length], used));
      nodes.push(node('Gather', ['x_std', `${name}_index`], [name], [intAttr('axis', 1)]));
    }
    return { input: name, rows: used };
  };
  models.forEach((m, i) => {
    const p = (s: string): string => `m${i}/${s}`;
    const byName = new Map(m.weights.map((w) => [w.name, w]));
    const layers = m.config.hidden.length + 1;
    let h = 'x_std';
    for (let j = 0; j < layers; j++) {
      const W = byName.get(`dense${j}.kernel`);
      const b = byName.get(`dense${j}.bias`);
      if (!W || !b) throw new InputError(`member ${i} lacks the weights of layer ${j}`);
      if (j === 0) {
        const { input, rows } = firstInput(W);
        const cols = W.shape[1]!;
        const data = rows.length === W.shape[0] ? W.data : Float32Array.from({ length: rows.length * cols }, (_, q) => W.data[rows[Math.floor(q / cols)]! * cols + (q % cols)]!);
        h = input;
        inits.push(floatTensor(p(`dense${j}.W`), [rows.length, cols], data));
      } else inits.push(floatTensor(p(`dense${j}.W`), W.shape, W.data));
      inits.push(floatTensor(p(`dense${j}.B`), b.shape, b.data));
      nodes.push(node('Gemm', [h, p(`dense${j}.W`), p(`dense${j}.B`)], [p(`dense${j}`)]));
      const act = j < layers - 1 ? 'Relu' : 'Softplus';
      nodes.push(node(act, [p(`dense${j}`)], [p(`act${j}`)]));
      h = p(`act${j}`);
    }
    nodes.push(node('Unsqueeze', [h, 'axes0'], [p('mu_1')]));
    unsq.push(p('mu_1'));
  });
  const stats = ensembleStatNodes(unsq);
  nodes.push(...stats.nodes);
  inits.push(...stats.inits);
  const model = onnxModelOf({
    name: 'xasinv_forward_mlp_ensemble',
    node: nodes,
    initializer: inits,
    input: [floatValueInfo(inputName, ['N', F])],
    output: [floatValueInfo('members', [M, 'N', K]), floatValueInfo('mean', ['N', K]), floatValueInfo('sigma', ['N', K])],
  });
  if (options.docString) model.doc_string = options.docString;
  if (options.metadata) model.metadata_props = Object.entries(options.metadata).map(([key, value]) => ({ key, value }));
  return encodeOnnxModel(model);
}

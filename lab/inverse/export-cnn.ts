/**
 * @module lab/onnx/export-cnn
 * Trained CNN weights (src/inverse) → ONNX model, written directly with protobufjs.
 *
 * Graph of one member (opset 13, dynamic batch N):
 *   spectrum [N, L] → Reshape [N, 1, L] → (Pad-free Conv k, stride s, pads = tfjs padding → Relu) × 3
 *   → Transpose [N, L', C] (so Flatten matches tfjs's channels-last flatten, index l·C + c)
 *   → Flatten → (Gemm → Relu) × hidden → Gemm → g2 [N, K].
 * Conv filters stored as [1, 1, k, Cin, Cout] (the conv3d layout) become ONNX Conv weights [Cout, Cin, k].
 */
import { InputError } from '../../src/errors.ts';
import { convPadding, type CnnConfig } from '../../src/inverse/index.ts';
import type { ModelWeights, NamedWeight } from '../../src/learn/index.ts';
import { encodeOnnxModel, ensembleStatNodes, floatTensor, floatValueInfo, int64Tensor, intAttr, intsAttr, node, ONNX_EXPORT_DEFAULTS, wrapModel, type OnnxExportOptions, type OnnxNode, type OnnxTensor } from '../../src/onnx/index.ts';

/**
 * ONNX bytes of one trained CNN: input `spectrum` [N, L] → output `g2` [N, K].
 *
 * @example
 * writeFileAtomic('models/fe/member-00.onnx', cnnToOnnx(model, { metadata: { preprocessing: JSON.stringify(pre) } }));
 */
export function cnnToOnnx(model: ModelWeights<CnnConfig>, options: OnnxExportOptions = {}): Uint8Array {
  const { inputName = ONNX_EXPORT_DEFAULTS.inputName, outputName = ONNX_EXPORT_DEFAULTS.outputName } = options;
  const nodes: OnnxNode[] = [];
  const inits: OnnxTensor[] = [];
  appendMember(model, '', inputName, outputName, nodes, inits);
  return encodeOnnxModel(
    wrapModel(
      nodes,
      inits,
      inputName,
      model.config.inputLength,
      [floatValueInfo(outputName, ['N', model.config.outputLength])],
      'xasinv_cnn',
      options,
    ),
  );
}

/**
 * ONE ONNX graph for a whole ensemble (members side by side, shared input):
 * outputs `members` [M, N, K], `mean` [N, K] and `sigma` [N, K] (sample sd, M − 1; 0 for M = 1).
 * Faster than M sessions because the runtime schedules all members in one call.
 *
 * @example
 * const bytes = ensembleToOnnx(loadEnsemble('runs/fe'));
 */
export function ensembleToOnnx(models: ModelWeights<CnnConfig>[], options: OnnxExportOptions = {}): Uint8Array {
  if (models.length === 0) throw new InputError('ensembleToOnnx needs at least one member');
  const { inputName = ONNX_EXPORT_DEFAULTS.inputName } = options;
  const { inputLength: L, outputLength: K } = models[0]!.config;
  models.forEach((m, i) => {
    if (m.config.inputLength !== L || m.config.outputLength !== K) {
      throw new InputError(`member ${i} maps ${m.config.inputLength} → ${m.config.outputLength}, member 0 maps ${L} → ${K}`);
    }
  });
  const M = models.length;
  const nodes: OnnxNode[] = [];
  const inits: OnnxTensor[] = [int64Tensor('axes0', [1], [0])];
  const unsq: string[] = [];
  models.forEach((m, i) => {
    const out = `m${i}/g2`;
    appendMember(m, `m${i}/`, inputName, out, nodes, inits);
    nodes.push(node('Unsqueeze', [out, 'axes0'], [`m${i}/g2_1`]));
    unsq.push(`m${i}/g2_1`);
  });
  const stats = ensembleStatNodes(unsq);
  nodes.push(...stats.nodes);
  inits.push(...stats.inits);
  const outputs = [floatValueInfo('members', [M, 'N', K]), floatValueInfo('mean', ['N', K]), floatValueInfo('sigma', ['N', K])];
  return encodeOnnxModel(wrapModel(nodes, inits, inputName, L, outputs, 'xasinv_cnn_ensemble', options));
}

/** Append the nodes/initializers of one CNN, reading `input` and producing `output`. */
function appendMember(model: ModelWeights<CnnConfig>, prefix: string, input: string, output: string, nodes: OnnxNode[], inits: OnnxTensor[]): void {
  const { config } = model;
  const w = weightMap(model.weights, config);
  const p = (s: string): string => `${prefix}${s}`;
  inits.push(int64Tensor(p('reshape_shape'), [3], [-1, 1, config.inputLength]));
  nodes.push(node('Reshape', [input, p('reshape_shape')], [p('x0')]));
  let h = p('x0');
  let length = config.inputLength;
  let cin = 1;
  config.filters.forEach((cout, i) => {
    const kernel = w(`conv${i}.kernel`);
    const k = config.kernelSize;
    // tfjs [1,1,k,Cin,Cout] (index (t·Cin + c)·Cout + o) → ONNX [Cout, Cin, k] (index (o·Cin + c)·k + t).
    const onnxW = new Float32Array(cout * cin * k);
    for (let o = 0; o < cout; o++) for (let c = 0; c < cin; c++) for (let t = 0; t < k; t++) {
      onnxW[(o * cin + c) * k + t] = kernel.data[(t * cin + c) * cout + o]!;
    }
    inits.push(floatTensor(p(`conv${i}.W`), [cout, cin, k], onnxW));
    inits.push(floatTensor(p(`conv${i}.B`), [cout], w(`conv${i}.bias`).data));
    const { padBefore, padAfter, outputLength } = convPadding(length, k, config.stride, config.padding);
    nodes.push(
      node('Conv', [h, p(`conv${i}.W`), p(`conv${i}.B`)], [p(`conv${i}`)], [
        intsAttr('kernel_shape', [k]),
        intsAttr('strides', [config.stride]),
        intsAttr('pads', [padBefore, padAfter]),
        intsAttr('dilations', [1]),
        intAttr('group', 1),
      ]),
    );
    nodes.push(node('Relu', [p(`conv${i}`)], [p(`conv${i}.relu`)]));
    h = p(`conv${i}.relu`);
    length = outputLength;
    cin = cout;
  });
  nodes.push(node('Transpose', [h], [p('channels_last')], [intsAttr('perm', [0, 2, 1])]));
  nodes.push(node('Flatten', [p('channels_last')], [p('flat')], [intAttr('axis', 1)]));
  h = p('flat');
  const layers = config.hidden.length + 1;
  for (let j = 0; j < layers; j++) {
    const kernel = w(`dense${j}.kernel`);
    inits.push(floatTensor(p(`dense${j}.W`), kernel.shape, kernel.data));
    inits.push(floatTensor(p(`dense${j}.B`), [kernel.shape[1]!], w(`dense${j}.bias`).data));
    const last = j === layers - 1;
    const out = last ? output : p(`dense${j}`);
    nodes.push(node('Gemm', [h, p(`dense${j}.W`), p(`dense${j}.B`)], [out]));
    if (!last) {
      nodes.push(node('Relu', [out], [p(`dense${j}.relu`)]));
      h = p(`dense${j}.relu`);
    }
  }
}

function weightMap(weights: NamedWeight[], config: CnnConfig): (name: string) => NamedWeight {
  const byName = new Map(weights.map((x) => [x.name, x]));
  return (name) => {
    const found = byName.get(name);
    if (!found) {
      throw new InputError(`model weights lack "${name}" (config has ${config.filters.length} conv and ${config.hidden.length + 1} dense layers)`);
    }
    return found;
  };
}

/**
 * @module onnx/graph-builder
 * Small helpers that build ONNX graph pieces as plain objects (see onnx-proto.ts).
 */
import { ONNX_ATTR, ONNX_DTYPE, type OnnxAttribute, type OnnxNode, type OnnxTensor, type OnnxValueInfo } from './onnx-proto.ts';

/**
 * A float32 initializer stored as little-endian raw bytes.
 *
 * @example
 * floatTensor('dense0.bias', [256], bias);
 */
export function floatTensor(name: string, dims: number[], data: ArrayLike<number>): OnnxTensor {
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i]!, true);
  return { name, dims, data_type: ONNX_DTYPE.FLOAT, raw_data: bytes };
}

/**
 * An int64 initializer (e.g. a Reshape target shape).
 *
 * @example
 * int64Tensor('shape', [3], [-1, 1, 226]);
 */
export function int64Tensor(name: string, dims: number[], data: number[]): OnnxTensor {
  return { name, dims, data_type: ONNX_DTYPE.INT64, int64_data: data };
}

/**
 * Integer attribute.
 *
 * @example
 * intAttr('axis', 1);
 */
export function intAttr(name: string, i: number): OnnxAttribute {
  return { name, type: ONNX_ATTR.INT, i };
}

/**
 * Integer-list attribute.
 *
 * @example
 * intsAttr('strides', [2]);
 */
export function intsAttr(name: string, ints: number[]): OnnxAttribute {
  return { name, type: ONNX_ATTR.INTS, ints };
}

/**
 * A graph node.
 *
 * @example
 * node('Relu', ['h0'], ['r0']);
 */
export function node(opType: string, input: string[], output: string[], attribute: OnnxAttribute[] = [], name = output[0]!): OnnxNode {
  return { name, op_type: opType, input, output, attribute };
}

/**
 * A float tensor graph input/output; string dims are symbolic (e.g. 'N' for the batch).
 *
 * @example
 * floatValueInfo('spectrum', ['N', 226]);
 */
export function floatValueInfo(name: string, dims: (number | string)[]): OnnxValueInfo {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: ONNX_DTYPE.FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dim_param: d } : { dim_value: d })) },
      },
    },
  };
}

/**
 * Nodes that stack M member outputs (each already unsqueezed to [1, N, K]) into `members`
 * [M, N, K] and reduce them to `mean` and `sigma` (sample sd, M − 1; 0 for one member).
 *
 * @example
 * const { nodes, inits } = ensembleStatNodes(['m0/out_1', 'm1/out_1']);
 */
export function ensembleStatNodes(memberOutputs: string[]): { nodes: OnnxNode[]; inits: OnnxTensor[] } {
  const M = memberOutputs.length;
  return {
    nodes: [
      node('Concat', memberOutputs, ['members'], [intAttr('axis', 0)]),
      node('ReduceMean', ['members'], ['mean'], [intsAttr('axes', [0]), intAttr('keepdims', 0)]),
      node('Sub', ['members', 'mean'], ['dev']),
      node('Mul', ['dev', 'dev'], ['dev2']),
      node('ReduceMean', ['dev2'], ['var_biased'], [intsAttr('axes', [0]), intAttr('keepdims', 0)]),
      node('Mul', ['var_biased', 'bessel'], ['var']),
      node('Sqrt', ['var'], ['sigma']),
    ],
    inits: [floatTensor('bessel', [], [M > 1 ? M / (M - 1) : 0])],
  };
}

/**
 * @module onnx/model
 * A ModelProto around a graph, as every xasinv exporter writes it (opset 13, IR 7, producer xasinv),
 * with the input/outputs, doc string and metadata of a whole-model export.
 */
import { floatValueInfo } from './graph-builder.ts';
import type { OnnxGraph, OnnxModel, OnnxNode, OnnxTensor } from './onnx-proto.ts';

/** Options of the ONNX exporters. */
export interface OnnxExportOptions {
  /** Graph input name. */
  inputName?: string;
  /** Output name (single model) / per-member output prefix. */
  outputName?: string;
  /** Free text metadata stored in ModelProto.metadata_props (e.g. preprocessing JSON). */
  metadata?: Record<string, string>;
  /** Model doc string. */
  docString?: string;
}

/** ONNX opset / IR version written by the exporters (IR 7 is the IR of opset 13). */
export const ONNX_EXPORT_DEFAULTS = Object.freeze({ opset: 13, irVersion: 7, inputName: 'spectrum', outputName: 'g2' });

/**
 * A ModelProto around `graph` with the exporters' opset, IR version and producer.
 * @example encodeOnnxModel(onnxModelOf({ name: 'g', node, initializer, input, output }));
 */
export function onnxModelOf(graph: OnnxGraph): OnnxModel {
  return { ir_version: ONNX_EXPORT_DEFAULTS.irVersion, opset_import: [{ domain: '', version: ONNX_EXPORT_DEFAULTS.opset }], producer_name: 'xasinv', producer_version: '0.1.0', graph };
}

/**
 * The ModelProto of a graph of `nodes`/`inits` reading `inputName` [N, inputLength] and writing `outputs`,
 * with the doc string and metadata of `options`.
 * @example encodeOnnxModel(wrapModel(nodes, inits, 'spectrum', 100, [floatValueInfo('g2', ['N', 50])], 'xasinv_cnn', {}));
 */
export function wrapModel(
  nodes: OnnxNode[],
  inits: OnnxTensor[],
  inputName: string,
  inputLength: number,
  outputs: ReturnType<typeof floatValueInfo>[],
  graphName: string,
  options: OnnxExportOptions,
): OnnxModel {
  const model = onnxModelOf({ name: graphName, node: nodes, initializer: inits, input: [floatValueInfo(inputName, ['N', inputLength])], output: outputs });
  if (options.docString) model.doc_string = options.docString;
  if (options.metadata) model.metadata_props = Object.entries(options.metadata).map(([key, value]) => ({ key, value }));
  return model;
}

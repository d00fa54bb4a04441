/**
 * @module onnx
 * ONNX graphs (hand-written onnx.proto subset + protobufjs, a graph builder; the model-specific
 * exporters live with their models in lab/) and ONNX Runtime inference (session.ts is the only importer of onnxruntime-node).
 */
export { ONNX_EXPORT_DEFAULTS, onnxModelOf, wrapModel, type OnnxExportOptions } from './model.ts';
export { ONNX_PROTO_SUBSET, ONNX_DTYPE, ONNX_ATTR, encodeOnnxModel, decodeOnnxModel, type OnnxModel, type OnnxGraph, type OnnxNode, type OnnxTensor, type OnnxAttribute, type OnnxValueInfo } from './onnx-proto.ts';
export { floatTensor, int64Tensor, intAttr, intsAttr, node, floatValueInfo, ensembleStatNodes } from './graph-builder.ts';
export { knnDistanceToOnnx } from './knn-to-onnx.ts';
export { createSession, runModel, runModelOutputs, runNamed, disposeSession, type OnnxSession, type SessionOptions } from './session.ts';
export { matMul } from './matmul.ts';
export { inNative, installNativeState, newNativeState, stopWhenOutOfNative } from './native-guard.ts';

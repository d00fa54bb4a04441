/**
 * @module onnx
 * ONNX export of trained CNNs (hand-written onnx.proto subset + protobufjs) and ONNX Runtime
 * inference (session.ts is the only importer of onnxruntime-node).
 */
export {
  ONNX_EXPORT_DEFAULTS,
  onnxModelOf,
  cnnToOnnx,
  ensembleToOnnx,
  writeFileAtomic,
  type OnnxExportOptions,
} from './export-cnn.ts';
export {
  ONNX_PROTO_SUBSET,
  ONNX_DTYPE,
  ONNX_ATTR,
  encodeOnnxModel,
  decodeOnnxModel,
  type OnnxModel,
  type OnnxGraph,
  type OnnxNode,
  type OnnxTensor,
  type OnnxAttribute,
  type OnnxValueInfo,
} from './onnx-proto.ts';
export { floatTensor, int64Tensor, intAttr, intsAttr, node, floatValueInfo } from './graph-builder.ts';
export { knnDistanceToOnnx } from './knn-to-onnx.ts';
export { createSession, runModel, runModelOutputs, disposeSession, type OnnxSession, type SessionOptions } from './session.ts';
export { inNative, installNativeState, newNativeState, stopWhenOutOfNative } from './native-guard.ts';

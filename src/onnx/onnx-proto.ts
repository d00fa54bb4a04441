/**
 * @module onnx/onnx-proto
 * A hand-written subset of onnx.proto (field numbers from onnx/onnx `onnx/onnx.proto`, IR v7+),
 * enough to write and read inference models with protobufjs, without external converters.
 */
import protobuf from 'protobufjs';

/** The proto2 subset of onnx.proto used here. Field numbers must match the official file. */
export const ONNX_PROTO_SUBSET = `
syntax = "proto2";
package onnx;

message AttributeProto {
  enum AttributeType { UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5;
                       FLOATS = 6; INTS = 7; STRINGS = 8; TENSORS = 9; GRAPHS = 10; }
  optional string name = 1;
  optional string doc_string = 13;
  optional AttributeType type = 20;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  optional TensorProto t = 5;
  optional GraphProto g = 6;
  repeated float floats = 7;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
  repeated TensorProto tensors = 10;
  repeated GraphProto graphs = 11;
}

message ValueInfoProto {
  optional string name = 1;
  optional TypeProto type = 2;
  optional string doc_string = 3;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  optional string domain = 7;
  repeated AttributeProto attribute = 5;
  optional string doc_string = 6;
}

message ModelProto {
  optional int64 ir_version = 1;
  repeated OperatorSetIdProto opset_import = 8;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional string domain = 4;
  optional int64 model_version = 5;
  optional string doc_string = 6;
  optional GraphProto graph = 7;
  repeated StringStringEntryProto metadata_props = 14;
}

message StringStringEntryProto {
  optional string key = 1;
  optional string value = 2;
}

message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  optional string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
  repeated ValueInfoProto value_info = 13;
}

message TensorProto {
  enum DataType { UNDEFINED = 0; FLOAT = 1; UINT8 = 2; INT8 = 3; UINT16 = 4; INT16 = 5; INT32 = 6;
                  INT64 = 7; STRING = 8; BOOL = 9; FLOAT16 = 10; DOUBLE = 11; }
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  repeated float float_data = 4 [packed = true];
  repeated int32 int32_data = 5 [packed = true];
  repeated int64 int64_data = 7 [packed = true];
  optional string name = 8;
  optional string doc_string = 12;
  optional bytes raw_data = 9;
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    };
    optional string denotation = 3;
  };
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    optional int32 elem_type = 1;
    optional TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
  }
  optional string denotation = 6;
}

message OperatorSetIdProto {
  optional string domain = 1;
  optional int64 version = 2;
}
`;

/** ONNX TensorProto.DataType values used here. */
export const ONNX_DTYPE = Object.freeze({ FLOAT: 1, INT64: 7 });
/** ONNX AttributeProto.AttributeType values used here. */
export const ONNX_ATTR = Object.freeze({ FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 });

// Plain-object shapes (snake_case, as in onnx.proto) of the messages we build.
export interface OnnxTensor {
  name: string;
  dims: number[];
  data_type: number;
  raw_data?: Uint8Array;
  int64_data?: number[];
  float_data?: number[];
}
export interface OnnxAttribute {
  name: string;
  type: number;
  i?: number;
  f?: number;
  s?: Uint8Array;
  ints?: number[];
  floats?: number[];
}
export interface OnnxNode {
  name: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute?: OnnxAttribute[];
}
export interface OnnxValueInfo {
  name: string;
  type: { tensor_type: { elem_type: number; shape: { dim: ({ dim_value: number } | { dim_param: string })[] } } };
}
export interface OnnxGraph {
  name: string;
  node: OnnxNode[];
  initializer: OnnxTensor[];
  input: OnnxValueInfo[];
  output: OnnxValueInfo[];
  doc_string?: string;
}
export interface OnnxModel {
  ir_version: number;
  opset_import: { domain: string; version: number }[];
  producer_name: string;
  producer_version: string;
  doc_string?: string;
  graph: OnnxGraph;
  metadata_props?: { key: string; value: string }[];
}

let modelType: protobuf.Type | undefined;

function getModelType(): protobuf.Type {
  modelType ??= protobuf.parse(ONNX_PROTO_SUBSET, { keepCase: true }).root.lookupType('onnx.ModelProto');
  return modelType;
}

/**
 * Serialise a ModelProto (plain object, snake_case fields) to ONNX bytes.
 *
 * @example
 * const bytes = encodeOnnxModel(model); // write to model.onnx
 */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const type = getModelType();
  const problem = type.verify(model);
  if (problem) throw new Error(`internal error: invalid ONNX model object: ${problem}`);
  return type.encode(type.fromObject(model)).finish();
}

/**
 * Decode ONNX bytes into a plain object (int64 as numbers, bytes as Uint8Array). Unknown fields
 * (outside this subset) are skipped.
 *
 * @example
 * decodeOnnxModel(bytes).graph.input[0].name; // 'spectrum'
 */
export function decodeOnnxModel(bytes: Uint8Array): OnnxModel {
  const type = getModelType();
  return type.toObject(type.decode(bytes), { longs: Number, defaults: false, arrays: true }) as OnnxModel;
}

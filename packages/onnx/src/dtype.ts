import { TensorProto_DataType } from "./gen/onnx_pb.ts";

/** Element type of an exported graph's input, weights and outputs. */
export type OnnxDtype = "float64" | "float32";

/**
 * The ONNX `TensorProto.DataType` code of a plainnet dtype (11 = DOUBLE, 1 = FLOAT).
 *
 * @example
 * ```ts
 * onnxElementType("float64"); // 11
 * ```
 */
export function onnxElementType(dtype: OnnxDtype): number {
  return dtype === "float64" ? TensorProto_DataType.DOUBLE : TensorProto_DataType.FLOAT;
}

import { create } from "@bufbuild/protobuf";
import {
  type AttributeProto,
  AttributeProto_AttributeType,
  AttributeProtoSchema,
  type NodeProto,
  NodeProtoSchema,
  type TensorProto,
  TensorProto_DataType,
  TensorProtoSchema,
  type ValueInfoProto,
  ValueInfoProtoSchema,
} from "./gen/onnx_pb.ts";

/** One attribute value of {@link node}: a number is an int unless `float` wraps it. */
export type AttributeValue = number | bigint | string | { readonly float: number } | TensorProto;

/**
 * A float tensor of the given shape, little-endian in `raw_data` (exact to the bit).
 *
 * @example
 * ```ts
 * floatTensor("W0", [3, 2], new Float64Array(6), "float64");
 * ```
 */
export function floatTensor(
  name: string,
  dims: readonly number[],
  values: ArrayLike<number>,
  dtype: "float64" | "float32",
): TensorProto {
  const size = dtype === "float64" ? 8 : 4;
  const raw = new Uint8Array(values.length * size);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) {
    if (size === 8) view.setFloat64(i * 8, values[i]!, true);
    else view.setFloat32(i * 4, values[i]!, true);
  }
  return create(TensorProtoSchema, {
    name,
    dims: dims.map((d) => BigInt(d)),
    dataType: dtype === "float64" ? TensorProto_DataType.DOUBLE : TensorProto_DataType.FLOAT,
    rawData: raw,
  });
}

/**
 * An int64 tensor (shapes, class labels).
 *
 * @example
 * ```ts
 * int64Tensor("shape", [1], [-1]);
 * ```
 */
export function int64Tensor(
  name: string,
  dims: readonly number[],
  values: readonly number[],
): TensorProto {
  return create(TensorProtoSchema, {
    name,
    dims: dims.map((d) => BigInt(d)),
    dataType: TensorProto_DataType.INT64,
    int64Data: values.map((v) => BigInt(v)),
  });
}

/**
 * A string tensor (class labels), UTF-8 encoded.
 *
 * @example
 * ```ts
 * stringTensor("classes", ["cat", "dog"]);
 * ```
 */
export function stringTensor(name: string, values: readonly string[]): TensorProto {
  const enc = new TextEncoder();
  return create(TensorProtoSchema, {
    name,
    dims: [BigInt(values.length)],
    dataType: TensorProto_DataType.STRING,
    stringData: values.map((s) => enc.encode(s)),
  });
}

function attribute(name: string, value: AttributeValue): AttributeProto {
  if (typeof value === "number" || typeof value === "bigint") {
    return create(AttributeProtoSchema, {
      name,
      type: AttributeProto_AttributeType.INT,
      i: BigInt(value),
    });
  }
  if (typeof value === "string") {
    return create(AttributeProtoSchema, {
      name,
      type: AttributeProto_AttributeType.STRING,
      s: new TextEncoder().encode(value),
    });
  }
  if ("float" in value) {
    return create(AttributeProtoSchema, {
      name,
      type: AttributeProto_AttributeType.FLOAT,
      f: value.float,
    });
  }
  return create(AttributeProtoSchema, {
    name,
    type: AttributeProto_AttributeType.TENSOR,
    t: value,
  });
}

/**
 * A graph node of the default (`ai.onnx`) domain.
 *
 * @example
 * ```ts
 * node("Gemm", ["X", "W0", "b0"], ["Z0"], "gemm0", { transB: 1 });
 * ```
 */
export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  name: string,
  attributes: Readonly<Record<string, AttributeValue>> = {},
): NodeProto {
  return create(NodeProtoSchema, {
    opType,
    name,
    input: [...inputs],
    output: [...outputs],
    attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)),
  });
}

/**
 * A graph input or output: a tensor of `elemType` with dims, a string dim being symbolic.
 *
 * @example
 * ```ts
 * valueInfo("X", 11, ["N", 2]);
 * ```
 */
export function valueInfo(
  name: string,
  elemType: number,
  dims: readonly (number | string)[],
): ValueInfoProto {
  return create(ValueInfoProtoSchema, {
    name,
    type: {
      value: {
        case: "tensorType",
        value: {
          elemType,
          shape: {
            dim: dims.map((d) =>
              typeof d === "string"
                ? { value: { case: "dimParam" as const, value: d } }
                : { value: { case: "dimValue" as const, value: BigInt(d) } },
            ),
          },
        },
      },
    },
  });
}

// Malformed and unsupported models for fromONNX: each must fail with a typed error whose
// message says what is wrong, before allocating anything beyond plainnet's element limit.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Network, RandomState } from "@plainnet/core";
import { InvalidOnnxError, UnsupportedOnnxError } from "../src/errors.ts";
import {
  AttributeProto_AttributeType,
  AttributeProtoSchema,
  type ModelProto,
  ModelProtoSchema,
  NodeProtoSchema,
  TensorProto_DataLocation,
  TensorProto_DataType,
} from "../src/gen/onnx_pb.ts";
import { floatTensor, node, valueInfo } from "../src/graph-builder.ts";
import { toONNX } from "../src/to-onnx.ts";

/** One bad model: its bytes (or any value), the error class and a fragment of the message. */
export interface MalformedCase {
  readonly name: string;
  readonly bytes: () => unknown;
  readonly options?: { readonly maxBytes?: number };
  readonly error: abstract new (...args: never[]) => Error;
  readonly message: RegExp | string;
}

const base = (): Uint8Array =>
  toONNX(new Network([3, 4, 2], { activation: "relu", outputActivation: "softmax", seed: 1 }));
const baseF32 = (): Uint8Array =>
  toONNX(new Network([3, 4, 1], { activation: "tanh", seed: 1 }), { dtype: "float32" });

/** The base model decoded, changed by `edit`, encoded again. */
function edited(edit: (m: ModelProto) => void, bytes: Uint8Array = base()): Uint8Array {
  const m = fromBinary(ModelProtoSchema, bytes);
  edit(m);
  return toBinary(ModelProtoSchema, m);
}

const graphOf = (m: ModelProto) => m.graph!;
const init = (m: ModelProto, name: string) => graphOf(m).initializer.find((t) => t.name === name)!;

export const cases: MalformedCase[] = [
  {
    name: "empty bytes",
    bytes: () => new Uint8Array(0),
    error: InvalidOnnxError,
    message: "empty",
  },
  {
    name: "truncated to half",
    bytes: () => base().subarray(0, Math.floor(base().length / 2)),
    error: InvalidOnnxError,
    message: /not an ONNX model|no graph|reads|holds/,
  },
  {
    name: "truncated by one byte",
    bytes: () => base().subarray(0, base().length - 1),
    error: InvalidOnnxError,
    message: /does not decode|truncated|holds|no graph/,
  },
  {
    name: "a PNG file (wrong magic)",
    bytes: () => Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    error: InvalidOnnxError,
    message: "not an ONNX model",
  },
  {
    name: "a plainnet JSON document",
    bytes: () => new TextEncoder().encode(JSON.stringify(new Network([2, 3, 1]).toJSON())),
    error: InvalidOnnxError,
    message: "not an ONNX model",
  },
  {
    name: "random bytes",
    bytes: () => {
      const rng = new RandomState(3);
      return Uint8Array.from({ length: 300 }, () => Math.floor(rng.randomSample() * 256));
    },
    error: InvalidOnnxError,
    message: /not an ONNX model|ir_version|opset|no graph/,
  },
  {
    name: "not bytes (a string)",
    bytes: () => "model.onnx",
    error: TypeError,
    message: "Uint8Array",
  },
  {
    name: "larger than maxBytes",
    bytes: base,
    options: { maxBytes: 100 },
    error: InvalidOnnxError,
    message: "above maxBytes 100",
  },
  {
    name: "ir_version 0",
    bytes: () => edited((m) => void (m.irVersion = 0n)),
    error: InvalidOnnxError,
    message: "ir_version is 0",
  },
  {
    name: "no graph",
    bytes: () => edited((m) => void (m.graph = undefined)),
    error: InvalidOnnxError,
    message: "no graph",
  },
  {
    name: "opset 5",
    bytes: () => edited((m) => void (m.opsetImport[0]!.version = 5n)),
    error: InvalidOnnxError,
    message: "opset 5",
  },
  {
    name: "unsupported op (Conv)",
    bytes: () =>
      edited((m) => {
        graphOf(m).node.splice(1, 0, node("Conv", ["Z0", "W0"], ["C"], "conv1"));
      }),
    error: UnsupportedOnnxError,
    message: /"conv1" \(op type Conv\)/,
  },
  {
    name: "unsupported op in another domain (com.microsoft FusedGemm)",
    bytes: () =>
      edited((m) => {
        const g = graphOf(m);
        g.node[0] = create(NodeProtoSchema, {
          ...g.node[0]!,
          opType: "FusedGemm",
          domain: "com.microsoft",
        });
      }),
    error: UnsupportedOnnxError,
    message: "com.microsoft.FusedGemm",
  },
  {
    name: "Softmax over axis 0",
    bytes: () =>
      edited((m) => {
        const sm = graphOf(m).node.find((n) => n.opType === "Softmax")!;
        sm.attribute[0]!.i = 0n;
      }),
    error: UnsupportedOnnxError,
    message: "axis = 0",
  },
  {
    name: "LeakyRelu with alpha 0.2",
    bytes: () =>
      edited((m) => {
        const g = graphOf(m);
        const i = g.node.findIndex((n) => n.opType === "Relu");
        g.node[i] = node("LeakyRelu", ["Z0"], ["A0"], "leaky", { alpha: { float: 0.2 } });
      }),
    error: UnsupportedOnnxError,
    message: "alpha = 0.2",
  },
  {
    name: "shapes that do not chain (second weight has 5 inputs, not 4)",
    bytes: () =>
      edited((m) => {
        const g = graphOf(m);
        const i = g.initializer.findIndex((t) => t.name === "W1");
        g.initializer[i] = floatTensor("W1", [2, 5], new Float64Array(10), "float64");
      }),
    error: InvalidOnnxError,
    message: "shapes do not chain",
  },
  {
    name: "bias of the wrong length",
    bytes: () =>
      edited((m) => {
        const g = graphOf(m);
        const i = g.initializer.findIndex((t) => t.name === "b0");
        g.initializer[i] = floatTensor("b0", [7], new Float64Array(7), "float64");
      }),
    error: InvalidOnnxError,
    message: "bias of shape [7] to 4 units",
  },
  {
    name: "huge declared tensor (1e6 x 1e6, 32 bytes of data)",
    bytes: () => edited((m) => void (init(m, "W0").dims = [1_000_000n, 1_000_000n])),
    error: InvalidOnnxError,
    message: "above plainnet's limit of 50,000,000",
  },
  {
    name: "declared dimension beyond 2^53",
    bytes: () => edited((m) => void (init(m, "W0").dims = [2n ** 60n, 1n])),
    error: InvalidOnnxError,
    message: "invalid dimension",
  },
  {
    name: "negative dimension",
    bytes: () => edited((m) => void (init(m, "b0").dims = [-4n])),
    error: InvalidOnnxError,
    message: "invalid dimension -4",
  },
  {
    name: "shape [4, 3] but the data of 11 values",
    bytes: () =>
      edited((m) => {
        const t = init(m, "W0");
        t.rawData = t.rawData.subarray(0, 88);
      }),
    error: InvalidOnnxError,
    message: "holds 88 bytes",
  },
  {
    name: "NaN weight",
    bytes: () =>
      edited((m) => {
        const t = init(m, "W1");
        new DataView(t.rawData.buffer, t.rawData.byteOffset).setFloat64(8, Number.NaN, true);
      }),
    error: InvalidOnnxError,
    message: "non-finite value (NaN) at index 1",
  },
  {
    name: "infinite bias (float32 model)",
    bytes: () =>
      edited((m) => {
        const t = init(m, "b0");
        new DataView(t.rawData.buffer, t.rawData.byteOffset).setFloat32(0, -Infinity, true);
      }, baseF32()),
    error: InvalidOnnxError,
    message: "non-finite value (-Infinity)",
  },
  {
    name: "external data reference",
    bytes: () =>
      edited((m) => {
        const t = init(m, "W0");
        t.rawData = new Uint8Array(0);
        t.dataLocation = TensorProto_DataLocation.EXTERNAL;
        t.externalData = [
          { $typeName: "onnx.StringStringEntryProto", key: "location", value: "weights.bin" },
        ];
      }),
    error: InvalidOnnxError,
    message: 'external file ("weights.bin")',
  },
  {
    name: "a node reading an undefined value",
    bytes: () => edited((m) => void (graphOf(m).node[1]!.input[0] = "nowhere")),
    error: InvalidOnnxError,
    message: '"nowhere", which no earlier node',
  },
  {
    name: "two data inputs",
    bytes: () =>
      edited(
        (m) => void graphOf(m).input.push(valueInfo("Y", TensorProto_DataType.DOUBLE, ["N", 3])),
      ),
    error: InvalidOnnxError,
    message: "found 2",
  },
  {
    name: "input of rank 3",
    bytes: () =>
      edited((m) => {
        graphOf(m).input[0] = valueInfo("X", TensorProto_DataType.DOUBLE, ["N", 3, 3]);
      }),
    error: InvalidOnnxError,
    message: "rank 3",
  },
  {
    name: "int64 weights",
    bytes: () =>
      edited((m) => {
        const t = init(m, "W0");
        t.dataType = TensorProto_DataType.INT64;
      }),
    error: InvalidOnnxError,
    message: "element type INT64",
  },
  {
    name: "float and double weights mixed",
    bytes: () =>
      edited((m) => {
        const g = graphOf(m);
        const i = g.initializer.findIndex((t) => t.name === "b0");
        g.initializer[i] = floatTensor("b0", [4], new Float64Array(4), "float32");
      }),
    error: InvalidOnnxError,
    message: "is FLOAT but earlier weights are DOUBLE",
  },
  {
    name: "a weight that is not a constant",
    bytes: () => edited((m) => void (graphOf(m).node[0]!.input[1] = "X")),
    error: UnsupportedOnnxError,
    message: "is not a constant",
  },
  {
    name: "Gemm with alpha 2",
    bytes: () =>
      edited((m) => {
        graphOf(m).node[0]!.attribute.push(
          create(AttributeProtoSchema, {
            name: "alpha",
            type: AttributeProto_AttributeType.FLOAT,
            f: 2,
          }),
        );
      }),
    error: UnsupportedOnnxError,
    message: "alpha = 2",
  },
  {
    name: "an activation without a dense layer",
    bytes: () => edited((m) => void graphOf(m).node.unshift(node("Relu", ["X"], ["R"], "first"))),
    error: UnsupportedOnnxError,
    message: "must follow a dense layer",
  },
  {
    name: "a graph output not computed from the layers",
    bytes: () =>
      edited(
        (m) => void graphOf(m).output.push(valueInfo("other", TensorProto_DataType.DOUBLE, ["N"])),
      ),
    error: InvalidOnnxError,
    message: 'graph output "other"',
  },
  {
    name: "metadata architecture that contradicts the graph",
    bytes: () =>
      edited((m) => {
        const e = m.metadataProps.find((p) => p.key === "plainnet.architecture")!;
        e.value = JSON.stringify([{ inputDim: 3, outputDim: 9, activation: "relu" }]);
      }),
    error: InvalidOnnxError,
    message: "does not match the graph's layers",
  },
  {
    name: "metadata that is not JSON",
    bytes: () =>
      edited((m) => void (m.metadataProps.find((p) => p.key === "plainnet.loss")!.value = "{oops")),
    error: InvalidOnnxError,
    message: 'metadata "plainnet.loss" is not valid JSON',
  },
  {
    name: "a sparse initializer",
    bytes: () =>
      edited((m) => {
        graphOf(m).sparseInitializer.push({
          $typeName: "onnx.SparseTensorProto",
          values: floatTensor("S", [1], [1], "float64"),
          dims: [1n],
        });
      }),
    error: InvalidOnnxError,
    message: "sparse initializer",
  },
];

import { fromBinary } from "@bufbuild/protobuf";
import { InvalidOnnxError } from "./errors.ts";
import {
  type GraphProto,
  type ModelProto,
  ModelProtoSchema,
  type TensorProto,
  type ValueInfoProto,
} from "./gen/onnx_pb.ts";

/** A decoded model whose header, graph and input have been checked. */
export interface DecodedModel {
  readonly model: ModelProto;
  readonly ir: number;
  readonly opsetVersion: number;
  readonly graph: GraphProto;
  /** The initializers by name. */
  readonly consts: ReadonlyMap<string, TensorProto>;
  /** The one data input (samples x features). */
  readonly input: ValueInfoProto;
  /** Its declared number of features, when the shape gives one. */
  readonly declared: number | undefined;
}

/**
 * Decodes an ONNX model's bytes (at most `maxBytes`) and checks what every import needs: a
 * protobuf that decodes, a known IR version (3 to 14), `ai.onnx` opset 7 or later, a graph
 * with nodes and no sparse initializers, and exactly one data input of rank 2. Throws an
 * `InvalidOnnxError` saying what is wrong.
 *
 * @example
 * ```ts
 * decodeModel(bytes, 2 ** 30).input.name; // "X"
 * ```
 */
export function decodeModel(bytes: Uint8Array, maxBytes: number): DecodedModel {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(
      `fromONNX: expected the model's bytes as a Uint8Array, got ${bytes === null ? "null" : typeof bytes}`,
    );
  }
  if (!(Number.isSafeInteger(maxBytes) && maxBytes > 0)) {
    throw new RangeError(`fromONNX: maxBytes must be a positive integer, got ${String(maxBytes)}`);
  }
  if (bytes.length === 0) throw new InvalidOnnxError("fromONNX: the model is empty (0 bytes)");
  if (bytes.length > maxBytes) {
    throw new InvalidOnnxError(
      `fromONNX: the model has ${bytes.length} bytes, above maxBytes ${maxBytes}`,
    );
  }
  let model: ReturnType<typeof fromBinary<typeof ModelProtoSchema>>;
  try {
    model = fromBinary(ModelProtoSchema, bytes, { readUnknownFields: false });
  } catch (e) {
    throw new InvalidOnnxError(
      `fromONNX: not an ONNX model: the protobuf does not decode (${e instanceof Error ? e.message : String(e)}); is the file truncated or of another format?`,
    );
  }
  const ir = Number(model.irVersion);
  if (!(ir >= 3 && ir <= 14)) {
    throw new InvalidOnnxError(
      `fromONNX: not an ONNX model of a known IR version: ir_version is ${ir} (expected 3 to 14)`,
    );
  }
  const opset = model.opsetImport.find((o) => o.domain === "" || o.domain === "ai.onnx");
  const opsetVersion = opset === undefined ? 0 : Number(opset.version);
  if (!(opsetVersion >= 7)) {
    throw new InvalidOnnxError(
      `fromONNX: the model imports ai.onnx opset ${opsetVersion}; opset 7 or later is needed`,
    );
  }
  const graph = model.graph;
  if (graph === undefined || graph.node.length === 0) {
    throw new InvalidOnnxError("fromONNX: the model has no graph (or a graph without nodes)");
  }
  if (graph.sparseInitializer.length > 0) {
    throw new InvalidOnnxError(
      `fromONNX: sparse initializer ${JSON.stringify(graph.sparseInitializer[0]!.values?.name ?? "")} is not supported`,
    );
  }
  const consts = new Map<string, TensorProto>();
  for (const t of graph.initializer) consts.set(t.name, t);
  const inputs = graph.input.filter((v) => !consts.has(v.name));
  if (inputs.length !== 1) {
    throw new InvalidOnnxError(
      `fromONNX: expected one input (samples x features), found ${inputs.length}: ${inputs.map((v) => JSON.stringify(v.name)).join(", ")}`,
    );
  }
  const input = inputs[0]!;
  const tt = input.type?.value.case === "tensorType" ? input.type.value.value : undefined;
  if (tt === undefined) {
    throw new InvalidOnnxError(`fromONNX: input ${JSON.stringify(input.name)} is not a tensor`);
  }
  const dims = tt.shape?.dim ?? [];
  if (tt.shape !== undefined && dims.length !== 2) {
    throw new InvalidOnnxError(
      `fromONNX: input ${JSON.stringify(input.name)} has rank ${dims.length}; expected samples x features (rank 2)`,
    );
  }
  const declared = dims[1]?.value.case === "dimValue" ? Number(dims[1].value.value) : undefined;
  if (declared !== undefined && !(declared >= 1)) {
    throw new InvalidOnnxError(
      `fromONNX: input ${JSON.stringify(input.name)} declares ${declared} features`,
    );
  }

  return { model, ir, opsetVersion, graph, consts, input, declared };
}

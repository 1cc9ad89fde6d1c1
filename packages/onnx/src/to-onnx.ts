import { create, toBinary } from "@bufbuild/protobuf";
import { getActivation, LEAKY_RELU_ALPHA } from "@plainnet/core";
import { type OnnxDtype, onnxElementType } from "./dtype.ts";
import {
  GraphProtoSchema,
  ModelProtoSchema,
  type NodeProto,
  type TensorProto,
} from "./gen/onnx_pb.ts";
import { floatTensor, int64Tensor, node, stringTensor, valueInfo } from "./graph-builder.ts";
import { metadataOf } from "./metadata.ts";
import { type ExportableNetwork, networkExtras } from "./network-extras.ts";
import { IR_VERSION, OPSET_VERSION, PRODUCER_NAME, VERSION } from "./version.ts";

/** Options of {@link toONNX}. */
export interface ToOnnxOptions {
  /**
   * Element type of the graph's input, weights and outputs. Default: the network's `dtype`
   * (`"float64"` unless it trains in float32). float32 rounds every weight once.
   */
  readonly dtype?: OnnxDtype;
  /** Name of the graph's input; default `"X"`. */
  readonly inputName?: string;
  /** The graph's name; default `"plainnet"`. */
  readonly graphName?: string;
}

/**
 * Names of the exported graph's outputs.
 *
 * @example
 * ```ts
 * (await session.run({ X }))[OUTPUT_NAMES.probabilities]; // as net.predictProba
 * ```
 */
export const OUTPUT_NAMES: {
  readonly probabilities: "probabilities";
  readonly label: "label";
  readonly regression: "variable";
} = Object.freeze({ probabilities: "probabilities", label: "label", regression: "variable" });

function engineDtype(net: ExportableNetwork): OnnxDtype {
  return net.engine.endsWith("-f32") ? "float32" : "float64";
}

/**
 * Class labels of a classifier: the network's own (`net.classes`) when it has them, else
 * 0..k-1 (0/1 for a binary network).
 *
 * @example
 * ```ts
 * classLabels(new Network([2, 4, 3]), null); // [0, 1, 2]
 * ```
 */
export function classLabels(
  net: ExportableNetwork,
  saved: readonly (string | number)[] | null,
): readonly (string | number)[] {
  if (saved !== null && saved.length > 0) return saved;
  return net.task === "binary" ? [0, 1] : Array.from({ length: net.outputSize }, (_, i) => i);
}

function labelTensor(name: string, classes: readonly (string | number)[]): TensorProto {
  if (classes.every((c) => typeof c === "string")) return stringTensor(name, classes as string[]);
  if (classes.every((c) => typeof c === "number" && Number.isSafeInteger(c))) {
    return int64Tensor(name, [classes.length], classes as number[]);
  }
  return floatTensor(name, [classes.length], classes as number[], "float64");
}

const check = (where: string, cond: boolean, message: string): void => {
  if (!cond) throw new RangeError(`${where}: ${message}`);
};

/**
 * Writes a network as an ONNX model (IR version {@link IR_VERSION}, `ai.onnx` opset
 * {@link OPSET_VERSION}): input `X` (samples x features, raw features — the network's
 * scaler runs inside the graph: `Sub` + `Div` for a standard scaler, `Mul` + `Add` for a
 * min-max one), one `Gemm` per layer with its activation (`Relu`,
 * `LeakyRelu` alpha 0.01, `Tanh`, `Sigmoid`, `Softmax` on axis 1; linear adds no node), and
 * the outputs `probabilities` and `label` for a classifier or `variable` for a regression.
 * `probabilities` equals `net.predictProba` (one column for a binary network, as plainnet
 * gives), `label` the predicted class (the network's class labels; strings stay strings).
 * The architecture, loss and training record are saved in the model's metadata, so
 * `fromONNX` restores the same network.
 *
 * @example
 * ```ts
 * import { InferenceSession, Tensor } from "onnxruntime-node";
 * const session = await InferenceSession.create(toONNX(net));
 * const out = await session.run({ X: new Tensor("float64", Float64Array.from([0.5, -0.2]), [1, 2]) });
 * out.probabilities.data; // as net.predictProba([[0.5, -0.2]])
 * ```
 */
export function toONNX(net: ExportableNetwork, options: ToOnnxOptions = {}): Uint8Array {
  const where = "toONNX";
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${where}: options must be an object, got ${String(options)}`);
  }
  const known = ["relu", "leakyRelu", "tanh", "sigmoid", "linear", "softmax"];
  net.architecture.forEach((layer, i) => {
    if (
      !known.includes(layer.activation.name) ||
      getActivation(layer.activation.name) !== layer.activation
    ) {
      throw new TypeError(
        `${where}: layer ${i} uses a custom activation ${JSON.stringify(layer.activation.name)}, which ONNX cannot express; use a built-in activation`,
      );
    }
  });
  const extras = networkExtras(net);
  if (extras.scale !== null && extras.scaler === null) {
    throw new RangeError(
      `${where}: the network scales its inputs (scale "${extras.scale}") but has not been fitted yet, so it has no scaler to export; call fit first`,
    );
  }
  const dtype = options.dtype ?? extras.dtype ?? engineDtype(net);
  check(
    where,
    dtype === "float64" || dtype === "float32",
    `dtype must be "float64" or "float32", got ${JSON.stringify(dtype)}`,
  );
  const inputName = options.inputName ?? "X";
  check(
    where,
    typeof inputName === "string" && inputName.length > 0,
    `inputName must be a non-empty string, got ${JSON.stringify(inputName)}`,
  );
  const elem = onnxElementType(dtype);
  const nodes: NodeProto[] = [];
  const inits: TensorProto[] = [];
  const arch = net.architecture;
  const params = net.params;
  const task = net.task;
  const last = arch.length - 1;
  const finalName = task === "regression" ? OUTPUT_NAMES.regression : OUTPUT_NAMES.probabilities;

  let h = inputName;
  const sc = extras.scaler;
  if (sc !== null) {
    const d = net.inputSize;
    const step = (op: string, values: Float64Array, name: string): void => {
      inits.push(floatTensor(name, [d], values, dtype));
      nodes.push(node(op, [h, name], [`${name}_out`], `scaler_${name}`));
      h = `${name}_out`;
    };
    if (sc.kind === "standard") {
      if (sc.mean !== null) step("Sub", sc.mean, "scaler_mean");
      if (sc.scale !== null) step("Div", sc.scale, "scaler_scale");
    } else {
      step("Mul", sc.scale, "scaler_scale");
      step("Add", sc.min, "scaler_min");
    }
  }
  arch.forEach((layer, i) => {
    const p = params[i]!;
    const act = layer.activation.name;
    inits.push(floatTensor(`W${i}`, [layer.outputDim, layer.inputDim], p.W.data, dtype));
    inits.push(floatTensor(`b${i}`, [layer.outputDim], p.b.data, dtype));
    const z = i === last && act === "linear" ? finalName : `Z${i}`;
    nodes.push(node("Gemm", [h, `W${i}`, `b${i}`], [z], `dense${i}`, { transB: 1 }));
    const a = i === last ? finalName : `A${i}`;
    switch (act) {
      case "linear":
        h = z;
        return;
      case "relu":
        nodes.push(node("Relu", [z], [a], `relu${i}`));
        break;
      case "leakyRelu":
        if (dtype === "float32") {
          nodes.push(
            node("LeakyRelu", [z], [a], `leakyRelu${i}`, { alpha: { float: LEAKY_RELU_ALPHA } }),
          );
        } else {
          // LeakyRelu's alpha attribute is a float32 (0.00999999977...): in float64 the slope
          // is max(z, 0.01 z) with 0.01 as a double, exactly plainnet's z > 0 ? z : 0.01 z.
          inits.push(floatTensor(`alpha${i}`, [], [LEAKY_RELU_ALPHA], dtype));
          nodes.push(node("Mul", [z, `alpha${i}`], [`S${i}`], `leakySlope${i}`));
          nodes.push(node("Max", [z, `S${i}`], [a], `leakyRelu${i}`));
        }
        break;
      case "tanh":
        nodes.push(node("Tanh", [z], [a], `tanh${i}`));
        break;
      case "sigmoid":
        nodes.push(node("Sigmoid", [z], [a], `sigmoid${i}`));
        break;
      case "softmax":
        nodes.push(node("Softmax", [z], [a], `softmax${i}`, { axis: 1 }));
        break;
      default:
        throw new TypeError(
          `${where}: layer ${i} uses a custom activation ${JSON.stringify(act)}, which ONNX cannot express; use a built-in activation`,
        );
    }
    h = a;
  });

  const k = net.outputSize;
  const outputs = [valueInfo(finalName, elem, ["N", k])];
  if (task === "binary" || task === "multiclass") {
    const classes = classLabels(net, extras.classes);
    const labels = labelTensor("classes", classes);
    inits.push(labels);
    if (task === "binary") {
      inits.push(floatTensor("half", [], [0.5], dtype));
      inits.push(int64Tensor("flat", [1], [-1]));
      nodes.push(node("Greater", [finalName, "half"], ["positive"], "threshold"));
      nodes.push(node("Cast", ["positive"], ["positive_int"], "to_index", { to: 7 }));
      nodes.push(node("Reshape", ["positive_int", "flat"], ["class_index"], "flatten"));
    } else {
      nodes.push(node("ArgMax", [finalName], ["class_index"], "argmax", { axis: 1, keepdims: 0 }));
    }
    nodes.push(
      node("Gather", ["classes", "class_index"], [OUTPUT_NAMES.label], "class_label", { axis: 0 }),
    );
    outputs.push(valueInfo(OUTPUT_NAMES.label, labels.dataType, ["N"]));
  } else if (task === "multilabel") {
    inits.push(floatTensor("half", [], [0.5], dtype));
    nodes.push(node("Greater", [finalName, "half"], ["positive"], "threshold"));
    nodes.push(node("Cast", ["positive"], [OUTPUT_NAMES.label], "to_label", { to: 7 }));
    outputs.push(valueInfo(OUTPUT_NAMES.label, 7, ["N", k]));
  }

  const graph = create(GraphProtoSchema, {
    name: options.graphName ?? "plainnet",
    node: nodes,
    initializer: inits,
    input: [valueInfo(inputName, elem, ["N", net.inputSize])],
    output: outputs,
  });
  const model = create(ModelProtoSchema, {
    irVersion: BigInt(IR_VERSION),
    opsetImport: [{ domain: "", version: BigInt(OPSET_VERSION) }],
    producerName: PRODUCER_NAME,
    producerVersion: VERSION,
    docString: `A plainnet ${task} network ${[net.inputSize, ...arch.map((l) => l.outputDim)].join("-")} (${dtype}).`,
    graph,
    metadataProps: metadataOf(net, dtype, extras),
  });
  return toBinary(ModelProtoSchema, model);
}

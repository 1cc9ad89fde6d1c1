import type { ActivationName } from "@plainnet/core";
import { decodeModel } from "./decode-model.ts";
import type { OnnxDtype } from "./dtype.ts";
import { InvalidOnnxError, UnsupportedOnnxError } from "./errors.ts";
import { type AttributeProto, type NodeProto, TensorProto_DataType } from "./gen/onnx_pb.ts";
import { checkOnnxElements } from "./limits.ts";
import { dataTypeName, floatValues, labelValues } from "./tensor-data.ts";

/** One dense layer read from a graph: W is outputDim x inputDim, row-major. */
export interface ImportedLayer {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly activation: ActivationName;
  readonly W: Float64Array;
  readonly b: Float64Array;
}

/** A scaler in front of the first layer: `(x - mean) / scale` or `x * scale + min`. */
export type ImportedScaler =
  | {
      readonly kind: "standard";
      readonly mean: Float64Array | null;
      readonly scale: Float64Array | null;
    }
  | { readonly kind: "minmax"; readonly scale: Float64Array; readonly min: Float64Array };

/** What {@link readONNX} finds in a model. */
export interface ImportedModel {
  readonly producerName: string;
  readonly producerVersion: string;
  readonly irVersion: number;
  readonly opsetVersion: number;
  /** Element type of the weights. */
  readonly dtype: OnnxDtype;
  readonly inputName: string;
  readonly scaler: ImportedScaler | null;
  readonly layers: readonly ImportedLayer[];
  /** Class labels of a classifier's label output (null for a regression). */
  readonly classes: readonly (string | number)[] | null;
  /** The model's `metadata_props`. */
  readonly metadata: Readonly<Record<string, string>>;
}

/** Options of {@link readONNX} and `fromONNX`. */
export interface ReadOnnxOptions {
  /** Largest model accepted, in bytes; default 1 GiB. */
  readonly maxBytes?: number;
}

const ML = "ai.onnx.ml";
const LEAKY_ALPHAS = [0.01, Math.fround(0.01)];

interface Pending {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly W: Float64Array;
  b: Float64Array | null;
}

/**
 * Parses an ONNX model and reads the multilayer perceptron in it: the chain of dense layers
 * (`Gemm`, or `MatMul` + `Add`) with their activations (`Relu`, `LeakyRelu` with alpha 0.01
 * or plainnet's float64 form `Max(z, Mul(z, 0.01))`, `Tanh`, `Sigmoid`, `Softmax` on the last
 * axis, `Identity`), a scaler in front (`Sub`+`Div` or `Mul`+`Add` by constant vectors), and a
 * classifier's post-processing (skl2onnx's `Sub`/`Concat` two-column probabilities, `ArgMax`,
 * `ArrayFeatureExtractor` or `Gather` of the class labels, `Reshape`, `Cast`, `ZipMap`;
 * plainnet's `Greater` threshold). Anything else throws an {@link UnsupportedOnnxError} naming
 * the node and its op type; a malformed model an {@link InvalidOnnxError}.
 *
 * @example
 * ```ts
 * const model = readONNX(bytes);
 * model.layers.map((l) => l.activation); // ["relu", "relu", "sigmoid"]
 * ```
 */
export function readONNX(bytes: Uint8Array, options: ReadOnnxOptions = {}): ImportedModel {
  const { model, ir, opsetVersion, graph, consts, input, declared } = decodeModel(
    bytes,
    options.maxBytes ?? 2 ** 30,
  );
  const defined = new Set<string>([input.name, ...consts.keys()]);
  let cur = input.name;
  let width = declared;
  let pending: Pending | null = null;
  let slope: { name: string; alpha: number } | null = null;
  let scaler: {
    kind: "standard" | "minmax";
    a: Float64Array | null;
    b: Float64Array | null;
  } | null = null;
  const inFront = (): boolean => layers.length === 0 && pending === null;
  // Earlier names of the chain's current value (an Identity, Cast or Reshape renames it).
  const aliases = new Set<string>();
  const isFinal = (name: string): boolean => name === cur || aliases.has(name);
  const rename = (to: string): void => {
    aliases.add(cur);
    cur = to;
  };
  let weightType: number | null = null;
  let total = 0;
  const layers: ImportedLayer[] = [];
  const head = new Set<string>(); // values derived from the network's output
  let negative: string | null = null;
  let classes: (string | number)[] | null = null;

  const close = (activation: ActivationName): void => {
    const p = pending!;
    const b = p.b ?? new Float64Array(p.outputDim);
    layers.push({ inputDim: p.inputDim, outputDim: p.outputDim, activation, W: p.W, b });
    pending = null;
  };

  graph.node.forEach((n: NodeProto, index: number) => {
    const label = n.name === "" ? `#${index}` : n.name;
    const op = n.domain === "" || n.domain === "ai.onnx" ? n.opType : `${n.domain}.${n.opType}`;
    const where = `node ${JSON.stringify(label)} (${op})`;
    const unsupported = (detail: string): UnsupportedOnnxError =>
      new UnsupportedOnnxError(label, op, detail);
    for (const name of n.input) {
      if (name !== "" && !defined.has(name)) {
        throw new InvalidOnnxError(
          `fromONNX: ${where} reads ${JSON.stringify(name)}, which no earlier node, input or initializer defines`,
        );
      }
    }
    if (n.output.length === 0 || n.output[0] === "") {
      throw new InvalidOnnxError(`fromONNX: ${where} has no output`);
    }
    const out = n.output[0]!;
    const x = n.input[0] ?? "";
    const y = n.input[1] ?? "";
    const constant = (name: string, what: string): Float64Array => {
      const t = consts.get(name);
      if (t === undefined)
        throw unsupported(`its ${what} ${JSON.stringify(name)} is not a constant`);
      const v = floatValues(t, `initializer ${JSON.stringify(name)} (${what} of ${where})`);
      if (weightType !== null && t.dataType !== weightType) {
        throw new InvalidOnnxError(
          `fromONNX: initializer ${JSON.stringify(name)} is ${dataTypeName(t.dataType)} but earlier weights are ${dataTypeName(weightType)}`,
        );
      }
      weightType = t.dataType;
      total += v.data.length;
      checkOnnxElements("the model's weights together", total);
      return v.data;
    };
    const weight = (name: string): { dims: readonly number[]; data: Float64Array } => {
      const t = consts.get(name);
      if (t === undefined)
        throw unsupported(`its weight ${JSON.stringify(name)} is not a constant`);
      const d = constant(name, "weight");
      return { dims: t.dims.map(Number), data: d };
    };
    const chainIn = (): void => {
      if (x !== cur) {
        throw unsupported(
          `it reads ${JSON.stringify(x)}, but the layer chain's current value is ${JSON.stringify(cur)} (only a single chain of dense layers is imported)`,
        );
      }
    };
    const attr = (name: string): AttributeProto | undefined =>
      n.attribute.find((a) => a.name === name);
    const intAttr = (name: string, dflt: number): number => {
      const a = attr(name);
      return a === undefined ? dflt : Number(a.i);
    };
    const beginLayer = (inDim: number, outDim: number, W: Float64Array): void => {
      if (width !== undefined && inDim !== width) {
        throw new InvalidOnnxError(
          `fromONNX: shapes do not chain: ${where} multiplies ${width} features by a weight of ${inDim} rows`,
        );
      }
      if (pending !== null) close("linear");
      pending = { inputDim: inDim, outputDim: outDim, W, b: null };
      width = outDim;
    };
    const setBias = (b: Float64Array, dimsOf: readonly number[]): void => {
      const p = pending!;
      if (b.length !== p.outputDim || dimsOf.some((d, i) => i < dimsOf.length - 1 && d !== 1)) {
        throw new InvalidOnnxError(
          `fromONNX: shapes do not chain: ${where} adds a bias of shape [${dimsOf.join(", ")}] to ${p.outputDim} units`,
        );
      }
      p.b = b;
    };
    const activate = (name: ActivationName): void => {
      chainIn();
      if (pending === null) {
        throw unsupported("an activation must follow a dense layer (Gemm or MatMul + Add)");
      }
      close(name);
      aliases.clear();
      cur = out;
    };

    switch (op) {
      case "Cast": {
        const to = intAttr("to", 0);
        if (
          x === cur &&
          (to === TensorProto_DataType.FLOAT || to === TensorProto_DataType.DOUBLE)
        ) {
          rename(out);
        } else if (head.has(x)) head.add(out);
        else throw unsupported(`a cast to ${dataTypeName(to)} of ${JSON.stringify(x)}`);
        break;
      }
      case "MatMul": {
        chainIn();
        const W = weight(y);
        if (W.dims.length !== 2) {
          throw new InvalidOnnxError(
            `fromONNX: ${where} multiplies by a weight of rank ${W.dims.length}; expected a matrix`,
          );
        }
        const [rows, cols] = W.dims as [number, number];
        const Wt = new Float64Array(rows * cols);
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < cols; j++) Wt[j * rows + i] = W.data[i * cols + j]!;
        }
        beginLayer(rows, cols, Wt);
        aliases.clear();
        cur = out;
        break;
      }
      case "Gemm": {
        chainIn();
        if (intAttr("transA", 0) !== 0) throw unsupported("transA = 1");
        for (const k of ["alpha", "beta"]) {
          const a = attr(k);
          if (a !== undefined && a.f !== 1) throw unsupported(`${k} = ${a.f} (only 1 is imported)`);
        }
        const W = weight(y);
        if (W.dims.length !== 2) {
          throw new InvalidOnnxError(`fromONNX: ${where} has a weight of rank ${W.dims.length}`);
        }
        const transB = intAttr("transB", 0);
        let [rows, cols] = W.dims as [number, number];
        let Wo = W.data;
        if (transB === 0) {
          Wo = new Float64Array(rows * cols);
          for (let i = 0; i < rows; i++) {
            for (let j = 0; j < cols; j++) Wo[j * rows + i] = W.data[i * cols + j]!;
          }
        } else [rows, cols] = [cols, rows];
        beginLayer(rows, cols, Wo);
        const c = n.input[2] ?? "";
        if (c !== "") setBias(constant(c, "bias"), consts.get(c)!.dims.map(Number));
        aliases.clear();
        cur = out;
        break;
      }
      case "Add": {
        if (pending !== null && pending.b === null && (x === cur || y === cur)) {
          const c = x === cur ? y : x;
          setBias(constant(c, "bias"), consts.get(c)?.dims.map(Number) ?? []);
          aliases.clear();
          cur = out;
        } else if (inFront() && scaler?.kind === "minmax" && scaler.b === null) {
          chainIn();
          scaler.b = constant(y, "offset");
          aliases.clear();
          cur = out;
        } else throw unsupported("an addition outside a dense layer or a min-max scaler");
        break;
      }
      case "Sub": {
        const t = consts.get(x);
        if (isFinal(y) && t !== undefined && pending === null && layers.length > 0) {
          const one = constant(x, "minuend");
          if (one.length !== 1 || one[0] !== 1)
            throw unsupported("a subtraction from a value other than 1");
          negative = out;
        } else if (inFront() && scaler === null) {
          chainIn();
          scaler = { kind: "standard", a: constant(y, "mean"), b: null };
          aliases.clear();
          cur = out;
        } else
          throw unsupported(
            "a subtraction outside a standard scaler or a binary classifier's 1 - p",
          );
        break;
      }
      case "Div": {
        if (inFront() && (scaler === null || (scaler.kind === "standard" && scaler.b === null))) {
          chainIn();
          if (scaler === null) scaler = { kind: "standard", a: null, b: null };
          scaler.b = constant(y, "scale");
          aliases.clear();
          cur = out;
        } else throw unsupported("a division outside a standard scaler");
        break;
      }
      case "Mul": {
        if (pending !== null && x === cur) {
          const a = constant(y, "slope");
          if (a.length !== 1) throw unsupported("a multiplication by more than one value");
          slope = { name: out, alpha: a[0]! };
        } else if (inFront() && scaler === null) {
          chainIn();
          scaler = { kind: "minmax", a: constant(y, "scale"), b: null };
          aliases.clear();
          cur = out;
        } else throw unsupported("a multiplication outside a min-max scaler or a leaky ReLU");
        break;
      }
      case "Max": {
        const s = slope as { name: string; alpha: number } | null;
        if (
          s === null ||
          n.input.length !== 2 ||
          !n.input.includes(s.name) ||
          !n.input.includes(cur)
        ) {
          throw unsupported("a maximum other than a leaky ReLU's max(z, 0.01 z)");
        }
        if (s.alpha !== 0.01)
          throw unsupported(`a leaky ReLU slope of ${s.alpha} (plainnet's is 0.01)`);
        slope = null;
        activate("leakyRelu");
        break;
      }
      case "Relu":
        activate("relu");
        break;
      case "Tanh":
        activate("tanh");
        break;
      case "Sigmoid":
        activate("sigmoid");
        break;
      case "LeakyRelu": {
        const a = attr("alpha")?.f ?? 0.01;
        if (!LEAKY_ALPHAS.includes(a))
          throw unsupported(`alpha = ${a} (plainnet's leaky ReLU has 0.01)`);
        activate("leakyRelu");
        break;
      }
      case "Softmax": {
        const axis = intAttr("axis", opsetVersion >= 13 ? -1 : 1);
        if (axis !== 1 && axis !== -1) throw unsupported(`axis = ${axis} (only the class axis, 1)`);
        activate("softmax");
        break;
      }
      case "Identity":
        if (x === cur) rename(out);
        else if (head.has(x)) head.add(out);
        else throw unsupported(`an identity of ${JSON.stringify(x)}`);
        break;
      case "Reshape":
        if (x === cur) {
          const shape = consts.has(y) ? labelValues(consts.get(y)!, `shape of ${where}`) : null;
          if (shape === null || shape.length !== 2 || (shape[1] !== width && shape[1] !== -1)) {
            throw unsupported("a reshape of the layer chain other than to samples x units");
          }
          rename(out);
        } else if (head.has(x)) head.add(out);
        else throw unsupported(`a reshape of ${JSON.stringify(x)}`);
        break;
      case "Concat": {
        const axis = intAttr("axis", 0);
        if (
          negative === null ||
          n.input.length !== 2 ||
          n.input[0] !== negative ||
          !isFinal(n.input[1] ?? "") ||
          (axis !== 1 && axis !== -1)
        ) {
          throw unsupported("a concatenation other than a binary classifier's [1 - p, p]");
        }
        head.add(out);
        break;
      }
      case "ArgMax": {
        const axis = intAttr("axis", 0);
        if (!(isFinal(x) || head.has(x)) || (axis !== 1 && axis !== -1)) {
          throw unsupported("an argmax other than over the class probabilities (axis 1)");
        }
        head.add(out);
        break;
      }
      case "Greater": {
        const t = consts.get(y);
        const half = t === undefined ? null : floatValues(t, `threshold of ${where}`).data;
        if (!isFinal(x) || half === null || half.length !== 1 || half[0] !== 0.5) {
          throw unsupported("a comparison other than the probability threshold p > 0.5");
        }
        head.add(out);
        break;
      }
      case `${ML}.ArrayFeatureExtractor`:
      case "Gather": {
        const t = consts.get(x);
        if (t === undefined || !head.has(y)) {
          throw unsupported("a lookup other than of the class labels by the predicted index");
        }
        classes = labelValues(t, `class labels ${JSON.stringify(x)}`);
        head.add(out);
        break;
      }
      case `${ML}.ZipMap`:
      case `${ML}.Binarizer`:
        if (!(isFinal(x) || head.has(x))) throw unsupported(`it reads ${JSON.stringify(x)}`);
        head.add(out);
        break;
      default:
        throw unsupported(
          "not part of a multilayer perceptron (dense layers: Gemm or MatMul + Add; activations Relu, LeakyRelu, Tanh, Sigmoid, Softmax)",
        );
    }
    for (const o of n.output) if (o !== "") defined.add(o);
  });

  if (pending !== null) close("linear");
  if (layers.length === 0) {
    throw new InvalidOnnxError("fromONNX: the graph has no dense layer (Gemm or MatMul)");
  }
  for (const o of graph.output) {
    if (!isFinal(o.name) && !head.has(o.name)) {
      throw new InvalidOnnxError(
        `fromONNX: graph output ${JSON.stringify(o.name)} is not computed from the network's layers`,
      );
    }
  }
  const sc = scaler as {
    kind: "standard" | "minmax";
    a: Float64Array | null;
    b: Float64Array | null;
  } | null;
  let importedScaler: ImportedScaler | null = null;
  if (sc !== null) {
    const d = layers[0]!.inputDim;
    const parts = [sc.a, sc.b].filter((v): v is Float64Array => v !== null);
    if ((sc.kind === "minmax" && parts.length !== 2) || parts.some((v) => v.length !== d)) {
      throw new InvalidOnnxError(
        `fromONNX: the scaler in front of the first layer is incomplete or does not have ${d} features`,
      );
    }
    importedScaler =
      sc.kind === "standard"
        ? { kind: "standard", mean: sc.a, scale: sc.b }
        : { kind: "minmax", scale: sc.a!, min: sc.b! };
  }
  const metadata: Record<string, string> = {};
  for (const e of model.metadataProps) metadata[e.key] = e.value;
  return {
    producerName: model.producerName,
    producerVersion: model.producerVersion,
    irVersion: ir,
    opsetVersion,
    dtype: weightType === TensorProto_DataType.FLOAT ? "float32" : "float64",
    inputName: input.name,
    scaler: importedScaler,
    layers,
    classes,
    metadata,
  };
}

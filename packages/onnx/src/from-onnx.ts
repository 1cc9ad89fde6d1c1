import {
  type ClassLabel,
  InvalidModelError,
  MinMaxScaler,
  Network,
  StandardScaler,
  type StandardScalerJSON,
} from "@plainnet/core";
import { InvalidOnnxError } from "./errors.ts";
import { METADATA_KEYS } from "./metadata.ts";
import { type ImportedModel, type ReadOnnxOptions, readONNX } from "./read-onnx.ts";
import { PRODUCER_NAME } from "./version.ts";

/** Options of {@link fromONNX}. */
export type FromOnnxOptions = ReadOnnxOptions;

function base64(values: Float64Array): string {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

function metadataJson(m: ImportedModel, key: string): unknown {
  const text = m.metadata[key];
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidOnnxError(`fromONNX: metadata ${JSON.stringify(key)} is not valid JSON`);
  }
}

/** Equal to the bit, or (float32 graphs) equal to the float32 rounding of `exact`. */
function sameVector(graph: Float64Array | null, exact: readonly number[] | null, f32: boolean) {
  if (graph === null || exact === null) return graph === exact;
  const round = f32 ? Math.fround : (v: number) => v;
  return graph.length === exact.length && graph.every((v, i) => Object.is(v, round(exact[i]!)));
}

/** The saved scaler (scale name and JSON) of an imported model, checked against the graph. */
function scalerOf(
  m: ImportedModel,
  ours: boolean,
): { scale: "standard" | "minmax"; scaler: unknown } | null {
  const g = m.scaler;
  const savedScale = ours ? metadataJson(m, METADATA_KEYS.scale) : undefined;
  const saved = ours ? metadataJson(m, METADATA_KEYS.scaler) : undefined;
  if (g === null) {
    if (saved !== undefined) {
      throw new InvalidOnnxError(
        `fromONNX: metadata ${METADATA_KEYS.scaler} describes a scaler but the graph has none in front of its first layer`,
      );
    }
    return null;
  }
  const f32 = m.dtype === "float32";
  if (saved !== undefined) {
    let matches: boolean;
    try {
      if (g.kind === "standard") {
        const s = StandardScaler.fromJSON(saved);
        matches =
          savedScale === "standard" &&
          sameVector(g.mean, s.withMean ? s.mean : null, f32) &&
          sameVector(g.scale, s.scale, f32);
      } else {
        const s = MinMaxScaler.fromJSON(saved);
        matches =
          savedScale === "minmax" &&
          sameVector(g.scale, s.scale, f32) &&
          sameVector(g.min, s.min, f32);
      }
    } catch (e) {
      throw new InvalidOnnxError(
        `fromONNX: metadata ${METADATA_KEYS.scaler} is not a valid scaler: ${(e as Error).message}`,
      );
    }
    if (!matches) {
      throw new InvalidOnnxError(
        `fromONNX: the graph's ${g.kind} scaler does not match metadata ${METADATA_KEYS.scaler}`,
      );
    }
    return { scale: g.kind, scaler: saved };
  }
  if (g.kind === "minmax") {
    throw new InvalidOnnxError(
      "fromONNX: a min-max scaler (Mul + Add) without plainnet's metadata cannot be rebuilt (its data range is not in the graph)",
    );
  }
  const d = m.layers[0]!.inputDim;
  const json: StandardScalerJSON = {
    type: "StandardScaler",
    withMean: g.mean !== null,
    withStd: g.scale !== null,
    nFeaturesIn: d,
    nSamplesSeen: 0,
    mean: g.mean === null ? new Array<number>(d).fill(0) : Array.from(g.mean),
    var: g.scale === null ? null : Array.from(g.scale, (s) => s * s),
    scale: g.scale === null ? null : Array.from(g.scale),
  };
  return { scale: "standard", scaler: json };
}

/**
 * Builds a plainnet {@link Network} from what {@link readONNX} read.
 *
 * @example
 * ```ts
 * const net = networkFromImport(readONNX(bytes));
 * ```
 */
export function networkFromImport<L extends ClassLabel = number>(m: ImportedModel): Network<L> {
  const architecture = m.layers.map((l) => ({
    inputDim: l.inputDim,
    outputDim: l.outputDim,
    activation: l.activation,
  }));
  const ours = m.producerName === PRODUCER_NAME;
  const savedArch = ours ? metadataJson(m, METADATA_KEYS.architecture) : undefined;
  if (savedArch !== undefined && JSON.stringify(savedArch) !== JSON.stringify(architecture)) {
    throw new InvalidOnnxError(
      `fromONNX: metadata ${METADATA_KEYS.architecture} ${JSON.stringify(savedArch)} does not match the graph's layers ${JSON.stringify(architecture)}`,
    );
  }
  const loss = ours ? metadataJson(m, METADATA_KEYS.loss) : undefined;
  const training = ours ? metadataJson(m, METADATA_KEYS.training) : undefined;
  const settings = (ours ? metadataJson(m, METADATA_KEYS.settings) : undefined) as
    | { engine?: unknown; dtype?: unknown }
    | undefined;
  // plainnet's own models: the labels it saved (none when the network had none); others: the
  // labels of the graph's label output (scikit-learn's classes_).
  const classes = ours ? metadataJson(m, METADATA_KEYS.classes) : (m.classes ?? undefined);
  const scaler = scalerOf(m, ours);
  try {
    const base = new Network(
      architecture,
      loss === undefined ? {} : { loss: loss as "meanSquaredError" },
    );
    const doc = base.toJSON() as unknown as Record<string, unknown>;
    // Keys this version of the core saves (older ones reject unknown keys).
    const extra: Record<string, unknown> = {};
    const put = (key: string, value: unknown): void => {
      if (value === undefined || value === null) return;
      if (!(key in doc)) {
        throw new InvalidOnnxError(
          `fromONNX: the model has ${key} ${JSON.stringify(value)}, which this version of @plainnet/core cannot hold`,
        );
      }
      extra[key] = value;
    };
    put("engine", settings?.engine);
    put("dtype", settings?.dtype);
    put("classes", classes);
    put("scale", scaler?.scale);
    put("scaler", scaler?.scaler);
    return Network.fromJSON<L>({
      ...doc,
      ...extra,
      params: m.layers.map((l) => ({
        W: { shape: [l.outputDim, l.inputDim], base64: base64(l.W) },
        b: { shape: [l.outputDim, 1], base64: base64(l.b) },
      })),
      training: training ?? doc.training,
    });
  } catch (e) {
    if (e instanceof InvalidModelError || e instanceof RangeError || e instanceof TypeError) {
      throw new InvalidOnnxError(`fromONNX: the model's network is not valid: ${e.message}`);
    }
    throw e;
  }
}

/**
 * Reads an ONNX model into a plainnet {@link Network}: the multilayer perceptrons `toONNX`
 * writes (the same weights to the bit, with the architecture, loss, training record, class
 * labels and scaler from the metadata) and scikit-learn `MLPClassifier`/`MLPRegressor` models
 * as skl2onnx converts them (MatMul + Add layers, float or double; the class labels become
 * `net.classes`). Continue training with `fit`, or predict. Anything else throws an
 * `UnsupportedOnnxError` naming the node and its op type; malformed bytes an
 * `InvalidOnnxError`. Nothing larger than plainnet's element limit is allocated. The type
 * parameter says what `predict` returns (`fromONNX<string>(bytes)` for string labels).
 *
 * @example
 * ```ts
 * const net = fromONNX<string>(await readFile("mlp.onnx"));
 * net.predict([[0.5, -0.2]]); // e.g. ["virginica"]
 * ```
 */
export function fromONNX<L extends ClassLabel = number>(
  bytes: Uint8Array,
  options: FromOnnxOptions = {},
): Network<L> {
  return networkFromImport<L>(readONNX(bytes, options));
}

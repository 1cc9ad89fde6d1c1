import { InvalidModelError, Network } from "@plainnet/core";
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

/**
 * Builds a plainnet {@link Network} from what {@link readONNX} read.
 *
 * @example
 * ```ts
 * const net = networkFromImport(readONNX(bytes));
 * ```
 */
export function networkFromImport(m: ImportedModel): Network {
  if (m.scaler !== null) {
    throw new InvalidOnnxError(
      `fromONNX: the model scales its inputs (a ${m.scaler.kind} scaler in front of the first layer), which this version of @plainnet/core cannot hold`,
    );
  }
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
  try {
    const base = new Network(
      architecture,
      loss === undefined ? {} : { loss: loss as "meanSquaredError" },
    );
    const doc = base.toJSON();
    return Network.fromJSON({
      ...doc,
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
 * writes (the same weights to the bit, with the architecture, loss and training record from
 * the metadata) and scikit-learn `MLPClassifier`/`MLPRegressor` models as skl2onnx converts
 * them (MatMul + Add layers, float or double). Continue training with `fit`, or predict.
 * Anything else throws an `UnsupportedOnnxError` naming the node and its op type; malformed
 * bytes an `InvalidOnnxError`. Nothing larger than plainnet's element limit is allocated.
 *
 * @example
 * ```ts
 * const net = fromONNX(await readFile("mlp.onnx"));
 * net.predictProba([[0.5, -0.2]]);
 * ```
 */
export function fromONNX(bytes: Uint8Array, options: FromOnnxOptions = {}): Network {
  return networkFromImport(readONNX(bytes, options));
}

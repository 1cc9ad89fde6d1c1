import type { Network } from "@plainnet/core";
import { foldScaler } from "./fold-scaler.ts";
import { VERSION } from "./version.ts";

/**
 * What the exporter reads of a network: the members that do not depend on its label type, so
 * a `Network` of any labels is accepted.
 */
export type ExportableNetwork = Pick<Network, "architecture" | "params" | "toJSON">;

/** One weight's entry in the artifacts' manifest (TensorFlow.js `WeightsManifestEntry`). */
export interface TfjsWeightSpec {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: "float32";
}

/** A Keras layer in its Python-style JSON form (`class_name` and `config`). */
export interface KerasLayerJSON {
  readonly class_name: "Dense" | "LeakyReLU";
  readonly config: Readonly<Record<string, unknown>>;
}

/** A Keras `Sequential` model's topology, as `model.json` holds it. */
export interface KerasSequentialJSON {
  readonly class_name: "Sequential";
  readonly config: { readonly name: string; readonly layers: readonly KerasLayerJSON[] };
  readonly keras_version: string;
  readonly backend: string;
}

/**
 * What `tf.io.fromMemory` takes (TensorFlow.js `ModelArtifacts` of a layers model): the
 * topology, the weights' manifest and the weights as one little-endian float32 buffer.
 */
export interface TfjsArtifacts {
  readonly format: "layers-model";
  readonly generatedBy: string;
  readonly convertedBy: null;
  readonly modelTopology: KerasSequentialJSON;
  readonly weightSpecs: TfjsWeightSpec[];
  readonly weightData: ArrayBuffer;
}

/** Options of {@link toTfjsArtifacts}. */
export interface TfjsOptions {
  /** The model's name; default `"plainnet"`. */
  readonly name?: string;
}

const KERAS_ACTIVATION: Readonly<Record<string, string>> = {
  relu: "relu",
  tanh: "tanh",
  sigmoid: "sigmoid",
  linear: "linear",
  softmax: "softmax",
  leakyRelu: "linear",
};

/**
 * A network as the artifacts of a TensorFlow.js layers model: a Keras-style `Sequential` of
 * `Dense` layers (`relu`, `tanh`, `sigmoid`, `softmax`, `linear`; a leaky ReLU becomes a
 * linear `Dense` followed by a `LeakyReLU` layer with alpha 0.01), each kernel inputs x units
 * (plainnet's `W` transposed). A network's input scaler (`scale: "standard"` or `"minmax"`) is
 * folded into the first layer's weights, so the model takes raw features as the network does.
 * TensorFlow.js computes in float32: the weights are rounded to
 * float32 once, and its predictions match plainnet's float64 ones to about 1e-6 relative.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * const model = await tf.loadLayersModel(tf.io.fromMemory(toTfjsArtifacts(net)));
 * model.predict(tf.tensor2d([[0.5, -0.2]])); // as net.predictProba([[0.5, -0.2]])
 * ```
 */
export function toTfjsArtifacts(net: ExportableNetwork, options: TfjsOptions = {}): TfjsArtifacts {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`toTfjsArtifacts: options must be an object, got ${String(options)}`);
  }
  const name = options.name ?? "plainnet";
  if (typeof name !== "string" || name.length === 0) {
    throw new RangeError(`toTfjsArtifacts: name must be a non-empty string, got ${String(name)}`);
  }
  const layers: KerasLayerJSON[] = [];
  const specs: TfjsWeightSpec[] = [];
  const params = net.params;
  const folded = foldScaler(net, "toTfjsArtifacts");
  let size = 0;
  for (const l of net.architecture) size += l.outputDim * (l.inputDim + 1);
  const data = new Float32Array(size);
  let offset = 0;
  net.architecture.forEach((layer, i) => {
    const act = KERAS_ACTIVATION[layer.activation.name];
    if (act === undefined) {
      throw new TypeError(
        `toTfjsArtifacts: layer ${i} uses a custom activation ${JSON.stringify(layer.activation.name)}, which TensorFlow.js cannot load; use a built-in activation`,
      );
    }
    const dense = `dense_${i}`;
    layers.push({
      class_name: "Dense",
      config: {
        name: dense,
        trainable: true,
        dtype: "float32",
        units: layer.outputDim,
        activation: act,
        use_bias: true,
        kernel_initializer: { class_name: "Zeros", config: {} },
        bias_initializer: { class_name: "Zeros", config: {} },
        ...(i === 0 ? { batch_input_shape: [null, layer.inputDim] } : {}),
      },
    });
    if (layer.activation.name === "leakyRelu") {
      layers.push({
        class_name: "LeakyReLU",
        config: { name: `leaky_re_lu_${i}`, trainable: true, dtype: "float32", alpha: 0.01 },
      });
    }
    const { W, b } =
      i === 0 && folded !== null ? { W: { data: folded.W }, b: { data: folded.b } } : params[i]!;
    const inDim = layer.inputDim;
    const outDim = layer.outputDim;
    // Keras kernels are inputs x units: W transposed.
    for (let r = 0; r < inDim; r++) {
      for (let c = 0; c < outDim; c++) data[offset++] = W.data[c * inDim + r]!;
    }
    for (let c = 0; c < outDim; c++) data[offset++] = b.data[c]!;
    specs.push({ name: `${dense}/kernel`, shape: [inDim, outDim], dtype: "float32" });
    specs.push({ name: `${dense}/bias`, shape: [outDim], dtype: "float32" });
  });
  return {
    format: "layers-model",
    generatedBy: `@plainnet/tfjs ${VERSION}`,
    convertedBy: null,
    modelTopology: {
      class_name: "Sequential",
      config: { name, layers },
      keras_version: "tfjs-layers 4.22.0",
      backend: "tensor_flow.js",
    },
    weightSpecs: specs,
    weightData: data.buffer,
  };
}

/** The `model.json` of a TensorFlow.js layers model and the weights file it names. */
export interface TfjsModelFiles {
  /** The text of `model.json`. */
  readonly modelJson: string;
  /** The bytes of the weights file (`weightsPath`). */
  readonly weights: Uint8Array;
  readonly weightsPath: string;
}

/**
 * The two files `tf.loadLayersModel("file://.../model.json")` (or an `http://` URL) reads:
 * `model.json` (topology and weights manifest) and the weights file it points to.
 *
 * @example
 * ```ts
 * const { modelJson, weights } = toTfjsModelFiles(net);
 * ```
 */
export function toTfjsModelFiles(
  net: ExportableNetwork,
  options: TfjsOptions & { readonly weightsPath?: string } = {},
): TfjsModelFiles {
  const a = toTfjsArtifacts(net, options);
  const weightsPath = options.weightsPath ?? "weights.bin";
  const modelJson = JSON.stringify({
    format: a.format,
    generatedBy: a.generatedBy,
    convertedBy: a.convertedBy,
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: [weightsPath], weights: a.weightSpecs }],
  });
  return { modelJson, weights: new Uint8Array(a.weightData), weightsPath };
}

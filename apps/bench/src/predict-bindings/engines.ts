// The three engines of the predict comparison: plainnet's predictProba, ONNX Runtime running
// toONNX's model, TensorFlow.js running toTfjsArtifacts' layers model. Each gets the same
// samples in its own input form, built once, and returns the probabilities of one call.
import { Matrix, Network } from "@plainnet/core";
import { toONNX } from "@plainnet/onnx";
import { toTfjsArtifacts } from "@plainnet/tfjs";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { loadLayersModel } from "@tensorflow/tfjs-layers";
import * as ort from "onnxruntime-node";

/** Element type of a comparison: plainnet's dtype and the exported model's. */
export type PredictDtype = "float64" | "float32";

/** One engine ready to predict: `run` does one call on the prepared batch. */
export interface PredictEngine {
  readonly id: "plainnet" | "onnxruntime" | "tfjs";
  readonly label: string;
  run(): Promise<ArrayLike<number>>;
  dispose(): void;
}

/**
 * A network of the given sizes (relu hidden layers, sigmoid output) with seeded He-normal
 * weights, and `batch` samples of N(0, 1) features.
 *
 * @example
 * ```ts
 * const { net, X } = predictSetup([2, 25, 1], 4, "float64");
 * ```
 */
export function predictSetup(
  sizes: readonly number[],
  batch: number,
  dtype: PredictDtype,
): { net: Network; X: Matrix } {
  const net = new Network([...sizes], { seed: 2, initializer: "heNormal", dtype });
  const d = sizes[0]!;
  const data = new Float64Array(batch * d);
  let s = 0x2545f491;
  for (let i = 0; i < data.length; i++) {
    // xorshift32 -> (0, 1), two uniforms -> one normal (Box-Muller)
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const u = ((s >>> 0) + 1) / 4294967297;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const v = ((s >>> 0) + 1) / 4294967297;
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    data[i] = dtype === "float32" ? Math.fround(z) : z;
  }
  return { net, X: new Matrix(batch, d, data) };
}

/**
 * plainnet: `net.predictProba(X)` on a samples x features Matrix.
 *
 * @example
 * ```ts
 * const e = plainnetEngine(net, X); await e.run();
 * ```
 */
export function plainnetEngine(net: Network, X: Matrix): PredictEngine {
  return {
    id: "plainnet",
    label: "plainnet predictProba",
    run: async () => net.predictProba(X).data,
    dispose: () => {},
  };
}

/**
 * ONNX Runtime (onnxruntime-node, CPU, default session options): `session.run` on the model
 * `toONNX(net, { dtype })` writes, the input a prebuilt Tensor over the samples.
 *
 * @example
 * ```ts
 * const e = await onnxEngine(net, X, "float32"); await e.run();
 * ```
 */
export async function onnxEngine(
  net: Network,
  X: Matrix,
  dtype: PredictDtype,
): Promise<PredictEngine> {
  // One thread, as plainnet's default: ONNX Runtime's default uses every core.
  const session = await ort.InferenceSession.create(toONNX(net, { dtype }), {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  const data = dtype === "float64" ? X.data : Float32Array.from(X.data);
  const input = new ort.Tensor(dtype, data, [X.rows, X.cols]);
  return {
    id: "onnxruntime",
    label: `ONNX Runtime ${ort.env.versions.node ?? ""} session.run, 1 thread`.replace("  ", " "),
    run: async () => {
      const out = await session.run({ X: input }, ["probabilities"]);
      return out.probabilities!.data as Float64Array | Float32Array;
    },
    dispose: () => void session.release(),
  };
}

/**
 * TensorFlow.js (tfjs-layers on the cpu backend, float32): `model.predict` on the
 * `toTfjsArtifacts(net)` model, then `dataSync()` to get the values; the input tensor is
 * prebuilt.
 *
 * @example
 * ```ts
 * const e = await tfjsEngine(net, X); await e.run();
 * ```
 */
export async function tfjsEngine(net: Network, X: Matrix): Promise<PredictEngine> {
  if (tf.getBackend() !== "cpu") await tf.setBackend("cpu");
  await tf.ready();
  const model = await loadLayersModel(tf.io.fromMemory(toTfjsArtifacts(net)));
  const x = tf.tensor2d(Float32Array.from(X.data), [X.rows, X.cols]);
  return {
    id: "tfjs",
    label: `TensorFlow.js ${tf.version_core} (cpu) predict`,
    run: async () => {
      const out = model.predict(x) as tf.Tensor;
      const values = out.dataSync() as Float32Array;
      out.dispose();
      return values;
    },
    dispose: () => {
      x.dispose();
      model.dispose();
    },
  };
}

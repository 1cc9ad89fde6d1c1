// TensorFlow.js 4.22 (tfjs-core + tfjs-layers) on its cpu backend and on its WebAssembly
// backend, trained the way a TensorFlow.js user would: a Sequential model and model.fit with
// the whole data set as one batch, plain SGD and binary cross-entropy.
import { createRequire } from "node:module";
import { join } from "node:path";
import { BENCH_DIR } from "../runtime.ts";
import { measure } from "../sampler.ts";
import type { CandidateRun, PlainLayer } from "../types.ts";
import type { Candidate, JobContext } from "./candidate.ts";

// The CommonJS builds are loaded for every package, through one `require`: tfjs-layers
// requires tfjs-core, and mixing its ESM build (an `import`) with the CommonJS one would give
// two tfjs-core instances with separate backend registries.
const require = createRequire(join(BENCH_DIR, "package.json"));

type Tensor = {
  dataSync(): Float32Array;
  dispose(): void;
  shape: number[];
};

interface Tf {
  version_core: string;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  tensor2d(values: Float32Array | number[], shape: [number, number]): Tensor;
  tensor1d(values: Float32Array | number[]): Tensor;
  tidy<T>(fn: () => T): T;
  env(): { getAsync(flag: string): Promise<unknown> };
  train: {
    sgd(learningRate: number): unknown;
    adam(learningRate: number, beta1: number, beta2: number, epsilon: number): unknown;
  };
}

interface TfLayer {
  setWeights(weights: Tensor[]): void;
  getWeights(): Tensor[];
}

interface TfModel {
  add(layer: unknown): void;
  compile(args: { optimizer: unknown; loss: string; metrics?: string[] }): void;
  fit(
    x: Tensor,
    y: Tensor,
    args: { epochs: number; batchSize: number; shuffle: boolean; verbose: number },
  ): Promise<{ history: Record<string, number[]> }>;
  predict(x: Tensor): Tensor;
  layers: TfLayer[];
}

interface TfLayers {
  sequential(): TfModel;
  layers: {
    dense(args: { units: number; activation: string; inputShape?: number[] }): unknown;
  };
}

type Backend = "cpu" | "wasm";

const loaded = new Map<Backend, Promise<{ tf: Tf; tfl: TfLayers; version: string }>>();

function load(backend: Backend): Promise<{ tf: Tf; tfl: TfLayers; version: string }> {
  let p = loaded.get(backend);
  if (!p) {
    p = (async () => {
      const tf = require("@tensorflow/tfjs-core") as Tf;
      const tfl = require("@tensorflow/tfjs-layers") as TfLayers;
      require("@tensorflow/tfjs-backend-cpu");
      let detail = "cpu backend";
      if (backend === "wasm") {
        const wasm = require("@tensorflow/tfjs-backend-wasm") as {
          setWasmPaths(prefix: string): void;
        };
        // The .wasm binaries ship in the package's dist/ folder; the path must end in "/".
        const dist = join(require.resolve("@tensorflow/tfjs-backend-wasm"), "..");
        wasm.setWasmPaths(`${dist}/`);
      }
      if (!(await tf.setBackend(backend))) {
        throw new Error(`tf.setBackend("${backend}") failed`);
      }
      await tf.ready();
      if (tf.getBackend() !== backend) {
        throw new Error(`TensorFlow.js runs on "${tf.getBackend()}" instead of "${backend}"`);
      }
      if (backend === "wasm") {
        const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
        const threads = await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
        detail = `wasm backend, ${simd ? "SIMD" : "no SIMD"}, ${threads ? "threads available" : "single thread"}`;
      }
      return { tf, tfl, version: `TensorFlow.js ${tf.version_core} (${detail})` };
    })();
    loaded.set(backend, p);
  }
  return p;
}

/** Row-major `rows x cols` data transposed to `cols x rows`, as float32. */
function transpose32(data: ArrayLike<number>, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j] as number;
  }
  return out;
}

/**
 * A mini-batch workload (issue 23): the same Sequential model with a softmax or linear output,
 * `model.fit` with Adam (beta1 0.9, beta2 0.999, epsilon 1e-8), the workload's batch size and
 * `shuffle: true`, `epochs` per call; categorical cross-entropy or mean squared error.
 */
async function runMinibatch(backend: Backend, job: JobContext): Promise<CandidateRun> {
  const { tf, tfl, version } = await load(backend);
  const d = job.minibatch;
  const mb = job.spec.minibatch;
  if (!d || !mb) throw new RangeError(`tfjs candidate: workload ${job.spec.id} has no data`);
  const model = tfl.sequential();
  d.architecture.forEach((l, i) => {
    model.add(
      tfl.layers.dense({
        units: l.outputDim,
        activation: l.activation.name,
        ...(i === 0 ? { inputShape: [l.inputDim] } : {}),
      }),
    );
  });
  model.layers.forEach((layer, i) => {
    const p = d.initialParams[i];
    if (!p) throw new RangeError(`tfjs candidate: no parameters for layer ${i}`);
    const kernel = tf.tensor2d(transpose32(p.W.data, p.W.rows, p.W.cols), [p.W.cols, p.W.rows]);
    const bias = tf.tensor1d(Float32Array.from(p.b.data));
    layer.setWeights([kernel, bias]);
    kernel.dispose();
    bias.dispose();
  });
  const x = tf.tensor2d(transpose32(d.X.data, d.X.rows, d.X.cols), [d.X.cols, d.X.rows]);
  const y = tf.tensor2d(transpose32(d.Y.data, d.Y.rows, d.Y.cols), [d.Y.cols, d.Y.rows]);
  const loss =
    mb.loss === "categoricalCrossEntropy" ? "categoricalCrossentropy" : "meanSquaredError";
  try {
    model.compile({
      optimizer: tf.train.adam(job.spec.learningRate, 0.9, 0.999, 1e-8),
      loss,
      ...(mb.loss === "categoricalCrossEntropy" ? { metrics: ["accuracy"] } : {}),
    });
    const meas = await measure(job.plan, async (epochs) => {
      await model.fit(x, y, { epochs, batchSize: mb.batchSize, shuffle: true, verbose: 0 });
    });
    if ("skipped" in meas)
      return { samplesMs: [], precision: "float32", version, skipped: meas.skipped };
    return {
      samplesMs: meas.samplesMs,
      precision: "float32",
      version,
      finalParams: weightsOf(model),
      notes: [
        `float32; model.fit, Adam, batchSize ${mb.batchSize}, shuffle: true, ${loss}${mb.loss === "categoricalCrossEntropy" ? ", accuracy metric" : ""}`,
      ],
    };
  } finally {
    x.dispose();
    y.dispose();
  }
}

/** A Sequential model's dense kernels and biases as plainnet's parameters (W = kernelᵀ). */
function weightsOf(model: TfModel): PlainLayer[] {
  return model.layers.map((layer) => {
    const [kernel, bias] = layer.getWeights();
    if (!kernel || !bias) throw new Error("tfjs candidate: a dense layer has no kernel/bias");
    const [inDim, outDim] = kernel.shape as [number, number];
    const k = kernel.dataSync();
    const W: number[][] = [];
    for (let o = 0; o < outDim; o++) {
      const row: number[] = new Array(inDim);
      for (let i = 0; i < inDim; i++) row[i] = k[i * outDim + o] as number;
      W.push(row);
    }
    return { W, b: Array.from(bias.dataSync()) };
  });
}

async function run(backend: Backend, job: JobContext): Promise<CandidateRun> {
  if (job.spec.kind === "minibatch") return runMinibatch(backend, job);
  const { tf, tfl, version } = await load(backend);
  const data = job.train ?? job.predict;
  if (!data) throw new RangeError(`tfjs candidate: workload ${job.spec.id} has no data`);
  const params = job.train ? job.train.initialParams : (job.predict?.params ?? []);
  const model = tfl.sequential();
  data.architecture.forEach((l, i) => {
    model.add(
      tfl.layers.dense({
        units: l.outputDim,
        activation: l.activation.name,
        ...(i === 0 ? { inputShape: [l.inputDim] } : {}),
      }),
    );
  });
  // Start from plainnet's initial parameters: a dense kernel is inputDim x outputDim (Wᵀ).
  model.layers.forEach((layer, i) => {
    const p = params[i];
    if (!p) throw new RangeError(`tfjs candidate: no parameters for layer ${i}`);
    const kernel = tf.tensor2d(transpose32(p.W.data, p.W.rows, p.W.cols), [p.W.cols, p.W.rows]);
    const bias = tf.tensor1d(Float32Array.from(p.b.data));
    layer.setWeights([kernel, bias]);
    kernel.dispose();
    bias.dispose();
  });
  // Samples as rows (TensorFlow.js's layout): the transpose of plainnet's features x samples.
  const X = data.X;
  const x = tf.tensor2d(transpose32(X.data, X.rows, X.cols), [X.cols, X.rows]);
  try {
    if (job.train) {
      const m = X.cols;
      const Y = job.train.Y;
      const y = tf.tensor2d(transpose32(Y.data, Y.rows, Y.cols), [Y.cols, Y.rows]);
      model.compile({
        optimizer: tf.train.sgd(job.spec.learningRate),
        loss: "binaryCrossentropy",
        metrics: ["accuracy"],
      });
      const meas = await measure(job.plan, async (epochs) => {
        await model.fit(x, y, { epochs, batchSize: m, shuffle: false, verbose: 0 });
      });
      y.dispose();
      if ("skipped" in meas)
        return { samplesMs: [], precision: "float32", version, skipped: meas.skipped };
      const finalParams: PlainLayer[] = model.layers.map((layer) => {
        const [kernel, bias] = layer.getWeights();
        if (!kernel || !bias) throw new Error("tfjs candidate: a dense layer has no kernel/bias");
        const [inDim, outDim] = kernel.shape as [number, number];
        const k = kernel.dataSync();
        const W: number[][] = [];
        for (let o = 0; o < outDim; o++) {
          const row: number[] = new Array(inDim);
          for (let i = 0; i < inDim; i++) row[i] = k[i * outDim + o] as number;
          W.push(row);
        }
        return { W, b: Array.from(bias.dataSync()) };
      });
      return {
        samplesMs: meas.samplesMs,
        precision: "float32",
        version,
        finalParams,
        notes: ["float32; model.fit, one batch of all samples, loss and accuracy every epoch"],
      };
    }
    let out: Float32Array = new Float32Array(0);
    const meas = await measure(job.plan, (passes) => {
      for (let p = 0; p < passes; p++) {
        out = tf.tidy(() => model.predict(x).dataSync());
      }
    });
    if ("skipped" in meas)
      return { samplesMs: [], precision: "float32", version, skipped: meas.skipped };
    return {
      samplesMs: meas.samplesMs,
      precision: "float32",
      version,
      outputs: Array.from(out),
      notes: ["float32; model.predict"],
    };
  } finally {
    x.dispose();
  }
}

function candidate(backend: Backend): Candidate {
  return {
    id: `tfjs-${backend}`,
    label: `TensorFlow.js ${backend}`,
    plainnet: false,
    kinds: ["train", "minibatch", "predict"],
    async available() {
      try {
        await load(backend);
        return null;
      } catch (e) {
        return e instanceof Error ? (e.message.split("\n")[0] ?? String(e)) : String(e);
      }
    },
    run: (job) => run(backend, job),
  };
}

/**
 * TensorFlow.js on its cpu backend.
 *
 * @example
 * ```ts
 * await tfjsCpuCandidate.available(); // null
 * ```
 */
export const tfjsCpuCandidate: Candidate = candidate("cpu");

/**
 * TensorFlow.js on its WebAssembly backend (SIMD when the runtime has it).
 *
 * @example
 * ```ts
 * await tfjsWasmCandidate.available(); // null, or why the wasm backend cannot start
 * ```
 */
export const tfjsWasmCandidate: Candidate = candidate("wasm");

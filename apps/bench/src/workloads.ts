// The benchmark's workloads: what each measures, how many epochs it runs, and its data.
import {
  type Architecture,
  architectureFromSizes,
  initLayers,
  Matrix,
  type Params,
} from "@plainnet/core";
import { makeMoons, toColumns, trainTestSplit } from "@plainnet/datasets";
import { type MinibatchData, minibatchData } from "./minibatch.ts";
import type { MinibatchSpec, Plan, WorkloadSpec } from "./types.ts";

/**
 * The notebook's learning rate.
 *
 * @example
 * ```ts
 * LEARNING_RATE; // 0.01
 * ```
 */
export const LEARNING_RATE = 0.01;
/**
 * The notebook's `train` seeds `init_layers` with 2.
 *
 * @example
 * ```ts
 * initLayers(architecture, INIT_SEED);
 * ```
 */
export const INIT_SEED = 2;

const HEADLINE = [2, 25, 50, 50, 25, 1] as const;

/**
 * The digits workload's training: softmax output, categorical cross-entropy, Adam, batch 32.
 *
 * @example
 * ```ts
 * DIGITS.batchSize; // 32
 * ```
 */
export const DIGITS: MinibatchSpec = {
  dataset: "digits",
  outputActivation: "softmax",
  loss: "categoricalCrossEntropy",
  optimizer: "adam",
  batchSize: 32,
  shuffle: true,
};

/**
 * The regression workload's training: linear output, mean squared error, Adam, batch 32.
 *
 * @example
 * ```ts
 * REGRESSION.loss; // "meanSquaredError"
 * ```
 */
export const REGRESSION: MinibatchSpec = {
  dataset: "regression",
  outputActivation: "linear",
  loss: "meanSquaredError",
  optimizer: "adam",
  batchSize: 32,
  shuffle: true,
};

const plan = (
  warmupEpochs: number,
  samples: number,
  epochsPerSample: number,
  budgetMs: number,
): Plan => ({
  warmupEpochs,
  samples,
  epochsPerSample,
  budgetMs,
});

/**
 * Every workload, in report order. Each candidate runs `warmupEpochs` untimed epochs and then
 * `samples` timed samples of `epochsPerSample` epochs, all from the same initial parameters.
 *
 * @example
 * ```ts
 * WORKLOADS.map((w) => w.id);
 * // ["seed-net", "headline", "wide", "digits", "regression", "predict", "libm"]
 * ```
 */
export const WORKLOADS: readonly WorkloadSpec[] = [
  {
    id: "seed-net",
    kind: "train",
    description: "the seed notebook's 2-4-6-6-4-1, two moons, 900 samples, full batch",
    sizes: [2, 4, 6, 6, 4, 1],
    samples: 900,
    learningRate: LEARNING_RATE,
    quick: plan(5, 3, 5, 10_000),
    // Full: warm-up long enough for the two-thread candidates to reach their steady speed
    // (a new worker thread warms up its own code, JavaScript and WebAssembly, while both
    // cores are busy; a second trainer in one process showed the same): measured at 336623d, two
    // threads took 0.4-1.1 ms an epoch for the first 1,000 epochs and about 0.05 ms from
    // 1,100 on (Node; Bun from about 1,000), so the 100 epochs used until then timed that
    // transient (the main run's two-thread medians were 2-3x their steady speed).
    // Samples of 200 epochs (40 until 52d4470): in a paired measurement each sample follows
    // milliseconds of waiting at the gate, in which a two-thread candidate's worker falls asleep
    // (it polls for 1 ms, SPIN_MS); waking it made the first epoch of a sample cost about
    // 140 µs instead of 26-35 (measured at 69cd104, float32, Node, Bun and Deno, after 10 ms
    // idle; a one-thread trainer's first epoch cost 10-40 µs extra). Over 40 epochs that added
    // about 9 % to a two-thread sample and 1 % to a one-thread one; over 200 epochs, 2 % and
    // 0.3 %, closer to a long training run, where the worker never sleeps.
    full: plan(2000, 10, 200, 60_000),
  },
  {
    id: "headline",
    kind: "train",
    description: "the notebook's 2-25-50-50-25-1, two moons, 900 samples, full batch",
    sizes: HEADLINE,
    samples: 900,
    learningRate: LEARNING_RATE,
    quick: plan(1, 2, 2, 10_000),
    // Full: 400 warm-up epochs, for the same reason as seed-net's: measured at 336623d, two
    // float32 threads took 1.0-2.6 ms an epoch for the first 300 epochs and 0.8-1.0 from
    // then on (Node, Bun, Deno); the 60 used until then left the first paired rounds in the
    // transient.
    full: plan(400, 10, 10, 60_000),
  },
  {
    id: "wide",
    kind: "train",
    description: "2-256-256-1, two moons, 4096 samples, full batch",
    sizes: [2, 256, 256, 1],
    samples: 4096,
    learningRate: LEARNING_RATE,
    // Quick: 2 epochs (one warm-up, one sample), and a budget of 10 s that skips the slowest
    // candidates (mathjs, TensorFlow.js) from their headline speed: the quick run must stay
    // under 2 minutes. Full: the mathjs adapter needs ~10 s per epoch; the larger budget lets it finish.
    quick: plan(1, 1, 1, 10_000),
    full: plan(2, 5, 1, 150_000),
    // brain.js (its own model, not comparable) measured from the bench's initial parameters
    // (brain.js 2.0.0-beta.24, lr 0.01): accuracy 0.795 and loss 0.531 after 2 epochs, 0.807 and
    // 0.440 after 3, 0.850 and 0.328 after 7 (the trivial predictor's loss: ln 2 = 0.693). On
    // seed-net and headline its all-sigmoid network stays at accuracy 0.4956 and loss ~0.6934
    // for 500 epochs, so no bound exists there and those rows are labelled unchecked.
    learned: { minEpochs: 2, minAccuracy: 0.75, maxLoss: 0.6 },
    // The slowest plainnet variants (3-9 s each in a quick run), which the quick run checks on
    // seed-net, headline and predict: the quick run must stay under 2 minutes.
    quickSkip: ["plainnet-wasm-simd", "plainnet-js-f32", "plainnet-js-f64", "plainnet-js-f64-x2"],
  },
  // Issue 23's mini-batch regime: Adam, batches of 32, reshuffled every epoch. An epoch is
  // 57 (digits) or 63 (regression) gradient steps, so these workloads measure what each step
  // costs besides its arithmetic as much as the arithmetic (src/candidates/network.ts reports
  // the per-batch overhead). Learning rate 0.001: scikit-learn's and plainnet's Adam default.
  // Quick: 3 epochs a job (TensorFlow.js takes 0.3-1 s an epoch here), to keep --quick short.
  {
    id: "digits",
    kind: "minibatch",
    description:
      "scikit-learn's digits (1797 x 64, scaled to [0, 1]), 64-32-10 softmax, cross-entropy, Adam, batch 32",
    sizes: [64, 32, 10],
    samples: 1797,
    learningRate: 0.001,
    minibatch: DIGITS,
    quick: plan(1, 2, 1, 10_000),
    full: plan(5, 10, 2, 60_000),
  },
  {
    id: "regression",
    kind: "minibatch",
    description:
      "Friedman #1 regression (2000 x 8, standardised target), 8-32-32-1 linear output, MSE, Adam, batch 32",
    sizes: [8, 32, 32, 1],
    samples: 2000,
    learningRate: 0.001,
    minibatch: REGRESSION,
    quick: plan(1, 2, 1, 10_000),
    full: plan(5, 10, 2, 60_000),
  },
  {
    id: "predict",
    kind: "predict",
    description: "forward pass of the headline net over the boundary plot's 100x100 grid",
    sizes: HEADLINE,
    samples: 10_000,
    learningRate: LEARNING_RATE,
    quick: plan(1, 2, 1, 8_000),
    full: plan(5, 10, 5, 60_000),
  },
  {
    id: "libm",
    kind: "libm",
    description: "plainnet's correctly rounded exp/log against Math.exp/Math.log",
    sizes: [],
    samples: 1_000_000,
    learningRate: LEARNING_RATE,
    quick: plan(1, 3, 1, 10_000),
    full: plan(3, 10, 1, 60_000),
  },
];

/**
 * The workload with this id; throws a RangeError listing the ids for an unknown one.
 *
 * @example
 * ```ts
 * getWorkload("headline").sizes; // [2, 25, 50, 50, 25, 1]
 * ```
 */
export function getWorkload(id: string): WorkloadSpec {
  const w = WORKLOADS.find((x) => x.id === id);
  if (!w) {
    throw new RangeError(
      `getWorkload: unknown workload "${id}"; expected one of ${WORKLOADS.map((x) => x.id).join(", ")}`,
    );
  }
  return w;
}

/**
 * The plan of a workload in quick or full mode, with an optional sample-count override.
 *
 * @example
 * ```ts
 * planOf(getWorkload("wide"), true).samples; // 3
 * ```
 */
export function planOf(spec: WorkloadSpec, quick: boolean, samples?: number | null): Plan {
  const p = quick ? spec.quick : spec.full;
  return samples ? { ...p, samples } : p;
}

/** Data of a training workload, in plainnet's layout (features x samples). */
export interface TrainData {
  readonly X: Matrix;
  readonly Y: Matrix;
  readonly architecture: Architecture;
  /** `initLayers(architecture, 2)`: every candidate starts here. */
  readonly initialParams: Params;
}

/** Data of the predict workload. */
export interface PredictData {
  /** 2 x 10000 grid points. */
  readonly X: Matrix;
  readonly architecture: Architecture;
  readonly params: Params;
}

/**
 * The notebook's data set: `make_moons(1000, noise=0.2, random_state=100)` split with
 * `test_size=0.1, random_state=42`; the 900 training samples as columns.
 */
function notebookMoons(): { X: Matrix; Y: Matrix } {
  const data = makeMoons({ nSamples: 1000, noise: 0.2, randomState: 100 });
  const split = trainTestSplit(data.X, data.y, { testSize: 0.1, randomState: 42 });
  return toColumns({ X: split.XTrain, y: split.yTrain });
}

/**
 * Builds a training workload's data (deterministic: the same in every process).
 *
 * @example
 * ```ts
 * const { X, Y } = trainData(getWorkload("headline")); // X: 2 x 900, Y: 1 x 900
 * ```
 */
export function trainData(spec: WorkloadSpec): TrainData {
  const architecture = architectureFromSizes([...spec.sizes]);
  const { X, Y } =
    spec.samples === 900
      ? notebookMoons()
      : toColumns(makeMoons({ nSamples: spec.samples, noise: 0.2, randomState: 100 }));
  if (X.cols !== spec.samples) {
    throw new RangeError(`trainData: ${spec.id} expects ${spec.samples} samples, built ${X.cols}`);
  }
  const initialParams = initLayers(architecture, INIT_SEED);
  return { X, Y, architecture, initialParams };
}

/**
 * Builds a mini-batch workload's data (deterministic: the same in every process); throws a
 * RangeError for a workload of another kind.
 *
 * @example
 * ```ts
 * minibatchDataOf(getWorkload("digits")).X.shape; // [64, 1797]
 * ```
 */
export function minibatchDataOf(spec: WorkloadSpec): MinibatchData {
  if (spec.minibatch === undefined) {
    throw new RangeError(`minibatchDataOf: workload ${spec.id} is not a mini-batch workload`);
  }
  return minibatchData(spec.sizes, spec.samples, spec.minibatch);
}

/**
 * The boundary plot's grid: `n x n` points over [-1.5, 2.5] x [-1, 2] (the notebook's plot
 * range), as a 2 x n² matrix, x varying slowest.
 *
 * @example
 * ```ts
 * grid(100).shape; // [2, 10000]
 * ```
 */
export function grid(n: number): Matrix {
  if (!Number.isInteger(n) || n < 2) {
    throw new RangeError(`grid: n must be an integer >= 2, got ${String(n)}`);
  }
  const data = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    const x = -1.5 + (4 * i) / (n - 1);
    for (let j = 0; j < n; j++) {
      const y = -1 + (3 * j) / (n - 1);
      data[i * n + j] = x;
      data[n * n + i * n + j] = y;
    }
  }
  return new Matrix(2, n * n, data);
}

/**
 * The predict workload's data: the grid and the headline net's `initLayers(arch, 2)` weights.
 *
 * @example
 * ```ts
 * predictData(getWorkload("predict")).X.shape; // [2, 10000]
 * ```
 */
export function predictData(spec: WorkloadSpec): PredictData {
  const n = Math.round(Math.sqrt(spec.samples));
  const architecture = architectureFromSizes([...spec.sizes]);
  return { X: grid(n), architecture, params: initLayers(architecture, INIT_SEED) };
}

/**
 * Inputs of the libm workload: `count` values of a fixed xorshift sequence, in [-40, 40] for
 * `exp` (sigmoid's range of interest) and in (0, 1] for `log` (the loss's).
 *
 * @example
 * ```ts
 * libmInputs("log", 3).every((v) => v > 0 && v <= 1); // true
 * ```
 */
export function libmInputs(fn: "exp" | "log", count: number): Float64Array {
  const out = new Float64Array(count);
  let s = 0x9e3779b9 >>> 0;
  for (let i = 0; i < count; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    const u = (s + 1) / 4294967296; // (0, 1]
    out[i] = fn === "exp" ? -40 + 80 * u : u;
  }
  return out;
}

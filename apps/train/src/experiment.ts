import {
  type Architecture,
  architectureFromSizes,
  fullForwardPropagation,
  getAccuracyValue,
  getCostValue,
  initLayers,
  type LossName,
  type Matrix,
  Network,
  type OptimizerLike,
  type Params,
  type TrainOptions,
  train,
  trainParallel,
} from "@plainnet/core";
import { hasWasmSimd } from "@plainnet/core/engine";
import {
  type Dataset,
  makeBlobs,
  makeCircles,
  makeMoons,
  playgroundCircle,
  playgroundGauss,
  playgroundSpiral,
  playgroundXor,
  type SplitResult,
  toColumns,
  trainTestSplit,
} from "@plainnet/datasets";
import { type DatasetName, type LossFlag, type TrainConfig, usesNetwork } from "./args.ts";
import type { LabelledPoint } from "./grid.ts";
import { UsageError } from "./usage.ts";

/**
 * Noise used when `--noise` is not given: the notebook's 0.2 for moons; for circles 0.1 (with
 * factor 0.5); for blobs the cluster standard deviation 1; Playground sets 0.1 (its slider at 10%).
 *
 * @example
 * ```ts
 * DEFAULT_NOISE.moons; // 0.2
 * ```
 */
export const DEFAULT_NOISE: Readonly<Record<DatasetName, number>> = Object.freeze({
  moons: 0.2,
  circles: 0.1,
  blobs: 1,
  circle: 0.1,
  xor: 0.1,
  gauss: 0.1,
  spiral: 0.1,
});

/**
 * Generates a dataset (samples x features, labels 0/1) as the CLI describes it.
 *
 * @example
 * ```ts
 * const { X, y } = generateDataset("moons", 1000, 0.2, 100); // the notebook's data
 * ```
 */
export function generateDataset(
  name: DatasetName,
  samples: number,
  noise: number,
  seed: number,
): Dataset {
  const common = { nSamples: samples, noise, randomState: seed };
  switch (name) {
    case "moons":
      return makeMoons(common);
    case "circles":
      return makeCircles({ ...common, factor: 0.5 });
    case "blobs":
      return makeBlobs({ nSamples: samples, centers: 2, clusterStd: noise, randomState: seed });
    case "circle":
      return playgroundCircle(common);
    case "xor":
      return playgroundXor(common);
    case "gauss":
      return playgroundGauss(common);
    case "spiral":
      return playgroundSpiral({ ...common, nClasses: 2 });
  }
}

/** A dataset split and laid out for the core (features x samples), plus its points. */
export interface ExperimentData {
  readonly noise: number;
  readonly XTrain: Matrix;
  readonly YTrain: Matrix;
  readonly XTest: Matrix;
  readonly YTest: Matrix;
  readonly trainPoints: readonly LabelledPoint[];
  readonly testPoints: readonly LabelledPoint[];
}

function points(X: Matrix, y: readonly number[]): LabelledPoint[] {
  return y.map((label, i) => ({
    x: X.data[i * X.cols] as number,
    y: X.data[i * X.cols + 1] as number,
    label,
  }));
}

/**
 * The data of a run: generate, split (as scikit-learn's `train_test_split`) and transpose, as
 * the notebook does before training.
 *
 * @example
 * ```ts
 * const data = prepareData(DEFAULT_CONFIG);
 * data.XTrain.shape; // [2, 900]
 * ```
 */
export function prepareData(config: TrainConfig): ExperimentData {
  const noise = config.noise ?? DEFAULT_NOISE[config.dataset];
  const ds = generateDataset(config.dataset, config.samples, noise, config.dataSeed);
  let split: SplitResult<Matrix>;
  try {
    split = trainTestSplit(ds.X, ds.y, {
      testSize: config.testSize,
      randomState: config.splitSeed,
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new UsageError(
      `--test-size ${config.testSize} of ${config.samples} samples: ${error.message}`,
    );
  }
  if (split.yTrain.length === 0 || split.yTest.length === 0) {
    throw new UsageError(
      `--test-size ${config.testSize} of ${config.samples} samples leaves ${split.yTrain.length} for training and ${split.yTest.length} for testing; both need at least one`,
    );
  }
  if (config.batchSize !== undefined && config.batchSize > split.yTrain.length) {
    throw new UsageError(
      `--batch-size must be at most the ${split.yTrain.length} training samples, got "${config.batchSize}"`,
    );
  }
  const train = toColumns({ X: split.XTrain, y: split.yTrain });
  const test = toColumns({ X: split.XTest, y: split.yTest });
  return {
    noise,
    XTrain: train.X,
    YTrain: train.Y,
    XTest: test.X,
    YTest: test.Y,
    trainPoints: points(split.XTrain, split.yTrain),
    testPoints: points(split.XTest, split.yTest),
  };
}

/**
 * The core's name of a `--loss` value.
 *
 * @example
 * ```ts
 * lossName("bce"); // "binaryCrossEntropy"
 * ```
 */
export function lossName(flag: LossFlag): LossName {
  return flag === "mse" ? "meanSquaredError" : "binaryCrossEntropy";
}

/**
 * The network of a config: its sizes, the hidden activation, a sigmoid output.
 *
 * @example
 * ```ts
 * buildArchitecture(DEFAULT_CONFIG).length; // 5
 * ```
 */
export function buildArchitecture(config: TrainConfig): Architecture {
  return architectureFromSizes(config.arch, config.activation, "sigmoid");
}

/** Cost and accuracy of some parameters on a data set. */
export interface Evaluation {
  readonly cost: number;
  readonly accuracy: number;
}

/**
 * Cost and accuracy of `params` on X (features x samples) and Y (1 x samples).
 *
 * @example
 * ```ts
 * const { accuracy } = evaluate(params, arch, data.XTest, data.YTest, "bce"); // 0.98
 * ```
 */
export function evaluate(
  params: Params,
  arch: Architecture,
  X: Matrix,
  Y: Matrix,
  loss: LossFlag,
): Evaluation {
  const { output } = fullForwardPropagation(X, params, arch);
  return { cost: getCostValue(output, Y, lossName(loss)), accuracy: getAccuracyValue(output, Y) };
}

/** Hooks called while training. */
export interface ExperimentHooks {
  /** After every epoch: `done` epochs finished, with that epoch's cost and accuracy (before its update). */
  readonly onEpoch?: (done: number, cost: number, accuracy: number) => void;
  /** Numbers of updates after which to call `onSnapshot` (0: the initial parameters). */
  readonly snapshotAt?: readonly number[];
  readonly onSnapshot?: (updates: number, params: Params) => void;
}

/** What a run produced. */
export interface ExperimentResult {
  readonly architecture: Architecture;
  readonly params: Params;
  readonly costHistory: readonly number[];
  readonly accuracyHistory: readonly number[];
  /** Final parameters on the training set. */
  readonly train: Evaluation;
  /** Final parameters on the test set. */
  readonly test: Evaluation;
  /** Wall time of the training loop (ms). */
  readonly trainingMs: number;
  /**
   * The engine that trained, as the core names it: `wasm-simd-f64`, `wasm-simd-f32`, `js-f64`,
   * `js-f32` or `reference:typed-array`.
   */
  readonly engine: string;
}

/**
 * The core's optimiser setting for `--optimizer` (and `--momentum`), with the learning rate.
 *
 * @example
 * ```ts
 * optimizerOf({ ...DEFAULT_CONFIG, optimizer: "nesterov" }); // { type: "sgd", momentum: 0.9, nesterov: true, learningRate: 0.01 }
 * ```
 */
export function optimizerOf(config: TrainConfig): OptimizerLike {
  const learningRate = config.lr;
  switch (config.optimizer) {
    case "sgd":
      return { type: "sgd", learningRate };
    case "momentum":
      return { type: "sgd", learningRate, momentum: config.momentum };
    case "nesterov":
      return { type: "sgd", learningRate, momentum: config.momentum, nesterov: true };
    case "adam":
      return { type: "adam", learningRate };
    case "rmsprop":
      return { type: "rmsprop", learningRate };
  }
}

/**
 * A features x samples matrix as rows of samples (samples x features), for `Network.fit`.
 *
 * @example
 * ```ts
 * sampleRows(data.XTrain).length; // 900
 * ```
 */
export function sampleRows(X: Matrix): number[][] {
  const rows: number[][] = [];
  for (let j = 0; j < X.cols; j++) {
    const row: number[] = [];
    for (let i = 0; i < X.rows; i++) row.push(X.data[i * X.cols + j] as number);
    rows.push(row);
  }
  return rows;
}

// Trains with the core's Network.fit (optimisers, mini-batches, initialisers); the data is
// given samples x features, the parameters come back in the notebook's layout.
function fitNetwork(
  config: TrainConfig,
  data: ExperimentData,
  architecture: Architecture,
  hooks: ExperimentHooks,
  clock: () => number,
): {
  params: Params;
  costHistory: number[];
  accuracyHistory: number[];
  trainingMs: number;
  engine: string;
} {
  const net = new Network(config.arch, {
    activation: config.activation,
    outputActivation: "sigmoid",
    loss: lossName(config.loss),
    seed: config.seed,
    initializer: config.init,
    engine: config.engine,
    dtype: config.dtype,
  });
  const snapshots = new Set(hooks.snapshotAt ?? []);
  if (snapshots.has(0)) hooks.onSnapshot?.(0, net.params);
  const X = sampleRows(data.XTrain);
  const y = Array.from(data.YTrain.data);
  const costHistory: number[] = [];
  const accuracyHistory: number[] = [];
  const start = clock();
  net.fit(X, y, {
    epochs: config.epochs,
    batchSize: config.batchSize ?? "full",
    optimizer: optimizerOf(config), // carries the learning rate
    warn: false,
    callbacks: {
      onEpochEnd: (log, control) => {
        const done = log.epoch + 1;
        let accuracy = log.accuracy;
        let params: Params | undefined;
        if (accuracy === undefined || snapshots.has(done)) params = control.network.params;
        // With --loss mse the core treats the output as regression: accuracy from the params.
        if (accuracy === undefined && params !== undefined) {
          accuracy = evaluate(params, architecture, data.XTrain, data.YTrain, config.loss).accuracy;
        }
        costHistory.push(log.loss);
        accuracyHistory.push(accuracy as number);
        hooks.onEpoch?.(done, log.loss, accuracy as number);
        if (params !== undefined && snapshots.has(done)) hooks.onSnapshot?.(done, params);
      },
    },
  });
  const trainingMs = clock() - start;
  return { params: net.params, costHistory, accuracyHistory, trainingMs, engine: net.engine };
}

/**
 * Trains the network of `config` on `data` and evaluates the final parameters on both parts.
 * With the notebook's settings (plain gradient descent, full batch, `notebook` init) this is
 * the core's `train`, the notebook's loop (`trainParallel` with `config.threads` > 1);
 * otherwise the core's `Network.fit`. Both train on `config.engine` and `config.dtype`. Throws a
 * UsageError for `--engine wasm` where the runtime has no WebAssembly SIMD, before training,
 * and for `--threads` under Deno without read access (the workers load their module from disk).
 *
 * @example
 * ```ts
 * const result = await runExperiment(DEFAULT_CONFIG, prepareData(DEFAULT_CONFIG), {}, () => performance.now());
 * result.test.accuracy; // 0.98
 * ```
 */
export async function runExperiment(
  config: TrainConfig,
  data: ExperimentData,
  hooks: ExperimentHooks,
  clock: () => number,
): Promise<ExperimentResult> {
  const architecture = buildArchitecture(config);
  const first = architecture[0];
  if (first === undefined || first.inputDim !== data.XTrain.rows) {
    throw new UsageError(
      `--arch starts with ${first?.inputDim} inputs but dataset ${config.dataset} has ${data.XTrain.rows} features`,
    );
  }
  if (config.engine === "wasm" && !hasWasmSimd()) {
    throw new UsageError(
      "--engine wasm needs WebAssembly with fixed-width SIMD, which this runtime does not provide; use --engine auto or js",
    );
  }
  if (usesNetwork(config)) {
    const fitted = fitNetwork(config, data, architecture, hooks, clock);
    return {
      architecture,
      params: fitted.params,
      costHistory: fitted.costHistory,
      accuracyHistory: fitted.accuracyHistory,
      train: evaluate(fitted.params, architecture, data.XTrain, data.YTrain, config.loss),
      test: evaluate(fitted.params, architecture, data.XTest, data.YTest, config.loss),
      trainingMs: fitted.trainingMs,
      engine: fitted.engine,
    };
  }
  const snapshots = new Set(hooks.snapshotAt ?? []);
  const initial = initLayers(architecture, config.seed);
  if (snapshots.has(0)) hooks.onSnapshot?.(0, initial);
  // Cost and accuracy come back in the result; a per-epoch callback only when a hook needs it.
  const perEpoch = hooks.onEpoch !== undefined || snapshots.size > 0;
  const options: TrainOptions<Matrix> = {
    epochs: config.epochs,
    learningRate: config.lr,
    initialParams: initial,
    loss: lossName(config.loss),
    engine: config.engine,
    dtype: config.dtype,
    callbackEvery: 1,
    callback: perEpoch
      ? (epoch, params, stats) => {
          hooks.onEpoch?.(epoch + 1, stats.cost, stats.accuracy);
          if (snapshots.has(epoch + 1)) hooks.onSnapshot?.(epoch + 1, params);
        }
      : undefined,
  };
  const start = clock();
  const result =
    config.threads > 1 && config.engine !== "reference"
      ? await trainParallel(data.XTrain, data.YTrain, architecture, {
          ...options,
          engine: config.engine,
          threads: config.threads,
        }).catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          if (/read access/i.test(message)) {
            throw new UsageError(
              `--threads ${config.threads} needs read access to plainnet's files (its worker threads load the engine from disk); run: deno run --allow-read train.ts --threads ${config.threads}`,
            );
          }
          throw error;
        })
      : train(data.XTrain, data.YTrain, architecture, options);
  const trainingMs = clock() - start;
  const params = result.params;
  return {
    architecture,
    params,
    costHistory: result.costHistory,
    accuracyHistory: result.accuracyHistory,
    train: evaluate(params, architecture, data.XTrain, data.YTrain, config.loss),
    test: evaluate(params, architecture, data.XTest, data.YTest, config.loss),
    trainingMs,
    engine: result.engine,
  };
}

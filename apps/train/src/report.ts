import { type Architecture, parameterCount } from "@plainnet/core";
import { type TrainConfig, usesNetwork } from "./args.ts";
import type { ExperimentData, ExperimentResult } from "./experiment.ts";
import { formatDuration } from "./progress.ts";

const LOSS_TEXT = { bce: "binary cross-entropy", mse: "mean squared error" } as const;

/**
 * Activations in order, runs collapsed: `relu ×4 → sigmoid`.
 *
 * @example
 * ```ts
 * activationSummary(architectureFromSizes([2, 25, 50, 50, 25, 1])); // "relu ×4 → sigmoid"
 * ```
 */
export function activationSummary(arch: Architecture): string {
  const runs: { name: string; count: number }[] = [];
  for (const layer of arch) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last.name === layer.activation.name) last.count++;
    else runs.push({ name: layer.activation.name, count: 1 });
  }
  return runs.map((r) => (r.count > 1 ? `${r.name} ×${r.count}` : r.name)).join(" → ");
}

/**
 * How the network is trained, in words: `full-batch gradient descent` (the notebook's) or e.g.
 * `adam, batches of 32` or `nesterov momentum 0.9, full batch`.
 *
 * @example
 * ```ts
 * trainingMethod(DEFAULT_CONFIG); // "full-batch gradient descent"
 * ```
 */
export function trainingMethod(config: TrainConfig): string {
  const batch = config.batchSize === undefined ? "full batch" : `batches of ${config.batchSize}`;
  switch (config.optimizer) {
    case "sgd":
      return config.batchSize === undefined
        ? "full-batch gradient descent"
        : `mini-batch gradient descent (${batch})`;
    case "momentum":
      return `momentum ${config.momentum}, ${batch}`;
    case "nesterov":
      return `nesterov momentum ${config.momentum}, ${batch}`;
    case "adam":
    case "rmsprop":
      return `${config.optimizer}, ${batch}`;
  }
}

/**
 * The lines printed before training: dataset, split, network, training setup.
 *
 * @example
 * ```ts
 * headerLines(config, data, arch, "deno").join("\n");
 * ```
 */
export function headerLines(
  config: TrainConfig,
  data: ExperimentData,
  arch: Architecture,
  runtime: string,
): string[] {
  const nTrain = data.XTrain.cols;
  const nTest = data.XTest.cols;
  return [
    `plainnet train (${runtime})`,
    `dataset   ${config.dataset}: ${nTrain + nTest} samples, noise ${data.noise}, seed ${config.dataSeed}`,
    `split     ${nTrain} train / ${nTest} test (test size ${config.testSize}, seed ${config.splitSeed})`,
    `network   ${config.arch.join("-")}: ${arch.length} layers, ${activationSummary(arch)}, ${parameterCount(arch).toLocaleString("en-US")} parameters`,
    `training  ${config.epochs} epochs of ${trainingMethod(config)}, lr ${config.lr}, ${LOSS_TEXT[config.loss]}, ${usesNetwork(config) ? `init ${config.init} ` : "init "}seed ${config.seed}`,
  ];
}

/**
 * The lines printed after training: accuracies, cost, time and the engine that trained.
 *
 * @example
 * ```ts
 * resultLines(result, 10000).join("\n");
 * ```
 */
export function resultLines(result: ExperimentResult, epochs: number): string[] {
  return [
    `result    train accuracy ${result.train.accuracy.toFixed(4)}   test accuracy ${result.test.accuracy.toFixed(4)}   (train cost ${result.train.cost.toFixed(5)}, test cost ${result.test.cost.toFixed(5)})`,
    `time      ${formatDuration(result.trainingMs)} for ${epochs} epochs, ${(result.trainingMs / epochs).toFixed(3)} ms/epoch on ${result.engine}`,
  ];
}

/** The `--json` summary. */
export interface JsonSummary {
  readonly dataset: string;
  readonly samples: { readonly train: number; readonly test: number };
  readonly architecture: readonly number[];
  readonly activation: string;
  readonly parameters: number;
  readonly loss: string;
  readonly learningRate: number;
  readonly seed: number;
  /** `sgd` (plain gradient descent), `momentum`, `nesterov`, `adam` or `rmsprop`. */
  readonly optimizer: string;
  /** Samples per step, or `"full"`. */
  readonly batchSize: number | "full";
  /** Momentum (`momentum` and `nesterov` only, else null). */
  readonly momentum: number | null;
  /** Weight initialisation. */
  readonly init: string;
  /** Trained with the core's `train` (the notebook's loop) or `Network.fit`. */
  readonly trainer: "train" | "Network.fit";
  /**
   * The engine that trained (both paths), as the core names it: `wasm-simd-f64`,
   * `wasm-simd-f32`, `js-f64`, `js-f32` or `reference:typed-array`.
   */
  readonly engine: string;
  /** Element type of the training (`float64` or `float32`). */
  readonly dtype: string;
  /** Threads that trained (1: the calling thread only). */
  readonly threads: number;
  readonly epochs: number;
  /** Cost of the final parameters on the training set. */
  readonly finalCost: number;
  /**
   * Cost recorded at the last epoch (before its update), as the notebook's `cost_history[-1]`;
   * with mini-batches the mean of that epoch's batch costs.
   */
  readonly lastEpochCost: number | null;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly testCost: number;
  readonly wallTimeMs: number;
  readonly msPerEpoch: number;
  readonly runtime: string;
  readonly files: readonly string[];
}

/**
 * The `--json` summary object.
 *
 * @example
 * ```ts
 * JSON.stringify(jsonSummary(config, data, result, "deno", []));
 * ```
 */
export function jsonSummary(
  config: TrainConfig,
  data: ExperimentData,
  result: ExperimentResult,
  runtime: string,
  files: readonly string[],
): JsonSummary {
  return {
    dataset: config.dataset,
    samples: { train: data.XTrain.cols, test: data.XTest.cols },
    architecture: config.arch,
    activation: config.activation,
    parameters: parameterCount(result.architecture),
    loss: config.loss,
    learningRate: config.lr,
    seed: config.seed,
    optimizer: config.optimizer,
    batchSize: config.batchSize ?? "full",
    momentum:
      config.optimizer === "momentum" || config.optimizer === "nesterov" ? config.momentum : null,
    init: config.init,
    trainer: usesNetwork(config) ? "Network.fit" : "train",
    engine: result.engine,
    dtype: config.dtype,
    threads: config.threads,
    epochs: config.epochs,
    finalCost: result.train.cost,
    lastEpochCost: result.costHistory[result.costHistory.length - 1] ?? null,
    trainAccuracy: result.train.accuracy,
    testAccuracy: result.test.accuracy,
    testCost: result.test.cost,
    wallTimeMs: Math.round(result.trainingMs * 1000) / 1000,
    msPerEpoch: Math.round((result.trainingMs / config.epochs) * 1e6) / 1e6,
    runtime,
    files,
  };
}

// The sections of a saved network (`Network.fromJSON`) above single fields: the loss/output
// pairing, the optimiser, the random generator and the training record.
import type { Architecture } from "./architecture.ts";
import { normalizeInitializer } from "./initializers/registry.ts";
import { describe, type Matrix } from "./matrix.ts";
import type { EarlyStoppingConfig } from "./model/early-stopping.ts";
import { checkDatasetInfo } from "./model/fit-options.ts";
import {
  array,
  boolean,
  fail,
  finite,
  integer,
  join,
  readTensor,
  record,
  string,
  wrapped,
} from "./model-file-fields.ts";
import type { OptimizerConfig, Slot } from "./optimizers/optimizer.ts";
import { createOptimizer } from "./optimizers/registry.ts";
import { normalizeSchedule } from "./optimizers/schedules.ts";
import { RandomState, type RandomStateSnapshot } from "./random.ts";
import type {
  DatasetRecord,
  Hyperparameters,
  NetworkSnapshot,
  TrainingRecord,
} from "./serialize.ts";

/**
 * The pairings `new Network` rejects, named by field here so that a model file fails with an
 * {@link InvalidModelError} before any Network is built.
 *
 * @example
 * ```ts
 * checkLossAndOutput("categoricalCrossEntropy", architecture); // InvalidModelError at "loss"
 * ```
 */
export function checkLossAndOutput(loss: string, architecture: Architecture): void {
  const lastIndex = architecture.length - 1;
  const last = architecture[lastIndex]!;
  const out = last.activation.name;
  const field = join(join("architecture", lastIndex), "activation");
  if (loss === "binaryCrossEntropy" && out !== "sigmoid") {
    fail(
      "loss",
      `"binaryCrossEntropy" needs a sigmoid output layer (probabilities in (0, 1)), but ${field} is "${out}"`,
    );
  }
  if (loss === "categoricalCrossEntropy" && out !== "softmax") {
    fail(
      "loss",
      `"categoricalCrossEntropy" needs a softmax output layer, but ${field} is "${out}"`,
    );
  }
  if (out === "softmax" && last.outputDim < 2) {
    fail(
      join(join("architecture", lastIndex), "outputDim"),
      "a softmax over 1 unit always outputs 1; a softmax output needs 2 or more units",
    );
  }
}

const OPTIMIZER_KEYS: Readonly<Record<string, readonly string[]>> = {
  sgd: ["type", "learningRate", "momentum", "nesterov", "weightDecay"],
  adam: ["type", "learningRate", "beta1", "beta2", "epsilon", "weightDecay"],
  rmsprop: ["type", "learningRate", "rho", "epsilon", "weightDecay"],
};

function readOptimizerConfig(value: unknown, path: string): OptimizerConfig {
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof type !== "string" || !Object.hasOwn(OPTIMIZER_KEYS, type)) {
    record(
      value,
      path,
      ["type"],
      [
        "learningRate",
        "momentum",
        "nesterov",
        "momentumForm",
        "weightDecay",
        "beta1",
        "beta2",
        "epsilon",
        "rho",
      ],
    );
    fail(join(path, "type"), `expected "sgd", "adam" or "rmsprop", got ${describe(type)}`);
  }
  const optional = type === "sgd" ? ["momentumForm"] : [];
  const o = record(value, path, OPTIMIZER_KEYS[type] as readonly string[], optional);
  return wrapped(path, () =>
    createOptimizer(o as unknown as OptimizerConfig, undefined, "optimizer").config(),
  );
}

/**
 * The saved optimiser `{ config, state }` (or null): its config as `createOptimizer` accepts
 * it, and one slot tensor per parameter of the architecture.
 *
 * @example
 * ```ts
 * const optimizer = readOptimizer(doc.optimizer, "optimizer", architecture);
 * ```
 */
export function readOptimizer(
  value: unknown,
  path: string,
  architecture: Architecture,
): NetworkSnapshot["optimizer"] {
  if (value === null) return null;
  const o = record(value, path, ["config", "state"]);
  const config = readOptimizerConfig(o.config, join(path, "config"));
  const optimizer = createOptimizer(config);
  const statePath = join(path, "state");
  const s = record(o.state, statePath, ["iterations", "learningRate", "slots"]);
  const iterations = integer(s.iterations, join(statePath, "iterations"), 0);
  const learningRate = finite(s.learningRate, join(statePath, "learningRate"));
  // The current rate (>= 0: a decaying schedule can bring it down to 0).
  if (!(learningRate >= 0))
    fail(join(statePath, "learningRate"), `expected a number >= 0, got ${learningRate}`);
  const slotsPath = join(statePath, "slots");
  const slots = array(s.slots, slotsPath, architecture.length);
  if (slots.length !== 0 && slots.length !== architecture.length) {
    fail(
      slotsPath,
      `expected no entries or one per layer (${architecture.length}), got ${slots.length}`,
    );
  }
  if (slots.length === 0 && iterations > 0 && optimizer.slotNames.length > 0) {
    fail(
      slotsPath,
      `${config.type} has taken ${iterations} steps, so its slots (${optimizer.slotNames.join(", ")}) are needed`,
    );
  }
  const readSlot = (v: unknown, p: string, rows: number, cols: number): Slot<Matrix> => {
    const names = optimizer.slotNames;
    const raw = record(v, p, [], names);
    const present = Object.keys(raw);
    if (present.length === 0) {
      if (iterations > 0 && names.length > 0) {
        fail(
          p,
          `${config.type} has taken ${iterations} steps, so its slots (${names.join(", ")}) are needed`,
        );
      }
      return {};
    }
    if (present.length !== names.length) {
      fail(
        p,
        `expected every slot of ${config.type} (${names.join(", ")}), got ${present.join(", ")}`,
      );
    }
    const out: Record<string, Matrix> = {};
    for (const name of names) out[name] = readTensor(raw[name], join(p, name), rows, cols);
    return out;
  };
  const loaded = slots.map((entry, i) => {
    const p = join(slotsPath, i);
    const e = record(entry, p, ["W", "b"]);
    const layer = architecture[i]!;
    return {
      W: readSlot(e.W, join(p, "W"), layer.outputDim, layer.inputDim),
      b: readSlot(e.b, join(p, "b"), layer.outputDim, 1),
    };
  });
  return { config, state: { iterations, learningRate, slots: loaded } };
}

/**
 * The saved random generator state (`RandomState.getState()`); a degenerate key is refused.
 *
 * @example
 * ```ts
 * new RandomState(0).setState(readRng(doc.rng, "rng"));
 * ```
 */
export function readRng(value: unknown, path: string): RandomStateSnapshot {
  const o = record(value, path, ["key", "pos", "hasGauss", "cachedGaussian"]);
  const key = array(o.key, join(path, "key"), 624);
  const state = {
    key,
    pos: o.pos,
    hasGauss: o.hasGauss,
    cachedGaussian: o.cachedGaussian,
  } as RandomStateSnapshot;
  wrapped(path, () => new RandomState(0).setState(state));
  return {
    key: (key as number[]).slice(),
    pos: state.pos,
    hasGauss: state.hasGauss,
    cachedGaussian: state.cachedGaussian,
  };
}

function readHyperparameters(value: unknown, path: string): Hyperparameters | null {
  if (value === null) return null;
  const o = record(value, path, [
    "epochs",
    "batchSize",
    "shuffle",
    "optimizer",
    "learningRateSchedule",
    "validationSplit",
    "validationData",
    "earlyStopping",
    "divergenceFactor",
  ]);
  const batchSize =
    o.batchSize === "full" ? "full" : integer(o.batchSize, join(path, "batchSize"), 1);
  let validationSplit: number | null = null;
  if (o.validationSplit !== null) {
    validationSplit = finite(o.validationSplit, join(path, "validationSplit"));
    if (!(validationSplit > 0 && validationSplit < 1)) {
      fail(
        join(path, "validationSplit"),
        `expected a number between 0 and 1, got ${validationSplit}`,
      );
    }
  }
  let earlyStopping: EarlyStoppingConfig | null = null;
  if (o.earlyStopping !== null) {
    const p = join(path, "earlyStopping");
    const e = record(o.earlyStopping, p, ["monitor", "patience", "minDelta", "restoreBestWeights"]);
    if (
      e.monitor !== "loss" &&
      e.monitor !== "accuracy" &&
      e.monitor !== "valLoss" &&
      e.monitor !== "valAccuracy"
    ) {
      fail(
        join(p, "monitor"),
        `expected "loss", "accuracy", "valLoss" or "valAccuracy", got ${describe(e.monitor)}`,
      );
    }
    const minDelta = finite(e.minDelta, join(p, "minDelta"));
    if (minDelta < 0) fail(join(p, "minDelta"), `expected a number >= 0, got ${minDelta}`);
    earlyStopping = {
      monitor: e.monitor,
      patience: integer(e.patience, join(p, "patience"), 0),
      minDelta,
      restoreBestWeights: boolean(e.restoreBestWeights, join(p, "restoreBestWeights")),
    };
  }
  let divergenceFactor: number | null = null;
  if (o.divergenceFactor !== null) {
    divergenceFactor = finite(o.divergenceFactor, join(path, "divergenceFactor"));
    if (!(divergenceFactor > 1))
      fail(join(path, "divergenceFactor"), `expected a number > 1, got ${divergenceFactor}`);
  }
  const schedulePath = join(path, "learningRateSchedule");
  const rawSchedule = o.learningRateSchedule;
  record(rawSchedule, schedulePath, ["type"], ["stepSize", "gamma", "powerT"]);
  return {
    epochs: integer(o.epochs, join(path, "epochs"), 0),
    batchSize,
    shuffle: boolean(o.shuffle, join(path, "shuffle")),
    optimizer: readOptimizerConfig(o.optimizer, join(path, "optimizer")),
    learningRateSchedule: wrapped(schedulePath, () => normalizeSchedule(rawSchedule, "schedule")),
    validationSplit,
    validationData: boolean(o.validationData, join(path, "validationData")),
    earlyStopping,
    divergenceFactor,
  };
}

/**
 * The saved training record: library and version, data set description and the last fit's
 * hyperparameters.
 *
 * @example
 * ```ts
 * readTraining(doc.training, "training").libraryVersion;
 * ```
 */
export function readTraining(value: unknown, path: string): TrainingRecord {
  const o = record(value, path, [
    "library",
    "libraryVersion",
    "seed",
    "initializer",
    "hyperparameters",
    "dataset",
  ]);
  if (o.library !== "@plainnet/core") {
    fail(join(path, "library"), `expected "@plainnet/core", got ${describe(o.library)}`);
  }
  const libraryVersion = string(o.libraryVersion, join(path, "libraryVersion"), 64);
  const seed = integer(o.seed, join(path, "seed"), 0, 2 ** 32 - 1);
  const initPath = join(path, "initializer");
  record(o.initializer, initPath, ["type"], ["scale"]);
  const initializer = wrapped(initPath, () => normalizeInitializer(o.initializer, "initializer"));
  const hyperparameters = readHyperparameters(o.hyperparameters, join(path, "hyperparameters"));
  let dataset: DatasetRecord | null = null;
  if (o.dataset !== null) {
    const p = join(path, "dataset");
    const d = record(o.dataset, p, ["samples", "features", "validationSamples", "info"]);
    const info =
      d.info === null ? null : wrapped(join(p, "info"), () => checkDatasetInfo(d.info, "info"));
    dataset = {
      samples: integer(d.samples, join(p, "samples"), 1),
      features: integer(d.features, join(p, "features"), 1),
      validationSamples: integer(d.validationSamples, join(p, "validationSamples"), 0),
      info,
    };
  }
  return { library: "@plainnet/core", libraryVersion, seed, initializer, hyperparameters, dataset };
}

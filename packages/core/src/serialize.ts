import type { ActivationName } from "./activations/activation.ts";
import { activationNames, getActivation } from "./activations/registry.ts";
import { type Architecture, normalizeArchitecture } from "./architecture.ts";
import { base64ToFloat64, float64ToBase64 } from "./base64.ts";
import { InvalidModelError } from "./errors.ts";
import type { InitializerConfig } from "./initializers/initializer.ts";
import { normalizeInitializer } from "./initializers/registry.ts";
import { MAX_ELEMENTS } from "./limits.ts";
import type { Loss, LossName } from "./losses/loss.ts";
import { losses } from "./losses/registry.ts";
import { describe, Matrix } from "./matrix.ts";
import type { EarlyStoppingConfig } from "./model/early-stopping.ts";
import { checkDatasetInfo, type DatasetInfo } from "./model/fit-options.ts";
import {
  readSavedSettings,
  SAVED_SETTINGS_KEYS,
  type SavedSettings,
} from "./model/saved-settings.ts";
import type { OptimizerConfig, OptimizerState, Slot } from "./optimizers/optimizer.ts";
import { createOptimizer } from "./optimizers/registry.ts";
import { type LearningRateSchedule, normalizeSchedule } from "./optimizers/schedules.ts";
import type { LayerParams, Params } from "./params.ts";
import type { MinMaxScalerJSON } from "./preprocessing/min-max-scaler.ts";
import type { StandardScalerJSON } from "./preprocessing/standard-scaler.ts";
import { RandomState, type RandomStateSnapshot } from "./random.ts";

/**
 * The `format` tag of a saved network.
 *
 * @example
 * ```ts
 * net.toJSON().format === NETWORK_FORMAT; // true
 * ```
 */
export const NETWORK_FORMAT = "plainnet.network";
/**
 * The schema version written by this library (and the only one it reads).
 *
 * @example
 * ```ts
 * net.toJSON().version; // 1
 * ```
 */
export const NETWORK_FORMAT_VERSION = 1;

/**
 * A matrix in a saved network: its shape and its values in row-major order, either as
 * base64 of the little-endian float64 bytes (what `toJSON` writes: exact to the bit) or as a
 * plain number array (readable; `-0` becomes `0`).
 */
export interface TensorJSON {
  readonly shape: readonly [number, number];
  readonly base64?: string;
  readonly values?: readonly number[];
}

/** The settings of the last fit, as saved. `divergenceFactor` null means Infinity. */
export interface Hyperparameters {
  readonly epochs: number;
  readonly batchSize: number | "full";
  readonly shuffle: boolean;
  readonly optimizer: OptimizerConfig;
  readonly learningRateSchedule: LearningRateSchedule;
  readonly validationSplit: number | null;
  readonly validationData: boolean;
  readonly earlyStopping: EarlyStoppingConfig | null;
  readonly divergenceFactor: number | null;
}

/** What is known about the training data of the last fit. */
export interface DatasetRecord {
  /** Training samples (after a validation split). */
  readonly samples: number;
  readonly features: number;
  readonly validationSamples: number;
  /** The fit's `dataset` option, if given. */
  readonly info: DatasetInfo | null;
}

/** How a network came to be: enough to reproduce its training. */
export interface TrainingRecord {
  readonly library: "@plainnet/core";
  readonly libraryVersion: string;
  /** Seed of the network's random generator (initialisation, shuffles, validation splits). */
  readonly seed: number;
  readonly initializer: InitializerConfig;
  /** Settings of the last fit (null before any fit). */
  readonly hyperparameters: Hyperparameters | null;
  readonly dataset: DatasetRecord | null;
}

/** A saved optimiser: its settings (base learning rate) and its state. */
export interface OptimizerJSON {
  readonly config: OptimizerConfig;
  readonly state: {
    readonly iterations: number;
    readonly learningRate: number;
    readonly slots: readonly {
      readonly W: Readonly<Record<string, TensorJSON>>;
      readonly b: Readonly<Record<string, TensorJSON>>;
    }[];
  };
}

/** A saved network: schema version 1. */
export interface NetworkJSON {
  readonly format: typeof NETWORK_FORMAT;
  readonly version: typeof NETWORK_FORMAT_VERSION;
  readonly architecture: readonly {
    readonly inputDim: number;
    readonly outputDim: number;
    readonly activation: ActivationName;
  }[];
  readonly loss: LossName;
  readonly params: readonly { readonly W: TensorJSON; readonly b: TensorJSON }[];
  readonly optimizer: OptimizerJSON | null;
  readonly rng: RandomStateSnapshot;
  /** Epochs trained so far. */
  readonly epoch: number;
  /** Training samples processed so far (for the inverse-scaling schedule). */
  readonly samplesSeen: number;
  readonly training: TrainingRecord;
  /** The `engine` option (absent in files written before it was saved: `"auto"`). */
  readonly engine?: SavedSettings["engine"];
  /** The fused engine's element type (absent in older files: `"float64"`). */
  readonly dtype?: SavedSettings["dtype"];
  /** The class labels of a classifier, sorted (null or absent: none). */
  readonly classes?: SavedSettings["classes"];
  /** The `scale` option (null or absent: none). */
  readonly scale?: SavedSettings["scale"];
  /** The fitted scaler's own JSON (`StandardScaler`/`MinMaxScaler` `toJSON`); null: none. */
  readonly scaler?: StandardScalerJSON | MinMaxScalerJSON | null;
}

/** Everything a network is made of, in memory (what {@link decodeNetwork} returns). */
export interface NetworkSnapshot {
  readonly architecture: Architecture;
  readonly loss: Loss;
  readonly params: Params<Matrix>;
  readonly optimizer: { readonly config: OptimizerConfig; readonly state: OptimizerState } | null;
  readonly rng: RandomStateSnapshot;
  readonly epoch: number;
  readonly samplesSeen: number;
  readonly training: TrainingRecord;
  /** Engine, dtype and classes (defaults when absent: `"auto"`, `"float64"`, none). */
  readonly settings?: SavedSettings;
}

/** Options of `toJSON`. */
export interface EncodeOptions {
  /** `"base64"` (default, exact) or `"values"` (readable number arrays; -0 becomes 0). */
  readonly encoding?: "base64" | "values";
}

/** Size limits applied by {@link decodeNetwork} before anything is allocated. */
export interface DecodeLimits {
  /** Default 1000. */
  readonly maxLayers?: number;
  /** Largest layer size; default 1e6. */
  readonly maxUnits?: number;
  /** Weights and biases in total; default and upper bound {@link MAX_ELEMENTS} (5e7). */
  readonly maxParameters?: number;
  /** Length of JSON text; default 256 Mi characters. */
  readonly maxTextLength?: number;
}

const DEFAULT_LIMITS: Required<DecodeLimits> = {
  maxLayers: 1000,
  maxUnits: 1_000_000,
  maxParameters: MAX_ELEMENTS,
  maxTextLength: 256 * 2 ** 20,
};

function tensor(m: Matrix, encoding: "base64" | "values"): TensorJSON {
  return encoding === "base64"
    ? { shape: [m.rows, m.cols], base64: float64ToBase64(m.data) }
    : { shape: [m.rows, m.cols], values: Array.from(m.data) };
}

/**
 * Writes a network snapshot as a {@link NetworkJSON} document (plain data, ready for
 * `JSON.stringify`). Throws a `TypeError` for custom activations or losses, which cannot be
 * saved by name.
 *
 * @example
 * ```ts
 * const doc = encodeNetwork(snapshot);
 * JSON.stringify(doc);
 * ```
 */
export function encodeNetwork(snapshot: NetworkSnapshot, options: EncodeOptions = {}): NetworkJSON {
  const encoding = options.encoding ?? "base64";
  if (encoding !== "base64" && encoding !== "values") {
    throw new RangeError(
      `toJSON: encoding must be "base64" or "values", got ${describe(encoding)}`,
    );
  }
  const architecture = snapshot.architecture.map((l, i) => {
    let known: unknown;
    try {
      known = getActivation(l.activation.name);
    } catch {
      known = undefined;
    }
    if (known !== l.activation) {
      throw new TypeError(
        `toJSON: layer ${i} uses a custom activation ${JSON.stringify(l.activation.name)}, which cannot be saved; use a built-in activation`,
      );
    }
    return { inputDim: l.inputDim, outputDim: l.outputDim, activation: l.activation.name };
  });
  if (losses[snapshot.loss.name] !== snapshot.loss) {
    throw new TypeError(
      `toJSON: the network uses a custom loss ${JSON.stringify(snapshot.loss.name)}, which cannot be saved; use a built-in loss`,
    );
  }
  const slots = (s: Slot<Matrix>): Record<string, TensorJSON> => {
    const out: Record<string, TensorJSON> = {};
    for (const [k, m] of Object.entries(s)) out[k] = tensor(m, encoding);
    return out;
  };
  const opt = snapshot.optimizer;
  return {
    format: NETWORK_FORMAT,
    version: NETWORK_FORMAT_VERSION,
    architecture,
    loss: snapshot.loss.name,
    params: snapshot.params.map((p) => ({ W: tensor(p.W, encoding), b: tensor(p.b, encoding) })),
    optimizer:
      opt === null
        ? null
        : {
            config: { ...opt.config },
            state: {
              iterations: opt.state.iterations,
              learningRate: opt.state.learningRate,
              slots: opt.state.slots.map((s) => ({ W: slots(s.W), b: slots(s.b) })),
            },
          },
    rng: snapshot.rng,
    epoch: snapshot.epoch,
    samplesSeen: snapshot.samplesSeen,
    training: snapshot.training,
    engine: snapshot.settings?.engine ?? "auto",
    dtype: snapshot.settings?.dtype ?? "float64",
    classes: snapshot.settings?.classes?.slice() ?? null,
    scale: snapshot.settings?.scale ?? null,
    scaler: snapshot.settings?.scaler?.toJSON() ?? null,
  };
}

// --- validation -----------------------------------------------------------------------------

const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

function fail(path: string, message: string): never {
  throw new InvalidModelError(path, message);
}

function join(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
}

/** A plain object with exactly the `required` keys (plus any of `optional`). */
function record(
  value: unknown,
  path: string,
  required: readonly string[],
  optional: readonly string[] = [],
): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(path, `expected an object, got ${describe(value)}`);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    fail(path, `expected a plain object, got ${describe(value)}`);
  }
  const keys = Object.keys(value);
  for (const key of keys) {
    if (FORBIDDEN.has(key)) fail(join(path, key), `the key "${key}" is not allowed`);
    if (!required.includes(key) && !optional.includes(key)) {
      fail(
        path,
        `unknown key "${key.slice(0, 100)}"; expected ${[...required, ...optional].join(", ")}`,
      );
    }
  }
  for (const key of required) {
    if (!Object.hasOwn(value, key)) fail(path, `missing key "${key}"`);
  }
  return value as Record<string, unknown>;
}

function array(value: unknown, path: string, maxLength: number): unknown[] {
  if (!Array.isArray(value)) fail(path, `expected an array, got ${describe(value)}`);
  if (value.length > maxLength)
    fail(path, `has ${value.length} entries; the limit is ${maxLength}`);
  return value;
}

function integer(
  value: unknown,
  path: string,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    fail(path, `expected an integer ${min}..${max}, got ${describe(value)}`);
  }
  return value;
}

function finite(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    fail(path, `expected a finite number, got ${describe(value)}`);
  }
  return value;
}

function string(value: unknown, path: string, maxLength: number): string {
  if (typeof value !== "string") fail(path, `expected a string, got ${describe(value)}`);
  if (value.length > maxLength)
    fail(path, `is ${value.length} characters long; the limit is ${maxLength}`);
  return value;
}

function boolean(value: unknown, path: string): boolean {
  if (typeof value !== "boolean") fail(path, `expected a boolean, got ${describe(value)}`);
  return value;
}

/** Runs a library validator and turns its error into an InvalidModelError at `path`. */
function wrapped<T>(path: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof InvalidModelError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return fail(path, message);
  }
}

/**
 * The pairings `new Network` rejects, named by field here so that a model file fails with an
 * {@link InvalidModelError} before any Network is built.
 */
function checkLossAndOutput(loss: string, architecture: Architecture): void {
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

function readTensor(value: unknown, path: string, rows: number, cols: number): Matrix {
  const o = record(value, path, ["shape"], ["base64", "values"]);
  const shape = array(o.shape, join(path, "shape"), 2);
  if (shape.length !== 2 || shape[0] !== rows || shape[1] !== cols) {
    fail(
      join(path, "shape"),
      `expected [${rows}, ${cols}], got ${JSON.stringify(shape).slice(0, 60)}`,
    );
  }
  const count = rows * cols;
  let data: Float64Array;
  if (o.base64 !== undefined && o.values !== undefined) {
    fail(path, `give either "base64" or "values", not both`);
  } else if (o.base64 !== undefined) {
    const text = string(o.base64, join(path, "base64"), Math.ceil((count * 8) / 3) * 4);
    const decoded = base64ToFloat64(text, count);
    if (typeof decoded === "string") fail(join(path, "base64"), decoded);
    data = decoded;
  } else if (o.values !== undefined) {
    const values = array(o.values, join(path, "values"), count);
    if (values.length !== count) {
      fail(
        join(path, "values"),
        `expected ${count} numbers (${rows}x${cols}), got ${values.length}`,
      );
    }
    data = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const v = values[i];
      if (typeof v !== "number")
        fail(join(join(path, "values"), i), `expected a number, got ${describe(v)}`);
      data[i] = v;
    }
  } else {
    return fail(path, `missing the values: give "base64" or "values"`);
  }
  const bad = data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    fail(path, `non-finite value ${data[bad]} at [${Math.floor(bad / cols)}][${bad % cols}]`);
  }
  return new Matrix(rows, cols, data);
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

function readOptimizer(
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
  if (!(learningRate > 0))
    fail(join(statePath, "learningRate"), `expected a number > 0, got ${learningRate}`);
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

function readRng(value: unknown, path: string): RandomStateSnapshot {
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

function readTraining(value: unknown, path: string): TrainingRecord {
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

/**
 * Parses (if given text) and validates a saved network, and returns its parts. Every field is
 * checked — types, shapes against the architecture, finite numbers, the RNG and optimiser
 * state, unknown or forbidden keys (`__proto__`, `constructor`, `prototype`) and size limits
 * (checked before allocating) — and a problem throws an {@link InvalidModelError} naming the
 * path of the field and what is wrong. Nothing is evaluated.
 *
 * @example
 * ```ts
 * const snapshot = decodeNetwork(JSON.parse(text));
 * snapshot.architecture.length;
 * ```
 */
export function decodeNetwork(input: unknown, limits: DecodeLimits = {}): NetworkSnapshot {
  const lim = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof DecodeLimits)[]) {
    const v: unknown = limits?.[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || !(v >= 0)) {
      throw new RangeError(
        `Network.fromJSON: limits.${key} must be a non-negative number, got ${describe(v)}`,
      );
    }
    lim[key] = v;
  }
  const maxParameters = Math.min(lim.maxParameters, MAX_ELEMENTS);
  let doc = input;
  if (typeof input === "string") {
    if (input.length > lim.maxTextLength) {
      fail(
        "",
        `the JSON text is ${input.length} characters long; the limit is ${lim.maxTextLength}`,
      );
    }
    try {
      doc = JSON.parse(input);
    } catch (error) {
      fail("", `not valid JSON (${(error as Error).message})`);
    }
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    fail("", `expected a saved network (an object or its JSON text), got ${describe(doc)}`);
  }
  const top = doc as Record<string, unknown>;
  if (top.format !== NETWORK_FORMAT) {
    fail(
      "format",
      `expected "${NETWORK_FORMAT}", got ${describe(top.format)}; this is not a saved plainnet network`,
    );
  }
  if (top.version !== NETWORK_FORMAT_VERSION) {
    const v = top.version;
    fail(
      "version",
      typeof v === "number" && Number.isInteger(v) && v > NETWORK_FORMAT_VERSION
        ? `format version ${v} was written by a newer plainnet; this version reads version ${NETWORK_FORMAT_VERSION}`
        : `expected ${NETWORK_FORMAT_VERSION}, got ${describe(v)}`,
    );
  }
  const o = record(
    doc,
    "",
    [
      "format",
      "version",
      "architecture",
      "loss",
      "params",
      "optimizer",
      "rng",
      "epoch",
      "samplesSeen",
      "training",
    ],
    SAVED_SETTINGS_KEYS,
  );

  const rawArch = array(o.architecture, "architecture", lim.maxLayers);
  if (rawArch.length === 0) fail("architecture", "expected at least one layer");
  let total = 0;
  const layers = rawArch.map((raw, i) => {
    const p = join("architecture", i);
    const l = record(raw, p, ["inputDim", "outputDim", "activation"]);
    const inputDim = integer(l.inputDim, join(p, "inputDim"), 1, lim.maxUnits);
    const outputDim = integer(l.outputDim, join(p, "outputDim"), 1, lim.maxUnits);
    if (
      typeof l.activation !== "string" ||
      !(activationNames as readonly string[]).includes(l.activation)
    ) {
      fail(
        join(p, "activation"),
        `expected one of ${activationNames.map((n) => `"${n}"`).join(", ")}, got ${describe(l.activation)}`,
      );
    }
    total += outputDim * (inputDim + 1);
    if (total > maxParameters) {
      fail(
        "architecture",
        maxParameters >= MAX_ELEMENTS
          ? `has more than ${MAX_ELEMENTS} parameters, above plainnet's limit of 50,000,000 (MAX_ELEMENTS)`
          : `has more than ${maxParameters} parameters (the limit); raise limits.maxParameters (up to MAX_ELEMENTS) to load it`,
      );
    }
    return { inputDim, outputDim, activation: l.activation as ActivationName };
  });
  const architecture = wrapped("architecture", () => normalizeArchitecture(layers, "layers"));

  if (typeof o.loss !== "string" || !Object.hasOwn(losses, o.loss)) {
    fail(
      "loss",
      `expected one of ${Object.keys(losses)
        .map((n) => `"${n}"`)
        .join(", ")}, got ${describe(o.loss)}`,
    );
  }
  const loss = losses[o.loss as LossName];
  checkLossAndOutput(loss.name, architecture);

  const rawParams = array(o.params, "params", architecture.length);
  if (rawParams.length !== architecture.length) {
    fail(
      "params",
      `expected one entry per layer (${architecture.length}), got ${rawParams.length}`,
    );
  }
  const params = rawParams.map((raw, i): LayerParams<Matrix> => {
    const p = join("params", i);
    const e = record(raw, p, ["W", "b"]);
    const layer = architecture[i]!;
    return {
      W: readTensor(e.W, join(p, "W"), layer.outputDim, layer.inputDim),
      b: readTensor(e.b, join(p, "b"), layer.outputDim, 1),
    };
  });

  const optimizer = readOptimizer(o.optimizer, "optimizer", architecture);
  const rng = readRng(o.rng, "rng");
  const epoch = integer(o.epoch, "epoch", 0);
  const samplesSeen = integer(o.samplesSeen, "samplesSeen", 0);
  const training = readTraining(o.training, "training");
  const settings = readSavedSettings(o, architecture, loss);
  return { architecture, loss, params, optimizer, rng, epoch, samplesSeen, training, settings };
}

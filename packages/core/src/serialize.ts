import type { ActivationName } from "./activations/activation.ts";
import { activationNames, getActivation } from "./activations/registry.ts";
import { type Architecture, normalizeArchitecture } from "./architecture.ts";
import { float64ToBase64 } from "./base64.ts";
import { InvalidModelError } from "./errors.ts";
import type { InitializerConfig } from "./initializers/initializer.ts";
import { MAX_ELEMENTS } from "./limits.ts";
import type { Loss, LossName } from "./losses/loss.ts";
import { losses } from "./losses/registry.ts";
import { describe, type Matrix } from "./matrix.ts";
import type { EarlyStoppingConfig } from "./model/early-stopping.ts";
import type { DatasetInfo } from "./model/fit-options.ts";
import {
  readSavedSettings,
  SAVED_SETTINGS_KEYS,
  type SavedSettings,
} from "./model/saved-settings.ts";
import { array, fail, integer, join, readTensor, record, wrapped } from "./model-file-fields.ts";
import { checkLossAndOutput, readOptimizer, readRng, readTraining } from "./model-file-sections.ts";
import type { OptimizerConfig, OptimizerState, Slot } from "./optimizers/optimizer.ts";
import type { LearningRateSchedule } from "./optimizers/schedules.ts";
import type { LayerParams, Params } from "./params.ts";
import type { MinMaxScalerJSON } from "./preprocessing/min-max-scaler.ts";
import type { StandardScalerJSON } from "./preprocessing/standard-scaler.ts";
import type { RandomStateSnapshot } from "./random.ts";

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

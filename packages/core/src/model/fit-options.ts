import { DEFAULT_DIVERGENCE_FACTOR } from "../divergence.ts";
import { describe } from "../matrix.ts";
import type { Optimizer } from "../optimizers/optimizer.ts";
import type { OptimizerLike } from "../optimizers/registry.ts";
import { type LearningRateSchedule, normalizeSchedule } from "../optimizers/schedules.ts";
import type { LabelledData, SamplesInput, TargetsInput } from "./data.ts";
import {
  type EarlyStoppingConfig,
  type EarlyStoppingOptions,
  normalizeEarlyStopping,
} from "./early-stopping.ts";
import type { BatchLog, EpochLog } from "./history.ts";
import type { Task } from "./task.ts";

/** Free-form description of the training data, saved in the training record (flat values only). */
export type DatasetInfo = Readonly<Record<string, string | number | boolean | null>>;

/** Given to callbacks: the network being trained and a way to end the fit after this epoch. */
export interface FitControl<N = unknown> {
  readonly network: N;
  /** Ends the fit after the current epoch (`history.stopReason` becomes `"callback"`). */
  stop(): void;
}

/**
 * Callbacks of a fit. With `fitAsync` they may return a promise, which is awaited; with `fit`
 * they must be synchronous.
 */
export interface FitCallbacks<N = unknown> {
  readonly onEpochEnd?: (log: EpochLog, control: FitControl<N>) => void | Promise<void>;
  readonly onBatchEnd?: (log: BatchLog, control: FitControl<N>) => void | Promise<void>;
}

/** Options of `Network.fit` / `Network.fitAsync`. Only `epochs` is required. */
export interface FitOptions<N = unknown> {
  /** Number of passes over the training data (a non-negative integer). */
  readonly epochs: number;
  /** Samples per gradient step; default `"full"` (one full batch per epoch, as the notebook). */
  readonly batchSize?: number | "full";
  /** Reshuffle the training samples every epoch when mini-batching (seeded); default true. */
  readonly shuffle?: boolean;
  /**
   * `"sgd"` (default), `"adam"`, `"rmsprop"`, a config such as `{ type: "sgd", momentum: 0.9 }`,
   * or an optimiser instance. Passing the same settings as the previous fit continues that
   * optimiser's state (momentum, Adam's moments); different settings start afresh.
   */
  readonly optimizer?: OptimizerLike;
  /** Base learning rate (default: the optimiser's own, 0.01 for SGD, 0.001 for Adam/RMSProp). */
  readonly learningRate?: number;
  /** L2 weight decay on weights (default 0). */
  readonly weightDecay?: number;
  /** Learning-rate schedule (default constant). */
  readonly learningRateSchedule?: LearningRateSchedule | "constant" | "inverseScaling";
  /** Fraction of the samples (0 < f < 1) held out, chosen with the network's seeded generator. */
  readonly validationSplit?: number;
  /** Separate validation data. */
  readonly validationData?:
    | LabelledData<number | string>
    | readonly [SamplesInput, TargetsInput | readonly (number | string)[]];
  /** Stop when the monitored quantity stops improving. */
  readonly earlyStopping?: boolean | EarlyStoppingOptions;
  readonly callbacks?: FitCallbacks<N>;
  /** Aborting ends the fit with the signal's reason; the network keeps every completed epoch. */
  readonly signal?: AbortSignal;
  /**
   * A batch loss above `divergenceFactor · max(first batch loss, 1)` counts as divergence
   * (default 1e6; `Infinity` turns this signal off, leaving the NaN/Infinity and
   * saturated-output checks).
   */
  readonly divergenceFactor?: number;
  /** Receives warnings (e.g. unscaled features); default `console.warn`; `false` silences them. */
  readonly warn?: ((message: string) => void) | false;
  /** Description of the data, saved in the training record (e.g. `{ name: "moons", noise: 0.2 }`). */
  readonly dataset?: DatasetInfo;
  /**
   * A one-line progress bar per epoch (epoch, loss, accuracy, validation, ETA): redrawn in
   * place on a terminal, one plain line per epoch when piped, nothing in a browser. `true`
   * writes to `process.stdout`; `{ write, isTTY }` sends the text elsewhere. Default `false`.
   */
  readonly verbose?: boolean | VerboseOptions;
}

/** Where `verbose` progress goes: a writer of text, and whether to redraw in place. */
export interface VerboseOptions {
  /** Receives the text (default `process.stdout.write`). */
  readonly write?: (text: string) => void;
  /** Redraw one line in place (`\r`); default: whether stdout is a terminal (false with `write`). */
  readonly isTTY?: boolean;
}

/** Validated fit options (data not yet converted). */
export interface FitSettings<N = unknown> {
  readonly epochs: number;
  /** null: full batch. */
  readonly batchSize: number | null;
  readonly shuffle: boolean;
  readonly optimizer: OptimizerLike | undefined;
  readonly learningRate: number | undefined;
  readonly weightDecay: number | undefined;
  readonly schedule: LearningRateSchedule;
  readonly validationSplit: number | null;
  readonly validationData: LabelledData<number | string> | null;
  readonly earlyStopping: EarlyStoppingConfig | null;
  readonly callbacks: FitCallbacks<N>;
  readonly signal: AbortSignal | null;
  readonly divergenceFactor: number;
  readonly warn: (message: string) => void;
  readonly dataset: DatasetInfo | null;
  /** null: no progress bar. */
  readonly verbose: VerboseOptions | null;
}

const KEYS = [
  "epochs",
  "batchSize",
  "shuffle",
  "optimizer",
  "learningRate",
  "weightDecay",
  "learningRateSchedule",
  "validationSplit",
  "validationData",
  "earlyStopping",
  "callbacks",
  "signal",
  "divergenceFactor",
  "warn",
  "dataset",
  "verbose",
] as const;

/**
 * Keras / scikit-learn / PyTorch spellings of options that mean the same in `Network.fit` and
 * the functional `train` / `trainParallel`, with the option to use instead.
 *
 * @example
 * ```ts
 * COMMON_OPTION_HINTS.lr; // "learningRate"
 * ```
 */
export const COMMON_OPTION_HINTS: Readonly<Record<string, string>> = {
  lr: "learningRate",
  learning_rate: "learningRate",
  learning_rate_init: "learningRate",
  learningrate: "learningRate",
  max_iter: "epochs",
  iterations: "epochs",
  nb_epoch: "epochs",
  epoch: "epochs",
  divergence_factor: "divergenceFactor",
};

const HINTS: Readonly<Record<string, string>> = {
  ...COMMON_OPTION_HINTS,
  batch_size: "batchSize",
  validation_split: "validationSplit",
  validation_data: "validationData",
  early_stopping: "earlyStopping",
  weight_decay: "weightDecay",
  alpha: "weightDecay",
  onEpochEnd: "callbacks: { onEpochEnd }",
  onBatchEnd: "callbacks: { onBatchEnd }",
  seed: "the Network's seed option (new Network(sizes, { seed }))",
  random_state: "the Network's seed option (new Network(sizes, { seed }))",
};

/**
 * Rejects keys of an options object that are not in `known`, with a "did you mean" hint for
 * the spellings in `hints` (else the list of known keys). The one check of unknown options
 * behind `Network.fit`, `train` and `trainParallel`.
 *
 * @example
 * ```ts
 * checkOptionKeys({ lr: 0.1 }, ["epochs", "learningRate"], COMMON_OPTION_HINTS, "train");
 * // RangeError: train: unknown option "lr"; did you mean learningRate?
 * ```
 */
export function checkOptionKeys(
  options: object,
  known: readonly string[],
  hints: Readonly<Record<string, string>>,
  where: string,
): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const hint = Object.hasOwn(hints, key) ? hints[key] : undefined;
      throw new RangeError(
        `${where}: unknown option "${key}"${hint ? `; did you mean ${hint}?` : `; expected one of ${known.join(", ")}`}`,
      );
    }
  }
}

/**
 * Validates the `divergenceFactor` option of `fit`, `train` and `trainParallel`: a number > 1
 * (Infinity turns the loss-ratio rule off); `undefined` gives the default, 1e6.
 *
 * @example
 * ```ts
 * checkDivergenceFactor(undefined, "train"); // 1e6
 * checkDivergenceFactor(1, "train"); // RangeError: train: divergenceFactor must be a number > 1 ...
 * ```
 */
export function checkDivergenceFactor(value: unknown, where: string): number {
  const factor = value ?? DEFAULT_DIVERGENCE_FACTOR;
  if (typeof factor !== "number" || Number.isNaN(factor) || factor <= 1) {
    throw new RangeError(
      `${where}: divergenceFactor must be a number > 1 (or Infinity), got ${describe(factor)}`,
    );
  }
  return factor;
}

const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

function isOptimizerInstance(v: unknown): v is Optimizer<unknown> {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as { step?: unknown }).step === "function" &&
    typeof (v as { config?: unknown }).config === "function"
  );
}

/**
 * Validates the free-form dataset description: a plain object of at most 32 keys whose values
 * are strings (≤ 1000 characters), finite numbers, booleans or null.
 *
 * @example
 * ```ts
 * checkDatasetInfo({ name: "moons", noise: 0.2 }, "fit: dataset");
 * ```
 */
export function checkDatasetInfo(value: unknown, where: string): DatasetInfo {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(
      `${where} must be a plain object of strings, numbers and booleans, got ${describe(value)}`,
    );
  }
  const keys = Object.keys(value);
  if (keys.length > 32) {
    throw new RangeError(`${where} has ${keys.length} keys; at most 32 are kept`);
  }
  const out: Record<string, string | number | boolean | null> = {};
  for (const key of keys) {
    if (FORBIDDEN.has(key) || key.length > 100) {
      throw new RangeError(`${where}: key ${JSON.stringify(key.slice(0, 100))} is not allowed`);
    }
    const v = (value as Record<string, unknown>)[key];
    const ok =
      v === null ||
      typeof v === "boolean" ||
      (typeof v === "number" && Number.isFinite(v)) ||
      (typeof v === "string" && v.length <= 1000);
    if (!ok) {
      throw new TypeError(
        `${where}.${key} must be a string (≤ 1000 characters), a finite number, a boolean or null, got ${describe(v)}`,
      );
    }
    out[key] = v as string | number | boolean | null;
  }
  return out;
}

/**
 * Validates the options of `fit` for a network doing `task`: unknown keys (with a hint for
 * Keras/scikit-learn spellings such as `batch_size`), wrong types, out-of-range values and
 * conflicting options throw a `TypeError`/`RangeError` naming the option.
 *
 * @example
 * ```ts
 * normalizeFitOptions({ epochs: 10, batchSize: 32 }, "binary", "fit").batchSize; // 32
 * ```
 */
export function normalizeFitOptions<N>(
  options: unknown,
  task: Task,
  where: string,
): FitSettings<N> {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(
      `${where}: expected an options object such as { epochs: 1000 }, got ${describe(options)}`,
    );
  }
  const o = options as Record<string, unknown>;
  checkOptionKeys(o, KEYS, HINTS, where);
  const { epochs } = o;
  if (epochs === undefined) {
    throw new TypeError(
      `${where}: options.epochs is required (a non-negative integer), e.g. { epochs: 1000 }`,
    );
  }
  if (typeof epochs !== "number" || !Number.isInteger(epochs) || epochs < 0) {
    throw new RangeError(
      `${where}: epochs must be a non-negative integer, got ${describe(epochs)}`,
    );
  }
  let batchSize: number | null = null;
  if (o.batchSize !== undefined && o.batchSize !== "full") {
    const b = o.batchSize;
    if (typeof b !== "number" || !Number.isInteger(b) || b < 1) {
      throw new RangeError(
        `${where}: batchSize must be a positive integer or "full", got ${describe(b)}`,
      );
    }
    batchSize = b;
  }
  const shuffle = o.shuffle ?? true;
  if (typeof shuffle !== "boolean") {
    throw new TypeError(`${where}: shuffle must be a boolean, got ${describe(shuffle)}`);
  }
  const optimizer = o.optimizer as OptimizerLike | undefined;
  if (optimizer !== undefined) {
    const ok =
      typeof optimizer === "string" ||
      isOptimizerInstance(optimizer) ||
      (typeof optimizer === "object" && optimizer !== null && !Array.isArray(optimizer));
    if (!ok) {
      throw new TypeError(
        `${where}: optimizer must be "sgd", "adam", "rmsprop", { type, ... } or an Optimizer, got ${describe(optimizer)}`,
      );
    }
  }
  const positive = (name: string, v: unknown, allowZero: boolean): number | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isFinite(v) || (allowZero ? v < 0 : v <= 0)) {
      throw new RangeError(
        `${where}: ${name} must be a finite number ${allowZero ? ">= 0" : "> 0"}, got ${describe(v)}`,
      );
    }
    if (isOptimizerInstance(optimizer)) {
      throw new RangeError(
        `${where}: ${name} cannot be combined with an optimizer instance; set it on the instance`,
      );
    }
    if (typeof optimizer === "object" && optimizer !== null && name in optimizer) {
      throw new RangeError(
        `${where}: ${name} is given both as an option and in the optimizer config; give it once`,
      );
    }
    return v;
  };
  const learningRate = positive("learningRate", o.learningRate, false);
  const weightDecay = positive("weightDecay", o.weightDecay, true);
  const schedule = normalizeSchedule(
    o.learningRateSchedule ?? "constant",
    `${where}: learningRateSchedule`,
  );

  let validationSplit: number | null = null;
  if (o.validationSplit !== undefined) {
    const v = o.validationSplit;
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0 || v >= 1) {
      throw new RangeError(
        `${where}: validationSplit must be a number strictly between 0 and 1, got ${describe(v)}`,
      );
    }
    validationSplit = v;
  }
  let validationData: LabelledData<number | string> | null = null;
  if (o.validationData !== undefined) {
    if (validationSplit !== null) {
      throw new RangeError(`${where}: give either validationSplit or validationData, not both`);
    }
    const v = o.validationData;
    if (Array.isArray(v) && v.length === 2) {
      validationData = { X: v[0] as SamplesInput, y: v[1] as TargetsInput };
    } else if (typeof v === "object" && v !== null && !Array.isArray(v) && "X" in v && "y" in v) {
      validationData = v as LabelledData;
    } else {
      throw new TypeError(
        `${where}: validationData must be [X, y] or { X, y }, got ${describe(v)}`,
      );
    }
  }
  const earlyStopping = normalizeEarlyStopping(
    o.earlyStopping,
    validationSplit !== null || validationData !== null,
    task,
    where,
  );

  const callbacks = (o.callbacks ?? {}) as FitCallbacks<N>;
  if (typeof callbacks !== "object" || callbacks === null || Array.isArray(callbacks)) {
    throw new TypeError(
      `${where}: callbacks must be { onEpochEnd?, onBatchEnd? }, got ${describe(callbacks)}`,
    );
  }
  for (const key of Object.keys(callbacks)) {
    if (key !== "onEpochEnd" && key !== "onBatchEnd") {
      throw new RangeError(
        `${where}: unknown callback "${key}"; expected onEpochEnd or onBatchEnd`,
      );
    }
    const f = (callbacks as Record<string, unknown>)[key];
    if (f !== undefined && typeof f !== "function") {
      throw new TypeError(`${where}: callbacks.${key} must be a function, got ${describe(f)}`);
    }
  }
  const signal = (o.signal ?? null) as AbortSignal | null;
  if (signal !== null && (typeof signal !== "object" || typeof signal.aborted !== "boolean")) {
    throw new TypeError(`${where}: signal must be an AbortSignal, got ${describe(signal)}`);
  }
  const divergenceFactor = checkDivergenceFactor(o.divergenceFactor, where);
  const warnOption = o.warn ?? ((message: string) => console.warn(message));
  if (warnOption !== false && typeof warnOption !== "function") {
    throw new TypeError(`${where}: warn must be a function or false, got ${describe(warnOption)}`);
  }
  const warn = warnOption === false ? () => {} : (warnOption as (message: string) => void);
  const dataset = o.dataset === undefined ? null : checkDatasetInfo(o.dataset, `${where}: dataset`);
  const verbose = checkVerbose(o.verbose, where);
  return {
    epochs,
    batchSize,
    shuffle,
    optimizer,
    learningRate,
    weightDecay,
    schedule,
    validationSplit,
    validationData,
    earlyStopping,
    callbacks,
    signal,
    divergenceFactor,
    warn,
    dataset,
    verbose,
  };
}

function checkVerbose(value: unknown, where: string): VerboseOptions | null {
  if (value === undefined || value === false) return null;
  if (value === true) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(
      `${where}: verbose must be true, false or { write, isTTY }, got ${describe(value)}`,
    );
  }
  const o = value as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (key !== "write" && key !== "isTTY") {
      throw new RangeError(
        `${where}: unknown verbose option "${key.slice(0, 40)}"; expected write or isTTY`,
      );
    }
  }
  if (o.write !== undefined && typeof o.write !== "function") {
    throw new TypeError(`${where}: verbose.write must be a function, got ${describe(o.write)}`);
  }
  if (o.isTTY !== undefined && typeof o.isTTY !== "boolean") {
    throw new TypeError(`${where}: verbose.isTTY must be a boolean, got ${describe(o.isTTY)}`);
  }
  return o as VerboseOptions;
}

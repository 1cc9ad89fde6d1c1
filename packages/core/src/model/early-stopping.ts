import { describe } from "../matrix.ts";
import type { EpochLog } from "./history.ts";
import type { Task } from "./task.ts";

/** A quantity early stopping can watch. */
export type Monitor = "loss" | "accuracy" | "valLoss" | "valAccuracy";

/** Options of early stopping (all optional). */
export interface EarlyStoppingOptions {
  /** Default `"valLoss"` with validation data, else `"loss"` (`"val_loss"` etc. also accepted). */
  readonly monitor?: Monitor | "val_loss" | "val_accuracy";
  /** Epochs without improvement before stopping; default 10 (scikit-learn's n_iter_no_change). */
  readonly patience?: number;
  /** Smallest change that counts as an improvement; default 0. */
  readonly minDelta?: number;
  /** End the fit with the parameters of the best epoch; default false. */
  readonly restoreBestWeights?: boolean;
}

/** Validated early-stopping settings. */
export interface EarlyStoppingConfig {
  readonly monitor: Monitor;
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBestWeights: boolean;
}

const KEYS = ["monitor", "patience", "minDelta", "restoreBestWeights"];
const MONITORS: Readonly<Record<string, Monitor>> = {
  loss: "loss",
  accuracy: "accuracy",
  valLoss: "valLoss",
  valAccuracy: "valAccuracy",
  val_loss: "valLoss",
  val_accuracy: "valAccuracy",
};

/**
 * Validates the `earlyStopping` fit option (`true` or an options object; `false`/undefined
 * mean none) against what the fit can measure.
 *
 * @example
 * ```ts
 * normalizeEarlyStopping({ patience: 5 }, true, "binary", "fit")?.monitor; // "valLoss"
 * ```
 */
export function normalizeEarlyStopping(
  value: unknown,
  hasValidation: boolean,
  task: Task,
  where: string,
): EarlyStoppingConfig | null {
  if (value === undefined || value === false) return null;
  const o = (value === true ? {} : value) as Record<string, unknown>;
  if (typeof o !== "object" || o === null || Array.isArray(o)) {
    throw new TypeError(
      `${where}: earlyStopping must be true or { monitor, patience, minDelta, restoreBestWeights }, got ${describe(value)}`,
    );
  }
  for (const key of Object.keys(o)) {
    if (!KEYS.includes(key)) {
      throw new RangeError(
        `${where}: unknown earlyStopping key "${key}"; expected ${KEYS.join(", ")}`,
      );
    }
  }
  const rawMonitor = o.monitor ?? (hasValidation ? "valLoss" : "loss");
  const monitor = typeof rawMonitor === "string" ? MONITORS[rawMonitor] : undefined;
  if (monitor === undefined || !Object.hasOwn(MONITORS, rawMonitor as string)) {
    throw new RangeError(
      `${where}: earlyStopping.monitor must be "loss", "accuracy", "valLoss" or "valAccuracy", got ${describe(rawMonitor)}`,
    );
  }
  if (monitor.startsWith("val") && !hasValidation) {
    throw new RangeError(
      `${where}: earlyStopping.monitor "${monitor}" needs validation data: set validationSplit or validationData, or monitor "loss"`,
    );
  }
  if (monitor.endsWith("ccuracy") && task === "regression") {
    throw new RangeError(
      `${where}: earlyStopping.monitor "${monitor}" needs a classifier; this network does regression`,
    );
  }
  const patience = o.patience ?? 10;
  if (typeof patience !== "number" || !Number.isInteger(patience) || patience < 0) {
    throw new RangeError(
      `${where}: earlyStopping.patience must be a non-negative integer, got ${describe(patience)}`,
    );
  }
  const minDelta = o.minDelta ?? 0;
  if (typeof minDelta !== "number" || !Number.isFinite(minDelta) || minDelta < 0) {
    throw new RangeError(
      `${where}: earlyStopping.minDelta must be a finite number >= 0, got ${describe(minDelta)}`,
    );
  }
  const restore = o.restoreBestWeights ?? false;
  if (typeof restore !== "boolean") {
    throw new TypeError(
      `${where}: earlyStopping.restoreBestWeights must be a boolean, got ${describe(restore)}`,
    );
  }
  return { monitor, patience, minDelta, restoreBestWeights: restore };
}

/**
 * Early-stopping state for one fit: watches one quantity of each epoch's log and says when
 * `patience` epochs in a row failed to improve on the best by more than `minDelta` (losses
 * must decrease, accuracies increase). Keeps the best epoch's snapshot (any value `S`).
 *
 * @example
 * ```ts
 * const es = new EarlyStopping<number>({ monitor: "loss", patience: 2, minDelta: 0, restoreBestWeights: false });
 * es.observe({ epoch: 0, loss: 1, learningRate: 0.1 }, 0); // false: keep going
 * ```
 */
export class EarlyStopping<S> {
  readonly config: EarlyStoppingConfig;
  #best = Number.NaN;
  #bestEpoch: number | undefined;
  #bestSnapshot: S | undefined;
  #wait = 0;

  constructor(config: EarlyStoppingConfig) {
    this.config = config;
  }

  /** Epoch of the best value so far. */
  get bestEpoch(): number | undefined {
    return this.#bestEpoch;
  }

  /** Snapshot taken at the best epoch. */
  get bestSnapshot(): S | undefined {
    return this.#bestSnapshot;
  }

  /**
   * Records an epoch; returns true when training should stop.
   *
   * @example
   * ```ts
   * if (es.observe(log, params)) stop();
   * ```
   */
  observe(log: EpochLog, snapshot: S): boolean {
    const { monitor, minDelta, patience } = this.config;
    const value = log[monitor];
    if (value === undefined) return false;
    const maximise = monitor.endsWith("ccuracy");
    const improved =
      this.#bestEpoch === undefined ||
      (maximise ? value > this.#best + minDelta : value < this.#best - minDelta);
    if (improved) {
      this.#best = value;
      this.#bestEpoch = log.epoch;
      this.#bestSnapshot = snapshot;
      this.#wait = 0;
      return false;
    }
    this.#wait++;
    return this.#wait >= patience;
  }
}

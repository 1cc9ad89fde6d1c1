import { describe } from "../matrix.ts";
import {
  COMMON_OPTION_HINTS,
  checkDivergenceFactor,
  checkOptionKeys,
} from "../model/fit-options.ts";

/**
 * Options of `train` (`trainParallel` drops `backend` and adds `threads`).
 *
 * @example
 * ```ts
 * TRAIN_OPTION_KEYS.includes("learningRate"); // true
 * ```
 */
export const TRAIN_OPTION_KEYS: readonly string[] = [
  "epochs",
  "learningRate",
  "seed",
  "initialParams",
  "loss",
  "callback",
  "callbackEvery",
  "verbose",
  "log",
  "engine",
  "dtype",
  "fma",
  "divergenceFactor",
];

/** Hints for options of `Network.fit` (and other libraries' spellings) given to `train`. */
const TRAIN_HINTS: Readonly<Record<string, string>> = {
  ...COMMON_OPTION_HINTS,
  random_state: "seed",
  onEpochEnd: "callback",
  callbacks: "callback (one function, called every callbackEvery epochs)",
  batchSize: "Network.fit (train does full-batch gradient descent)",
  batch_size: "Network.fit (train does full-batch gradient descent)",
  optimizer: "Network.fit (train is plain gradient descent)",
};

/** The checked loop settings shared by `train` and `trainParallel`. */
export interface LoopSettings {
  readonly epochs: number;
  readonly learningRate: number;
  /** `callbackEvery`, default 50 (the notebook's). */
  readonly every: number;
  /** `divergenceFactor`, default 1e6. */
  readonly divergenceFactor: number;
}

/**
 * Checks the options object — unknown keys (with `Network.fit`'s "did you mean" hints, from
 * the same check), `epochs`, `learningRate`, `callbackEvery`, `callback` and
 * `divergenceFactor` — with errors that name the function, the option and the value. `known`
 * lists the accepted keys.
 *
 * @example
 * ```ts
 * checkLoopOptions({ epochs: 10, learningRate: 0.01 }, "train"); // { epochs: 10, learningRate: 0.01, every: 50 }
 * ```
 */
export function checkLoopOptions(
  options: unknown,
  where: string,
  known: readonly string[] = TRAIN_OPTION_KEYS,
): LoopSettings {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(
      `${where}: expected an options object { epochs, learningRate }, got ${describe(options)}`,
    );
  }
  checkOptionKeys(options, known, TRAIN_HINTS, where);
  const { epochs, learningRate, callbackEvery } = options as {
    epochs?: unknown;
    learningRate?: unknown;
    callbackEvery?: unknown;
  };
  if (typeof epochs !== "number" || !Number.isInteger(epochs) || epochs < 0) {
    throw new RangeError(
      `${where}: epochs must be a non-negative integer, got ${describe(epochs)}`,
    );
  }
  if (typeof learningRate !== "number" || !Number.isFinite(learningRate) || learningRate <= 0) {
    throw new RangeError(
      `${where}: learningRate must be a finite number > 0, got ${describe(learningRate)}`,
    );
  }
  const every = callbackEvery ?? 50;
  if (typeof every !== "number" || !Number.isInteger(every) || every < 1) {
    throw new RangeError(
      `${where}: callbackEvery must be a positive integer, got ${describe(every)}`,
    );
  }
  if (
    (options as { callback?: unknown }).callback !== undefined &&
    typeof (options as { callback?: unknown }).callback !== "function"
  ) {
    throw new TypeError(
      `${where}: callback must be a function, got ${describe((options as { callback?: unknown }).callback)}`,
    );
  }
  const divergenceFactor = checkDivergenceFactor(
    (options as { divergenceFactor?: unknown }).divergenceFactor,
    where,
  );
  return { epochs, learningRate, every, divergenceFactor };
}

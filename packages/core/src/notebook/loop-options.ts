import { describe } from "../matrix.ts";

/** The checked loop settings shared by `train` and `trainParallel`. */
export interface LoopSettings {
  readonly epochs: number;
  readonly learningRate: number;
  /** `callbackEvery`, default 50 (the notebook's). */
  readonly every: number;
}

/**
 * Checks the options object and its `epochs`, `learningRate` and `callbackEvery`, with errors
 * that name the function, the option and the value.
 *
 * @example
 * ```ts
 * checkLoopOptions({ epochs: 10, learningRate: 0.01 }, "train"); // { epochs: 10, learningRate: 0.01, every: 50 }
 * ```
 */
export function checkLoopOptions(options: unknown, where: string): LoopSettings {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `${where}: expected an options object { epochs, learningRate }, got ${describe(options)}`,
    );
  }
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
  return { epochs, learningRate, every };
}

import { describe } from "../matrix.ts";
import type { AccuracyRule } from "./softmax.ts";

/** Options of a {@link FusedTrainer}. */
export interface FusedTrainerOptions {
  /**
   * Skip the rows and columns of dead ReLU units (default `true`): a hidden ReLU unit whose
   * output is exactly 0 for every sample of the batch contributes only exact zeros to the next
   * layer's products and to the backward pass, so the engine multiplies compacted matrices
   * without it. A unit dead in one pass is not even computed in the next when a bound on its
   * inputs proves it still dead (its weights got zero gradients, so they have not moved); and
   * when every unit of a layer is dead, every gradient at or below it is +0 and is not
   * computed either. The results are the same bits as with `false` (see `FusedTrainer`).
   */
  readonly skipDeadUnits?: boolean;
  /**
   * How the trainer counts the samples it predicts right (default `"threshold"`: every output
   * thresholded at 0.5 equals its target, the notebook's accuracy; `"argmax"`: the largest
   * output is the target's class, `Network`'s multiclass accuracy). See {@link AccuracyRule}.
   */
  readonly accuracy?: AccuracyRule;
}

/** Cost and accuracy of one fused epoch, measured before its update. */
export interface FusedEpochStats {
  readonly cost: number;
  readonly accuracy: number;
}

/**
 * The options of a {@link FusedTrainer} checked, with their defaults: a TypeError or RangeError
 * naming the option and the value otherwise.
 *
 * @example
 * ```ts
 * checkTrainerOptions({ accuracy: "argmax" }); // { skipDeadUnits: true, accuracy: "argmax" }
 * ```
 */
export function checkTrainerOptions(options: FusedTrainerOptions): {
  readonly skipDeadUnits: boolean;
  readonly accuracy: AccuracyRule;
} {
  const skip = options.skipDeadUnits ?? true;
  if (typeof skip !== "boolean") {
    throw new TypeError(
      `FusedTrainer: options.skipDeadUnits must be a boolean, got ${typeof skip} (e.g. { skipDeadUnits: false })`,
    );
  }
  const accuracy = options.accuracy ?? "threshold";
  if (typeof accuracy !== "string") {
    throw new TypeError(
      `FusedTrainer: options.accuracy must be "threshold" or "argmax", got ${describe(accuracy)}`,
    );
  }
  if (accuracy !== "threshold" && accuracy !== "argmax") {
    throw new RangeError(
      `FusedTrainer: options.accuracy must be "threshold" or "argmax", got ${describe(accuracy)}`,
    );
  }
  return { skipDeadUnits: skip, accuracy };
}

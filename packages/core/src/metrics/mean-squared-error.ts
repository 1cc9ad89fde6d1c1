import type { RegressionTargets } from "./regression-targets.ts";
import { readTargetPair, uniformAverage } from "./regression-targets.ts";

/**
 * Mean squared error, as scikit-learn's `mean_squared_error`: the mean of `(yTrue - yPred)²`
 * over samples, averaged uniformly over outputs for multi-output targets (one row per
 * sample). This is the metric; the training loss of the same name is
 * `losses.meanSquaredError`.
 *
 * @example
 * ```ts
 * meanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.375
 * ```
 */
export function meanSquaredError(yTrue: RegressionTargets, yPred: RegressionTargets): number {
  const pair = readTargetPair(yTrue, yPred, "meanSquaredError");
  return uniformAverage(pair, (t, p) => (t - p) * (t - p));
}

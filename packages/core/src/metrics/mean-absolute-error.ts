import type { RegressionTargets } from "./regression-targets.ts";
import { readTargetPair, uniformAverage } from "./regression-targets.ts";

/**
 * Mean absolute error, as scikit-learn's `mean_absolute_error`: the mean of
 * `|yTrue - yPred|` over samples, averaged uniformly over outputs for multi-output targets.
 *
 * @example
 * ```ts
 * meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.5
 * ```
 */
export function meanAbsoluteError(yTrue: RegressionTargets, yPred: RegressionTargets): number {
  const pair = readTargetPair(yTrue, yPred, "meanAbsoluteError");
  return uniformAverage(pair, (t, p) => Math.abs(t - p));
}

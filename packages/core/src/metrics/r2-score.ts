import { pairwiseSum } from "../sum.ts";
import type { RegressionTargets } from "./regression-targets.ts";
import { columnSums, readTargetPair } from "./regression-targets.ts";

/**
 * Coefficient of determination R², as scikit-learn's `r2_score`: `1 - SS_res / SS_tot` per
 * output, averaged uniformly over outputs. An output whose `yTrue` is constant scores 1 when
 * predicted perfectly and 0 otherwise (scikit-learn's `force_finite=True`). Needs at least
 * two samples (scikit-learn returns NaN then; this throws a `RangeError`).
 *
 * @example
 * ```ts
 * r2Score([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.948...
 * ```
 */
export function r2Score(yTrue: RegressionTargets, yPred: RegressionTargets): number {
  const where = "r2Score";
  const pair = readTargetPair(yTrue, yPred, where);
  const n = pair.true.rows;
  if (n < 2) {
    throw new RangeError(
      `${where}: needs at least two samples, got ${n}; R² is not defined for one`,
    );
  }
  const numerator = columnSums(pair, (t, p) => (t - p) * (t - p));
  const means = columnSums(pair, (t) => t).map((s) => s / n);
  const cols = pair.true.cols;
  const denominator = columnSums(
    {
      true: pair.true,
      pred: { ...pair.true, data: pair.true.data.map((_, k) => means[k % cols] as number) },
    },
    (t, m) => (t - m) * (t - m),
  );
  const scores = numerator.map((num, j) => {
    const den = denominator[j] as number;
    if (num === 0) return 1;
    if (den === 0) return 0;
    return 1 - num / den;
  });
  return pairwiseSum(scores, 0, cols, 1) / cols;
}

import type { MatrixBackend } from "../backend.ts";
import { typedArrayBackend } from "../backends/typed-array.ts";
import { CLASS_THRESHOLD } from "../engine/ops.generated.ts";
import type { LossLike } from "../losses/loss.ts";
import { getLoss } from "../losses/registry.ts";
import type { Matrix } from "../matrix.ts";
import { type BackendOptions, checkTargets } from "./propagation.ts";

/**
 * The notebook's `get_cost_value`, with a choice of loss (binary cross-entropy by default).
 *
 * @example
 * ```ts
 * getCostValue(Matrix.row([0.9, 0.1]), Matrix.row([1, 0])); // ≈ 0.1054
 * ```
 */
export function getCostValue<M = Matrix>(
  Yhat: M,
  Y: M,
  loss: LossLike = "binaryCrossEntropy",
  options?: BackendOptions<M>,
): number {
  const be = (options?.backend ?? typedArrayBackend) as MatrixBackend<M>;
  checkTargets(be, Yhat, Y, "getCostValue");
  return getLoss(loss, "getCostValue").cost(be, Yhat, Y);
}

/**
 * The notebook's `convert_prob_into_class`: 1 where the probability is > 0.5 (the fused table's
 * `CLASS_THRESHOLD`, which the engine's accuracy count uses too), else 0 (NaN included).
 *
 * @example
 * ```ts
 * convertProbIntoClass(Matrix.row([0.5, 0.7])).toArray(); // [[0, 1]]
 * ```
 */
export function convertProbIntoClass<M = Matrix>(probs: M, options?: BackendOptions<M>): M {
  const be = (options?.backend ?? typedArrayBackend) as MatrixBackend<M>;
  return be.map(probs, (p) => (p > CLASS_THRESHOLD ? 1 : 0));
}

/**
 * The notebook's `get_accuracy_value`: the fraction of samples (columns) whose thresholded
 * predictions equal the targets in every row.
 *
 * @example
 * ```ts
 * getAccuracyValue(Matrix.row([0.9, 0.2, 0.6]), Matrix.row([1, 0, 0])); // 2/3
 * ```
 */
export function getAccuracyValue<M = Matrix>(Yhat: M, Y: M, options?: BackendOptions<M>): number {
  const be = (options?.backend ?? typedArrayBackend) as MatrixBackend<M>;
  checkTargets(be, Yhat, Y, "getAccuracyValue");
  const classes = be.toMatrix(convertProbIntoClass(Yhat, { backend: be }));
  const y = be.toMatrix(Y);
  let correct = 0;
  for (let j = 0; j < y.cols; j++) {
    let all = true;
    for (let i = 0; i < y.rows; i++) {
      if (classes.data[i * y.cols + j] !== y.data[i * y.cols + j]) {
        all = false;
        break;
      }
    }
    if (all) correct++;
  }
  return correct / y.cols;
}

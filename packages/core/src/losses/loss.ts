import type { Activation } from "../activations/activation.ts";
import type { MatrixBackend } from "../backend.ts";
import type { FusedLoss } from "../engine/ops.generated.ts";

/** Names of the built-in losses. */
export type LossName = "binaryCrossEntropy" | "categoricalCrossEntropy" | "meanSquaredError";

/**
 * A loss over a batch laid out as **outputs x samples**.
 *
 * `cost` is the scalar averaged over the batch; `gradient` is dL/dŶ **per sample** (not yet
 * divided by the batch size m, because the notebook's backward pass divides dW and db by m).
 */
export interface Loss {
  /** Stable name, as accepted by `getCostValue` and `train`. */
  readonly name: LossName;
  /**
   * Scalar cost of predictions `yHat` for targets `y` (same shape).
   *
   * @example
   * ```ts
   * binaryCrossEntropy.cost(typedArrayBackend, Matrix.row([0.5]), Matrix.row([1])); // ln 2
   * ```
   */
  cost<M>(backend: MatrixBackend<M>, yHat: M, y: M): number;
  /**
   * dA of the output layer: the per-sample derivative of the loss with respect to `yHat`.
   *
   * @example
   * ```ts
   * binaryCrossEntropy.gradient(typedArrayBackend, Matrix.row([0.5]), Matrix.row([1])); // [[-2]]
   * ```
   */
  gradient<M>(backend: MatrixBackend<M>, yHat: M, y: M): M;
  /**
   * Optional closed form of dL/dZ for the output layer (per sample) when this loss follows
   * `activation` — e.g. `Ŷ − Y` for softmax + categorical cross-entropy — or `undefined` to
   * use `gradient` followed by the activation's backward pass.
   *
   * @example
   * ```ts
   * categoricalCrossEntropy.outputDelta?.(be, Yhat, Y, softmax); // Yhat − Y
   * ```
   */
  outputDelta?<M>(backend: MatrixBackend<M>, yHat: M, y: M, activation: Activation): M | undefined;
  /**
   * Optional per-element face (as {@link Activation} has `forward` and `backward`): the cost's
   * per-element terms, the cost from their sums and the per-element gradient, from the fused
   * engine's table. The built-in `binaryCrossEntropy` and `meanSquaredError` have it, and
   * compute `cost` and `gradient` with it.
   *
   * @example
   * ```ts
   * meanSquaredError.elementwise?.pos(1, 3); // 4
   * ```
   */
  readonly elementwise?: FusedLoss;
}

/** Short and Keras/NumPy-style spellings accepted wherever a loss name is. */
export type LossAlias =
  | "bce"
  | "binary_crossentropy"
  | "binary_cross_entropy"
  | "cce"
  | "categorical_crossentropy"
  | "categorical_cross_entropy"
  | "mse"
  | "mean_squared_error";

/** A loss given by name, alias or object. */
export type LossLike = LossName | LossAlias | Loss;

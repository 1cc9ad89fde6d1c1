import type { Activation } from "../activations/activation.ts";
import type { MatrixBackend } from "../backend.ts";
import { log } from "../libm/log.ts";
import { BCE_EPSILON } from "./binary-cross-entropy.ts";
import type { Loss } from "./loss.ts";

const clip = (p: number): number => Math.max(p, BCE_EPSILON);

/**
 * Categorical cross-entropy for a softmax output over k classes, with targets as one column
 * per sample holding a one-hot (or probability) vector:
 * `−1/m · Σ_samples Σ_classes y·log(ŷ)`, where ŷ is clipped below at 2⁻⁵² (as binary
 * cross-entropy) so a probability of exactly 0 gives a large finite cost, never Infinity.
 *
 * Its per-sample gradient is `−y/ŷ`; after a softmax layer the pair simplifies to
 * `dZ = ŷ − y`, which {@link Loss.outputDelta} returns (exact and stable, used by
 * `fullBackwardPropagation` and `Network`).
 *
 * @example
 * ```ts
 * const be = typedArrayBackend;
 * categoricalCrossEntropy.cost(be, Matrix.from([[0.5], [0.5]]), Matrix.from([[1], [0]])); // ln 2
 * ```
 */
export const categoricalCrossEntropy: Loss = {
  name: "categoricalCrossEntropy",
  cost<M>(be: MatrixBackend<M>, yHat: M, y: M): number {
    const m = be.shape(y)[1];
    return (-1 / m) * be.sum(be.zip(y, yHat, (t, p) => t * log(clip(p))));
  },
  gradient<M>(be: MatrixBackend<M>, yHat: M, y: M): M {
    return be.zip(y, yHat, (t, p) => -(t / clip(p)));
  },
  outputDelta<M>(be: MatrixBackend<M>, yHat: M, y: M, activation: Activation): M | undefined {
    return activation.name === "softmax" ? be.sub(yHat, y) : undefined;
  },
};

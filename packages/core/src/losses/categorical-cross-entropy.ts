import type { Activation } from "../activations/activation.ts";
import type { MatrixBackend } from "../backend.ts";
import { fusedLosses } from "../engine/ops.generated.ts";
import type { Loss } from "./loss.ts";

const face = fusedLosses.categoricalCrossEntropy;
const delta = face.softmaxDelta!;

/**
 * Categorical cross-entropy for a softmax output over k classes, with targets as one column
 * per sample holding a one-hot (or probability) vector:
 * `−1/m · Σ_samples Σ_classes y·log(ŷ)`, where ŷ is clipped below at 2⁻⁵² (as binary
 * cross-entropy) so a probability of exactly 0 gives a large finite cost, never Infinity.
 *
 * Its per-sample gradient is `−y/ŷ`; after a softmax layer the pair simplifies to
 * `dZ = ŷ − y`, which {@link Loss.outputDelta} returns (exact and stable, used by
 * `fullBackwardPropagation` and `Network`). The per-element formulas are the
 * `categoricalCrossEntropy` entry of the fused engine's table (scripts/engine-ops.mjs), its
 * {@link Loss.elementwise} face.
 *
 * @example
 * ```ts
 * const be = typedArrayBackend;
 * categoricalCrossEntropy.cost(be, Matrix.from([[0.5], [0.5]]), Matrix.from([[1], [0]])); // ln 2
 * ```
 */
export const categoricalCrossEntropy: Loss = {
  name: "categoricalCrossEntropy",
  elementwise: face,
  cost<M>(be: MatrixBackend<M>, yHat: M, y: M): number {
    const [rows, m] = be.shape(y);
    return face.cost(be.sum(be.zip(y, yHat, face.pos)), 0, rows, m);
  },
  gradient<M>(be: MatrixBackend<M>, yHat: M, y: M): M {
    const rows = be.shape(y)[0];
    return be.zip(y, yHat, (t, p) => face.gradient(t, p, rows));
  },
  outputDelta<M>(be: MatrixBackend<M>, yHat: M, y: M, activation: Activation): M | undefined {
    return activation.name === "softmax" ? be.zip(y, yHat, delta) : undefined;
  },
};

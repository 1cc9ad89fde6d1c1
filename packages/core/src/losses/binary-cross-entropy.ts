import type { MatrixBackend } from "../backend.ts";
import { fusedLosses } from "../engine/ops.generated.ts";
import type { Loss } from "./loss.ts";

export { BCE_EPSILON } from "../engine/ops.generated.ts";

const face = fusedLosses.binaryCrossEntropy;

/**
 * Binary cross-entropy, the notebook's `get_cost_value`:
 * `-1/m · (Y·log(Ŷ)ᵀ + (1−Y)·log(1−Ŷ)ᵀ)`, and its derivative
 * `−(Y/Ŷ − (1−Y)/(1−Ŷ))`, both evaluated in the notebook's order, with Ŷ clipped to
 * [ε, 1 − ε] (`BCE_EPSILON`). The per-element formulas are the `binaryCrossEntropy` entry of
 * the fused engine's table (scripts/engine-ops.mjs), its {@link Loss.elementwise} face.
 *
 * @example
 * ```ts
 * const be = typedArrayBackend;
 * binaryCrossEntropy.cost(be, Matrix.row([0.9, 0.2]), Matrix.row([1, 0]));
 * ```
 */
export const binaryCrossEntropy: Loss = {
  name: "binaryCrossEntropy",
  elementwise: face,
  cost<M>(be: MatrixBackend<M>, yHat: M, y: M): number {
    const [rows, m] = be.shape(y);
    const pos = be.sum(be.zip(y, yHat, face.pos));
    const neg = be.sum(be.zip(y, yHat, face.neg!));
    return face.cost(pos, neg, rows, m);
  },
  gradient<M>(be: MatrixBackend<M>, yHat: M, y: M): M {
    const rows = be.shape(y)[0];
    return be.zip(y, yHat, (t, p) => face.gradient(t, p, rows));
  },
};

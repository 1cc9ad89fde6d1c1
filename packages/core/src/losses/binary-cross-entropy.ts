import type { MatrixBackend } from "../backend.ts";
import { log } from "../libm/log.ts";
import type { Loss } from "./loss.ts";

/**
 * Probabilities are clipped to [ε, 1 − ε] with ε = 2⁻⁵² (scikit-learn's `log_loss` default)
 * before the logarithm, so predictions of exactly 0 or 1 give a large finite cost instead of
 * NaN/Infinity. Values inside that interval — every value of a normal run — are untouched,
 * which keeps NumPy parity.
 *
 * @example
 * ```ts
 * binaryCrossEntropy.cost(typedArrayBackend, Matrix.row([0]), Matrix.row([1])); // -log(2⁻⁵²) ≈ 36.04
 * ```
 */
export const BCE_EPSILON: number = 2 ** -52;

const clip = (p: number): number => (p < BCE_EPSILON ? BCE_EPSILON : Math.min(p, 1 - BCE_EPSILON));

/**
 * Binary cross-entropy, the notebook's `get_cost_value`:
 * `-1/m · (Y·log(Ŷ)ᵀ + (1−Y)·log(1−Ŷ)ᵀ)`, and its derivative
 * `−(Y/Ŷ − (1−Y)/(1−Ŷ))`, both evaluated in the notebook's order.
 *
 * @example
 * ```ts
 * const be = typedArrayBackend;
 * binaryCrossEntropy.cost(be, Matrix.row([0.9, 0.2]), Matrix.row([1, 0]));
 * ```
 */
export const binaryCrossEntropy: Loss = {
  name: "binaryCrossEntropy",
  cost<M>(be: MatrixBackend<M>, yHat: M, y: M): number {
    const m = be.shape(y)[1];
    const pos = be.sum(be.zip(y, yHat, (t, p) => t * log(clip(p))));
    const neg = be.sum(be.zip(y, yHat, (t, p) => (1 - t) * log(1 - clip(p))));
    return (-1 / m) * (pos + neg);
  },
  gradient<M>(be: MatrixBackend<M>, yHat: M, y: M): M {
    return be.zip(y, yHat, (t, p) => {
      const q = clip(p);
      return -(t / q - (1 - t) / (1 - q));
    });
  },
};

import type { MatrixBackend } from "../backend.ts";
import type { Loss } from "./loss.ts";

/**
 * Mean squared error over every output and sample: `Σ (Ŷ − Y)² / (k·m)` for k outputs and m
 * samples (the Korean seed notebook's version forgets the sum; this returns the proper scalar
 * mean). Its per-sample gradient is `2 (Ŷ − Y) / k`.
 *
 * @example
 * ```ts
 * meanSquaredError.cost(typedArrayBackend, Matrix.row([1, 3]), Matrix.row([0, 1])); // 2.5
 * ```
 */
export const meanSquaredError: Loss = {
  name: "meanSquaredError",
  cost<M>(be: MatrixBackend<M>, yHat: M, y: M): number {
    const [k, m] = be.shape(y);
    return be.sum(be.zip(yHat, y, (p, t) => (p - t) * (p - t))) / (k * m);
  },
  gradient<M>(be: MatrixBackend<M>, yHat: M, y: M): M {
    const k = be.shape(y)[0];
    return be.zip(yHat, y, (p, t) => (2 * (p - t)) / k);
  },
};

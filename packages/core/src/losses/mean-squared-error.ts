import type { MatrixBackend } from "../backend.ts";
import { fusedLosses } from "../engine/ops.generated.ts";
import type { Loss } from "./loss.ts";

const face = fusedLosses.meanSquaredError;

/**
 * Mean squared error over every output and sample: `Σ (Ŷ − Y)² / (k·m)` for k outputs and m
 * samples (the Korean seed notebook's version forgets the sum; this returns the proper scalar
 * mean). Its per-sample gradient is `2 (Ŷ − Y) / k`. The per-element formulas are the
 * `meanSquaredError` entry of the fused engine's table (scripts/engine-ops.mjs), its
 * {@link Loss.elementwise} face.
 *
 * @example
 * ```ts
 * meanSquaredError.cost(typedArrayBackend, Matrix.row([1, 3]), Matrix.row([0, 1])); // 2.5
 * ```
 */
export const meanSquaredError: Loss = {
  name: "meanSquaredError",
  elementwise: face,
  cost<M>(be: MatrixBackend<M>, yHat: M, y: M): number {
    const [k, m] = be.shape(y);
    return face.cost(be.sum(be.zip(yHat, y, (p, t) => face.pos(t, p))), 0, k, m);
  },
  gradient<M>(be: MatrixBackend<M>, yHat: M, y: M): M {
    const k = be.shape(y)[0];
    return be.zip(yHat, y, (p, t) => face.gradient(t, p, k));
  },
};

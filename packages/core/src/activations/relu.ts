import type { Activation } from "./activation.ts";
import { activationFromTable } from "./from-table.ts";

/**
 * ReLU, `max(0, z)`, as the notebook's `relu`/`relu_backward`: the derivative is 1 for z > 0
 * and 0 otherwise (also at z = 0). NaN propagates (as `np.maximum`); −0 gives +0. The formulas
 * are the `relu` entry of the fused engine's table (scripts/engine-ops.mjs).
 *
 * @example
 * ```ts
 * relu.forward(-2); // 0
 * relu.backward(0.3, 1.5); // 0.3
 * ```
 */
export const relu: Activation = activationFromTable("relu");

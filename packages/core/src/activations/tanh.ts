import type { Activation } from "./activation.ts";
import { activationFromTable } from "./from-table.ts";

export { tanhValue } from "./tanh-value.ts";

/**
 * tanh activation; derivative `1 - tanh(z)²`, also from the output (`1 - a²`). The formulas are
 * the `tanh` entry of the fused engine's table (scripts/engine-ops.mjs); the forward function is
 * `tanhValue` (plainnet's correctly rounded `exp` and basic arithmetic, so every runtime gives
 * the same bits).
 *
 * @example
 * ```ts
 * tanh.forward(0); // 0
 * tanh.backward(1, 0); // 1
 * ```
 */
export const tanh: Activation = activationFromTable("tanh");

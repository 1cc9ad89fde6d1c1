import type { Activation } from "./activation.ts";
import { activationFromTable } from "./from-table.ts";

export { LEAKY_RELU_ALPHA } from "../engine/ops.generated.ts";

/**
 * Leaky ReLU: `z` for z > 0, `0.01 z` otherwise; derivative 1 or 0.01. The formulas are the
 * `leakyRelu` entry of the fused engine's table (scripts/engine-ops.mjs).
 *
 * @example
 * ```ts
 * leakyRelu.forward(-2); // -0.02
 * ```
 */
export const leakyRelu: Activation = activationFromTable("leakyRelu");

import type { Activation } from "./activation.ts";
import { activationFromTable } from "./from-table.ts";

/**
 * Identity activation (for regression outputs with mean squared error). The `linear` entry of
 * the fused engine's table (scripts/engine-ops.mjs).
 *
 * @example
 * ```ts
 * linear.forward(3); // 3
 * ```
 */
export const linear: Activation = activationFromTable("linear");

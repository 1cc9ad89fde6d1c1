import type { Activation } from "./activation.ts";
import { activationFromTable } from "./from-table.ts";

/**
 * Logistic sigmoid `1 / (1 + e^-z)`, evaluated exactly as the notebook writes it, with
 * plainnet's correctly rounded `exp`. Safe for any |z|: for z < -709 `e^-z` overflows to
 * Infinity and the result is exactly 0; for z > 37 it is exactly 1 — never NaN. The formulas
 * are the `sigmoid` entry of the fused engine's table (scripts/engine-ops.mjs).
 *
 * @example
 * ```ts
 * sigmoid.forward(0); // 0.5
 * sigmoid.forward(-800); // 0
 * ```
 */
export const sigmoid: Activation = activationFromTable("sigmoid");

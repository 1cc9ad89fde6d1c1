import { exp } from "../libm/exp.ts";
import type { Activation } from "./activation.ts";

/**
 * Logistic sigmoid `1 / (1 + e^-z)`, evaluated exactly as the notebook writes it, with
 * plainnet's correctly rounded `exp`. Safe for any |z|: for z < -709 `e^-z` overflows to
 * Infinity and the result is exactly 0; for z > 37 it is exactly 1 — never NaN.
 *
 * @example
 * ```ts
 * sigmoid.forward(0); // 0.5
 * sigmoid.forward(-800); // 0
 * ```
 */
export const sigmoid: Activation = {
  name: "sigmoid",
  forward: (z: number): number => 1 / (1 + exp(-z)),
  backward: (da: number, z: number): number => {
    const s = 1 / (1 + exp(-z));
    return da * s * (1 - s);
  },
  backwardFromOutput: (da: number, s: number): number => da * s * (1 - s),
};

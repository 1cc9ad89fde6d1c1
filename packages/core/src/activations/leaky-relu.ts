import type { Activation } from "./activation.ts";

/**
 * Slope of {@link leakyRelu} for z ≤ 0 (PyTorch's default).
 *
 * @example
 * ```ts
 * leakyRelu.forward(-1) === -LEAKY_RELU_ALPHA; // true
 * ```
 */
export const LEAKY_RELU_ALPHA = 0.01;

/**
 * Leaky ReLU: `z` for z > 0, `0.01 z` otherwise; derivative 1 or 0.01.
 *
 * @example
 * ```ts
 * leakyRelu.forward(-2); // -0.02
 * ```
 */
export const leakyRelu: Activation = {
  name: "leakyRelu",
  forward: (z: number): number => (z > 0 ? z : LEAKY_RELU_ALPHA * z),
  backward: (da: number, z: number): number => (z > 0 ? da : LEAKY_RELU_ALPHA * da),
  // a = forward(z) is > 0 exactly where z is (alpha > 0; NaN stays NaN).
  backwardFromOutput: (da: number, a: number): number => (a > 0 ? da : LEAKY_RELU_ALPHA * da),
};

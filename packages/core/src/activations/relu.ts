import type { Activation } from "./activation.ts";

/**
 * ReLU, `max(0, z)`, as the notebook's `relu`/`relu_backward`: the derivative is 1 for z > 0
 * and 0 otherwise (also at z = 0). NaN propagates (as `np.maximum`).
 *
 * @example
 * ```ts
 * relu.forward(-2); // 0
 * relu.backward(0.3, 1.5); // 0.3
 * ```
 */
export const relu: Activation = {
  name: "relu",
  forward: (z: number): number => (z > 0 ? z : Number.isNaN(z) ? z : 0),
  backward: (da: number, z: number): number => (z <= 0 ? 0 : da),
};

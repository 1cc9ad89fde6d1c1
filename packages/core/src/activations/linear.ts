import type { Activation } from "./activation.ts";

/**
 * Identity activation (for regression outputs with mean squared error).
 *
 * @example
 * ```ts
 * linear.forward(3); // 3
 * ```
 */
export const linear: Activation = {
  name: "linear",
  forward: (z: number): number => z,
  backward: (da: number, _z: number): number => da,
};

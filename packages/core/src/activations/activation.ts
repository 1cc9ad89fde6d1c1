import type { FusedActivationName } from "../engine/ops.generated.ts";

/**
 * An element-wise activation: its forward function and its local derivative side by side
 * (as micrograd does). Backends join a kernel to an activation by its `name`; the scalar
 * functions here are the reference ("living definition") every backend must match.
 */
export interface Activation {
  /** Stable name, used by backends to pick a fused kernel and by serialisation. */
  readonly name: ActivationName;
  /**
   * a = f(z).
   *
   * @example
   * ```ts
   * relu.forward(-1); // 0
   * ```
   */
  forward(z: number): number;
  /**
   * dL/dz given dL/da = `da` at pre-activation `z` (the notebook's `*_backward(dA, Z)`,
   * one element at a time).
   *
   * @example
   * ```ts
   * relu.backward(0.5, 2); // 0.5
   * ```
   */
  backward(da: number, z: number): number;
  /**
   * Optional: the same derivative from the activation's output `a = forward(z)` instead of
   * `z`, equal to `backward(da, z)` bit for bit (so a caller that kept `a` skips recomputing
   * it). Every built-in element-wise activation has it (the fused engine's table).
   *
   * @example
   * ```ts
   * sigmoid.backwardFromOutput?.(0.5, sigmoid.forward(0)); // 0.125, as sigmoid.backward(0.5, 0)
   * ```
   */
  readonly backwardFromOutput?: (da: number, a: number) => number;
}

/** Names of the built-in element-wise activations: the fused engine's table's entries. */
export type ElementwiseActivationName = FusedActivationName;

/**
 * Names of the built-in activations: the element-wise ones and `"softmax"`, which works on
 * whole columns (one column per sample) through the backend's `softmaxColumns`.
 */
export type ActivationName = ElementwiseActivationName | "softmax";

import type { Activation } from "./activation.ts";

function columnwise(what: string): never {
  throw new TypeError(
    `softmax.${what}: softmax is not element-wise: it normalises whole columns (one column per sample); use backend.softmaxColumns(Z) or a layer with activation "softmax"`,
  );
}

/**
 * Softmax over each column (one column per sample): `a_i = e^(z_i − max z) / Σ_k e^(z_k − max z)`.
 * It is not element-wise, so its scalar `forward`/`backward` throw; layers with this
 * activation use the backend's `softmaxColumns` forward, and backward either the closed form
 * `Ŷ − Y` (with categorical cross-entropy) or the Jacobian-vector product
 * `dZ = A ⊙ (dA − 1·(1ᵀ(dA ⊙ A)))`.
 *
 * @example
 * ```ts
 * const arch = [{ inputDim: 2, outputDim: 3, activation: softmax }];
 * typedArrayBackend.softmaxColumns(Matrix.from([[0], [0]])).toArray(); // [[0.5], [0.5]]
 * ```
 */
export const softmax: Activation = {
  name: "softmax",
  forward: (_z: number): number => columnwise("forward"),
  backward: (_da: number, _z: number): number => columnwise("backward"),
};

/**
 * True for activations that work on whole columns (softmax) rather than element by element.
 *
 * @example
 * ```ts
 * isColumnwise(softmax); // true
 * isColumnwise(relu); // false
 * ```
 */
export function isColumnwise(activation: Activation): boolean {
  return activation.name === "softmax";
}

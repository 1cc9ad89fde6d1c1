// @plainnet/core: re-exports only.
export type { Activation, ActivationName } from "./activations/activation.ts";
export type { MatmulOptions, MatrixBackend } from "./backend.ts";
export { describe, Matrix } from "./matrix.ts";

import { type FusedActivationName, fusedActivations } from "../engine/ops.generated.ts";
import type { Activation } from "./activation.ts";

/**
 * The {@link Activation} of an entry of the fused engine's table (`fusedActivations`, generated
 * from scripts/engine-ops.mjs): the one definition of its forward function and derivatives,
 * shared by the reference path, the fused engine's kernels and their tests.
 *
 * @example
 * ```ts
 * activationFromTable("relu").forward(-1); // 0
 * ```
 */
export function activationFromTable(name: FusedActivationName): Activation {
  const f = fusedActivations[name];
  return Object.freeze({
    name,
    forward: f.forward,
    backward: f.backward,
    backwardFromOutput: f.backwardFromOutput,
  });
}

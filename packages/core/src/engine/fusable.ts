import { isColumnwise } from "../activations/softmax.ts";
import type { Architecture } from "../architecture.ts";
import type { Loss } from "../losses/loss.ts";
import { fusedActivations, fusedLosses } from "./ops.generated.ts";

/**
 * Why a network cannot run on the fused engine, or `null` when it can. The engine runs dense
 * layers with element-wise activations (softmax is column-wise) and the built-in binary
 * cross-entropy or mean-squared-error losses.
 *
 * @example
 * ```ts
 * fusedUnsupportedReason(normalizeArchitecture(arch), binaryCrossEntropy); // null
 * ```
 */
export function fusedUnsupportedReason(arch: Architecture, loss: Loss): string | null {
  for (let i = 0; i < arch.length; i++) {
    const name = arch[i]!.activation.name;
    if (isColumnwise(arch[i]!.activation)) {
      return `layer ${i} uses the column-wise activation "${name}"`;
    }
    if (!Object.hasOwn(fusedActivations, name)) {
      return `layer ${i} uses the activation "${name}", which is not in the fused table`;
    }
  }
  if (!Object.hasOwn(fusedLosses, loss.name)) {
    return `the loss "${loss.name}" is not ${Object.keys(fusedLosses).join(" or ")}`;
  }
  return null;
}

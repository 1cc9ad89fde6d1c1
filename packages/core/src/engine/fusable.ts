import { isColumnwise } from "../activations/softmax.ts";
import type { Architecture } from "../architecture.ts";
import type { Loss } from "../losses/loss.ts";
import { fusedActivations, fusedLosses } from "./ops.generated.ts";

/**
 * Why a network cannot run on the fused engine, or `null` when it can. The engine runs dense
 * layers with the element-wise activations of the fused table or softmax (column-wise, in any
 * layer), and the built-in binary cross-entropy, categorical cross-entropy or mean-squared-error
 * losses.
 *
 * @example
 * ```ts
 * fusedUnsupportedReason(normalizeArchitecture(arch), binaryCrossEntropy); // null
 * ```
 */
export function fusedUnsupportedReason(arch: Architecture, loss: Loss): string | null {
  for (let i = 0; i < arch.length; i++) {
    const activation = arch[i]!.activation;
    if (isColumnwise(activation)) continue;
    if (!Object.hasOwn(fusedActivations, activation.name)) {
      return `layer ${i} uses the activation "${activation.name}", which is not in the fused table`;
    }
  }
  if (!Object.hasOwn(fusedLosses, loss.name)) {
    return `the loss "${loss.name}" is not ${Object.keys(fusedLosses).join(", ")}`;
  }
  return null;
}

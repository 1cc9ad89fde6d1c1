import type { Loss } from "../losses/loss.ts";

/**
 * What a network's output means, from its loss and output size:
 * `"binary"` (binary cross-entropy, 1 unit), `"multilabel"` (binary cross-entropy, k units),
 * `"multiclass"` (categorical cross-entropy over a softmax) or `"regression"` (anything else).
 *
 * @example
 * ```ts
 * const task: Task = taskOf(binaryCrossEntropy, 1); // "binary"
 * ```
 */
export type Task = "binary" | "multilabel" | "multiclass" | "regression";

/**
 * The {@link Task} of a network with this loss and number of outputs.
 *
 * @example
 * ```ts
 * taskOf(categoricalCrossEntropy, 3); // "multiclass"
 * ```
 */
export function taskOf(loss: Loss, outputDim: number): Task {
  if (loss.name === "binaryCrossEntropy") return outputDim === 1 ? "binary" : "multilabel";
  if (loss.name === "categoricalCrossEntropy") return "multiclass";
  return "regression";
}

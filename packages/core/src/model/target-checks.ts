import type { Task } from "./task.ts";

/**
 * Where the targets' values are: value (sample `i`, output `j`) is `data[i * sampleStride +
 * j * outputStride]`. Samples-major data (`Network.fit`'s `y`) has strides `(outputs, 1)`; the
 * functional API's outputs x samples `Y` has `(1, samples)`.
 */
export interface TargetLayout {
  readonly data: ArrayLike<number>;
  readonly samples: number;
  readonly outputs: number;
  readonly sampleStride: number;
  readonly outputStride: number;
}

/**
 * Checks target values against what the loss needs, the one check behind `Network.fit` and
 * `train` / `trainParallel`: 0/1 labels for binary cross-entropy (a hint towards a softmax
 * output for a label of 2 or more), rows of probabilities (>= 0, summing to 1) for categorical
 * cross-entropy; any finite value for regression. Throws a `RangeError` naming `where`, the
 * value and the sample.
 *
 * @example
 * ```ts
 * checkTargetValues({ data: [0, 1, 2], samples: 3, outputs: 1, sampleStride: 1, outputStride: 3 }, "binary", "train: Y");
 * // RangeError: train: Y: a sigmoid output with binary cross-entropy needs 0/1 labels, got 2 at sample 2; ...
 * ```
 */
export function checkTargetValues(t: TargetLayout, task: Task, where: string): void {
  const { data, samples, outputs, sampleStride, outputStride } = t;
  if (task === "binary" || task === "multilabel") {
    for (let i = 0; i < samples; i++) {
      for (let j = 0; j < outputs; j++) {
        const v = data[i * sampleStride + j * outputStride] as number;
        if (v === 0 || v === 1) continue;
        const hint =
          task === "binary" && Number.isInteger(v) && v > 1
            ? `; for ${v + 1} or more classes use a softmax output with one unit per class, e.g. new Network([inputs, hidden, ${v + 1}])`
            : "";
        throw new RangeError(
          `${where}: a sigmoid output with binary cross-entropy needs 0/1 labels, got ${v} at sample ${i}${hint}`,
        );
      }
    }
  } else if (task === "multiclass") {
    for (let i = 0; i < samples; i++) {
      let s = 0;
      for (let j = 0; j < outputs; j++) {
        const v = data[i * sampleStride + j * outputStride] as number;
        if (v < 0) {
          throw new RangeError(
            `${where}: target probabilities must be >= 0, got ${v} at sample ${i}, class ${j}`,
          );
        }
        s += v;
      }
      if (Math.abs(s - 1) > 1e-9) {
        throw new RangeError(
          `${where}: each target row of a softmax output must be one-hot (or sum to 1), sample ${i} sums to ${s}`,
        );
      }
    }
  }
}

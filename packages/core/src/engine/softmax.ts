import type { Dtype, Heap } from "./kernels.ts";
import { fusedSoftmax, type SoftmaxSteps } from "./ops.generated.ts";

/**
 * How the fused trainer counts the samples it predicts right:
 * - `"threshold"`: every output thresholded at 0.5 (`> 0.5` → 1, else 0) equals its target
 *   (the notebook's `get_accuracy_value`: `train`, `trainParallel`, and `Network` for binary,
 *   multi-label and regression outputs);
 * - `"argmax"`: the first largest output of the sample is in the row of the first largest
 *   target (`Network`'s multiclass accuracy, categorical cross-entropy).
 *
 * @example
 * ```ts
 * const rule: AccuracyRule = "argmax";
 * ```
 */
export type AccuracyRule = "threshold" | "argmax";

/**
 * The per-element steps of softmax for a heap of this element type: the fused table's float64
 * steps (the reference backend's bits) or its float32 ones (every operation rounded to float32).
 *
 * @example
 * ```ts
 * softmaxSteps("float64").normalize(1, 2); // 0.5
 * ```
 */
export function softmaxSteps(dtype: Dtype): SoftmaxSteps {
  return dtype === "float64" ? fusedSoftmax.float64 : fusedSoftmax.float32;
}

/**
 * Softmax of each column of the `rows x m` matrix at `z` into `a` (may equal `z`), in the
 * reference backend's order (`typedArrayBackend.softmaxColumns`): per column the maximum (the
 * first value, then every larger one), `e = exp(z − max)` with the running sum from +0 in row
 * order, then `e / sum`.
 *
 * @example
 * ```ts
 * softmaxColumnsInPlace(heap, L.Z, L.A, 10, 32, softmaxSteps("float64"));
 * ```
 */
export function softmaxColumnsInPlace(
  h: Heap,
  z: number,
  a: number,
  rows: number,
  m: number,
  steps: SoftmaxSteps,
): void {
  const { shifted, accumulate, normalize } = steps;
  for (let j = 0; j < m; j++) {
    let max = h[z + j] as number;
    for (let i = 1; i < rows; i++) {
      const v = h[z + i * m + j] as number;
      if (v > max) max = v;
    }
    let s = 0;
    for (let i = 0; i < rows; i++) {
      const q = i * m + j;
      const e = shifted(h[z + q] as number, max);
      h[a + q] = e;
      s = accumulate(s, e);
    }
    for (let i = 0; i < rows; i++) {
      const q = a + i * m + j;
      h[q] = normalize(h[q] as number, s);
    }
  }
}

/**
 * dZ of a softmax layer from dA and its output A (all `rows x m`), the reference's
 * Jacobian-vector product `dZ = A ⊙ (dA − 1·(1ᵀ(dA ⊙ A)))` in its order: per column the dot
 * product `Σ dA·A` from +0 in row order, then `A·(dA − dot)` per element. `dz` may equal `da`.
 *
 * @example
 * ```ts
 * softmaxBackwardInPlace(heap, L.dA, L.A, L.dZ, 10, 32, softmaxSteps("float64"));
 * ```
 */
export function softmaxBackwardInPlace(
  h: Heap,
  da: number,
  a: number,
  dz: number,
  rows: number,
  m: number,
  steps: SoftmaxSteps,
): void {
  const { accumulate, dotTerm, jvp } = steps;
  for (let j = 0; j < m; j++) {
    let dot = 0;
    for (let i = 0; i < rows; i++) {
      const q = i * m + j;
      dot = accumulate(dot, dotTerm(h[da + q] as number, h[a + q] as number));
    }
    for (let i = 0; i < rows; i++) {
      const q = i * m + j;
      h[dz + q] = jvp(h[da + q] as number, h[a + q] as number, dot);
    }
  }
}

/**
 * How many of the `m` samples (columns of the `rows x m` outputs at `p` and targets at `y`)
 * have their output's first largest row equal to their target's first largest row (a NaN is
 * never larger): `Network`'s multiclass accuracy count, bit for bit.
 *
 * @example
 * ```ts
 * argmaxCorrect(heap, L.A, plan.Y, 10, 32); // e.g. 29
 * ```
 */
export function argmaxCorrect(h: Heap, p: number, y: number, rows: number, m: number): number {
  let correct = 0;
  for (let j = 0; j < m; j++) {
    if (argmaxColumn(h, p, j, rows, m) === argmaxColumn(h, y, j, rows, m)) correct++;
  }
  return correct;
}

function argmaxColumn(h: Heap, at: number, j: number, rows: number, m: number): number {
  let best = 0;
  for (let i = 1; i < rows; i++) {
    if ((h[at + i * m + j] as number) > (h[at + best * m + j] as number)) best = i;
  }
  return best;
}

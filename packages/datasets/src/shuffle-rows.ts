import type { RandomState } from "@plainnet/core";

/**
 * scikit-learn's `utils.shuffle(X, y, random_state=rng)`: draws `rng.permutation(n)` and
 * returns the rows of `data` (row-major, `cols` wide) and the labels in that order.
 *
 * @example
 * ```ts
 * shuffleRows(new Float64Array([1, 2, 3, 4]), 2, [0, 1], new RandomState(0));
 * ```
 */
export function shuffleRows(
  data: Float64Array,
  cols: number,
  y: readonly number[],
  rng: RandomState,
): { data: Float64Array; y: number[] } {
  const perm = rng.permutation(y.length);
  const outData = new Float64Array(data.length);
  const outY = new Array<number>(y.length);
  for (let k = 0; k < perm.length; k++) {
    const src = perm[k] as number;
    outData.set(data.subarray(src * cols, (src + 1) * cols), k * cols);
    outY[k] = y[src] as number;
  }
  return { data: outData, y: outY };
}

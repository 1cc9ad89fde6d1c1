import { Matrix } from "@plainnet/core";
import { describe } from "@plainnet/core/engine";
import { checkDatasetObject } from "./checks.ts";
import type { Dataset } from "./types.ts";

/**
 * The layout the core's functional (notebook) API takes: features x samples inputs and a
 * 1 x samples label row.
 *
 * @example
 * ```ts
 * const { X, Y }: Columns = toColumns(makeMoons({ nSamples: 10, randomState: 0 }));
 * ```
 */
export interface Columns {
  /** Features x samples (the dataset's X transposed). */
  X: Matrix;
  /** 1 x samples: the labels as a row. */
  Y: Matrix;
}

/**
 * Converts a samples x features {@link Dataset} (or its parts) to the core's
 * features x samples layout, as the notebook's `X_train.T` and
 * `y_train.reshape((y_train.shape[0], 1)).T`.
 *
 * @example
 * ```ts
 * const { X, Y } = toColumns(makeMoons({ nSamples: 1000, noise: 0.2, randomState: 100 }));
 * X.shape; // [2, 1000]
 * Y.shape; // [1, 1000]
 * ```
 */
export function toColumns(dataset: { X: Matrix; y: readonly number[] }): Columns {
  const fn = "toColumns";
  const { X, y } = checkDatasetObject(fn, dataset);
  if (!Array.isArray(y)) {
    throw new TypeError(`${fn}: expected y to be an array of labels, got ${describe(y)}`);
  }
  if (y.length !== X.rows) {
    throw new RangeError(
      `${fn}: X has ${X.rows} samples but y has ${y.length} labels; they must match`,
    );
  }
  return { X: X.transpose(), Y: Matrix.row(y, `${fn}: y`) };
}

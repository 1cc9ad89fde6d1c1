import type { Matrix, RandomState } from "@plainnet/core";

/**
 * A labelled dataset: `X` is a samples x features matrix (one row per example, as
 * scikit-learn returns it) and `y` holds one integer class label per row.
 *
 * @example
 * ```ts
 * const { X, y }: Dataset = makeMoons({ nSamples: 10, randomState: 0 });
 * X.shape; // [10, 2]
 * y.length; // 10
 * ```
 */
export interface Dataset {
  /** Samples x features. */
  X: Matrix;
  /** Integer class labels, one per row of `X`. */
  y: number[];
}

/**
 * A seed (integer 0..2**32-1) or a core `RandomState` to draw from, as scikit-learn's
 * `random_state`. `undefined` means a fresh non-deterministically seeded generator.
 *
 * @example
 * ```ts
 * const seeded: RandomStateInput = 42;
 * const shared: RandomStateInput = new RandomState(42);
 * ```
 */
export type RandomStateInput = number | RandomState | undefined;

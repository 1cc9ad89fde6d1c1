import type { Matrix } from "../matrix.ts";
import { largeFeatures } from "./data.ts";

/**
 * Nested-array data sets up to this many values keep their converted {@link Matrix} between
 * fits (a second copy of the data while the arrays live); larger ones are converted each time.
 *
 * @example
 * ```ts
 * SAMPLE_CACHE_LIMIT; // 1_048_576 values (8 MiB as float64)
 * ```
 */
export const SAMPLE_CACHE_LIMIT: number = 1 << 20;

interface Entry {
  readonly matrix: Matrix;
  large: [number, number][] | null;
}

/** Keyed by the user's outer array: dropped with it. */
const entries = new WeakMap<object, Entry>();

/**
 * The samples x features {@link Matrix} converted from `X` by an earlier fit, if `X` still
 * holds exactly the same values (a compare pass: every row an array of the same length, every
 * value the same number, the sign of zeros included); else null. A user may change their
 * arrays between fits: a changed value, row or length is a miss, and the caller converts and
 * validates afresh.
 *
 * @example
 * ```ts
 * const xs = cachedSamples(X) ?? checkSamples(state, X, "fit");
 * ```
 */
export function cachedSamples(X: unknown): Matrix | null {
  if (!Array.isArray(X)) return null;
  const entry = entries.get(X);
  if (entry === undefined) return null;
  if (unchanged(X, entry.matrix)) return entry.matrix;
  entries.delete(X);
  return null;
}

/**
 * Keeps `matrix` (validated, converted from the nested arrays `X`) for {@link cachedSamples}:
 * only for arrays (not a Matrix given by the user) of at most {@link SAMPLE_CACHE_LIMIT} values.
 *
 * @example
 * ```ts
 * rememberSamples(X, xs);
 * ```
 */
export function rememberSamples(X: unknown, matrix: Matrix): void {
  if (!Array.isArray(X) || matrix.rows * matrix.cols > SAMPLE_CACHE_LIMIT) return;
  const entry = entries.get(X);
  if (entry?.matrix === matrix) return;
  entries.set(X, { matrix, large: null });
}

/**
 * {@link largeFeatures} of `matrix` (default limit), computed once per remembered matrix.
 *
 * @example
 * ```ts
 * const large = cachedLargeFeatures(X, xs);
 * ```
 */
export function cachedLargeFeatures(X: unknown, matrix: Matrix): [number, number][] {
  const entry = typeof X === "object" && X !== null ? entries.get(X) : undefined;
  if (entry === undefined || entry.matrix !== matrix) return largeFeatures(matrix);
  entry.large ??= largeFeatures(matrix);
  return entry.large.slice();
}

/** Whether nested arrays `X` hold exactly the values of `m` (same shape, same bits). */
function unchanged(X: readonly unknown[], m: Matrix): boolean {
  const { rows: r, cols: c, data } = m;
  if (X.length !== r) return false;
  for (let i = 0, k = 0; i < r; i++, k += c) {
    const row = X[i];
    if (!Array.isArray(row) || row.length !== c) return false;
    for (let j = 0; j < c; j++) {
      const v = row[j];
      const d = data[k + j] as number;
      // A non-number is never === a number; +0 and -0 are === but not the same value.
      if (v !== d || (v === 0 && 1 / v !== 1 / d)) return false;
    }
  }
  return true;
}

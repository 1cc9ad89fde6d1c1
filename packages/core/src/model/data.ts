import { MAX_ELEMENTS } from "../limits.ts";
import { describe, Matrix } from "../matrix.ts";
import { checkTargetValues } from "./target-checks.ts";
import type { Task } from "./task.ts";

/** Samples x features: nested arrays (one row per sample) or a {@link Matrix}. */
export type SamplesInput = readonly (readonly number[])[] | Matrix;

/**
 * Targets, one per sample: labels or values (`number[]`), or one row per sample
 * (`number[][]` or a samples x outputs {@link Matrix}, e.g. one-hot rows).
 */
export type TargetsInput =
  | readonly number[]
  | Float64Array
  | readonly (readonly number[])[]
  | Matrix;

/**
 * A labelled data set as `@plainnet/datasets` returns it: `X` samples x features, `y` targets
 * (numbers, rows, or class labels of type `L` for a classifier).
 */
export interface LabelledData<L extends number | string = number> {
  readonly X: SamplesInput;
  readonly y: TargetsInput | readonly L[];
}

/**
 * True for a `{ X, y }` data set object (rather than a matrix or nested arrays).
 *
 * @example
 * ```ts
 * isLabelledData({ X: [[1, 2]], y: [0] }); // true
 * ```
 */
export function isLabelledData(value: unknown): value is LabelledData {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Matrix) &&
    "X" in value
  );
}

/**
 * Validates samples x features input and returns it as a {@link Matrix} (nested arrays are
 * copied; a Matrix is used as is after a finiteness scan). Throws naming the row and column
 * of a ragged row, a non-number or a non-finite value.
 *
 * @example
 * ```ts
 * toSamples([[1, 2], [3, 4]], "fit: X").shape; // [2, 2]
 * ```
 */
export function toSamples(X: unknown, where: string): Matrix {
  if (X instanceof Matrix) {
    const d = X.data;
    let idx = 0;
    // v - v is 0 for a finite number, NaN for NaN and ±Infinity.
    while (idx < d.length && (d[idx] as number) - (d[idx] as number) === 0) idx++;
    if (idx < d.length) {
      throw new RangeError(
        `${where}: expected finite numbers, found ${X.data[idx]} at sample ${Math.floor(idx / X.cols)}, feature ${idx % X.cols}`,
      );
    }
    return X;
  }
  if (!Array.isArray(X)) {
    throw new TypeError(
      `${where}: expected samples x features as number[][] or a Matrix, got ${describe(X)}`,
    );
  }
  if (X.length > 0 && typeof X[0] === "number") {
    throw new TypeError(
      `${where}: expected one array per sample (number[][]), got a flat array of numbers; wrap a single sample as [[...]]`,
    );
  }
  return rowsToMatrix(X, where);
}

/**
 * Nested arrays as a samples x features {@link Matrix} in one pass (validate and copy). Any
 * input this pass does not accept (a ragged row, a non-array row, a non-number or non-finite
 * value, too many values) goes to `Matrix.from`, which throws its usual error naming the
 * row, column and value.
 */
function rowsToMatrix(X: readonly unknown[], where: string): Matrix {
  const r = X.length;
  const first = X[0];
  if (!Array.isArray(first)) return Matrix.from(X as number[][], where);
  const c = first.length;
  if (r === 0 || c === 0 || r * c > MAX_ELEMENTS) return Matrix.from(X as number[][], where);
  const data = new Float64Array(r * c);
  for (let i = 0, k = 0; i < r; i++, k += c) {
    const row = X[i];
    if (!Array.isArray(row) || row.length !== c) return Matrix.from(X as number[][], where);
    for (let j = 0; j < c; j++) {
      const v = row[j];
      // v - v is 0 for a finite number, NaN for NaN and ±Infinity.
      if (typeof v !== "number" || v - v !== 0) return Matrix.from(X as number[][], where);
      data[k + j] = v;
    }
  }
  return new Matrix(r, c, data);
}

const isVector = (y: unknown): y is readonly number[] | Float64Array =>
  y instanceof Float64Array || (Array.isArray(y) && (y.length === 0 || !Array.isArray(y[0])));

/**
 * Validates targets for a network with `outputDim` outputs and task `task`, for `n` samples,
 * and returns them as a samples x outputs {@link Matrix}. Integer labels become one-hot rows
 * for `"multiclass"`. Throws a `RangeError` that says which sample is wrong and why (a label
 * beyond the output layer, a non-0/1 label for a sigmoid output, a length mismatch, ...).
 *
 * @example
 * ```ts
 * toTargets([0, 2, 1], "multiclass", 3, 3, "fit: y").toArray(); // [[1,0,0],[0,0,1],[0,1,0]]
 * ```
 */
export function toTargets(
  y: unknown,
  task: Task,
  outputDim: number,
  n: number,
  where: string,
): Matrix {
  let rows: Matrix;
  if (isVector(y)) {
    if (y.length !== n) {
      throw new RangeError(
        `${where}: X has ${n} samples but y has ${y.length} values; they must match`,
      );
    }
    for (let i = 0; i < n; i++) {
      const v = y[i];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new RangeError(
          `${where}: expected a finite number at index ${i}, got ${describe(v)}`,
        );
      }
    }
    if (task === "multiclass") {
      const out = new Float64Array(n * outputDim);
      for (let i = 0; i < n; i++) {
        const label = y[i] as number;
        if (!Number.isInteger(label) || label < 0) {
          throw new RangeError(
            `${where}: class labels must be integers 0..${outputDim - 1}, got ${label} at index ${i}`,
          );
        }
        if (label >= outputDim) {
          throw new RangeError(
            `${where}: label ${label} at index ${i} but the softmax output layer has ${outputDim} units (classes 0..${outputDim - 1}); give the last layer ${label + 1} or more units`,
          );
        }
        out[i * outputDim + label] = 1;
      }
      return new Matrix(n, outputDim, out);
    }
    if (outputDim !== 1) {
      throw new RangeError(
        `${where}: the network has ${outputDim} outputs, so y needs one row of ${outputDim} values per sample (number[][] or a Matrix), got a flat array`,
      );
    }
    rows = new Matrix(n, 1, Float64Array.from(y as ArrayLike<number>));
  } else {
    rows = toSamples(y, where);
    if (rows.rows !== n) {
      throw new RangeError(
        `${where}: X has ${n} samples but y has ${rows.rows} rows; they must match`,
      );
    }
    if (rows.cols !== outputDim) {
      throw new RangeError(
        `${where}: y rows have ${rows.cols} values but the output layer has ${outputDim} units` +
          (task === "multiclass" && rows.cols === 1
            ? " (give class labels as a flat number[] instead)"
            : ""),
      );
    }
  }
  checkTargetValues(
    {
      data: rows.data,
      samples: rows.rows,
      outputs: rows.cols,
      sampleStride: rows.cols,
      outputStride: 1,
    },
    task,
    where,
  );
  return rows;
}

/**
 * Columns `idx[start..end)` of samples-major data, as a features x batch matrix (the layout
 * of the functional API). `idx` null means samples `start..end` in order.
 *
 * @example
 * ```ts
 * gatherColumns(Matrix.from([[1, 2], [3, 4], [5, 6]]), [2, 0], 0, 2).toArray(); // [[5, 1], [6, 2]]
 * ```
 */
export function gatherColumns(
  samples: Matrix,
  idx: ArrayLike<number> | null,
  start: number,
  end: number,
): Matrix {
  const f = samples.cols;
  const b = end - start;
  const src = samples.data;
  const out = new Float64Array(f * b);
  for (let j = 0; j < b; j++) {
    const r = idx === null ? start + j : (idx[start + j] as number);
    for (let i = 0; i < f; i++) out[i * b + j] = src[r * f + i] as number;
  }
  return new Matrix(f, b, out);
}

/**
 * Features whose values reach a magnitude above `limit` (default 100): a sign of unscaled
 * inputs. Returns `[feature, max |x|]` pairs.
 *
 * @example
 * ```ts
 * largeFeatures(Matrix.from([[1, 255], [0, 3]])); // [[1, 255]]
 * ```
 */
export function largeFeatures(samples: Matrix, limit = 100): [number, number][] {
  const { rows, cols, data } = samples;
  // Row by row (the layout's order): each feature's largest |x|.
  const max = new Float64Array(cols);
  for (let i = 0, k = 0; i < rows; i++, k += cols) {
    for (let j = 0; j < cols; j++) {
      const a = Math.abs(data[k + j] as number);
      if (a > (max[j] as number)) max[j] = a;
    }
  }
  const out: [number, number][] = [];
  for (let j = 0; j < cols; j++) {
    const m = max[j] as number;
    if (m > limit) out.push([j, m]);
  }
  return out;
}

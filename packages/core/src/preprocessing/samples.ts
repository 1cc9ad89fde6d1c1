import { describe, Matrix } from "../matrix.ts";
import type { SamplesInput } from "../model/data.ts";
import { toSamples } from "../model/data.ts";
import { NotFittedError } from "./not-fitted-error.ts";

/**
 * Validates samples x features input for a scaler method and returns it as a {@link Matrix}
 * (nested arrays are copied). Empty, ragged, non-numeric or non-finite input throws, naming
 * `where` and the offending value.
 *
 * @example
 * ```ts
 * readSamples([[1, 2]], "StandardScaler.fit").shape; // [1, 2]
 * ```
 */
export function readSamples(X: SamplesInput, where: string): Matrix {
  return toSamples(X, `${where}: X`);
}

/**
 * Returns `data` (samples x features, row-major) in the same kind of container as `like`:
 * a new {@link Matrix} for a Matrix, nested `number[][]` for arrays.
 *
 * @example
 * ```ts
 * sameKind([[0]], 1, 1, new Float64Array([5])); // [[5]]
 * ```
 */
export function sameKind<T extends SamplesInput>(
  like: T,
  rows: number,
  cols: number,
  data: Float64Array,
): T {
  if (like instanceof Matrix) return new Matrix(rows, cols, data) as T;
  const out: number[][] = new Array(rows);
  for (let i = 0; i < rows; i++) out[i] = Array.from(data.subarray(i * cols, (i + 1) * cols));
  return out as unknown as T;
}

/**
 * Validates `X` (samples x features, `nFeatures` features) for the method `where` and returns
 * a new container of the same kind with `f(value, featureIndex)` applied to every value.
 *
 * @example
 * ```ts
 * mapFeatures([[1, 2]], 2, "MinMaxScaler.transform", (v, j) => v * 10 + j); // [[10, 21]]
 * ```
 */
export function mapFeatures<T extends SamplesInput>(
  X: T,
  nFeatures: number,
  where: string,
  f: (value: number, feature: number) => number,
): T {
  const m = readSamples(X, where);
  checkFeatureCount(nFeatures, m, where);
  const out = m.data.slice();
  for (let k = 0; k < out.length; k++) out[k] = f(out[k]!, k % nFeatures);
  return sameKind(X, m.rows, m.cols, out);
}

/**
 * The {@link NotFittedError} for a method called before `fit`.
 *
 * @example
 * ```ts
 * throw notFitted("StandardScaler.transform");
 * ```
 */
export function notFitted(where: string): NotFittedError {
  return new NotFittedError(`${where}: this scaler is not fitted yet; call fit(X) first`);
}

/**
 * Throws a `RangeError` when `X` has a different number of features than the scaler was
 * fitted on.
 *
 * @example
 * ```ts
 * checkFeatureCount(2, Matrix.zeros(1, 2), "StandardScaler.transform"); // ok
 * ```
 */
export function checkFeatureCount(nFeatures: number, X: Matrix, where: string): void {
  if (X.cols !== nFeatures) {
    throw new RangeError(
      `${where}: X has ${X.cols} features, but the scaler was fitted on ${nFeatures}`,
    );
  }
}

/**
 * Reads a finite-number array of length `n` from a scaler's JSON field, or throws a
 * `TypeError` naming `where`, the field and the value.
 *
 * @example
 * ```ts
 * readVector([1, 2], 2, "StandardScaler.fromJSON", "mean"); // Float64Array [1, 2]
 * ```
 */
export function readVector(value: unknown, n: number, where: string, field: string): Float64Array {
  if (!Array.isArray(value) || value.length !== n) {
    throw new TypeError(
      `${where}: expected "${field}" to be an array of ${n} numbers, got ${describe(value)}`,
    );
  }
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const v = value[j];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new TypeError(`${where}: "${field}"[${j}] must be a finite number, got ${describe(v)}`);
    }
    out[j] = v;
  }
  return out;
}

/**
 * Reads a positive integer field of a scaler's JSON, or throws a `TypeError` naming it.
 *
 * @example
 * ```ts
 * readCount(3, "StandardScaler.fromJSON", "nSamplesSeen"); // 3
 * ```
 */
export function readCount(value: unknown, where: string, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(
      `${where}: expected "${field}" to be a positive integer, got ${describe(value)}`,
    );
  }
  return value;
}

/**
 * Checks that `json` is an object whose `type` is `type`, or throws a `TypeError`.
 *
 * @example
 * ```ts
 * readHeader({ type: "MinMaxScaler" }, "MinMaxScaler", "MinMaxScaler.fromJSON");
 * ```
 */
export function readHeader(json: unknown, type: string, where: string): Record<string, unknown> {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new TypeError(`${where}: expected a JSON object, got ${describe(json)}`);
  }
  const o = json as Record<string, unknown>;
  if (o.type !== type) {
    throw new TypeError(`${where}: expected "type": "${type}", got ${describe(o.type)}`);
  }
  return o;
}

// Argument validation shared by the generators: each throws a RangeError/TypeError that names
// the function, the option, what was expected and what was given.
import { Matrix } from "@plainnet/core";
import { checkElementCount, describe } from "@plainnet/core/engine";

/**
 * Checks that `options` is a plain object (or undefined) without unknown keys.
 *
 * @example
 * ```ts
 * checkOptions("makeMoons", { nSamples: 10 }, ["nSamples", "noise"]);
 * ```
 */
export function checkOptions(fn: string, options: unknown, allowed: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(
      `${fn}: expected an options object ({ ${allowed.join(", ")} }), got ${describe(options)}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`${fn}: unknown option "${key}" (expected one of ${allowed.join(", ")})`);
    }
  }
}

/**
 * A positive integer sample count.
 *
 * @example
 * ```ts
 * checkSampleCount("makeMoons", "nSamples", 100); // 100
 * ```
 */
export function checkSampleCount(fn: string, what: string, n: unknown): number {
  if (typeof n !== "number") {
    throw new TypeError(`${fn}: expected ${what} to be a positive integer, got ${describe(n)}`);
  }
  if (!Number.isInteger(n) || n <= 0) {
    throw new RangeError(`${fn}: expected ${what} to be a positive integer, got ${n}`);
  }
  return n;
}

/**
 * scikit-learn's two-class `n_samples`: an integer n (class 0 gets floor(n/2), class 1 the
 * rest) or a pair [n0, n1] of non-negative integers with a positive sum.
 *
 * @example
 * ```ts
 * samplePair("makeMoons", 7); // [3, 4]
 * samplePair("makeMoons", [2, 5]); // [2, 5]
 * ```
 */
export function samplePair(fn: string, nSamples: unknown): [number, number] {
  if (typeof nSamples === "number") {
    const n = checkSampleCount(fn, "nSamples", nSamples);
    const first = Math.floor(n / 2);
    return [first, n - first];
  }
  if (!Array.isArray(nSamples) || nSamples.length !== 2) {
    throw new TypeError(
      `${fn}: expected nSamples to be a positive integer or a pair [outer, inner], got ${describe(nSamples)}`,
    );
  }
  const pair = nSamples.map((v: unknown, i: number) => checkCount(fn, `nSamples[${i}]`, v));
  if ((pair[0] as number) + (pair[1] as number) === 0) {
    throw new RangeError(
      `${fn}: expected nSamples [outer, inner] to add up to at least 1, got [0, 0]`,
    );
  }
  return [pair[0] as number, pair[1] as number];
}

/**
 * A non-negative integer count.
 *
 * @example
 * ```ts
 * checkCount("makeBlobs", "nSamples[0]", 0); // 0
 * ```
 */
export function checkCount(fn: string, what: string, n: unknown): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
    throw new RangeError(
      `${fn}: expected ${what} to be a non-negative integer, got ${describe(n)}`,
    );
  }
  return n;
}

/**
 * Optional Gaussian/uniform noise level: undefined, or a finite number >= 0.
 *
 * @example
 * ```ts
 * checkNoise("makeMoons", 0.2); // 0.2
 * ```
 */
export function checkNoise(fn: string, noise: unknown): number | undefined {
  if (noise === undefined) return undefined;
  return checkNonNegative(fn, "noise", noise);
}

/**
 * A finite number >= 0.
 *
 * @example
 * ```ts
 * checkNonNegative("makeBlobs", "clusterStd", 1); // 1
 * ```
 */
export function checkNonNegative(fn: string, what: string, v: unknown): number {
  const x = checkFiniteNumber(fn, what, v);
  if (x < 0) throw new RangeError(`${fn}: expected ${what} >= 0, got ${x}`);
  return x;
}

/**
 * A finite number.
 *
 * @example
 * ```ts
 * checkFiniteNumber("makeBlobs", "centerBox[0]", -10); // -10
 * ```
 */
export function checkFiniteNumber(fn: string, what: string, v: unknown): number {
  if (typeof v !== "number") {
    throw new TypeError(`${fn}: expected ${what} to be a number, got ${describe(v)}`);
  }
  if (!Number.isFinite(v)) {
    throw new RangeError(`${fn}: expected ${what} to be a finite number, got ${v}`);
  }
  return v;
}

/**
 * A boolean option.
 *
 * @example
 * ```ts
 * checkBoolean("makeMoons", "shuffle", true); // true
 * ```
 */
export function checkBoolean(fn: string, what: string, v: unknown): boolean {
  if (typeof v !== "boolean") {
    throw new TypeError(`${fn}: expected ${what} to be a boolean, got ${describe(v)}`);
  }
  return v;
}

/**
 * Checks, before allocating, that `n` samples of `features` values fit plainnet's shared limit
 * (`MAX_ELEMENTS`); the `RangeError` names the function, the option and the size.
 *
 * @example
 * ```ts
 * checkDatasetSize("makeMoons", "nSamples", 1000, 2); // fine
 * checkDatasetSize("makeMoons", "nSamples", 1e9, 2); // throws RangeError
 * ```
 */
export function checkDatasetSize(fn: string, option: string, n: number, features: number): void {
  checkElementCount(fn, `${option} ${n} (x ${features} features)`, n * features);
}

/**
 * Throws a `RangeError` naming `cause` (the option and its value) when generated values are not
 * all finite (e.g. `noise: 1e308` overflows to Infinity).
 *
 * @example
 * ```ts
 * checkFiniteValues("makeMoons", new Float64Array([1, 2]), 2, "noise 0.1"); // fine
 * ```
 */
export function checkFiniteValues(
  fn: string,
  data: Float64Array,
  cols: number,
  cause: string,
): void {
  for (let k = 0; k < data.length; k++) {
    const v = data[k] as number;
    if (!Number.isFinite(v)) {
      throw new RangeError(
        `${fn}: ${cause} gives a non-finite coordinate (row ${Math.floor(k / cols)}, column ${k % cols} is ${v}); use a smaller value`,
      );
    }
  }
}

/**
 * Checks that `dataset` is an object whose `X` is a Matrix (samples x features) and returns
 * its `X` and `y` (`y` is left to the caller, whose rules differ).
 *
 * @example
 * ```ts
 * const { X, y } = checkDatasetObject("toCSV", { X: Matrix.from([[1, 2]]), y: [0] });
 * ```
 */
export function checkDatasetObject(fn: string, dataset: unknown): { X: Matrix; y: unknown } {
  if (dataset === null || typeof dataset !== "object") {
    throw new TypeError(`${fn}: expected a dataset { X, y }, got ${describe(dataset)}`);
  }
  const { X, y } = dataset as { X?: unknown; y?: unknown };
  if (!(X instanceof Matrix)) {
    throw new TypeError(
      `${fn}: expected X to be a Matrix (samples x features), got ${describe(X)}`,
    );
  }
  return { X, y };
}

// The field readers of a saved network (`Network.fromJSON`): each checks one value and throws
// an InvalidModelError naming its path.
import { base64ToFloat64 } from "./base64.ts";
import { InvalidModelError } from "./errors.ts";
import { describe, Matrix } from "./matrix.ts";

const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Throws an {@link InvalidModelError} at `path` (a field of a saved network).
 *
 * @example
 * ```ts
 * fail("epoch", "expected an integer"); // InvalidModelError: epoch: expected an integer
 * ```
 */
export function fail(path: string, message: string): never {
  throw new InvalidModelError(path, message);
}

/**
 * The path of a field inside `path`: `join("params", 0)` is `params[0]`, `join("a", "b")` is
 * `a.b`.
 *
 * @example
 * ```ts
 * join(join("params", 0), "W"); // "params[0].W"
 * ```
 */
export function join(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
}

/**
 * A plain object with exactly the `required` keys (plus any of `optional`); prototype keys
 * (`__proto__`, `constructor`, `prototype`) are refused.
 *
 * @example
 * ```ts
 * const o = record(doc, "rng", ["key", "pos"], ["hasGauss"]);
 * ```
 */
export function record(
  value: unknown,
  path: string,
  required: readonly string[],
  optional: readonly string[] = [],
): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(path, `expected an object, got ${describe(value)}`);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    fail(path, `expected a plain object, got ${describe(value)}`);
  }
  const keys = Object.keys(value);
  for (const key of keys) {
    if (FORBIDDEN.has(key)) fail(join(path, key), `the key "${key}" is not allowed`);
    if (!required.includes(key) && !optional.includes(key)) {
      fail(
        path,
        `unknown key "${key.slice(0, 100)}"; expected ${[...required, ...optional].join(", ")}`,
      );
    }
  }
  for (const key of required) {
    if (!Object.hasOwn(value, key)) fail(path, `missing key "${key}"`);
  }
  return value as Record<string, unknown>;
}

/**
 * An array of at most `maxLength` entries (checked before any entry is read).
 *
 * @example
 * ```ts
 * const layers = array(doc.architecture, "architecture", 1000);
 * ```
 */
export function array(value: unknown, path: string, maxLength: number): unknown[] {
  if (!Array.isArray(value)) fail(path, `expected an array, got ${describe(value)}`);
  if (value.length > maxLength)
    fail(path, `has ${value.length} entries; the limit is ${maxLength}`);
  return value;
}

/**
 * An integer in `min..max` (default max: `Number.MAX_SAFE_INTEGER`).
 *
 * @example
 * ```ts
 * integer(doc.epoch, "epoch", 0); // the epoch, or InvalidModelError
 * ```
 */
export function integer(
  value: unknown,
  path: string,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    fail(path, `expected an integer ${min}..${max}, got ${describe(value)}`);
  }
  return value;
}

/**
 * A finite number.
 *
 * @example
 * ```ts
 * finite(doc.learningRate, "optimizer.config.learningRate");
 * ```
 */
export function finite(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    fail(path, `expected a finite number, got ${describe(value)}`);
  }
  return value;
}

/**
 * A string of at most `maxLength` characters.
 *
 * @example
 * ```ts
 * string(doc.loss, "loss", 100);
 * ```
 */
export function string(value: unknown, path: string, maxLength: number): string {
  if (typeof value !== "string") fail(path, `expected a string, got ${describe(value)}`);
  if (value.length > maxLength)
    fail(path, `is ${value.length} characters long; the limit is ${maxLength}`);
  return value;
}

/**
 * A boolean.
 *
 * @example
 * ```ts
 * boolean(doc.hasGauss, "rng.hasGauss");
 * ```
 */
export function boolean(value: unknown, path: string): boolean {
  if (typeof value !== "boolean") fail(path, `expected a boolean, got ${describe(value)}`);
  return value;
}

/**
 * Runs a library validator and turns its error into an {@link InvalidModelError} at `path`.
 *
 * @example
 * ```ts
 * const arch = wrapped("architecture", () => normalizeArchitecture(layers, "layers"));
 * ```
 */
export function wrapped<T>(path: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof InvalidModelError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return fail(path, message);
  }
}

/**
 * A saved tensor `{ shape, base64 | values }` of exactly `rows` x `cols` finite values.
 *
 * @example
 * ```ts
 * const W = readTensor(doc.params[0].W, "params[0].W", 3, 2);
 * ```
 */
export function readTensor(value: unknown, path: string, rows: number, cols: number): Matrix {
  const o = record(value, path, ["shape"], ["base64", "values"]);
  const shape = array(o.shape, join(path, "shape"), 2);
  if (shape.length !== 2 || shape[0] !== rows || shape[1] !== cols) {
    fail(
      join(path, "shape"),
      `expected [${rows}, ${cols}], got ${JSON.stringify(shape).slice(0, 60)}`,
    );
  }
  const count = rows * cols;
  let data: Float64Array;
  if (o.base64 !== undefined && o.values !== undefined) {
    fail(path, `give either "base64" or "values", not both`);
  } else if (o.base64 !== undefined) {
    const text = string(o.base64, join(path, "base64"), Math.ceil((count * 8) / 3) * 4);
    const decoded = base64ToFloat64(text, count);
    if (typeof decoded === "string") fail(join(path, "base64"), decoded);
    data = decoded;
  } else if (o.values !== undefined) {
    const values = array(o.values, join(path, "values"), count);
    if (values.length !== count) {
      fail(
        join(path, "values"),
        `expected ${count} numbers (${rows}x${cols}), got ${values.length}`,
      );
    }
    data = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const v = values[i];
      if (typeof v !== "number")
        fail(join(join(path, "values"), i), `expected a number, got ${describe(v)}`);
      data[i] = v;
    }
  } else {
    return fail(path, `missing the values: give "base64" or "values"`);
  }
  const bad = data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    fail(path, `non-finite value ${data[bad]} at [${Math.floor(bad / cols)}][${bad % cols}]`);
  }
  return new Matrix(rows, cols, data);
}

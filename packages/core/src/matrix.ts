import { checkElementCount } from "./limits.ts";

/**
 * A dense, row-major matrix of float64 values: the data type of plainnet's public API.
 *
 * The functional (notebook) API lays a batch out as **features x samples**: one column per
 * example, exactly as the NumPy notebook does.
 *
 * @example
 * ```ts
 * const X = Matrix.from([[1], [2]]); // 2 features x 1 sample
 * X.shape; // [2, 1]
 * X.get(1, 0); // 2
 * ```
 */
export class Matrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** Row-major storage: element (i, j) is at `data[i * cols + j]`. */
  readonly data: Float64Array;

  /**
   * Wraps existing storage (no copy). Prefer {@link Matrix.from} or {@link Matrix.zeros}.
   *
   * @example
   * ```ts
   * const m = new Matrix(2, 2, new Float64Array([1, 2, 3, 4]));
   * ```
   */
  constructor(rows: number, cols: number, data?: Float64Array) {
    checkDimension("rows", rows);
    checkDimension("cols", cols);
    if (data === undefined) {
      checkElementCount("Matrix", `a ${rows}x${cols} matrix`, rows * cols);
      data = new Float64Array(rows * cols);
    } else if (!(data instanceof Float64Array)) {
      throw new TypeError(`Matrix: expected data to be a Float64Array, got ${describe(data)}`);
    } else if (data.length !== rows * cols) {
      throw new RangeError(
        `Matrix: a ${rows}x${cols} matrix needs ${rows * cols} values, got ${data.length}`,
      );
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  /**
   * Builds a matrix from nested arrays (one inner array per row), copying the values.
   * Throws a `TypeError` for non-arrays or non-numbers and a `RangeError` for ragged rows,
   * empty input or non-finite values.
   *
   * @example
   * ```ts
   * Matrix.from([[1, 2, 3], [4, 5, 6]]).shape; // [2, 3]
   * ```
   */
  static from(rows: ArrayLike<ArrayLike<number>>, name = "Matrix.from"): Matrix {
    if (rows === null || typeof rows !== "object" || typeof rows.length !== "number") {
      throw new TypeError(`${name}: expected an array of rows (number[][]), got ${describe(rows)}`);
    }
    const r = rows.length;
    if (r === 0) {
      throw new RangeError(`${name}: expected at least one row, got an empty array`);
    }
    const first = rows[0];
    if (first === null || typeof first !== "object" || typeof first.length !== "number") {
      throw new TypeError(
        `${name}: expected row 0 to be an array of numbers, got ${describe(first)}`,
      );
    }
    const c = first.length;
    if (c === 0) {
      throw new RangeError(`${name}: expected at least one column, row 0 is empty`);
    }
    checkElementCount(name, `a ${r}x${c} matrix`, r * c);
    const data = new Float64Array(r * c);
    for (let i = 0; i < r; i++) {
      const row = rows[i];
      if (row === null || typeof row !== "object" || typeof row?.length !== "number") {
        throw new TypeError(
          `${name}: expected row ${i} to be an array of numbers, got ${describe(row)}`,
        );
      }
      if (row.length !== c) {
        throw new RangeError(
          `${name}: ragged rows: row 0 has ${c} values but row ${i} has ${row.length}`,
        );
      }
      for (let j = 0; j < c; j++) {
        const v = row[j];
        if (typeof v !== "number") {
          throw new TypeError(`${name}: expected a number at [${i}][${j}], got ${describe(v)}`);
        }
        if (!Number.isFinite(v)) {
          throw new RangeError(`${name}: expected a finite number at [${i}][${j}], got ${v}`);
        }
        data[i * c + j] = v;
      }
    }
    return new Matrix(r, c, data);
  }

  /**
   * A `rows x cols` matrix of zeros.
   *
   * @example
   * ```ts
   * Matrix.zeros(25, 1).shape; // [25, 1]
   * ```
   */
  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(rows, cols);
  }

  /**
   * A 1 x n row vector (e.g. the labels `Y` of the notebook, one column per sample).
   *
   * @example
   * ```ts
   * Matrix.row([0, 1, 1]).shape; // [1, 3]
   * ```
   */
  static row(values: ArrayLike<number>, name = "Matrix.row"): Matrix {
    return Matrix.from([values], name);
  }

  /** `[rows, cols]`, as NumPy's `shape`.
   *
   * @example
   * ```ts
   * Matrix.zeros(2, 3).shape; // [2, 3]
   * ```
   */
  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  /** Total number of elements. */
  get size(): number {
    return this.data.length;
  }

  /**
   * Element (i, j), bounds-checked.
   *
   * @example
   * ```ts
   * Matrix.from([[1, 2]]).get(0, 1); // 2
   * ```
   */
  get(i: number, j: number): number {
    this.checkIndex(i, j);
    return this.data[i * this.cols + j] as number;
  }

  /**
   * Sets element (i, j) in place, bounds-checked.
   *
   * @example
   * ```ts
   * const m = Matrix.zeros(1, 1); m.set(0, 0, 5);
   * ```
   */
  set(i: number, j: number, value: number): void {
    this.checkIndex(i, j);
    this.data[i * this.cols + j] = value;
  }

  /**
   * The values as nested arrays (a copy), one inner array per row.
   *
   * @example
   * ```ts
   * Matrix.zeros(1, 2).toArray(); // [[0, 0]]
   * ```
   */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) {
      out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    }
    return out;
  }

  /**
   * A deep copy.
   *
   * @example
   * ```ts
   * const copy = m.clone();
   * ```
   */
  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  /**
   * The transpose, as a new matrix.
   *
   * @example
   * ```ts
   * Matrix.from([[1, 2]]).transpose().shape; // [2, 1]
   * ```
   */
  transpose(): Matrix {
    const out = new Matrix(this.cols, this.rows);
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < this.cols; j++) {
        out.data[j * this.rows + i] = this.data[i * this.cols + j] as number;
      }
    }
    return out;
  }

  private checkIndex(i: number, j: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.rows) {
      throw new RangeError(`Matrix: row index ${i} is out of range [0, ${this.rows})`);
    }
    if (!Number.isInteger(j) || j < 0 || j >= this.cols) {
      throw new RangeError(`Matrix: column index ${j} is out of range [0, ${this.cols})`);
    }
  }
}

function checkDimension(what: string, n: unknown): void {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new RangeError(`Matrix: ${what} must be a positive integer, got ${describe(n)}`);
  }
}

/**
 * A short description of a value for error messages (`"string \"a\""`, `"NaN"`, `"array(3)"`).
 *
 * @example
 * ```ts
 * throw new TypeError(`f: expected a number, got ${describe("a")}`); // ... got string "a"
 * ```
 */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return `string ${JSON.stringify(value.slice(0, 40))}`;
  if (Array.isArray(value)) return `array(${value.length})`;
  if (typeof value === "object") {
    const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
    return ctor && ctor !== "Object" ? `a ${ctor}` : "an object";
  }
  return typeof value;
}

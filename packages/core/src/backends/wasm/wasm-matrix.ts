import { Matrix } from "../../matrix.ts";

/**
 * The matrix type of the WebAssembly SIMD backend: row-major float64 storage like
 * {@link Matrix}, but its own class, so that each backend recognises (and rejects) the other's
 * matrices. Convert with `wasmBackend.fromMatrix` / `wasmBackend.toMatrix`.
 *
 * @example
 * ```ts
 * const m = wasmBackend.fromMatrix(Matrix.from([[1, 2]]));
 * m instanceof WasmMatrix; // true
 * ```
 */
export class WasmMatrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** Row-major storage: element (i, j) is at `data[i * cols + j]`. */
  readonly data: Float64Array;

  /**
   * Wraps existing storage (no copy); the shape is checked as {@link Matrix} checks it.
   *
   * @example
   * ```ts
   * const m = new WasmMatrix(1, 2, new Float64Array([1, 2]));
   * ```
   */
  constructor(rows: number, cols: number, data?: Float64Array) {
    // The Matrix constructor owns the shape and storage checks (and their messages).
    const checked = new Matrix(rows, cols, data);
    this.rows = checked.rows;
    this.cols = checked.cols;
    this.data = checked.data;
  }
}

import type { Activation } from "./activations/activation.ts";
import type { Matrix } from "./matrix.ts";

/**
 * Options of {@link MatrixBackend.matmul}: multiply by the transpose of an operand without
 * materialising it (as BLAS's `gemm` does).
 */
export interface MatmulOptions {
  /** Use aᵀ instead of a. */
  readonly transposeA?: boolean;
  /** Use bᵀ instead of b. */
  readonly transposeB?: boolean;
}

/**
 * The MatrixBackend contract: the small set of primitives plainnet's maths is written in.
 *
 * `M` is the backend's own matrix type (a {@link Matrix} for the typed-array reference, a
 * mathjs `DenseMatrix` for the mathjs adapter, ...). Every op is **pure**: it returns a new
 * matrix and never changes its arguments. Shapes are checked by every op and a mismatch
 * throws a `RangeError` naming the op and both shapes.
 *
 * The typed-array backend (`typedArrayBackend`) is the living definition of every op; all
 * backends pass one shared conformance suite against it.
 *
 * NaN rules: NaN propagates through every arithmetic op (matmul, add, scale, sums, ...);
 * `relu` maps NaN to NaN.
 *
 * @example
 * ```ts
 * const be = typedArrayBackend;
 * const a = be.fromMatrix(Matrix.from([[1, 2], [3, 4]]));
 * be.toMatrix(be.matmul(a, a, { transposeA: true })).toArray(); // [[10, 14], [14, 20]]
 * ```
 */
export interface MatrixBackend<M = unknown> {
  /** A short name for reports and error messages, e.g. `"typed-array"`. */
  readonly name: string;

  /** True when `x` is a matrix of this backend. */
  isMatrix(x: unknown): x is M;
  /** Converts a plainnet {@link Matrix} into this backend's type (copies). */
  fromMatrix(m: Matrix): M;
  /** Converts this backend's matrix into a plainnet {@link Matrix} (copies). */
  toMatrix(m: M): Matrix;
  /** `[rows, cols]`. */
  shape(m: M): [number, number];
  /** A `rows x cols` matrix of zeros. */
  zeros(rows: number, cols: number): M;

  /** Matrix product `op(a) · op(b)` where `op` optionally transposes. */
  matmul(a: M, b: M, options?: MatmulOptions): M;
  /** `a + column`, the `r x 1` column broadcast across every column of `a` (bias add). */
  addColumn(a: M, column: M): M;
  /** Element-wise `a + b`. */
  add(a: M, b: M): M;
  /** Element-wise `a - b`. */
  sub(a: M, b: M): M;
  /** Element-wise (Hadamard) product `a * b`. */
  mul(a: M, b: M): M;
  /** Element-wise quotient `a / b`. */
  div(a: M, b: M): M;
  /** `s * a`. */
  scale(a: M, s: number): M;
  /** `alpha * x + y` (BLAS axpy, pure). */
  axpy(alpha: number, x: M, y: M): M;
  /** Sum of every row, as an `r x 1` column (NumPy's `sum(axis=1, keepdims=True)`). */
  rowSum(a: M): M;
  /** Sum of all elements. */
  sum(a: M): number;
  /** Element-wise `f(a)`. */
  map(a: M, f: (v: number) => number): M;
  /** Element-wise `f(a, b)` over two matrices of the same shape. */
  zip(a: M, b: M, f: (x: number, y: number) => number): M;

  /** `act.forward` applied element-wise: A = g(Z). */
  activate(z: M, act: Activation): M;
  /** `act.backward` applied element-wise: dZ = dA * g'(Z). */
  activateBackward(dA: M, z: M, act: Activation): M;
}

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
 * mathjs `DenseMatrix` for the mathjs adapter, ...). Matrices are 2-D with at least one row
 * and one column. Every op is **pure**: it returns a new matrix and never changes its
 * arguments. Shapes are checked by every op and a mismatch throws a `RangeError` naming the
 * op and both shapes (`"add: shapes 1x3 and 3x1 must be equal"`). An argument that is not a
 * usable matrix of this backend throws a `TypeError` naming the backend and the op; a matrix
 * of another backend is named as such (e.g. a mathjs matrix given to the typed-array backend).
 *
 * The typed-array backend (`typedArrayBackend`) is the living definition of every op; every
 * backend passes one shared conformance suite (`test/conformance.test.ts`).
 *
 * Values, in float64 (IEEE 754, round to nearest):
 * - Element-wise ops (`add`, `sub`, `mul`, `div`, `scale`, `addColumn`, `map`, `zip`,
 *   `activate`, `activateBackward`) give, bit for bit, the JavaScript expression per element:
 *   `x + y`, `x / y`, `s * x`, `f(x)`, `act.forward(z)`, `act.backward(da, z)`, ...
 *   `axpy` is `alpha * x + y` with two roundings (no fused multiply-add).
 * - Reductions (`matmul`, `rowSum`, `sum`) may add their terms in any order, so they may differ
 *   from the reference by the rounding of a sum (within γ_k·Σ|terms| of the exact value for k
 *   terms, γ_k = k·2⁻⁵³/(1 − k·2⁻⁵³)) and in the sign of a zero result. A non-finite result does
 *   not depend on the order.
 *
 * NaN and infinity rules (IEEE 754, as NumPy): a NaN input gives a NaN in every element that
 * depends on it — in that element for element-wise ops, in row i of `op(a)·op(b)` for a NaN in
 * row i of `op(a)` (and column j for column j of `op(b)`), in that row's entry of `rowSum`, and
 * in `sum`. Operations with no defined value also give NaN (`0/0`, `Infinity − Infinity`,
 * `0 · Infinity`, also inside a product or sum). `map`, `zip` and the activations apply the
 * scalar function to NaN like any other value, so the scalar functions decide: `relu` maps
 * NaN to NaN and its derivative passes `dA` through where `z` is NaN (NumPy's `dZ[Z <= 0] = 0`
 * leaves it); `sigmoid` maps NaN to NaN and saturates to exactly 0 or 1 for |z| ≥ 710.
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

  /**
   * True when `x` has this backend's matrix type (a cheap type test). The ops also check the
   * contents: a value of the right type the backend cannot compute with (for mathjs: a 1-D,
   * sparse or BigNumber matrix) passes `isMatrix` and is rejected by `shape` and every op.
   */
  isMatrix(x: unknown): x is M;
  /** Converts a plainnet {@link Matrix} into this backend's type (copies). */
  fromMatrix(m: Matrix): M;
  /** Converts this backend's matrix into a plainnet {@link Matrix} (copies). */
  toMatrix(m: M): Matrix;
  /** `[rows, cols]`. */
  shape(m: M): [number, number];
  /** A `rows x cols` matrix of zeros; a `RangeError` unless both are positive integers. */
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

  /**
   * Softmax of every column (one column per sample), shifted by the column's maximum for
   * stability. For column j with max `m_j` (the first value, replaced by any larger one):
   * `e_ij = exp(z_ij − m_j)` with plainnet's `exp`, `s_j = e_0j + e_1j + …` summed top to
   * bottom, and `a_ij = e_ij / s_j`. A NaN anywhere in a column makes the whole column NaN.
   */
  softmaxColumns(z: M): M;
}

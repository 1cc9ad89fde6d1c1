import type { Activation } from "../activations/activation.ts";
import type { MatmulOptions, MatrixBackend } from "../backend.ts";
import { fusedSoftmax } from "../engine/ops.generated.ts";
import { describe, Matrix } from "../matrix.ts";
import { pairwiseSum } from "../sum.ts";
import { matmulShape } from "./matmul-shape.ts";

const softmaxSteps = fusedSoftmax.float64;

function check(op: string, m: unknown, arg: string): Matrix {
  if (!(m instanceof Matrix)) {
    throw new TypeError(
      `typed-array backend: ${op} expected ${arg} to be a plainnet Matrix, got ${describe(m)}` +
        (isMathjsLike(m)
          ? " (a mathjs matrix: use the mathjs backend from @plainnet/core/mathjs)"
          : ""),
    );
  }
  return m;
}

function isMathjsLike(m: unknown): boolean {
  return (
    typeof m === "object" &&
    m !== null &&
    typeof (m as { isMatrix?: unknown }).isMatrix === "boolean" &&
    typeof (m as { size?: unknown }).size === "function"
  );
}

function sameShape(op: string, a: Matrix, b: Matrix): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new RangeError(`${op}: shapes ${a.rows}x${a.cols} and ${b.rows}x${b.cols} must be equal`);
  }
}

function elementwise(
  op: string,
  a: Matrix,
  b: Matrix,
  f: (x: number, y: number) => number,
): Matrix {
  check(op, a, "a");
  check(op, b, "b");
  sameShape(op, a, b);
  const out = new Float64Array(a.data.length);
  const ad = a.data;
  const bd = b.data;
  for (let i = 0; i < out.length; i++) out[i] = f(ad[i] as number, bd[i] as number);
  return new Matrix(a.rows, a.cols, out);
}

/**
 * Matrix product op(a)·op(b) with optional transposes: the reference kernel. Every output
 * element is accumulated from 0 in ascending order of the shared index p,
 * `c = ((0 + a₀b₀) + a₁b₁) + …`, whatever the transposes; the loop order of each case is only
 * chosen so that the innermost loop walks memory contiguously.
 */
function matmul(a: Matrix, b: Matrix, options: MatmulOptions = {}): Matrix {
  check("matmul", a, "a");
  check("matmul", b, "b");
  const {
    m,
    k,
    n,
    transposeA: ta,
    transposeB: tb,
  } = matmulShape([a.rows, a.cols], [b.rows, b.cols], options);
  const ad = a.data;
  const bd = b.data;
  const out = new Float64Array(m * n);
  if (!ta && !tb) {
    // c[i,:] += a[i,p] * b[p,:]
    for (let i = 0; i < m; i++) {
      const ci = i * n;
      for (let p = 0; p < k; p++) {
        const aip = ad[i * k + p] as number;
        const bp = p * n;
        for (let j = 0; j < n; j++)
          out[ci + j] = (out[ci + j] as number) + aip * (bd[bp + j] as number);
      }
    }
  } else if (!ta && tb) {
    // c[i,j] = a[i,:] · b[j,:]
    for (let i = 0; i < m; i++) {
      const ai = i * k;
      for (let j = 0; j < n; j++) {
        const bj = j * k;
        let s = 0;
        for (let p = 0; p < k; p++) s += (ad[ai + p] as number) * (bd[bj + p] as number);
        out[i * n + j] = s;
      }
    }
  } else if (ta && !tb) {
    // c[i,:] += a[p,i] * b[p,:], a is k x m
    for (let p = 0; p < k; p++) {
      const bp = p * n;
      for (let i = 0; i < m; i++) {
        const api = ad[p * m + i] as number;
        const ci = i * n;
        for (let j = 0; j < n; j++)
          out[ci + j] = (out[ci + j] as number) + api * (bd[bp + j] as number);
      }
    }
  } else {
    // c[i,j] = Σ_p a[p,i] b[j,p], a is k x m, b is n x k
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += (ad[p * m + i] as number) * (bd[j * k + p] as number);
        out[i * n + j] = s;
      }
    }
  }
  return new Matrix(m, n, out);
}

/**
 * The typed-array reference backend: row-major `Float64Array` storage, plain loops, no
 * dependencies. It is the living definition of every {@link MatrixBackend} op and the default
 * backend everywhere.
 *
 * @example
 * ```ts
 * import { Matrix, typedArrayBackend as be } from "@plainnet/core";
 * be.rowSum(Matrix.from([[1, 2], [3, 4]])).toArray(); // [[3], [7]]
 * ```
 */
export const typedArrayBackend: MatrixBackend<Matrix> = {
  name: "typed-array",
  isMatrix: (x: unknown): x is Matrix => x instanceof Matrix,
  fromMatrix: (m) => check("fromMatrix", m, "m").clone(),
  toMatrix: (m) => check("toMatrix", m, "m").clone(),
  shape: (m) => check("shape", m, "m").shape,
  zeros: (rows, cols) => Matrix.zeros(rows, cols),
  matmul,
  addColumn(a, column) {
    check("addColumn", a, "a");
    check("addColumn", column, "column");
    if (column.cols !== 1 || column.rows !== a.rows) {
      throw new RangeError(
        `addColumn: expected a ${a.rows}x1 column for a ${a.rows}x${a.cols} matrix, got ${column.rows}x${column.cols}`,
      );
    }
    const out = new Float64Array(a.data.length);
    const c = a.cols;
    for (let i = 0; i < a.rows; i++) {
      const bi = column.data[i] as number;
      for (let j = 0; j < c; j++) out[i * c + j] = (a.data[i * c + j] as number) + bi;
    }
    return new Matrix(a.rows, a.cols, out);
  },
  add: (a, b) => elementwise("add", a, b, (x, y) => x + y),
  sub: (a, b) => elementwise("sub", a, b, (x, y) => x - y),
  mul: (a, b) => elementwise("mul", a, b, (x, y) => x * y),
  div: (a, b) => elementwise("div", a, b, (x, y) => x / y),
  scale(a, s) {
    check("scale", a, "a");
    const out = new Float64Array(a.data.length);
    for (let i = 0; i < out.length; i++) out[i] = (a.data[i] as number) * s;
    return new Matrix(a.rows, a.cols, out);
  },
  axpy: (alpha, x, y) => elementwise("axpy", x, y, (xv, yv) => alpha * xv + yv),
  rowSum(a) {
    check("rowSum", a, "a");
    const out = new Float64Array(a.rows);
    for (let i = 0; i < a.rows; i++) out[i] = pairwiseSum(a.data, i * a.cols, a.cols, 1);
    return new Matrix(a.rows, 1, out);
  },
  sum(a) {
    check("sum", a, "a");
    return pairwiseSum(a.data, 0, a.data.length, 1);
  },
  map(a, f) {
    check("map", a, "a");
    const out = new Float64Array(a.data.length);
    for (let i = 0; i < out.length; i++) out[i] = f(a.data[i] as number);
    return new Matrix(a.rows, a.cols, out);
  },
  zip: (a, b, f) => elementwise("zip", a, b, f),
  activate(z, act: Activation) {
    check("activate", z, "z");
    const out = new Float64Array(z.data.length);
    const f = act.forward;
    for (let i = 0; i < out.length; i++) out[i] = f(z.data[i] as number);
    return new Matrix(z.rows, z.cols, out);
  },
  activateBackward(dA, z, act: Activation) {
    return elementwise("activateBackward", dA, z, act.backward);
  },
  softmaxColumns(z) {
    check("softmaxColumns", z, "z");
    const { rows, cols, data } = z;
    const out = new Float64Array(data.length);
    for (let j = 0; j < cols; j++) {
      let max = data[j] as number;
      for (let i = 1; i < rows; i++) {
        const v = data[i * cols + j] as number;
        if (v > max) max = v;
      }
      // The per-element steps are the fused table's (scripts/engine-ops.mjs), as the engine's.
      let s = 0;
      for (let i = 0; i < rows; i++) {
        const e = softmaxSteps.shifted(data[i * cols + j] as number, max);
        out[i * cols + j] = e;
        s = softmaxSteps.accumulate(s, e);
      }
      for (let i = 0; i < rows; i++) {
        out[i * cols + j] = softmaxSteps.normalize(out[i * cols + j] as number, s);
      }
    }
    return new Matrix(rows, cols, out);
  },
};

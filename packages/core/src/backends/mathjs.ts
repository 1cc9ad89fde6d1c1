import type { FactoryFunctionMap, MathJsInstance, Matrix as MathjsMatrix } from "mathjs";
import { all, create } from "mathjs";
import type { Activation } from "../activations/activation.ts";
import type { MatmulOptions, MatrixBackend } from "../backend.ts";
import { exp } from "../libm/exp.ts";
import { checkElementCount } from "../limits.ts";
import { describe, Matrix } from "../matrix.ts";

export type { MathjsMatrix };

const NAME = "mathjs";

/** Duck-typed test for a mathjs matrix of any instance (mathjs's own `isMatrix` does the same). */
function isMathjsMatrix(x: unknown): x is MathjsMatrix {
  return (
    typeof x === "object" &&
    x !== null &&
    (x as { isMatrix?: unknown }).isMatrix === true &&
    typeof (x as { size?: unknown }).size === "function" &&
    typeof (x as { storage?: unknown }).storage === "function"
  );
}

function fail(op: string, message: string): never {
  throw new TypeError(`${NAME} backend: ${op}: ${message}`);
}

/**
 * Checks that `x` is a matrix this backend can compute with — a dense, 2-D, non-empty mathjs
 * matrix of plain JavaScript numbers — and returns its `[rows, cols]`.
 *
 * A matrix whose declared datatype is `"number"` (every matrix this backend creates, and
 * `math.matrix(data, "dense", "number")`) is trusted without a scan, as mathjs itself does.
 */
function check(math: MathJsInstance, op: string, name: string, x: unknown): [number, number] {
  if (!isMathjsMatrix(x)) {
    if (x instanceof Matrix) {
      fail(
        op,
        `${name} is a plainnet Matrix (the typed-array backend's type), not a mathjs matrix; convert it with mathjsBackend.fromMatrix(m) or compute with the typed-array backend (the default)`,
      );
    }
    fail(
      op,
      `expected ${name} to be a mathjs matrix, got ${describe(x)}` +
        (Array.isArray(x) ? " (wrap nested arrays with math.matrix([[...]]))" : ""),
    );
  }
  if (x.storage() !== "dense") {
    fail(
      op,
      `${name} is a ${x.storage()} mathjs matrix; the mathjs backend computes on dense matrices: convert it with math.matrix(m, "dense")`,
    );
  }
  const size = x.size();
  if (size.length !== 2) {
    const n = size[0] ?? 0;
    throw new RangeError(
      `${NAME} backend: ${op}: ${name} is a ${size.length}-D mathjs matrix of size [${size.join(", ")}]; plainnet needs 2-D matrices (features x samples)` +
        (size.length === 1
          ? `: use math.reshape(v, [1, ${n}]) for a row (e.g. labels Y, outputs x samples) or math.reshape(v, [${n}, 1]) for a column`
          : ""),
    );
  }
  const rows = size[0] as number;
  const cols = size[1] as number;
  if (rows < 1 || cols < 1) {
    throw new RangeError(
      `${NAME} backend: ${op}: ${name} is ${rows}x${cols}; a matrix needs at least one row and one column`,
    );
  }
  if (x.datatype() !== "number") {
    const data = x.valueOf() as unknown[][];
    for (let i = 0; i < rows; i++) {
      const row = data[i] as unknown[];
      for (let j = 0; j < cols; j++) {
        const v = row[j];
        if (typeof v !== "number") {
          fail(
            op,
            `${name} holds a ${math.typeOf(v)} at [${i}][${j}]; the mathjs backend computes in plain JavaScript numbers (float64): convert BigNumber, Fraction or bigint entries with math.number(m) (complex values are not supported)`,
          );
        }
      }
    }
  }
  return [rows, cols];
}

function sameShape(op: string, a: [number, number], b: [number, number]): void {
  if (a[0] !== b[0] || a[1] !== b[1]) {
    throw new RangeError(
      `${NAME} backend: ${op}: shapes ${a[0]}x${a[1]} and ${b[0]}x${b[1]} must be equal`,
    );
  }
}

function checkDimension(op: string, what: string, n: unknown): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new RangeError(
      `${NAME} backend: ${op}: ${what} must be a positive integer, got ${describe(n)}`,
    );
  }
  return n;
}

/**
 * Builds a {@link MatrixBackend} that keeps every matrix as a mathjs `DenseMatrix` and does
 * every op through the given mathjs instance: `multiply` and `transpose` for products,
 * `add` for the bias (spread over the columns by a product with a row of ones),
 * `subtract`/`dotMultiply`/`dotDivide` element-wise,
 * `sum(a, 1)` for row sums, `map` (one or two matrices) for activations and their
 * derivatives — with plainnet's scalar activation functions, so values match the typed-array
 * reference — and `max`/`sum` along columns for softmax.
 *
 * Accepts dense, 2-D mathjs matrices of plain numbers (e.g. `math.matrix([[1], [2]])`).
 * 1-D vectors are rejected with a `RangeError` that shows the `math.reshape` to use; sparse
 * matrices and BigNumber/Fraction/Complex entries are rejected with a `TypeError`; a plainnet
 * `Matrix` is rejected with a `TypeError` naming both backends.
 *
 * Use it to compute with your own mathjs instance (e.g. one made by `create(all, config)`).
 *
 * @example
 * ```ts
 * import { all, create } from "mathjs";
 * import { createMathjsBackend } from "@plainnet/core/mathjs";
 * const math = create(all);
 * const be = createMathjsBackend(math);
 * be.rowSum(math.matrix([[1, 2], [3, 4]])).toArray(); // [[3], [7]]
 * ```
 */
export function createMathjsBackend(math: MathJsInstance): MatrixBackend<MathjsMatrix> {
  if (
    typeof math !== "object" ||
    math === null ||
    typeof math.multiply !== "function" ||
    typeof math.matrix !== "function"
  ) {
    throw new TypeError(
      `createMathjsBackend: expected a mathjs instance (from create(all) or the mathjs module), got ${describe(math)}`,
    );
  }
  const shapeOf = (op: string, name: string, x: unknown): [number, number] =>
    check(math, op, name, x);
  /** A new dense matrix declared as holding numbers (mathjs then skips type scans). */
  const fromRows = (rows: number[][]): MathjsMatrix => math.matrix(rows, "dense", "number");

  /** A 1 x n row of ones. */
  const onesRow = (n: number): MathjsMatrix => fromRows([new Array<number>(n).fill(1)]);
  /** An n x 1 column of ones. */
  const onesColumn = (n: number): MathjsMatrix => fromRows(Array.from({ length: n }, () => [1]));

  const elementwise = (
    op: string,
    a: MathjsMatrix,
    b: MathjsMatrix,
    f: (a: MathjsMatrix, b: MathjsMatrix) => MathjsMatrix,
  ): MathjsMatrix => {
    sameShape(op, shapeOf(op, "a", a), shapeOf(op, "b", b));
    return f(a, b);
  };

  const zip = (
    op: string,
    a: MathjsMatrix,
    b: MathjsMatrix,
    f: (x: number, y: number) => number,
  ): MathjsMatrix => {
    sameShape(op, shapeOf(op, "a", a), shapeOf(op, "b", b));
    // A fixed two-parameter callback: mathjs inspects a callback's arity to decide what to pass.
    return math.map(a, b, (x: number, y: number): number => f(x, y));
  };

  return {
    name: NAME,
    isMatrix: (x: unknown): x is MathjsMatrix => isMathjsMatrix(x),
    fromMatrix(m: Matrix): MathjsMatrix {
      if (!(m instanceof Matrix)) {
        throw new TypeError(
          `${NAME} backend: fromMatrix: expected a plainnet Matrix, got ${describe(m)}` +
            (isMathjsMatrix(m)
              ? " (already a mathjs matrix: pass it to the mathjs backend as is)"
              : ""),
        );
      }
      return fromRows(m.toArray());
    },
    toMatrix(m: MathjsMatrix): Matrix {
      const [rows, cols] = shapeOf("toMatrix", "m", m);
      const data = m.valueOf() as number[][];
      const out = new Float64Array(rows * cols);
      for (let i = 0; i < rows; i++) {
        const row = data[i] as number[];
        for (let j = 0; j < cols; j++) out[i * cols + j] = row[j] as number;
      }
      return new Matrix(rows, cols, out);
    },
    shape: (m: MathjsMatrix): [number, number] => shapeOf("shape", "m", m),
    zeros(rows: number, cols: number): MathjsMatrix {
      checkDimension("zeros", "rows", rows);
      checkDimension("zeros", "cols", cols);
      checkElementCount(`${NAME} backend: zeros`, `a ${rows}x${cols} matrix`, rows * cols);
      return fromRows(Array.from({ length: rows }, () => new Array<number>(cols).fill(0)));
    },
    matmul(a: MathjsMatrix, b: MathjsMatrix, options: MatmulOptions = {}): MathjsMatrix {
      const [ar, ac] = shapeOf("matmul", "a", a);
      const [br, bc] = shapeOf("matmul", "b", b);
      const ta = options.transposeA === true;
      const tb = options.transposeB === true;
      const m = ta ? ac : ar;
      const k = ta ? ar : ac;
      const k2 = tb ? bc : br;
      const n = tb ? br : bc;
      if (k !== k2) {
        throw new RangeError(
          `${NAME} backend: matmul: inner dimensions differ: ${ta ? "aᵀ" : "a"} is ${m}x${k} and ${tb ? "bᵀ" : "b"} is ${k2}x${n}`,
        );
      }
      checkElementCount(`${NAME} backend: matmul`, `the ${m}x${n} product`, m * n);
      return math.multiply(ta ? math.transpose(a) : a, tb ? math.transpose(b) : b) as MathjsMatrix;
    },
    addColumn(a: MathjsMatrix, column: MathjsMatrix): MathjsMatrix {
      const [r, c] = shapeOf("addColumn", "a", a);
      const [cr, cc] = shapeOf("addColumn", "column", column);
      if (cc !== 1 || cr !== r) {
        throw new RangeError(
          `${NAME} backend: addColumn: expected a ${r}x1 column for a ${r}x${c} matrix, got ${cr}x${cc}`,
        );
      }
      // column · 1ᵀ spreads the column over c columns exactly (x · 1 = x, also for NaN and
      // ±Infinity), then one element-wise add. Bitwise what math.add(a, column) gives by
      // broadcasting, and about ten times faster (mathjs materialises broadcasts by concat).
      return math.add(a, math.multiply(column, onesRow(c)));
    },
    add: (a, b) => elementwise("add", a, b, (x, y) => math.add(x, y)),
    sub: (a, b) => elementwise("sub", a, b, (x, y) => math.subtract(x, y)),
    mul: (a, b) => elementwise("mul", a, b, (x, y) => math.dotMultiply(x, y)),
    div: (a, b) => elementwise("div", a, b, (x, y) => math.dotDivide(x, y)),
    scale(a: MathjsMatrix, s: number): MathjsMatrix {
      shapeOf("scale", "a", a);
      return math.multiply(a, s);
    },
    axpy(alpha: number, x: MathjsMatrix, y: MathjsMatrix): MathjsMatrix {
      return elementwise("axpy", x, y, (xm, ym) => math.add(math.multiply(xm, alpha), ym));
    },
    rowSum(a: MathjsMatrix): MathjsMatrix {
      const [r] = shapeOf("rowSum", "a", a);
      // sum along dimension 1 gives a 1-D vector of r row sums; keep it an r x 1 column.
      return math.reshape(math.sum(a, 1) as unknown as MathjsMatrix, [r, 1]);
    },
    sum(a: MathjsMatrix): number {
      shapeOf("sum", "a", a);
      return math.sum(a) as number;
    },
    map(a: MathjsMatrix, f: (v: number) => number): MathjsMatrix {
      shapeOf("map", "a", a);
      return math.map(a, (v: number): number => f(v));
    },
    zip: (a, b, f) => zip("zip", a, b, f),
    activate(z: MathjsMatrix, act: Activation): MathjsMatrix {
      shapeOf("activate", "z", z);
      const f = act.forward;
      return math.map(z, (v: number): number => f(v));
    },
    activateBackward(dA: MathjsMatrix, z: MathjsMatrix, act: Activation): MathjsMatrix {
      return zip("activateBackward", dA, z, act.backward);
    },
    softmaxColumns(z: MathjsMatrix): MathjsMatrix {
      const [r, c] = shapeOf("softmaxColumns", "z", z);
      // Column maxima and sums along dimension 0 (top to bottom) are 1-D; as 1 x c rows they
      // are spread down the r rows exactly by 1 · row (cheaper than mathjs's broadcasting).
      const down = (v: unknown): MathjsMatrix =>
        math.multiply(onesColumn(r), math.reshape(v as MathjsMatrix, [1, c]));
      const max = down(math.max(z, 0));
      const e = math.map(math.subtract(z, max), (v: number): number => exp(v));
      return math.dotDivide(e, down(math.sum(e, 0)));
    },
  };
}

/**
 * The mathjs backend on a private mathjs instance made with `create(all)` (default config).
 * Pass it as `{ backend: mathjsBackend }` to `train` and the functional API, with X, Y and
 * parameters held in mathjs matrices; results come back as mathjs matrices.
 *
 * @example
 * ```ts
 * import { matrix } from "mathjs";
 * import { train } from "@plainnet/core";
 * import { mathjsBackend } from "@plainnet/core/mathjs";
 * const X = matrix([[0, 1, 0, 1], [0, 0, 1, 1]]);
 * const Y = matrix([[0, 1, 1, 0]]);
 * const arch = [
 *   { inputDim: 2, outputDim: 4, activation: "relu" },
 *   { inputDim: 4, outputDim: 1, activation: "sigmoid" },
 * ] as const;
 * const { params } = train(X, Y, arch, { epochs: 100, learningRate: 0.1, backend: mathjsBackend });
 * ```
 */
export const mathjsBackend: MatrixBackend<MathjsMatrix> = createMathjsBackend(
  // mathjs types `all` as possibly undefined (it is destructured from a Record).
  create(all as FactoryFunctionMap),
);

import type { Activation } from "../../activations/activation.ts";
import type { MatmulOptions, MatrixBackend } from "../../backend.ts";
import { checkElementCount } from "../../limits.ts";
import { describe, Matrix } from "../../matrix.ts";
import { matmulShape } from "../matmul-shape.ts";
import { typedArrayBackend as ref } from "../typed-array.ts";
import { wasmKernels } from "./kernels.ts";
import { WasmMatrix } from "./wasm-matrix.ts";

const NAME = "wasm-simd";

function check(op: string, m: unknown, arg: string): WasmMatrix {
  if (!(m instanceof WasmMatrix)) {
    throw new TypeError(
      `${NAME} backend: ${op} expected ${arg} to be a WasmMatrix, got ${describe(m)}` +
        (m instanceof Matrix ? " (a plainnet Matrix: convert it with wasmBackend.fromMatrix)" : ""),
    );
  }
  return m;
}

/** The same storage seen as a plainnet Matrix (no copy), for the reference's element-wise ops. */
function view(m: WasmMatrix): Matrix {
  return new Matrix(m.rows, m.cols, m.data);
}

function wrap(m: Matrix): WasmMatrix {
  return new WasmMatrix(m.rows, m.cols, m.data);
}

let f64: Float64Array = new Float64Array(0);

/** A Float64Array over the kernels' memory with room for `doubles` values (grows it if needed). */
function memoryFor(memory: WebAssembly.Memory, doubles: number): Float64Array {
  checkElementCount("wasmBackend.matmul", "the kernel memory (a, b and the product)", doubles);
  const bytes = doubles * 8;
  if (memory.buffer.byteLength < bytes) {
    memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
  }
  if (f64.buffer !== memory.buffer) f64 = new Float64Array(memory.buffer);
  return f64;
}

/**
 * Copies `src` (stored `rows x cols`) into `mem` at `at`, transposed when `transpose` is set,
 * so the kernel always sees row-major op(src).
 */
function put(mem: Float64Array, at: number, src: WasmMatrix, transpose: boolean): void {
  if (!transpose) {
    mem.set(src.data, at);
    return;
  }
  const { rows, cols, data } = src;
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) mem[at + j * rows + i] = data[row + j] as number;
  }
}

/**
 * op(a)·op(b) in the WebAssembly SIMD kernel: op(a) and op(b) are copied (transposed where
 * asked) into the kernel's memory and the product copied out. The kernel sums each element from
 * 0 in ascending order of the inner index, as the reference does, so products are bitwise the
 * reference's. Shape errors, and every product where WebAssembly SIMD is not available, go to
 * the typed-array reference.
 */
function matmul(a: WasmMatrix, b: WasmMatrix, options: MatmulOptions = {}): WasmMatrix {
  check("matmul", a, "a");
  check("matmul", b, "b");
  const {
    m,
    k,
    n,
    transposeA: ta,
    transposeB: tb,
  } = matmulShape([a.rows, a.cols], [b.rows, b.cols], options);
  const kernels = wasmKernels();
  if (kernels === null) return wrap(ref.matmul(view(a), view(b), options));
  const la = a.data.length;
  const lb = b.data.length;
  const lc = m * n;
  const mem = memoryFor(kernels.memory, la + lb + lc);
  put(mem, 0, a, ta);
  put(mem, la, b, tb);
  const c = la + lb;
  kernels.matmul(0, la * 8, c * 8, m, k, n);
  return new WasmMatrix(m, n, mem.slice(c, c + lc));
}

/**
 * The WebAssembly SIMD backend: matrix products in an f64x2 SIMD kernel written in WAT
 * (`backends/wasm/kernels.wat`, embedded as bytes, compiled synchronously on first use, so it
 * needs no network or file system), every other op in the typed-array reference's loops, so
 * element-wise ops are bitwise the reference's; products add in the reference's order too. Where WebAssembly SIMD is unavailable, products fall back to the
 * reference. Its matrices are {@link WasmMatrix}.
 *
 * @example
 * ```ts
 * import { Matrix, wasmBackend as be } from "@plainnet/core";
 * const a = be.fromMatrix(Matrix.from([[1, 2], [3, 4]]));
 * be.toMatrix(be.matmul(a, a, { transposeA: true })).toArray(); // [[10, 14], [14, 20]]
 * ```
 */
export const wasmBackend: MatrixBackend<WasmMatrix> = {
  name: NAME,
  isMatrix: (x: unknown): x is WasmMatrix => x instanceof WasmMatrix,
  fromMatrix(m) {
    if (!(m instanceof Matrix)) {
      throw new TypeError(
        `${NAME} backend: fromMatrix expected m to be a plainnet Matrix, got ${describe(m)}`,
      );
    }
    return new WasmMatrix(m.rows, m.cols, m.data.slice());
  },
  toMatrix: (m) => ref.toMatrix(view(check("toMatrix", m, "m"))),
  shape: (m) => [check("shape", m, "m").rows, m.cols],
  zeros: (rows, cols) => wrap(Matrix.zeros(rows, cols)),
  matmul,
  addColumn: (a, column) =>
    wrap(
      ref.addColumn(view(check("addColumn", a, "a")), view(check("addColumn", column, "column"))),
    ),
  add: (a, b) => wrap(ref.add(view(check("add", a, "a")), view(check("add", b, "b")))),
  sub: (a, b) => wrap(ref.sub(view(check("sub", a, "a")), view(check("sub", b, "b")))),
  mul: (a, b) => wrap(ref.mul(view(check("mul", a, "a")), view(check("mul", b, "b")))),
  div: (a, b) => wrap(ref.div(view(check("div", a, "a")), view(check("div", b, "b")))),
  scale: (a, s) => wrap(ref.scale(view(check("scale", a, "a")), s)),
  axpy: (alpha, x, y) =>
    wrap(ref.axpy(alpha, view(check("axpy", x, "x")), view(check("axpy", y, "y")))),
  rowSum: (a) => wrap(ref.rowSum(view(check("rowSum", a, "a")))),
  sum: (a) => ref.sum(view(check("sum", a, "a"))),
  map: (a, f) => wrap(ref.map(view(check("map", a, "a")), f)),
  zip: (a, b, f) => wrap(ref.zip(view(check("zip", a, "a")), view(check("zip", b, "b")), f)),
  activate: (z, act: Activation) => wrap(ref.activate(view(check("activate", z, "z")), act)),
  activateBackward: (dA, z, act: Activation) =>
    wrap(
      ref.activateBackward(
        view(check("activateBackward", dA, "dA")),
        view(check("activateBackward", z, "z")),
        act,
      ),
    ),
  softmaxColumns: (z) => wrap(ref.softmaxColumns(view(check("softmaxColumns", z, "z")))),
};

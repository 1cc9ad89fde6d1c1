/**
 * plainnet's JavaScript kernel set for the fused training engine: the {@link Kernels} contract
 * over one growable `Float64Array` or `Float32Array` heap, in plain typed-array loops.
 *
 * `gemm` (generated into js-gemm.generated.ts by scripts/gen-js-kernels.mjs, its epilogue from
 * the fused activation table) is register-blocked: float64 computes a block of 2 rows x 4 columns of C per pass
 * (8 accumulators in locals; each A and B value is read once per step of the inner index for
 * the whole block), float32 a block of 2 x 8 (float32's rounding makes each step slower, so more
 * independent sums hide more latency). Leftover rows and columns go through 1 x NR, 2 x 1 and
 * 1 x 1 blocks. These were the fastest under both Node (V8) and Bun (JavaScriptCore) on the
 * headline network's shapes (see scripts/bench-kernels.ts).
 *
 * Every sum still starts at +0 and adds its products in ascending order of the inner index,
 * one rounding per operation, so the float64 kernels give the typed-array reference backend's
 * bits. In float32 every product, sum and bias add is rounded with `Math.fround`, which is exact
 * float32 arithmetic (a product of two float32 values is exact in float64, and a float64 sum of
 * two float32 values rounds to the float32 sum), so the results match WebAssembly's f32 kernels.
 * The float32 set also has `dWdb`, the gradients' sums in four interleaved lanes (the order of
 * WebAssembly's f32x4 vectors, so the two sets agree there too), and the output layer's
 * `sigmoid` and `bceTerms` in float32 arithmetic (float32-output.ts, as WebAssembly's).
 */
import { describe } from "../matrix.ts";
import { bceTerms32, sigmoid32 } from "./float32-output.ts";
import { gemm32, gemm64 } from "./js-gemm.generated.ts";
import type { Dtype, Epilogue, Heap, Kernels } from "./kernels.ts";
import { NO_EPILOGUE, NONE, unknownEpilogue } from "./kernels.ts";
import { heapPairwiseSum } from "./pairwise.ts";

/** Elements a fresh heap starts with (it grows geometrically on demand). */
const INITIAL_LENGTH = 4096;
/** Alignment of every allocation, in bytes. */
const ALIGN_BYTES = 16;

/**
 * A new JavaScript kernel set (`"js-f64"` or `"js-f32"`) with its own heap. The heap starts
 * small and grows geometrically inside `alloc` (copied into a larger buffer, so call `heap()`
 * again after an `alloc`).
 *
 * @example
 * ```ts
 * const k = jsKernels("float64");
 * const a = k.alloc(4), b = k.alloc(2), c = k.alloc(2);
 * k.heap().set([1, 2, 3, 4], a); // A = [[1, 2], [3, 4]]
 * k.heap().set([1, 1], b); // B = [[1], [1]]
 * k.gemm(a, 2, 1, b, c, 2, 2, 1);
 * k.heap().subarray(c, c + 2); // [3, 7]
 * ```
 */
export function jsKernels(dtype: Dtype): Kernels {
  if (dtype === "float64") return float64Kernels();
  if (dtype === "float32") return float32Kernels();
  throw new RangeError(`jsKernels: dtype must be "float64" or "float32", got ${describe(dtype)}`);
}

/** Checks `alloc`'s length and returns the aligned offset of the new block. */
function reserve(top: number, length: number, perAlign: number): number {
  if (typeof length !== "number" || !Number.isInteger(length) || length < 0) {
    throw new RangeError(`alloc: length must be a non-negative integer, got ${describe(length)}`);
  }
  return Math.ceil(top / perAlign) * perAlign;
}

/** The new length of a heap of `length` elements that must hold `end`: at least double. */
function grownLength(length: number, end: number): number {
  return Math.max(end, length * 2);
}

function growError(end: number, bytesPer: number, cause: unknown): RangeError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new RangeError(
    `alloc: cannot grow the heap to ${end} elements (${end * bytesPer} bytes): ${why}`,
  );
}

function float64Kernels(): Kernels {
  let h: Float64Array = new Float64Array(INITIAL_LENGTH);
  let top = 0;
  const perAlign = ALIGN_BYTES / Float64Array.BYTES_PER_ELEMENT;
  return {
    name: "js-f64",
    dtype: "float64",
    alloc(length: number): number {
      const offset = reserve(top, length, perAlign);
      const end = offset + length;
      if (end > h.length) {
        let next: Float64Array;
        try {
          next = new Float64Array(grownLength(h.length, end));
        } catch (cause) {
          throw growError(end, Float64Array.BYTES_PER_ELEMENT, cause);
        }
        next.set(h);
        h = next;
      }
      h.fill(0, offset, end);
      top = end;
      return offset;
    },
    heap: (): Heap => h,
    gemm(a, aRowStride, aColStride, b, c, m, k, n, ep: Epilogue = NO_EPILOGUE): void {
      const relu = ep?.kind === "relu";
      if (!relu && ep?.kind !== "none") throw unknownEpilogue("js-f64", ep);
      const mask = relu ? (ep.mask ?? NONE) : NONE;
      const out = relu ? (ep.out ?? NONE) : NONE;
      gemm64(h, a, aRowStride, aColStride, b, c, m, k, n, ep.bias ?? NONE, mask, out);
    },
    transpose(a, out, rows, cols): void {
      transpose64(h, a, out, rows, cols);
    },
    sum: (offset, n): number => heapPairwiseSum(h, offset, n),
    zeros: (offset, n): boolean => allZero(h, offset, n),
    max: (offset, n): number => largest(h, offset, n),
  };
}

/** Whether the `n` values of `h` from `offset` all equal 0 (a NaN does not). */
function allZero(h: Heap, offset: number, n: number): boolean {
  for (let q = offset; q < offset + n; q++) if (h[q] !== 0) return false;
  return true;
}

/** The largest of the `n` values of `h` from `offset` (NaN if one is NaN; −∞ for n = 0). */
function largest(h: Heap, offset: number, n: number): number {
  let r = Number.NEGATIVE_INFINITY;
  for (let q = offset; q < offset + n; q++) r = Math.max(r, h[q] as number);
  return r;
}

function float32Kernels(): Kernels {
  let h: Float32Array = new Float32Array(INITIAL_LENGTH);
  const two = new Float32Array(2);
  let top = 0;
  const perAlign = ALIGN_BYTES / Float32Array.BYTES_PER_ELEMENT;
  return {
    name: "js-f32",
    dtype: "float32",
    alloc(length: number): number {
      const offset = reserve(top, length, perAlign);
      const end = offset + length;
      if (end > h.length) {
        let next: Float32Array;
        try {
          next = new Float32Array(grownLength(h.length, end));
        } catch (cause) {
          throw growError(end, Float32Array.BYTES_PER_ELEMENT, cause);
        }
        next.set(h);
        h = next;
      }
      h.fill(0, offset, end);
      top = end;
      return offset;
    },
    heap: (): Heap => h,
    gemm(a, aRowStride, aColStride, b, c, m, k, n, ep: Epilogue = NO_EPILOGUE): void {
      const relu = ep?.kind === "relu";
      if (!relu && ep?.kind !== "none") throw unknownEpilogue("js-f32", ep);
      const mask = relu ? (ep.mask ?? NONE) : NONE;
      const out = relu ? (ep.out ?? NONE) : NONE;
      gemm32(h, a, aRowStride, aColStride, b, c, m, k, n, ep.bias ?? NONE, mask, out);
    },
    transpose(a, out, rows, cols): void {
      transpose32(h, a, out, rows, cols);
    },
    sum: (offset, n): number => heapPairwiseSum(h, offset, n),
    zeros: (offset, n): boolean => allZero(h, offset, n),
    max: (offset, n): number => largest(h, offset, n),
    dWdb(dz, a, dw, db, rows, cols, m): void {
      dWdb32(h, dz, a, dw, db, rows, cols, m);
    },
    sigmoid(z, a, n): void {
      for (let q = 0; q < n; q++) h[a + q] = sigmoid32(h[z + q] as number);
    },
    bceTerms(p, y, n, pos, neg): void {
      for (let q = 0; q < n; q++) {
        bceTerms32(h[p + q] as number, h[y + q] as number, two);
        h[pos + q] = two[0] as number;
        h[neg + q] = two[1] as number;
      }
    },
  };
}

/**
 * float32 `dW = dZ·Aᵀ` and `db = Σ_p dZ` in the order of {@link Kernels.dWdb}: four
 * interleaved lane sums (sample p into lane p mod 4; the lanes past m in the last group of four
 * add +0), combined as (s0 + s2) + (s1 + s3). `a` < 0 sums dZ alone (db).
 */
function laneSum32(h: Float32Array, z: number, a: number, m: number): number {
  const f = Math.fround;
  const full = m & ~3;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  if (a < 0) {
    for (let p = 0; p < full; p += 4) {
      s0 = f(s0 + (h[z + p] as number));
      s1 = f(s1 + (h[z + p + 1] as number));
      s2 = f(s2 + (h[z + p + 2] as number));
      s3 = f(s3 + (h[z + p + 3] as number));
    }
  } else {
    for (let p = 0; p < full; p += 4) {
      s0 = f(s0 + f((h[z + p] as number) * (h[a + p] as number)));
      s1 = f(s1 + f((h[z + p + 1] as number) * (h[a + p + 1] as number)));
      s2 = f(s2 + f((h[z + p + 2] as number) * (h[a + p + 2] as number)));
      s3 = f(s3 + f((h[z + p + 3] as number) * (h[a + p + 3] as number)));
    }
  }
  const rem = m - full;
  if (rem > 0) {
    // The last, partial group: its missing lanes add +0, as WebAssembly's masked lanes do.
    s0 = f(s0 + tailTerm32(h, z + full, a < 0 ? -1 : a + full, rem, 0));
    s1 = f(s1 + tailTerm32(h, z + full, a < 0 ? -1 : a + full, rem, 1));
    s2 = f(s2 + tailTerm32(h, z + full, a < 0 ? -1 : a + full, rem, 2));
    s3 = f(s3 + tailTerm32(h, z + full, a < 0 ? -1 : a + full, rem, 3));
  }
  return f(f(s0 + s2) + f(s1 + s3));
}

/** Lane `q` of {@link laneSum32}'s last group of `rem` values at `z` (and `a`; < 0: none). */
function tailTerm32(h: Float32Array, z: number, a: number, rem: number, q: number): number {
  if (q >= rem) return 0;
  return a < 0 ? (h[z + q] as number) : Math.fround((h[z + q] as number) * (h[a + q] as number));
}

function dWdb32(
  h: Float32Array,
  dz: number,
  a: number,
  dw: number,
  db: number,
  rows: number,
  cols: number,
  m: number,
): void {
  for (let i = 0; i < rows; i++) {
    const z = dz + i * m;
    h[db + i] = laneSum32(h, z, -1, m);
    for (let j = 0; j < cols; j++) h[dw + i * cols + j] = laneSum32(h, z, a + j * m, m);
  }
}

/** Side of the square tiles `transpose` copies (a tile of rows and columns stays in cache). */
const TILE = 16;

// The two transposes are the same code on the two array types (kept apart so each call site
// sees a single array type).
function transpose64(h: Float64Array, a: number, out: number, rows: number, cols: number): void {
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = Math.min(i0 + TILE, rows);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = Math.min(j0 + TILE, cols);
      for (let i = i0; i < i1; i++) {
        let src = a + i * cols + j0;
        let dst = out + j0 * rows + i;
        for (let j = j0; j < j1; j++) {
          h[dst] = h[src] as number;
          src++;
          dst += rows;
        }
      }
    }
  }
}

function transpose32(h: Float32Array, a: number, out: number, rows: number, cols: number): void {
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = Math.min(i0 + TILE, rows);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = Math.min(j0 + TILE, cols);
      for (let i = i0; i < i1; i++) {
        let src = a + i * cols + j0;
        let dst = out + j0 * rows + i;
        for (let j = j0; j < j1; j++) {
          h[dst] = h[src] as number;
          src++;
          dst += rows;
        }
      }
    }
  }
}

/**
 * plainnet's JavaScript kernel set for the fused training engine: the {@link Kernels} contract
 * over one growable `Float64Array` or `Float32Array` heap, in plain typed-array loops.
 *
 * `gemm` is register-blocked: float64 computes a block of 2 rows x 4 columns of C per pass
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
 *
 * The bodies of the blocks are written out in full (no loops over accumulators, no calls in
 * the inner loop), separately for float64 and float32, so that each function stays
 * monomorphic and the JIT keeps every accumulator in a register.
 */
import { describe } from "../matrix.ts";
import { bceTerms32, sigmoid32 } from "./float32-output.ts";
import type { Dtype, Heap, Kernels } from "./kernels.ts";
import { NONE } from "./kernels.ts";
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
 * k.gemm(a, 2, 1, b, c, 2, 2, 1, NONE, NONE, NONE);
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
    gemm(a, aRowStride, aColStride, b, c, m, k, n, bias, mask, reluOut): void {
      gemm64(h, a, aRowStride, aColStride, b, c, m, k, n, bias, mask, reluOut);
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
    gemm(a, aRowStride, aColStride, b, c, m, k, n, bias, mask, reluOut): void {
      gemm32(h, a, aRowStride, aColStride, b, c, m, k, n, bias, mask, reluOut);
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

// gemm: `h` is the heap; A(i, p) is h[a + i*ars + p*acs], B(p, j) is h[b + p*n + j], C(i, j) is
// h[c + i*n + j]. For each block, `pa` is the offset of A(i, 0), `qa` of A(i, p), `qb` of B(p, j);
// `e` is the element index i*n + j of the block's first entry in C, mask and reluOut (e1 the
// next row's). The epilogue follows the contract per entry: bias, mask, store, reluOut.

/** float64 C = op(A)·B with the fused epilogue, in 2 x 4 blocks. */
function gemm64(
  h: Float64Array,
  a: number,
  ars: number,
  acs: number,
  b: number,
  c: number,
  m: number,
  k: number,
  n: number,
  bias: number,
  mask: number,
  relu: number,
): void {
  const hasBias = bias !== NONE;
  const hasMask = mask !== NONE;
  const hasRelu = relu !== NONE;
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const pa = a + i * ars;
    const bias0 = hasBias ? (h[bias + i] as number) : 0;
    const bias1 = hasBias ? (h[bias + i + 1] as number) : 0;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const e = i * n + j;
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0,
        s10 = 0,
        s11 = 0,
        s12 = 0,
        s13 = 0;
      // Two A pointers and a bound on B's pointer: V8 keeps an overflow and a bounds check on
      // every typed-array index, so fewer index sums per step are measurably faster there.
      let qa0 = pa;
      let qa1 = pa + ars;
      let qb = b + j;
      const qbEnd = qb + k * n;
      for (; qb < qbEnd; qb += n) {
        const a0 = h[qa0] as number;
        const a1 = h[qa1] as number;
        const b0 = h[qb] as number;
        const b1 = h[qb + 1] as number;
        const b2 = h[qb + 2] as number;
        const b3 = h[qb + 3] as number;
        s00 = s00 + a0 * b0;
        s01 = s01 + a0 * b1;
        s02 = s02 + a0 * b2;
        s03 = s03 + a0 * b3;
        s10 = s10 + a1 * b0;
        s11 = s11 + a1 * b1;
        s12 = s12 + a1 * b2;
        s13 = s13 + a1 * b3;
        qa0 += acs;
        qa1 += acs;
      }
      const e1 = e + n;
      if (hasBias) s00 = s00 + bias0;
      if (hasMask && (h[mask + e] as number) <= 0) s00 = 0;
      h[c + e] = s00;
      if (hasRelu) h[relu + e] = s00 > 0 || Number.isNaN(s00) ? s00 : 0;
      if (hasBias) s01 = s01 + bias0;
      if (hasMask && (h[mask + e + 1] as number) <= 0) s01 = 0;
      h[c + e + 1] = s01;
      if (hasRelu) h[relu + e + 1] = s01 > 0 || Number.isNaN(s01) ? s01 : 0;
      if (hasBias) s02 = s02 + bias0;
      if (hasMask && (h[mask + e + 2] as number) <= 0) s02 = 0;
      h[c + e + 2] = s02;
      if (hasRelu) h[relu + e + 2] = s02 > 0 || Number.isNaN(s02) ? s02 : 0;
      if (hasBias) s03 = s03 + bias0;
      if (hasMask && (h[mask + e + 3] as number) <= 0) s03 = 0;
      h[c + e + 3] = s03;
      if (hasRelu) h[relu + e + 3] = s03 > 0 || Number.isNaN(s03) ? s03 : 0;
      if (hasBias) s10 = s10 + bias1;
      if (hasMask && (h[mask + e1] as number) <= 0) s10 = 0;
      h[c + e1] = s10;
      if (hasRelu) h[relu + e1] = s10 > 0 || Number.isNaN(s10) ? s10 : 0;
      if (hasBias) s11 = s11 + bias1;
      if (hasMask && (h[mask + e1 + 1] as number) <= 0) s11 = 0;
      h[c + e1 + 1] = s11;
      if (hasRelu) h[relu + e1 + 1] = s11 > 0 || Number.isNaN(s11) ? s11 : 0;
      if (hasBias) s12 = s12 + bias1;
      if (hasMask && (h[mask + e1 + 2] as number) <= 0) s12 = 0;
      h[c + e1 + 2] = s12;
      if (hasRelu) h[relu + e1 + 2] = s12 > 0 || Number.isNaN(s12) ? s12 : 0;
      if (hasBias) s13 = s13 + bias1;
      if (hasMask && (h[mask + e1 + 3] as number) <= 0) s13 = 0;
      h[c + e1 + 3] = s13;
      if (hasRelu) h[relu + e1 + 3] = s13 > 0 || Number.isNaN(s13) ? s13 : 0;
    }
    for (; j < n; j++) {
      const e = i * n + j;
      let s00 = 0,
        s10 = 0;
      let qa = pa;
      let qb = b + j;
      for (let p = 0; p < k; p++) {
        const a0 = h[qa] as number;
        const a1 = h[qa + ars] as number;
        const b0 = h[qb] as number;
        s00 = s00 + a0 * b0;
        s10 = s10 + a1 * b0;
        qa += acs;
        qb += n;
      }
      const e1 = e + n;
      if (hasBias) s00 = s00 + bias0;
      if (hasMask && (h[mask + e] as number) <= 0) s00 = 0;
      h[c + e] = s00;
      if (hasRelu) h[relu + e] = s00 > 0 || Number.isNaN(s00) ? s00 : 0;
      if (hasBias) s10 = s10 + bias1;
      if (hasMask && (h[mask + e1] as number) <= 0) s10 = 0;
      h[c + e1] = s10;
      if (hasRelu) h[relu + e1] = s10 > 0 || Number.isNaN(s10) ? s10 : 0;
    }
  }
  for (; i < m; i++) {
    const pa = a + i * ars;
    const bias0 = hasBias ? (h[bias + i] as number) : 0;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const e = i * n + j;
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0;
      let qa = pa;
      let qb = b + j;
      for (let p = 0; p < k; p++) {
        const a0 = h[qa] as number;
        const b0 = h[qb] as number;
        const b1 = h[qb + 1] as number;
        const b2 = h[qb + 2] as number;
        const b3 = h[qb + 3] as number;
        s00 = s00 + a0 * b0;
        s01 = s01 + a0 * b1;
        s02 = s02 + a0 * b2;
        s03 = s03 + a0 * b3;
        qa += acs;
        qb += n;
      }
      if (hasBias) s00 = s00 + bias0;
      if (hasMask && (h[mask + e] as number) <= 0) s00 = 0;
      h[c + e] = s00;
      if (hasRelu) h[relu + e] = s00 > 0 || Number.isNaN(s00) ? s00 : 0;
      if (hasBias) s01 = s01 + bias0;
      if (hasMask && (h[mask + e + 1] as number) <= 0) s01 = 0;
      h[c + e + 1] = s01;
      if (hasRelu) h[relu + e + 1] = s01 > 0 || Number.isNaN(s01) ? s01 : 0;
      if (hasBias) s02 = s02 + bias0;
      if (hasMask && (h[mask + e + 2] as number) <= 0) s02 = 0;
      h[c + e + 2] = s02;
      if (hasRelu) h[relu + e + 2] = s02 > 0 || Number.isNaN(s02) ? s02 : 0;
      if (hasBias) s03 = s03 + bias0;
      if (hasMask && (h[mask + e + 3] as number) <= 0) s03 = 0;
      h[c + e + 3] = s03;
      if (hasRelu) h[relu + e + 3] = s03 > 0 || Number.isNaN(s03) ? s03 : 0;
    }
    for (; j < n; j++) {
      const e = i * n + j;
      let s00 = 0;
      let qa = pa;
      let qb = b + j;
      for (let p = 0; p < k; p++) {
        const a0 = h[qa] as number;
        const b0 = h[qb] as number;
        s00 = s00 + a0 * b0;
        qa += acs;
        qb += n;
      }
      if (hasBias) s00 = s00 + bias0;
      if (hasMask && (h[mask + e] as number) <= 0) s00 = 0;
      h[c + e] = s00;
      if (hasRelu) h[relu + e] = s00 > 0 || Number.isNaN(s00) ? s00 : 0;
    }
  }
}

/** float32 C = op(A)·B with the fused epilogue (every operation rounded to float32), in 2 x 8 blocks. */
function gemm32(
  h: Float32Array,
  a: number,
  ars: number,
  acs: number,
  b: number,
  c: number,
  m: number,
  k: number,
  n: number,
  bias: number,
  mask: number,
  relu: number,
): void {
  const hasBias = bias !== NONE;
  const hasMask = mask !== NONE;
  const hasRelu = relu !== NONE;
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const pa = a + i * ars;
    const bias0 = hasBias ? (h[bias + i] as number) : 0;
    const bias1 = hasBias ? (h[bias + i + 1] as number) : 0;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      const e = i * n + j;
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0,
        s04 = 0,
        s05 = 0,
        s06 = 0,
        s07 = 0,
        s10 = 0,
        s11 = 0,
        s12 = 0,
        s13 = 0,
        s14 = 0,
        s15 = 0,
        s16 = 0,
        s17 = 0;
      // Two A pointers and a bound on B's pointer: V8 keeps an overflow and a bounds check on
      // every typed-array index, so fewer index sums per step are measurably faster there.
      let qa0 = pa;
      let qa1 = pa + ars;
      let qb = b + j;
      const qbEnd = qb + k * n;
      for (; qb < qbEnd; qb += n) {
        const a0 = h[qa0] as number;
        const a1 = h[qa1] as number;
        const b0 = h[qb] as number;
        const b1 = h[qb + 1] as number;
        const b2 = h[qb + 2] as number;
        const b3 = h[qb + 3] as number;
        const b4 = h[qb + 4] as number;
        const b5 = h[qb + 5] as number;
        const b6 = h[qb + 6] as number;
        const b7 = h[qb + 7] as number;
        s00 = Math.fround(s00 + Math.fround(a0 * b0));
        s01 = Math.fround(s01 + Math.fround(a0 * b1));
        s02 = Math.fround(s02 + Math.fround(a0 * b2));
        s03 = Math.fround(s03 + Math.fround(a0 * b3));
        s04 = Math.fround(s04 + Math.fround(a0 * b4));
        s05 = Math.fround(s05 + Math.fround(a0 * b5));
        s06 = Math.fround(s06 + Math.fround(a0 * b6));
        s07 = Math.fround(s07 + Math.fround(a0 * b7));
        s10 = Math.fround(s10 + Math.fround(a1 * b0));
        s11 = Math.fround(s11 + Math.fround(a1 * b1));
        s12 = Math.fround(s12 + Math.fround(a1 * b2));
        s13 = Math.fround(s13 + Math.fround(a1 * b3));
        s14 = Math.fround(s14 + Math.fround(a1 * b4));
        s15 = Math.fround(s15 + Math.fround(a1 * b5));
        s16 = Math.fround(s16 + Math.fround(a1 * b6));
        s17 = Math.fround(s17 + Math.fround(a1 * b7));
        qa0 += acs;
        qa1 += acs;
      }
      const e1 = e + n;
      if (hasBias) s00 = Math.fround(s00 + bias0);
      if (hasMask && (h[mask + e] as number) <= 0) s00 = 0;
      h[c + e] = s00;
      if (hasRelu) h[relu + e] = s00 > 0 || Number.isNaN(s00) ? s00 : 0;
      if (hasBias) s01 = Math.fround(s01 + bias0);
      if (hasMask && (h[mask + e + 1] as number) <= 0) s01 = 0;
      h[c + e + 1] = s01;
      if (hasRelu) h[relu + e + 1] = s01 > 0 || Number.isNaN(s01) ? s01 : 0;
      if (hasBias) s02 = Math.fround(s02 + bias0);
      if (hasMask && (h[mask + e + 2] as number) <= 0) s02 = 0;
      h[c + e + 2] = s02;
      if (hasRelu) h[relu + e + 2] = s02 > 0 || Number.isNaN(s02) ? s02 : 0;
      if (hasBias) s03 = Math.fround(s03 + bias0);
      if (hasMask && (h[mask + e + 3] as number) <= 0) s03 = 0;
      h[c + e + 3] = s03;
      if (hasRelu) h[relu + e + 3] = s03 > 0 || Number.isNaN(s03) ? s03 : 0;
      if (hasBias) s04 = Math.fround(s04 + bias0);
      if (hasMask && (h[mask + e + 4] as number) <= 0) s04 = 0;
      h[c + e + 4] = s04;
      if (hasRelu) h[relu + e + 4] = s04 > 0 || Number.isNaN(s04) ? s04 : 0;
      if (hasBias) s05 = Math.fround(s05 + bias0);
      if (hasMask && (h[mask + e + 5] as number) <= 0) s05 = 0;
      h[c + e + 5] = s05;
      if (hasRelu) h[relu + e + 5] = s05 > 0 || Number.isNaN(s05) ? s05 : 0;
      if (hasBias) s06 = Math.fround(s06 + bias0);
      if (hasMask && (h[mask + e + 6] as number) <= 0) s06 = 0;
      h[c + e + 6] = s06;
      if (hasRelu) h[relu + e + 6] = s06 > 0 || Number.isNaN(s06) ? s06 : 0;
      if (hasBias) s07 = Math.fround(s07 + bias0);
      if (hasMask && (h[mask + e + 7] as number) <= 0) s07 = 0;
      h[c + e + 7] = s07;
      if (hasRelu) h[relu + e + 7] = s07 > 0 || Number.isNaN(s07) ? s07 : 0;
      if (hasBias) s10 = Math.fround(s10 + bias1);
      if (hasMask && (h[mask + e1] as number) <= 0) s10 = 0;
      h[c + e1] = s10;
      if (hasRelu) h[relu + e1] = s10 > 0 || Number.isNaN(s10) ? s10 : 0;
      if (hasBias) s11 = Math.fround(s11 + bias1);
      if (hasMask && (h[mask + e1 + 1] as number) <= 0) s11 = 0;
      h[c + e1 + 1] = s11;
      if (hasRelu) h[relu + e1 + 1] = s11 > 0 || Number.isNaN(s11) ? s11 : 0;
      if (hasBias) s12 = Math.fround(s12 + bias1);
      if (hasMask && (h[mask + e1 + 2] as number) <= 0) s12 = 0;
      h[c + e1 + 2] = s12;
      if (hasRelu) h[relu + e1 + 2] = s12 > 0 || Number.isNaN(s12) ? s12 : 0;
      if (hasBias) s13 = Math.fround(s13 + bias1);
      if (hasMask && (h[mask + e1 + 3] as number) <= 0) s13 = 0;
      h[c + e1 + 3] = s13;
      if (hasRelu) h[relu + e1 + 3] = s13 > 0 || Number.isNaN(s13) ? s13 : 0;
      if (hasBias) s14 = Math.fround(s14 + bias1);
      if (hasMask && (h[mask + e1 + 4] as number) <= 0) s14 = 0;
      h[c + e1 + 4] = s14;
      if (hasRelu) h[relu + e1 + 4] = s14 > 0 || Number.isNaN(s14) ? s14 : 0;
      if (hasBias) s15 = Math.fround(s15 + bias1);
      if (hasMask && (h[mask + e1 + 5] as number) <= 0) s15 = 0;
      h[c + e1 + 5] = s15;
      if (hasRelu) h[relu + e1 + 5] = s15 > 0 || Number.isNaN(s15) ? s15 : 0;
      if (hasBias) s16 = Math.fround(s16 + bias1);
      if (hasMask && (h[mask + e1 + 6] as number) <= 0) s16 = 0;
      h[c + e1 + 6] = s16;
      if (hasRelu) h[relu + e1 + 6] = s16 > 0 || Number.isNaN(s16) ? s16 : 0;
      if (hasBias) s17 = Math.fround(s17 + bias1);
      if (hasMask && (h[mask + e1 + 7] as number) <= 0) s17 = 0;
      h[c + e1 + 7] = s17;
      if (hasRelu) h[relu + e1 + 7] = s17 > 0 || Number.isNaN(s17) ? s17 : 0;
    }
    for (; j < n; j++) {
      const e = i * n + j;
      let s00 = 0,
        s10 = 0;
      let qa = pa;
      let qb = b + j;
      for (let p = 0; p < k; p++) {
        const a0 = h[qa] as number;
        const a1 = h[qa + ars] as number;
        const b0 = h[qb] as number;
        s00 = Math.fround(s00 + Math.fround(a0 * b0));
        s10 = Math.fround(s10 + Math.fround(a1 * b0));
        qa += acs;
        qb += n;
      }
      const e1 = e + n;
      if (hasBias) s00 = Math.fround(s00 + bias0);
      if (hasMask && (h[mask + e] as number) <= 0) s00 = 0;
      h[c + e] = s00;
      if (hasRelu) h[relu + e] = s00 > 0 || Number.isNaN(s00) ? s00 : 0;
      if (hasBias) s10 = Math.fround(s10 + bias1);
      if (hasMask && (h[mask + e1] as number) <= 0) s10 = 0;
      h[c + e1] = s10;
      if (hasRelu) h[relu + e1] = s10 > 0 || Number.isNaN(s10) ? s10 : 0;
    }
  }
  for (; i < m; i++) {
    const pa = a + i * ars;
    const bias0 = hasBias ? (h[bias + i] as number) : 0;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      const e = i * n + j;
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0,
        s04 = 0,
        s05 = 0,
        s06 = 0,
        s07 = 0;
      let qa = pa;
      let qb = b + j;
      for (let p = 0; p < k; p++) {
        const a0 = h[qa] as number;
        const b0 = h[qb] as number;
        const b1 = h[qb + 1] as number;
        const b2 = h[qb + 2] as number;
        const b3 = h[qb + 3] as number;
        const b4 = h[qb + 4] as number;
        const b5 = h[qb + 5] as number;
        const b6 = h[qb + 6] as number;
        const b7 = h[qb + 7] as number;
        s00 = Math.fround(s00 + Math.fround(a0 * b0));
        s01 = Math.fround(s01 + Math.fround(a0 * b1));
        s02 = Math.fround(s02 + Math.fround(a0 * b2));
        s03 = Math.fround(s03 + Math.fround(a0 * b3));
        s04 = Math.fround(s04 + Math.fround(a0 * b4));
        s05 = Math.fround(s05 + Math.fround(a0 * b5));
        s06 = Math.fround(s06 + Math.fround(a0 * b6));
        s07 = Math.fround(s07 + Math.fround(a0 * b7));
        qa += acs;
        qb += n;
      }
      if (hasBias) s00 = Math.fround(s00 + bias0);
      if (hasMask && (h[mask + e] as number) <= 0) s00 = 0;
      h[c + e] = s00;
      if (hasRelu) h[relu + e] = s00 > 0 || Number.isNaN(s00) ? s00 : 0;
      if (hasBias) s01 = Math.fround(s01 + bias0);
      if (hasMask && (h[mask + e + 1] as number) <= 0) s01 = 0;
      h[c + e + 1] = s01;
      if (hasRelu) h[relu + e + 1] = s01 > 0 || Number.isNaN(s01) ? s01 : 0;
      if (hasBias) s02 = Math.fround(s02 + bias0);
      if (hasMask && (h[mask + e + 2] as number) <= 0) s02 = 0;
      h[c + e + 2] = s02;
      if (hasRelu) h[relu + e + 2] = s02 > 0 || Number.isNaN(s02) ? s02 : 0;
      if (hasBias) s03 = Math.fround(s03 + bias0);
      if (hasMask && (h[mask + e + 3] as number) <= 0) s03 = 0;
      h[c + e + 3] = s03;
      if (hasRelu) h[relu + e + 3] = s03 > 0 || Number.isNaN(s03) ? s03 : 0;
      if (hasBias) s04 = Math.fround(s04 + bias0);
      if (hasMask && (h[mask + e + 4] as number) <= 0) s04 = 0;
      h[c + e + 4] = s04;
      if (hasRelu) h[relu + e + 4] = s04 > 0 || Number.isNaN(s04) ? s04 : 0;
      if (hasBias) s05 = Math.fround(s05 + bias0);
      if (hasMask && (h[mask + e + 5] as number) <= 0) s05 = 0;
      h[c + e + 5] = s05;
      if (hasRelu) h[relu + e + 5] = s05 > 0 || Number.isNaN(s05) ? s05 : 0;
      if (hasBias) s06 = Math.fround(s06 + bias0);
      if (hasMask && (h[mask + e + 6] as number) <= 0) s06 = 0;
      h[c + e + 6] = s06;
      if (hasRelu) h[relu + e + 6] = s06 > 0 || Number.isNaN(s06) ? s06 : 0;
      if (hasBias) s07 = Math.fround(s07 + bias0);
      if (hasMask && (h[mask + e + 7] as number) <= 0) s07 = 0;
      h[c + e + 7] = s07;
      if (hasRelu) h[relu + e + 7] = s07 > 0 || Number.isNaN(s07) ? s07 : 0;
    }
    for (; j < n; j++) {
      const e = i * n + j;
      let s00 = 0;
      let qa = pa;
      let qb = b + j;
      for (let p = 0; p < k; p++) {
        const a0 = h[qa] as number;
        const b0 = h[qb] as number;
        s00 = Math.fround(s00 + Math.fround(a0 * b0));
        qa += acs;
        qb += n;
      }
      if (hasBias) s00 = Math.fround(s00 + bias0);
      if (hasMask && (h[mask + e] as number) <= 0) s00 = 0;
      h[c + e] = s00;
      if (hasRelu) h[relu + e] = s00 > 0 || Number.isNaN(s00) ? s00 : 0;
    }
  }
}

/**
 * The kernel contract of plainnet's fused training engine: a few dense primitives that work
 * **in place** on one flat heap of float64 or float32 values, addressed by element offsets.
 * The engine plans every buffer of a training run once (`alloc`), then runs epochs with no
 * allocation at all. Two kernel sets implement it: plain JavaScript typed arrays
 * (`jsKernels`) and WebAssembly SIMD (`wasmKernels`), in float64 and float32.
 *
 * Every kernel set gives the same bits as the typed-array reference backend for float64
 * (each sum is taken from 0 in ascending order of its inner index, each product rounded before
 * its addition, no fused multiply-add). In float32 every product, sum, bias add and comparison
 * is rounded to float32 at each step (as `Math.fround` on every operation), and the gradients'
 * sums over samples follow {@link Kernels.dWdb}'s order, so the JavaScript and WebAssembly
 * float32 sets also agree bit for bit.
 */

/** Element type of a kernel set's heap. */
export type Dtype = "float64" | "float32";

/** The heap a kernel set computes in. */
export type Heap = Float64Array | Float32Array;

/** "none" for an optional offset (the generated products' bias, mask and output). */
export const NONE = -1;

/**
 * What {@link Kernels.gemm} does to each sum `s` of `C = op(A)·B` before and after storing it,
 * named by the `gemm` kind of the fused activation table (scripts/engine-ops.mjs), every offset
 * an element offset of the heap:
 * - `{ kind: "none", bias? }`: `s = s + heap[bias + i]` when `bias` is given (an m x 1 column
 *   broadcast over the row), then `C(i, j) = s`;
 * - `{ kind: "relu", bias?, mask?, out? }`: the bias, then with `mask` ReLU's derivative from
 *   its output, `s = heap[mask + i*n + j] <= 0 ? 0 : s` (the backward pass, mask = the layer's
 *   output), the store, then with `out` ReLU's forward,
 *   `heap[out + i*n + j] = s <= 0 ? +0 : s` (a NaN kept). `out` may be `c` itself (C then holds
 *   the ReLU output: what the engine passes, since a ReLU layer keeps only A), else it must not
 *   overlap C.
 *
 * @example
 * ```ts
 * const forward: Epilogue = { kind: "relu", bias: b, out: a };
 * const backward: Epilogue = { kind: "relu", mask: a };
 * ```
 */
export type Epilogue =
  | { readonly kind: "none"; readonly bias?: number }
  | {
      readonly kind: "relu";
      readonly bias?: number;
      readonly mask?: number;
      readonly out?: number;
    };

/**
 * The epilogue that only stores the sums (the default of {@link Kernels.gemm}).
 *
 * @example
 * ```ts
 * k.gemm(a, 2, 1, b, c, 2, 2, 2, NO_EPILOGUE);
 * ```
 */
export const NO_EPILOGUE: Epilogue = Object.freeze({ kind: "none" });

/**
 * The TypeError for an epilogue whose kind no kernel set knows (the kernel sets' `gemm`).
 *
 * @example
 * ```ts
 * throw unknownEpilogue("js-f64", { kind: "gelu" });
 * ```
 */
export function unknownEpilogue(where: string, epilogue: unknown): TypeError {
  const kind =
    typeof epilogue === "object" && epilogue !== null
      ? JSON.stringify((epilogue as { kind?: unknown }).kind)
      : String(epilogue);
  return new TypeError(
    `${where}.gemm: epilogue.kind must be "none" or "relu", got ${kind ?? "undefined"}`,
  );
}

/**
 * One kernel set over its own heap.
 *
 * @example
 * ```ts
 * const k = jsKernels("float64");
 * const a = k.alloc(4), b = k.alloc(4), c = k.alloc(4);
 * k.heap().set([1, 2, 3, 4], a); // A = [[1, 2], [3, 4]]
 * k.heap().set([1, 0, 0, 1], b); // B = I
 * k.gemm(a, 2, 1, b, c, 2, 2, 2);
 * k.heap().subarray(c, c + 4); // [1, 2, 3, 4]
 * ```
 */
export interface Kernels {
  /** e.g. `"js-f64"`, `"wasm-simd-f32"`. */
  readonly name: string;
  readonly dtype: Dtype;
  /**
   * Reserves `length` zeroed elements and returns the element offset of the first one,
   * aligned to 16 bytes. May grow (and so replace) the heap: call {@link heap} again after.
   */
  alloc(length: number): number;
  /** The current heap view (replaced when `alloc` grows the heap). */
  heap(): Heap;
  /**
   * The heap range `[start, end)` (element offsets) the kernels keep as their own scratch: a
   * large product copies its panels of B there, so any call may change it. Absent: none.
   */
  readonly scratch?: readonly [start: number, end: number];
  /**
   * `C = op(A) · B` with a fused {@link Epilogue}, every matrix row-major in the heap:
   * - `A(i, p)` is `heap[a + i*aRowStride + p*aColStride]` (so `aRowStride = k, aColStride = 1`
   *   reads an m x k matrix, `aRowStride = 1, aColStride = m` reads the transpose of a k x m one);
   * - `B` is k x n at `b`, `C` is m x n at `c` (written, never read);
   * - `s = 0; for p in 0..k-1: s = s + A(i,p)*B(p,j)`, then the epilogue (default: store only).
   * `m`, `k`, `n` are at least 1. The kernel does not check offsets: the engine's plan does; an
   * epilogue of another kind is a TypeError.
   */
  gemm(
    a: number,
    aRowStride: number,
    aColStride: number,
    b: number,
    c: number,
    m: number,
    k: number,
    n: number,
    epilogue?: Epilogue,
  ): void;
  /**
   * Optional (the float32 kernel sets have it; the float64 ones keep the reference's order):
   * one layer's weight and bias gradients straight from `dZ` and the layer's input, with no
   * transpose and no separate sums:
   * - `dW(i, j) = Σ_p dZ(i, p)·A(j, p)` into the `rows x cols` matrix at `dw`;
   * - `db(i) = Σ_p dZ(i, p)` into the `rows` values at `db`;
   * for the `rows x m` dZ at `dz` and the `cols x m` A at `a` (m samples each).
   * Each sum is four interleaved float32 partial sums (sample p into lane p mod 4, from +0, each
   * product rounded before its addition, and +0 added to the lanes past m in the last group of
   * four), combined as `(s0 + s2) + (s1 + s3)`. `rows`, `cols`, `m` are at least 1.
   */
  dWdb?(dz: number, a: number, dw: number, db: number, rows: number, cols: number, m: number): void;
  /** `out` (cols x rows) = transpose of the rows x cols matrix at `a` (no overlap). */
  transpose(a: number, out: number, rows: number, cols: number): void;
  /**
   * NumPy's pairwise sum of the `n` contiguous heap values from element offset `offset`, in
   * float64 arithmetic (a float32 heap's values are widened exactly): the order of
   * `pairwiseSum` in `../sum.ts` (plain sums below 8 values, eight interleaved accumulators up
   * to 128, halves above), so every kernel set returns the same bits. `n = 0` gives +0.
   */
  sum(offset: number, n: number): number;
  /**
   * Whether every one of the `n` contiguous heap values from `offset` equals 0 (+0 or −0; a
   * NaN does not): how the trainer confirms a ReLU unit dead (its output row all +0), faster
   * than a sum. `n = 0` gives true.
   */
  zeros(offset: number, n: number): boolean;
  /**
   * The largest of the `n` contiguous heap values from `offset` (a float32 heap's widened
   * exactly), NaN when one of them is NaN; `n = 0` gives −∞; a zero result may be −0 or +0. How the trainer
   * bounds a ReLU layer's outputs to prove units of the next layer dead without computing them
   * (and, a finite maximum of values ≥ 0, that they are all finite).
   */
  max(offset: number, n: number): number;
  /**
   * Optional, with {@link bceSum}, {@link bceSigmoidDz} and {@link countCorrect}: the output
   * layer of the notebook's network (a sigmoid under binary cross-entropy) in the kernel set's
   * own code. In the float64 sets, with plainnet's correctly rounded `exp` and `log`: the same
   * bits as the trainer's TypeScript loops, which run where a kernel set leaves these out.
   *
   * `A = 1 / (1 + exp(−Z))` for the `n` values from `z` into `a` (`a` may equal `z`): as
   * `sigmoid.forward` in float64; in float32 (both float32 sets have it) in float32 arithmetic,
   * `sigmoid32` of `float32-output.ts`.
   */
  sigmoid?(z: number, a: number, n: number): void;
  /**
   * Optional (the float32 sets, instead of {@link bceSum}): binary cross-entropy's two terms of
   * the `n` predictions at `p` and targets at `y`, in float32 arithmetic (`bceTerms32` of
   * `float32-output.ts`), into the `n` values at `pos` (`t·log(clip(ŷ))`) and at `neg`
   * (`(1 − t)·log(1 − clip(ŷ))`). The trainer adds each up with {@link sum} (pairwise, in
   * float64).
   */
  bceTerms?(p: number, y: number, n: number, pos: number, neg: number): void;
  /**
   * `pos + neg` of binary cross-entropy for the `n` predictions at `p` and targets at `y`:
   * the pairwise sums (the order of {@link sum}) of `t·log(clip(ŷ))` and of
   * `(1 − t)·log(1 − clip(ŷ))`, each with the trainer's shortcuts for t = 0 and 1.
   */
  bceSum?(p: number, y: number, n: number): number;
  /**
   * Optional: `pos` and `neg` of {@link bceSum} apart, into `out[at]` and `out[at + 1]`. A thread
   * of parallel training whose samples are one node of the whole batch's sum tree hands its two
   * sums to the main thread, which adds them to the other threads' in the tree's order.
   */
  bceSums?(p: number, y: number, n: number, out: Float64Array, at: number): void;
  /**
   * `dZ = (−(t/c − (1 − t)/(1 − c)) · a) · (1 − a)` with `c = clip(a)`, for the `n` sigmoid
   * outputs `a` at `p` and targets at `y`, into `dz`: the output layer's gradient.
   */
  bceSigmoidDz?(p: number, y: number, dz: number, n: number): void;
  /**
   * How many of the `m` samples (columns of the `rows x m` outputs at `p`) have every output
   * thresholded at 0.5 (`> 0.5` → 1, else 0) equal to its target at `y`.
   */
  countCorrect?(p: number, y: number, rows: number, m: number): number;
  /**
   * Optional (the WebAssembly sets): softmax of each column of the `rows x m` matrix at `z`
   * into `a` (may be `z`), the same bits as `softmaxColumnsInPlace` of `softmax.ts` with the
   * set's steps (the column's maximum, `exp(z − max)` summed from +0 in row order, then each
   * value divided by the sum; float64: plainnet's correctly rounded `exp`, two columns at a
   * time; float32: `exp32` in float32 arithmetic, four columns at a time).
   */
  softmaxColumns?(z: number, a: number, rows: number, m: number): void;
}

// Conformance of every kernel set of the fused engine (engine-kernel-sets.ts) to the contract in
// src/engine/kernels.ts. The oracle below is the contract written as a plain triple loop (with
// Math.fround on every operation in float32); kernel results must be its bits exactly (Object.is
// on every element of the whole heap: -0 vs +0 and NaN count, and nothing outside C and reluOut
// may change). Float64 gemm is also checked against the typed-array reference backend.
import { describe, expect, it } from "vitest";
import type { Dtype, Epilogue, Heap, Kernels } from "../src/engine/kernels.ts";
import { NONE } from "../src/engine/kernels.ts";
import { HEAP_SLACK } from "../src/engine/wasm-kernels.ts";
import { Matrix, typedArrayBackend } from "../src/index.ts";
import { pairwiseSum } from "../src/sum.ts";
import { lcg } from "./engine-data.ts";
import { type KernelSetCase, kernelSets } from "./engine-kernel-sets.ts";

// ---------------------------------------------------------------------------------------------
// Oracle

function oracleGemm(
  h: Heap,
  dtype: Dtype,
  a: number,
  aRowStride: number,
  aColStride: number,
  b: number,
  c: number,
  m: number,
  k: number,
  n: number,
  bias: number,
  mask: number,
  reluOut: number,
): void {
  const r = dtype === "float32" ? Math.fround : (x: number) => x;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const aip = h[a + i * aRowStride + p * aColStride] as number;
        const bpj = h[b + p * n + j] as number;
        s = r(s + r(aip * bpj));
      }
      if (bias !== NONE) s = r(s + (h[bias + i] as number));
      if (mask !== NONE && (h[mask + i * n + j] as number) <= 0) s = 0;
      h[c + i * n + j] = s;
      if (reluOut !== NONE) h[reluOut + i * n + j] = s > 0 ? s : Number.isNaN(s) ? s : 0;
    }
  }
}

function oracleTranspose(h: Heap, a: number, out: number, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) h[out + j * rows + i] = h[a + i * cols + j] as number;
  }
}

/** The first element where the two heaps differ (Object.is), or null. */
function firstDifference(actual: Heap, expected: Heap): string | null {
  if (actual.length !== expected.length) {
    return `heap length ${actual.length}, expected ${expected.length}`;
  }
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      return `element ${i}: got ${Object.is(actual[i], -0) ? "-0" : actual[i]}, expected ${
        Object.is(expected[i], -0) ? "-0" : expected[i]
      }`;
    }
  }
  return null;
}

/** The named epilogue of the oracle's positional bias, mask and ReLU output (NONE: absent). */
function epilogueOf(bias: number, mask: number, out: number): Epilogue {
  const b = bias === NONE ? {} : { bias };
  if (mask === NONE && out === NONE) return { kind: "none", ...b };
  return {
    kind: "relu",
    ...b,
    ...(mask === NONE ? {} : { mask }),
    ...(out === NONE ? {} : { out }),
  };
}

// ---------------------------------------------------------------------------------------------
// Inputs

/** Deterministic uniform [0, 1) with 53 random bits (two steps of a 32-bit LCG). */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
  return () => ((next() >>> 5) * 2 ** 26 + (next() >>> 6)) / 2 ** 53;
}

const SPECIALS = [Number.NaN, Infinity, -Infinity, 0, -0];
const MASK_VALUES = [0, -0, -1, -0.5, Number.NaN, Infinity, -Infinity, 1, 0.25, 1e-30, -1e-30];

interface Source {
  /** A value with a random sign, 53-bit mantissa and exponent in [-4, 3]; special at `rate`. */
  value(rate: number): number;
  /** A mask value: one of MASK_VALUES half the time. */
  maskValue(): number;
}

function source(seed: number): Source {
  const u = uniform(seed);
  const value = (rate: number): number => {
    if (u() < rate) return SPECIALS[Math.floor(u() * SPECIALS.length)] as number;
    return (u() * 2 - 1) * 2 ** (Math.floor(u() * 8) - 4);
  };
  return {
    value,
    maskValue: () =>
      u() < 0.5 ? (MASK_VALUES[Math.floor(u() * MASK_VALUES.length)] as number) : value(0),
  };
}

function fill(h: Heap, at: number, length: number, f: () => number): void {
  for (let i = 0; i < length; i++) h[at + i] = f();
}

// ---------------------------------------------------------------------------------------------
// Cases

/** Element offsets of one gemm's operands (sized for the largest case that uses them). */
interface Workspace {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly bias: number;
  readonly mask: number;
  readonly relu: number;
}

function workspace(k: Kernels, shapes: readonly (readonly [number, number, number])[]): Workspace {
  const most = (f: (s: readonly [number, number, number]) => number): number =>
    Math.max(...shapes.map(f));
  const mn = most(([m, , n]) => m * n);
  return {
    a: k.alloc(most(([m, kk]) => m * kk)),
    b: k.alloc(most(([, kk, n]) => kk * n)),
    c: k.alloc(mn),
    bias: k.alloc(most(([m]) => m)),
    mask: k.alloc(mn),
    relu: k.alloc(mn),
  };
}

interface GemmCase {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  /** A read as the transpose of a stored k x m matrix (aRowStride = 1, aColStride = m). */
  readonly transposedA: boolean;
  readonly bias: boolean;
  readonly mask: boolean;
  readonly relu: boolean;
  /** With relu: reluOut = C (what the engine passes: a ReLU layer keeps only A = max(Z, 0)). */
  readonly reluInPlace: boolean;
  /** Probability of NaN / ±Infinity / ±0 in A, B and bias. */
  readonly specials: number;
  readonly seed: number;
}

function label(g: GemmCase): string {
  const flags = [
    g.bias ? "bias" : "",
    g.mask ? "mask" : "",
    g.relu ? (g.reluInPlace ? "relu over C" : "relu") : "",
  ].filter(Boolean);
  return `${g.m}x${g.k}x${g.n}${g.transposedA ? " Aᵀ" : ""} ${flags.join("+") || "plain"}${
    g.specials > 0 ? " specials" : ""
  } seed ${g.seed}`;
}

/** Runs one gemm on the kernel and on the oracle (over a copy of the heap); null when equal. */
function checkGemm(kernels: Kernels, w: Workspace, g: GemmCase): string | null {
  const src = source(g.seed);
  const h = kernels.heap();
  fill(h, w.a, g.m * g.k, () => src.value(g.specials));
  fill(h, w.b, g.k * g.n, () => src.value(g.specials));
  fill(h, w.bias, g.m, () => src.value(g.specials));
  fill(h, w.mask, g.m * g.n, () => src.maskValue());
  // C and reluOut start as garbage, so that an entry the kernel forgets to write shows.
  fill(h, w.c, g.m * g.n, () => src.value(0.1));
  fill(h, w.relu, g.m * g.n, () => src.value(0.1));
  const args = [
    w.a,
    g.transposedA ? 1 : g.k,
    g.transposedA ? g.m : 1,
    w.b,
    w.c,
    g.m,
    g.k,
    g.n,
    g.bias ? w.bias : NONE,
    g.mask ? w.mask : NONE,
    g.relu ? (g.reluInPlace ? w.c : w.relu) : NONE,
  ] as const;
  const expected = h.slice();
  oracleGemm(expected, kernels.dtype, ...args);
  const [a, ars, acs, b, c, m, k, n, bias, mask, out] = args;
  kernels.gemm(a, ars, acs, b, c, m, k, n, epilogueOf(bias, mask, out));
  // The kernel set's own scratch (packed panels of B) holds whatever the product left there.
  if (kernels.scratch !== undefined) {
    const [from, to] = kernels.scratch;
    expected.set(kernels.heap().subarray(from, to), from);
  }
  const diff = firstDifference(kernels.heap(), expected);
  return diff === null ? null : `${label(g)}: ${diff}`;
}

// 0-7: bias, mask and relu (into its own buffer) on or off; 8-11: bias and mask with the ReLU
// output written over C.
const FLAG_SETS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((f) => ({
  bias: (f & 1) !== 0,
  mask: (f & 2) !== 0,
  relu: (f & 12) !== 0,
  reluInPlace: (f & 8) !== 0,
}));

/** Variants per shape (every flag set, both layouts of A): the seed stride between shapes. */
const VARIANTS = 2 * FLAG_SETS.length;

/** Every flag combination x both layouts of A for one shape. */
function variants(m: number, k: number, n: number, specials: number, seed: number): GemmCase[] {
  const out: GemmCase[] = [];
  for (const transposedA of [false, true]) {
    for (const flags of FLAG_SETS) {
      out.push({ m, k, n, transposedA, ...flags, specials, seed: seed + out.length });
    }
  }
  return out;
}

/** transposedA, bias, mask, relu and (optional, default false) reluInPlace of one variant. */
type Flags = [boolean, boolean, boolean, boolean, boolean?];

/** The variant of `all` (from {@link variants}) with these flags. */
function pickVariant(
  all: readonly GemmCase[],
  transposedA: boolean,
  bias: boolean,
  mask: boolean,
  relu: boolean,
  reluInPlace = false,
): GemmCase {
  const g = all.find(
    (v) =>
      v.transposedA === transposedA &&
      v.bias === bias &&
      v.mask === mask &&
      v.relu === relu &&
      v.reluInPlace === reluInPlace,
  );
  if (g === undefined) throw new Error("pickVariant: no such variant");
  return g;
}

function instance(set: KernelSetCase): Kernels {
  const k = set.make();
  if (k === null) throw new Error(`${set.name}: make() returned null in this runtime`);
  return k;
}

/** Collects the failures of a list of cases (so one assertion reports the first few). */
function failures(kernels: Kernels, w: Workspace, cases: readonly GemmCase[]): string[] {
  const out: string[] = [];
  for (const g of cases) {
    const diff = checkGemm(kernels, w, g);
    if (diff !== null && out.length < 5) out.push(diff);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

describe.each(kernelSets)("$name kernel set", (set) => {
  it("is available here, and its name, dtype and heap type agree", () => {
    const k = set.make();
    expect(k).not.toBeNull();
    expect(k?.name).toBe(set.name);
    expect(["float64", "float32"]).toContain(k?.dtype);
    const heapType = k?.dtype === "float64" ? Float64Array : Float32Array;
    expect(k?.heap()).toBeInstanceOf(heapType);
  });

  it("gemm: every m, n in 1..9 (and wider n), k in {1, 3, 8}, both A layouts, every epilogue", () => {
    const k = instance(set);
    const w = workspace(k, [[9, 8, 33]]);
    const cases: GemmCase[] = [];
    let seed = 1;
    for (const kk of [1, 3, 8]) {
      for (let m = 1; m <= 9; m++) {
        for (let n = 1; n <= 9; n++) {
          cases.push(...variants(m, kk, n, kk === 3 ? 0.1 : 0, seed));
          seed += VARIANTS;
        }
      }
    }
    // Columns past one or two register blocks of the SIMD sets (8 or 16 columns) and their
    // every leftover width.
    for (const m of [1, 2, 3, 4, 7]) {
      for (const n of [10, 11, 12, 13, 14, 15, 16, 17, 31, 33]) {
        cases.push(...variants(m, 3, n, 0.05, seed));
        seed += VARIANTS;
      }
    }
    expect(failures(k, w, cases)).toEqual([]);
  });

  it("gemm: odd and headline-sized shapes, with and without NaN / ±Infinity / ±0", () => {
    const odd: (readonly [number, number, number])[] = [
      [7, 13, 19],
      [13, 1, 17],
      [11, 29, 5],
    ];
    // The headline network's (2-25-50-50-25-1, 900 samples) forward, dW and dA shapes.
    const headline: (readonly [number, number, number])[] = [
      [25, 2, 900],
      [25, 50, 900],
      [1, 25, 900],
      [50, 900, 50],
      [25, 900, 2],
      [1, 900, 25],
    ];
    const k = instance(set);
    const w = workspace(k, [...odd, ...headline]);
    let seed = 100_000;
    const cases: GemmCase[] = [];
    for (const [m, kk, n] of odd) {
      for (const specials of [0, 0.05]) {
        cases.push(...variants(m, kk, n, specials, seed));
        seed += VARIANTS;
      }
    }
    // Large shapes: a few epilogue/layout mixes each (the oracle is slow), one with specials.
    for (const [m, kk, n] of headline) {
      const all = variants(m, kk, n, 0, seed);
      seed += VARIANTS;
      const pick = (...flags: Flags): GemmCase => pickVariant(all, ...flags);
      cases.push(
        pick(false, true, false, true),
        pick(false, true, false, true, true),
        pick(false, false, false, false),
        pick(true, false, true, false),
        { ...pick(true, true, true, true), specials: 0.02 },
      );
    }
    expect(failures(k, w, cases)).toEqual([]);
  }, 60_000);

  it("gemm: products large enough to be cut into cache panels (slices of k carried in C)", () => {
    // k·n·bytes well over the WebAssembly wrapper's 256 KiB panel: 2 panels of columns (256 +
    // 45) and several slices of k, every epilogue on the last slice only; specials included.
    const big: (readonly [number, number, number])[] = [
      [5, 700, 301],
      [3, 1500, 260],
    ];
    const k = instance(set);
    const w = workspace(k, big);
    let seed = 200_000;
    const cases: GemmCase[] = [];
    for (const [m, kk, n] of big) {
      const all = variants(m, kk, n, 0, seed);
      seed += VARIANTS;
      const pick = (...flags: Flags): GemmCase => pickVariant(all, ...flags);
      cases.push(
        pick(false, true, false, true),
        pick(false, true, false, true, true),
        pick(true, false, true, false),
        { ...pick(false, true, true, true), specials: 0.01 },
        { ...pick(false, true, false, true, true), specials: 0.01 },
      );
    }
    expect(failures(k, w, cases)).toEqual([]);
  }, 120_000);

  it.each([
    ["B", 1],
    ["B", 3],
    ["A", 1],
    ["A", 3],
  ] as const)(
    "gemm: %s as the heap's last values, n = %i, as close to memory's end as alloc allows",
    (last, n) => {
      // The SIMD sets compute a row's last columns as a whole vector, reading up to 12 bytes past
      // B's rows (n = 1 in float32); alloc keeps HEAP_SLACK bytes after the last value for that.
      // With A last, every read of A must stay inside its m rows.
      const k = instance(set);
      const [m, kk] = [3, 9];
      const bytes = k.dtype === "float64" ? 8 : 4;
      const slack = k.name.startsWith("wasm") ? HEAP_SLACK : 0;
      const c = k.alloc(m * n);
      const other = last === "B" ? k.alloc(m * kk) : k.alloc(kk * n);
      const size = last === "B" ? kk * n : m * kk;
      const start = k.alloc(0) * bytes;
      const boundary = Math.ceil((start + size * bytes + slack) / 65536) * 65536;
      const length = (boundary - slack - start) / bytes;
      const tail = k.alloc(length) + length - size;
      const [a, b] = last === "B" ? [other, tail] : [tail, other];
      const h = k.heap();
      if (slack > 0) expect(h.buffer.byteLength).toBe(boundary);
      for (let q = 0; q < m * kk; q++) h[a + q] = (q % 7) - 3;
      for (let q = 0; q < kk * n; q++) h[b + q] = (q % 5) / 4 - 0.5;
      const expected = h.slice();
      oracleGemm(expected, k.dtype, a, kk, 1, b, c, m, kk, n, NONE, NONE, NONE);
      k.gemm(a, kk, 1, b, c, m, kk, n);
      expect(firstDifference(k.heap(), expected)).toBe(null);
    },
  );

  it("gemm adds in ascending order of p with each step rounded (no reassociation)", () => {
    // Row [2^t, 1, -2^t] · [1, 1, 1] with t = 53 (float64) or 24 (float32): in order,
    // (0 + 2^t) + 1 rounds back to 2^t (a tie to even), so the sum is exactly 0; any other order
    // (or an unrounded accumulator) gives 1.
    const k = instance(set);
    const t = k.dtype === "float64" ? 53 : 24;
    const a = k.alloc(3);
    const b = k.alloc(3);
    const c = k.alloc(1);
    k.heap().set([2 ** t, 1, -(2 ** t)], a);
    k.heap().set([1, 1, 1], b);
    k.heap()[c] = 42;
    k.gemm(a, 3, 1, b, c, 1, 3, 1);
    expect(Object.is(k.heap()[c], 0)).toBe(true);
    // The same through the transposed-A read: A stored as the 3 x 1 column.
    k.gemm(a, 1, 1, b, c, 1, 3, 1);
    expect(Object.is(k.heap()[c], 0)).toBe(true);
  });

  it("gemm epilogue: mask <= 0 (0, -0, negative, -Infinity) gives +0, NaN mask passes s", () => {
    const k = instance(set);
    const masks = [0, -0, -2, -Infinity, Number.NaN, 3, Infinity];
    const n = masks.length;
    const a = k.alloc(1);
    const b = k.alloc(n);
    const c = k.alloc(n);
    const mask = k.alloc(n);
    const relu = k.alloc(n);
    const h = k.heap();
    h[a] = 1;
    h.set([-5, -5, -5, -5, -5, -5, Number.NaN], b);
    h.set(masks, mask);
    k.gemm(a, 1, 1, b, c, 1, 1, n, { kind: "relu", mask, out: relu });
    const out = Array.from(k.heap().subarray(c, c + n));
    const reluOut = Array.from(k.heap().subarray(relu, relu + n));
    // s = 0 + 1·b(j): masked to +0 for the first four, kept (-5) for NaN and 3, NaN for the last.
    const want = [0, 0, 0, 0, -5, -5, Number.NaN];
    expect(out.map((x, j) => Object.is(x, want[j]))).toEqual(want.map(() => true));
    // reluOut: +0 for every non-positive s, NaN passes.
    const wantRelu = [0, 0, 0, 0, 0, 0, Number.NaN];
    expect(reluOut.map((x, j) => Object.is(x, wantRelu[j]))).toEqual(wantRelu.map(() => true));
    // The same with the ReLU output written over C (reluOut = c), as the engine calls it.
    k.gemm(a, 1, 1, b, c, 1, 1, n, { kind: "relu", mask, out: c });
    const over = Array.from(k.heap().subarray(c, c + n));
    expect(over.map((x, j) => Object.is(x, wantRelu[j]))).toEqual(wantRelu.map(() => true));
  });

  it("transpose: several shapes, bitwise (NaN, ±0, ±Infinity included), nothing else written", () => {
    const shapes: [number, number][] = [
      [1, 1],
      [1, 7],
      [7, 1],
      [3, 5],
      [16, 16],
      [17, 33],
      [50, 900],
      [900, 2],
    ];
    const k = instance(set);
    const a = k.alloc(50 * 900);
    const out = k.alloc(50 * 900);
    let seed = 7;
    for (const [rows, cols] of shapes) {
      const src = source(seed++);
      const h = k.heap();
      fill(h, a, rows * cols, () => src.value(0.1));
      fill(h, out, rows * cols, () => src.value(0));
      const expected = h.slice();
      oracleTranspose(expected, a, out, rows, cols);
      k.transpose(a, out, rows, cols);
      expect(firstDifference(k.heap(), expected), `${rows}x${cols}`).toBeNull();
    }
  });

  it("sum: NumPy's pairwise order for every n to 300 and long runs, at any offset, bitwise", () => {
    const k = instance(set);
    const longest = 5000;
    const at = k.alloc(longest + 8);
    const src = source(99);
    const h = k.heap();
    // Exponents spread over [-4, 3] (and 1e12 now and then), so the order of the additions
    // shows in the bits; a few specials in a second pass.
    fill(h, at, longest + 8, () => src.value(0) * (src.value(0) > 0.9 ? 1e12 : 1));
    const before = h.slice();
    const lengths = [...Array.from({ length: 301 }, (_, n) => n), 511, 1024, 1031, 4096, 5000];
    let orderShows = 0;
    for (const shift of [0, 1, 3]) {
      for (const n of lengths) {
        const values = Float64Array.from(h.subarray(at + shift, at + shift + n));
        const expected = pairwiseSum(values, 0, n, 1);
        const got = k.sum(at + shift, n);
        if (!Object.is(got, expected)) {
          expect.fail(`${set.name} sum of ${n} values at +${shift}: ${got}, expected ${expected}`);
        }
        let naive = 0;
        for (const v of values) naive += v;
        if (naive !== expected) orderShows++;
      }
    }
    // The data tell a pairwise sum from a left-to-right one (else this test proves little).
    expect(orderShows).toBeGreaterThan(100);
    expect(k.sum(at, 0)).toBe(0);
    expect(Object.is(k.sum(at, 0), 0)).toBe(true);
    expect(firstDifference(k.heap(), before)).toBeNull();
    // NaN and infinities propagate as in the reference, -0 sums stay -0 only where it does.
    const specials = Float64Array.from([Number.NaN, Infinity, -Infinity, 0, -0, 1, -1, 2]);
    for (const n of [1, 5, 8, 9, 130, 300]) {
      for (let trial = 0; trial < 6; trial++) {
        const pick = source(1000 + n * 10 + trial);
        const hh = k.heap();
        for (let i = 0; i < n; i++) {
          hh[at + i] =
            trial === 0 ? -0 : (specials[Math.floor((pick.value(0) + 1) * 4) % 8] as number);
        }
        const values = Float64Array.from(hh.subarray(at, at + n));
        expect(Object.is(k.sum(at, n), pairwiseSum(values, 0, n, 1)), `${n}, trial ${trial}`).toBe(
          true,
        );
      }
    }
  });

  it("alloc: zeroed, non-overlapping blocks aligned to 16 bytes", () => {
    const k = instance(set);
    let end = -1;
    for (const length of [0, 1, 2, 3, 4, 5, 7, 9, 15, 16, 17, 31, 33, 0, 1]) {
      const offset = k.alloc(length);
      const h = k.heap();
      expect(Number.isInteger(offset)).toBe(true);
      expect((offset * h.BYTES_PER_ELEMENT) % 16).toBe(0);
      expect(offset).toBeGreaterThanOrEqual(end);
      expect(offset + length).toBeLessThanOrEqual(h.length);
      for (let i = 0; i < length; i++) expect(Object.is(h[offset + i], 0)).toBe(true);
      h.fill(-1, offset, offset + length); // the next block must still come back zeroed
      end = offset + length;
    }
  });

  it("alloc rejects a negative, fractional or non-finite length with a RangeError naming alloc", () => {
    const k = instance(set);
    for (const bad of [-1, 1.5, Number.NaN, Infinity, -Infinity]) {
      expect(() => k.alloc(bad)).toThrow(RangeError);
      expect(() => k.alloc(bad)).toThrow(new RegExp(`alloc.*${String(bad).replace(".", "\\.")}`));
    }
    expect(() => k.alloc("3" as unknown as number)).toThrow(/alloc/);
  });

  it("the heap grows between allocs: old contents kept, old and new offsets both work", () => {
    const k = instance(set);
    // A 3 x 2 matrix A and a 2 x 2 B before any growth.
    const a = k.alloc(6);
    const b = k.alloc(4);
    k.heap().set([1, 2, 3, 4, 5, 6], a);
    k.heap().set([0.5, -1, 2, 0.25], b);
    const before = k.heap();
    const blocks: { offset: number; length: number; base: number }[] = [];
    let grew = false;
    for (let step = 0; step < 10_000 && !grew; step++) {
      const length = 1000 + step;
      const offset = k.alloc(length);
      const h = k.heap();
      for (let i = 0; i < length; i++) expect(Object.is(h[offset + i], 0)).toBe(true);
      // Integers below 2^24, so exact in float32 too.
      const base = (step % 2000) * 2048;
      for (let i = 0; i < length; i++) h[offset + i] = base + i;
      blocks.push({ offset, length, base });
      grew = h.length > before.length || h.buffer !== before.buffer;
    }
    expect(grew).toBe(true);
    // A single request much larger than the heap (several doublings at once).
    const big = k.alloc(3 * k.heap().length);
    const c = k.alloc(6);
    const h = k.heap();
    expect(h.length).toBeGreaterThanOrEqual(c + 6);
    expect(Object.is(h[big], 0) && Object.is(h[big + 1], 0)).toBe(true);
    expect(Array.from(h.subarray(a, a + 6))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(h.subarray(b, b + 4))).toEqual([0.5, -1, 2, 0.25]);
    for (const { offset, length, base } of blocks) {
      let ok = true;
      for (let i = 0; i < length; i++) ok &&= h[offset + i] === base + i;
      expect(ok, `block at ${offset}`).toBe(true);
    }
    // C (3 x 2, allocated after the growth) = A · B from operands allocated before it.
    const expected = h.slice();
    oracleGemm(expected, k.dtype, a, 2, 1, b, c, 3, 2, 2, NONE, NONE, NONE);
    k.gemm(a, 2, 1, b, c, 3, 2, 2);
    expect(firstDifference(k.heap(), expected)).toBeNull();
    expect(Array.from(k.heap().subarray(c, c + 6))).toEqual([4.5, -0.5, 9.5, -2, 14.5, -3.5]);
  });

  it("two instances do not share a heap", () => {
    const k1 = instance(set);
    const k2 = instance(set);
    const a1 = k1.alloc(8);
    const a2 = k2.alloc(8);
    expect(k1.heap().buffer).not.toBe(k2.heap().buffer);
    k1.heap().fill(7, a1, a1 + 8);
    expect(Array.from(k2.heap().subarray(a2, a2 + 8))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    const b1 = k1.alloc(8);
    const c1 = k1.alloc(8);
    k1.heap().fill(1, b1, b1 + 8);
    const snapshot = k2.heap().slice();
    k1.gemm(a1, 1, 1, b1, c1, 1, 1, 8);
    k1.transpose(a1, c1, 2, 4);
    expect(firstDifference(k2.heap(), snapshot)).toBeNull();
  });
});

// The typed-array backend is the definition: float64 gemm (+ bias) must be its matmul (+
// addColumn) bit for bit, for both layouts of A.
const float64Sets = kernelSets.filter((set) => set.make()?.dtype === "float64");

describe.each(float64Sets)("$name gemm is bitwise typedArrayBackend.matmul + addColumn", (set) => {
  const shapes: [number, number, number][] = [
    [7, 13, 19],
    [25, 50, 900],
    [50, 900, 25],
  ];
  for (const [m, kk, n] of shapes) {
    for (const transposedA of [false, true]) {
      it(`${m}x${kk}x${n}${transposedA ? " (Aᵀ)" : ""}`, () => {
        const k = instance(set);
        const src = source(m * 1000 + kk + n + (transposedA ? 1 : 0));
        // A as stored: m x k, or k x m read transposed.
        const A = new Matrix(transposedA ? kk : m, transposedA ? m : kk);
        const B = new Matrix(kk, n);
        const bias = new Matrix(m, 1);
        fill(A.data, 0, A.data.length, () => src.value(0.01));
        fill(B.data, 0, B.data.length, () => src.value(0.01));
        fill(bias.data, 0, m, () => src.value(0.01));
        const be = typedArrayBackend;
        const product = be.matmul(A, B, { transposeA: transposedA });
        const withBias = be.addColumn(product, bias);

        const a = k.alloc(m * kk);
        const b = k.alloc(kk * n);
        const biasAt = k.alloc(m);
        const c = k.alloc(m * n);
        const h = k.heap();
        h.set(A.data, a);
        h.set(B.data, b);
        h.set(bias.data, biasAt);
        const [rs, cs] = transposedA ? [1, m] : [kk, 1];
        for (const [withB, want] of [
          [false, product],
          [true, withBias],
        ] as const) {
          k.gemm(a, rs, cs, b, c, m, kk, n, withB ? { kind: "none", bias: biasAt } : undefined);
          const got = k.heap().subarray(c, c + m * n);
          let diff = -1;
          for (let i = 0; i < m * n && diff < 0; i++) {
            if (!Object.is(got[i], want.data[i])) diff = i;
          }
          expect(diff, withB ? "with bias" : "no bias").toBe(-1);
        }
      });
    }
  }
});

// dWdb (the float32 sets): dW = dZ·Aᵀ and db = Σ_p dZ in four interleaved float32 lanes.

/** The contract's sum: lane p mod 4 (products rounded), +0 into the missing lanes, then
 * (s0 + s2) + (s1 + s3). `a` null sums dZ alone. */
function oracleLaneSum(h: Heap, z: number, a: number | null, m: number): number {
  const f = Math.fround;
  const s = [0, 0, 0, 0];
  for (let p = 0; p < m; p++) {
    const term = a === null ? (h[z + p] as number) : f((h[z + p] as number) * (h[a + p] as number));
    s[p % 4] = f((s[p % 4] as number) + term);
  }
  if (m % 4 !== 0) for (let l = m % 4; l < 4; l++) s[l] = f((s[l] as number) + 0);
  return f(f((s[0] as number) + (s[2] as number)) + f((s[1] as number) + (s[3] as number)));
}

function oracleDWdb(
  h: Heap,
  dz: number,
  a: number,
  dw: number,
  db: number,
  rows: number,
  cols: number,
  m: number,
): void {
  for (let i = 0; i < rows; i++) {
    h[db + i] = oracleLaneSum(h, dz + i * m, null, m);
    for (let j = 0; j < cols; j++)
      h[dw + i * cols + j] = oracleLaneSum(h, dz + i * m, a + j * m, m);
  }
}

const dWdbSets = kernelSets.filter((set) => set.make()?.dWdb !== undefined);

describe("which kernel sets have dWdb", () => {
  it("the float32 sets (JavaScript and WebAssembly), no float64 set", () => {
    const names = dWdbSets.map((s) => s.name);
    expect(names).toContain("js-f32");
    if (kernelSets.find((s) => s.name === "wasm-simd-f32")?.make() != null) {
      expect(names).toContain("wasm-simd-f32");
    }
    expect(names.filter((n) => n.includes("f64"))).toEqual([]);
  });
});

describe.each(dWdbSets)("$name dWdb", (set) => {
  const run = (
    rows: number,
    cols: number,
    m: number,
    specials: number,
    seed: number,
  ): string | null => {
    const k = instance(set);
    const src = source(seed);
    const dz = k.alloc(rows * m);
    const a = k.alloc(cols * m);
    const dw = k.alloc(rows * cols);
    const db = k.alloc(rows);
    const h = k.heap();
    fill(h, dz, rows * m, () => src.value(specials));
    fill(h, a, cols * m, () => src.value(specials));
    // Stale values in the outputs: every one must be overwritten.
    fill(h, dw, rows * cols, () => 99);
    fill(h, db, rows, () => 99);
    const expected = h.slice();
    oracleDWdb(expected, dz, a, dw, db, rows, cols, m);
    k.dWdb!(dz, a, dw, db, rows, cols, m);
    const d = firstDifference(k.heap(), expected);
    return d === null ? null : `${rows}x${cols}, m=${m}, specials ${specials}: ${d}`;
  };

  it("every rows 1..5 x cols 1..9, m in 1..9 and larger, with and without NaN / ±Infinity / ±0", () => {
    const bad: string[] = [];
    for (const m of [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 448, 450, 900, 901]) {
      for (let rows = 1; rows <= 5; rows++) {
        for (let cols = 1; cols <= 9; cols++) {
          for (const specials of [0, 0.05]) {
            const e = run(rows, cols, m, specials, m * 100 + rows * 10 + cols);
            if (e !== null) bad.push(e);
          }
        }
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it("headline-sized layers (50 x 50 and 25 x 50 over 900 samples)", () => {
    expect(run(50, 50, 900, 0, 1)).toBeNull();
    expect(run(25, 50, 900, 0.01, 2)).toBeNull();
    expect(run(1, 25, 899, 0, 3)).toBeNull();
  });

  it("sums in the contract's order: lanes p mod 4, combined as (s0 + s2) + (s1 + s3)", () => {
    const k = instance(set);
    const dz = k.alloc(4);
    const a = k.alloc(4);
    const dw = k.alloc(1);
    const db = k.alloc(1);
    const h = k.heap();
    // In order, 2^30 + 1 rounds to 2^30 in float32, and the sum would end at 1; the lanes keep
    // the 1s apart from the large values, which cancel first: (2^30 − 2^30) + (1 + 1) = 2.
    h.set([2 ** 30, 1, -(2 ** 30), 1], dz);
    h.set([1, 1, 1, 1], a);
    k.dWdb!(dz, a, dw, db, 1, 1, 4);
    expect(k.heap()[db]).toBe(2);
    expect(k.heap()[dw]).toBe(2);
  });

  it("operands placed last in the heap, with m not a multiple of 4 (the last vector is partial)", () => {
    const k = instance(set);
    const dw = k.alloc(6);
    const db = k.alloc(2);
    const a = k.alloc(3 * 7);
    const dz = k.alloc(2 * 7); // the heap's last values
    const h = k.heap();
    const src = source(7);
    fill(h, dz, 14, () => src.value(0));
    fill(h, a, 21, () => src.value(0));
    const expected = h.slice();
    oracleDWdb(expected, dz, a, dw, db, 2, 3, 7);
    k.dWdb!(dz, a, dw, db, 2, 3, 7);
    expect(firstDifference(k.heap(), expected)).toBeNull();
    // And with A last.
    const k2 = instance(set);
    const dw2 = k2.alloc(6);
    const db2 = k2.alloc(2);
    const dz2 = k2.alloc(2 * 5);
    const a2 = k2.alloc(3 * 5);
    const h2 = k2.heap();
    fill(h2, dz2, 10, () => src.value(0));
    fill(h2, a2, 15, () => src.value(0));
    const expected2 = h2.slice();
    oracleDWdb(expected2, dz2, a2, dw2, db2, 2, 3, 5);
    k2.dWdb!(dz2, a2, dw2, db2, 2, 3, 5);
    expect(firstDifference(k2.heap(), expected2)).toBeNull();
  });
});

describe.each(kernelSets)("$name zeros", (set) => {
  it("true exactly when every value equals 0 (±0), at every length and position", () => {
    const k = instance(set);
    const bad: string[] = [];
    for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 884, 900]) {
      const at = k.alloc(n);
      const h = k.heap();
      for (let q = 0; q < n; q++) h[at + q] = q % 3 === 0 ? -0 : 0;
      if (!k.zeros(at, n)) bad.push(`n = ${n}: all zeros gave false`);
      for (const v of [1e-30, -2, Number.NaN, Infinity]) {
        for (const q of new Set([0, Math.floor(n / 2), n - 1].filter((x) => x >= 0 && x < n))) {
          h[at + q] = v;
          if (k.zeros(at, n)) bad.push(`n = ${n}: ${v} at ${q} gave true`);
          h[at + q] = 0;
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it("reads only its n values (a nonzero neighbour on either side does not count)", () => {
    const k = instance(set);
    const before = k.alloc(4);
    const at = k.alloc(7);
    const h = k.heap();
    h.fill(5, before, before + 4);
    expect(k.zeros(at, 7)).toBe(true);
    expect(k.zeros(at, 0)).toBe(true);
    expect(k.zeros(before, 4)).toBe(false);
  });
});

describe.each(kernelSets)("$name max", (set) => {
  it("the largest value at every length and position; NaN wins; −∞ for none", () => {
    const k = instance(set);
    const r = lcg(77);
    const bad: string[] = [];
    for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 33, 884, 900]) {
      const at = k.alloc(n);
      const h = k.heap();
      for (let q = 0; q < n; q++) h[at + q] = Math.fround((r() - 0.7) * 100);
      const expected = (): number => {
        let m = Number.NEGATIVE_INFINITY;
        for (let q = 0; q < n; q++) m = Math.max(m, h[at + q] as number);
        return m;
      };
      if (k.max(at, n) !== expected()) bad.push(`n = ${n}: ${k.max(at, n)} != ${expected()}`);
      for (const v of [1e30, Infinity, Number.NaN, -0]) {
        for (const q of new Set([0, Math.floor(n / 2), n - 1].filter((x) => x >= 0 && x < n))) {
          const old = h[at + q] as number;
          h[at + q] = v;
          const got = k.max(at, n);
          const want = expected();
          if (!(got === want || (Number.isNaN(got) && Number.isNaN(want)))) {
            bad.push(`n = ${n}: ${v} at ${q} gave ${got}, want ${want}`);
          }
          h[at + q] = old;
        }
      }
    }
    expect(bad).toEqual([]);
    const none = k.alloc(1);
    expect(k.max(none, 0)).toBe(Number.NEGATIVE_INFINITY);
  });

  it("reads only its n values, and every value of a row of zeros gives 0", () => {
    const k = instance(set);
    const before = k.alloc(4);
    const at = k.alloc(7);
    const after = k.alloc(4);
    const h = k.heap();
    h.fill(5, before, before + 4);
    h.fill(Number.NaN, after, after + 4);
    expect(k.max(at, 7)).toBe(0);
    h[at + 6] = -3;
    expect(k.max(at, 7)).toBe(0);
    expect(k.max(before, 4)).toBe(5);
  });
});

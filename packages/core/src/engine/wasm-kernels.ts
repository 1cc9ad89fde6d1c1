import { decodeBase64 } from "../backends/wasm/kernels.ts";
import { exp } from "../libm/exp.ts";
import { log } from "../libm/log.ts";
import { EXP_TABLE, LOG_TABLE } from "../libm/tables.ts";
import { describe } from "../matrix.ts";
import type { Dtype, Epilogue, Heap, Kernels } from "./kernels.ts";
import { NO_EPILOGUE, unknownEpilogue } from "./kernels.ts";
import { fusedActivations } from "./ops.generated.ts";
import { costF64Base64 } from "./wasm/cost-f64.generated.ts";
import { engineF32Base64 } from "./wasm/engine-f32.generated.ts";
import { engineF32FmaBase64 } from "./wasm/engine-f32-fma.generated.ts";
import { engineF64Base64 } from "./wasm/engine-f64.generated.ts";
import { engineF64Blocked3x3Base64 } from "./wasm/engine-f64-3x3.generated.ts";
import { engineF64FmaBase64 } from "./wasm/engine-f64-fma.generated.ts";
import { engineF64FmaBlocked3x3Base64 } from "./wasm/engine-f64-fma-3x3.generated.ts";
import { float32OutputBase64 } from "./wasm/float32-output.generated.ts";
import { gradF32Base64 } from "./wasm/grad-f32.generated.ts";
import { gradF32FmaBase64 } from "./wasm/grad-f32-fma.generated.ts";
import { outputF32Base64 } from "./wasm/output-f32.generated.ts";
import { outputF64Base64 } from "./wasm/output-f64.generated.ts";

interface EngineExports {
  readonly memory: WebAssembly.Memory;
  readonly gemm: (
    a: number,
    sai: number,
    sap: number,
    b: number,
    c: number,
    m: number,
    k: number,
    n: number,
    bias: number,
    mask: number,
    relu: number,
    ldb: number,
    ldc: number,
    accum: number,
  ) => void;
  readonly transpose: (a: number, out: number, rows: number, cols: number) => void;
  readonly sum: (p: number, n: number) => number;
  readonly zeros: (p: number, n: number) => number;
  readonly max: (p: number, n: number) => number;
}

/** The float64 output-layer and cost modules' exports (scripts/gen-output-wat.mjs), together,
 * on the engine's memory. */
interface OutputExports {
  readonly exp: (x: number) => number;
  readonly log: (x: number) => number;
  readonly sigmoid: (z: number, a: number, n: number) => void;
  readonly bce_sum: (p: number, y: number, n: number) => number;
  readonly bce_sums: (p: number, y: number, n: number, dst: number) => void;
  readonly bce_sigmoid_dz: (p: number, y: number, dz: number, n: number) => void;
  readonly count_correct: (p: number, y: number, rows: number, m: number) => number;
  readonly softmax_columns: (z: number, a: number, rows: number, m: number) => void;
}

/** The float32 output modules' exports, on the engine's memory: the sigmoid and cross-entropy
 * terms in float32 arithmetic (scripts/gen-float32-output-wat.mjs), the gradient and accuracy
 * count (scripts/gen-output-wat.mjs). */
interface Float32OutputExports {
  readonly sigmoid: (z: number, a: number, n: number) => void;
  readonly bce_terms: (p: number, y: number, n: number, pos: number, neg: number) => void;
  readonly bce_sigmoid_dz: (p: number, y: number, dz: number, n: number) => void;
  readonly count_correct: (p: number, y: number, rows: number, m: number) => number;
}

/** The float32 gradient module's export (scripts/gen-grad-wat.mjs), on the engine's memory. */
interface GradExports {
  readonly dwdb: (
    dz: number,
    a: number,
    dw: number,
    db: number,
    rows: number,
    cols: number,
    m: number,
  ) => void;
}

const modules = new Map<string, WebAssembly.Module | null>();

/** Compiles `text` (base64 bytes); null where it does not validate (no SIMD) or compile. */
function compile(text: string): WebAssembly.Module | null {
  if (typeof WebAssembly !== "object") return null;
  try {
    const bytes = decodeBase64(text);
    // validate() is false where SIMD (or relaxed SIMD) is missing; each module stays under the
    // 4 KiB that some browsers' main threads still allow to compile synchronously.
    return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    return null;
  }
}

/**
 * The compiled module of `dtype` (with relaxed-SIMD fused multiply-add when `fma`; a float64
 * one in `blocking`), or null where WebAssembly, its SIMD or (for `fma`) its relaxed
 * SIMD is unavailable.
 */
function moduleOf(dtype: Dtype, fma: boolean, blocking: GemmBlocking): WebAssembly.Module | null {
  const key = `${dtype}${fma ? "-fma" : ""}-${blocking}`;
  const cached = modules.get(key);
  if (cached !== undefined) return cached;
  const mod = compile(
    dtype === "float64"
      ? fma
        ? blocking === "3x3"
          ? engineF64FmaBlocked3x3Base64
          : engineF64FmaBase64
        : blocking === "3x3"
          ? engineF64Blocked3x3Base64
          : engineF64Base64
      : fma
        ? engineF32FmaBase64
        : engineF32Base64,
  );
  modules.set(key, mod);
  return mod;
}

/**
 * A register blocking of the products' micro-kernel: rows of C x SIMD vectors of columns held
 * in accumulators across the inner loop. Every blocking gives the same bits (each element is
 * one sum in ascending order of the inner index); only the speed differs with the runtime's
 * code generator.
 *
 * @example
 * ```ts
 * const blocking: GemmBlocking = "3x3";
 * wasmKernels("float64", { blocking });
 * ```
 */
export type GemmBlocking = "2x4" | "3x3";

/**
 * The float64 blocking {@link wasmKernels} uses by default in this runtime: `"3x3"` under
 * JavaScriptCore (Bun) and V8 15 or later (Deno 2.9), where it trained the headline network
 * 6–8% faster (with FMA 14–16%) in interleaved A/B runs; `"2x4"` under older V8 (Node 20's V8 11 keeps one of the nine
 * accumulators on the stack, about 1.5x slower) and where the engine cannot be told (browsers).
 *
 * @example
 * ```ts
 * defaultF64Blocking(); // "2x4" under Node 20, "3x3" under Bun
 * ```
 */
export function defaultF64Blocking(): GemmBlocking {
  const g = globalThis as {
    process?: { versions?: Record<string, string | undefined> };
    Deno?: { version?: { v8?: string } };
  };
  const versions = g.process?.versions;
  // Bun reports a V8 version for compatibility, but runs JavaScriptCore.
  if (versions?.bun !== undefined) return "3x3";
  const v8 = Number.parseInt(g.Deno?.version?.v8 ?? versions?.v8 ?? "", 10);
  return v8 >= 15 ? "3x3" : "2x4";
}

/** Options of {@link wasmKernels}. */
export interface WasmKernelOptions {
  /**
   * Use relaxed SIMD's fused multiply-add in the products (`"-fma"` kernel sets): about twice
   * the float64 throughput per instruction, but each product-and-add is rounded once, so
   * results are no longer the reference's bits, and they may differ between CPUs and
   * runtimes (relaxed SIMD lets the engine fuse or not). Available where the runtime enables
   * relaxed SIMD by default (Bun, Deno, current browsers; Node 20 only with
   * `--experimental-wasm-relaxed-simd`); `wasmKernels` returns null elsewhere.
   */
  readonly fma?: boolean;
  /**
   * The float64 products' register blocking (same bits either way, with or without `fma`):
   * default {@link defaultF64Blocking}, the faster one measured for this runtime. The float32
   * kernel sets have only `"2x4"`.
   */
  readonly blocking?: GemmBlocking;
}

/** The output-layer modules, by name (each for both the plain and the FMA kernels). */
const OUTPUT_MODULES = {
  "output-f64": outputF64Base64,
  "cost-f64": costF64Base64,
  "output-f32": outputF32Base64,
  "float32-output": float32OutputBase64,
} as const;

/** The compiled output-layer module `name`, or null. */
function outputModuleOf(name: keyof typeof OUTPUT_MODULES): WebAssembly.Module | null {
  const cached = modules.get(name);
  if (cached !== undefined) return cached;
  const mod = compile(OUTPUT_MODULES[name]);
  modules.set(name, mod);
  return mod;
}

const PAGE = 65536;
/**
 * Bytes every WebAssembly kernel set keeps inside its memory past the last allocated value: a
 * product's last columns, fewer than a vector's lanes, are computed as a whole vector, as are
 * the last values of the float32 `dWdb`, `sigmoid` and `bceTerms`; such a vector reads up to 12
 * bytes past its operand (never stored). For tests that place an operand last.
 *
 * @example
 * ```ts
 * HEAP_SLACK; // 16
 * ```
 */
export const HEAP_SLACK = 16;
/** Bytes of one panel of B kept in cache by the blocked product (256 KiB). */
const PANEL_BYTES = 256 * 1024;
/** Columns of one panel of B. */
const PANEL_COLS = 256;
/** Fewest panel columns (one 8-column register block of the f64 kernel). */
const L_COLS = 8;
/** Byte offsets of exp's and log's tables, which the output module reads (the same numbers as
 * EXP_AT and LOG_AT in scripts/gen-output-wat.mjs). */
const EXP_AT = 16;
const LOG_AT = EXP_AT + EXP_TABLE.byteLength;
/** Bytes 0..15 are reserved so that pointer 0 can mean "none" in the kernels (`bce_sums` leaves
 * its two results there); the tables follow. */
const RESERVED = LOG_AT + LOG_TABLE.byteLength;

/**
 * The fused engine's WebAssembly SIMD kernel set (`"wasm-simd-f64"`: f64x2, or
 * `"wasm-simd-f32"`: f32x4), each call a new instance with its own memory; `null` where
 * WebAssembly or its fixed-width SIMD is not available. The kernels are hand-written WAT
 * generated by `scripts/gen-engine-wat.mjs` with register blocking, embedded as bytes, so they
 * load without network or file-system access in Node, Bun, Deno and browsers.
 *
 * @example
 * ```ts
 * const k = wasmKernels("float64");
 * if (k !== null) k.name; // "wasm-simd-f64"
 * ```
 */
export function wasmKernels(dtype: Dtype, options: WasmKernelOptions = {}): Kernels | null {
  if (dtype !== "float64" && dtype !== "float32") {
    throw new RangeError(
      `wasmKernels: dtype must be "float64" or "float32", got ${describe(dtype)}`,
    );
  }
  const fma = options.fma === true;
  const blocking = options.blocking ?? (dtype === "float64" ? defaultF64Blocking() : "2x4");
  if (blocking !== "2x4" && blocking !== "3x3") {
    throw new RangeError(
      `wasmKernels: options.blocking must be "2x4" or "3x3", got ${describe(blocking)}`,
    );
  }
  if (blocking === "3x3" && dtype !== "float64") {
    throw new RangeError(
      `wasmKernels: options.blocking "3x3" exists only for float64, got dtype ${dtype}`,
    );
  }
  const mod = moduleOf(dtype, fma, blocking);
  if (mod === null) return null;
  const name = `${dtype === "float64" ? "wasm-simd-f64" : "wasm-simd-f32"}${fma ? "-fma" : ""}`;
  const grad = dtype === "float32" ? gradModuleOf(fma) : null;
  return kernelsOfModule(mod, dtype, name, undefined, grad);
}

/** The float32 gradient module (with relaxed-SIMD multiply-add when `fma`), or null. */
function gradModuleOf(fma: boolean): WebAssembly.Module | null {
  const key = `grad-f32${fma ? "-fma" : ""}`;
  const cached = modules.get(key);
  if (cached !== undefined) return cached;
  const mod = compile(fma ? gradF32FmaBase64 : gradF32Base64);
  modules.set(key, mod);
  return mod;
}

/**
 * A kernel set over a new instance of `mod`, a module with the engine's exports (`memory`,
 * `gemm`, `transpose`, `sum`) for `dtype`; null when it cannot be instantiated. {@link wasmKernels}
 * uses the embedded modules; this is how the kernel generator's variants are measured. A float32
 * set gets `dWdb` from `grad`, the gradient module (scripts/gen-grad-wat.mjs), when given.
 *
 * @example
 * ```ts
 * const k = kernelsOfModule(new WebAssembly.Module(bytes), "float64", "wasm-simd-f64-3x4");
 * ```
 */
export function kernelsOfModule(
  mod: WebAssembly.Module,
  dtype: Dtype,
  name: string,
  panel: { readonly bytes: number; readonly cols: number } = {
    bytes: PANEL_BYTES,
    cols: PANEL_COLS,
  },
  grad: WebAssembly.Module | null = null,
): Kernels | null {
  let ex: EngineExports;
  try {
    ex = new WebAssembly.Instance(mod, {}).exports as unknown as EngineExports;
  } catch {
    return null;
  }
  const bytesPer = dtype === "float64" ? 8 : 4;
  const shift = dtype === "float64" ? 3 : 2;
  const out = dtype === "float64" ? outputOf(ex.memory) : null;
  const out32 = dtype === "float32" ? float32OutputOf(ex.memory) : null;
  const memory = ex.memory;
  const gradEx = dtype === "float32" ? gradOf(grad, memory) : null;
  let top = RESERVED;
  const makeView = (): Heap =>
    dtype === "float64" ? new Float64Array(memory.buffer) : new Float32Array(memory.buffer);
  let view: Heap = makeView();
  const gemmExport = ex.gemm;
  const transposeExport = ex.transpose;
  const sumExport = ex.sum;
  const zerosExport = ex.zeros;
  const maxExport = ex.max;
  /** One product in the module's terms (bias a byte pointer, relu a flag), panelled when large. */
  const gemmRaw = (
    a: number,
    aRowStride: number,
    aColStride: number,
    b: number,
    c: number,
    m: number,
    k: number,
    n: number,
    biasPtr: number,
    mask: number,
    relu: number,
  ): void => {
    // Small products (every one of the headline network) run in one call. Larger ones are
    // cut into panels of B (KB x NB, a few hundred KiB) so each stays in cache while every
    // row of A passes over it; C carries the running sums between slices of the inner index
    // (the kernel's accumulate mode), so every element is still one sum in ascending order.
    if (k * n * bytesPer <= panel.bytes) {
      gemmExport(
        a << shift,
        aRowStride << shift,
        aColStride << shift,
        b << shift,
        c << shift,
        m,
        k,
        n,
        biasPtr,
        mask < 0 ? 0 : mask << shift,
        relu,
        n,
        n,
        0,
      );
      return;
    }
    const nb = Math.max(L_COLS, Math.min(n, panel.cols));
    const kb = Math.max(1, Math.floor(panel.bytes / (nb * bytesPer)));
    for (let j0 = 0; j0 < n; j0 += nb) {
      const cols = Math.min(nb, n - j0);
      for (let p0 = 0; p0 < k; p0 += kb) {
        const depth = Math.min(kb, k - p0);
        const last = p0 + depth >= k;
        gemmExport(
          (a + p0 * aColStride) << shift,
          aRowStride << shift,
          aColStride << shift,
          (b + p0 * n + j0) << shift,
          (c + j0) << shift,
          m,
          depth,
          cols,
          last ? biasPtr : 0,
          last && mask >= 0 ? (mask + j0) << shift : 0,
          last ? relu : 0,
          n,
          n,
          p0 === 0 ? 0 : 1,
        );
      }
    }
  };
  // bce_sums stores its two float64 sums at byte 0 (RESERVED's first 16 bytes, never data).
  let scratch = new Float64Array(memory.buffer, 0, 2);
  return {
    name,
    dtype,
    alloc(length: number): number {
      if (typeof length !== "number" || !Number.isInteger(length) || length < 0) {
        throw new RangeError(
          `alloc: length must be a non-negative integer, got ${describe(length)}`,
        );
      }
      const start = (top + 15) & ~15;
      const end = start + length * bytesPer;
      if (end + HEAP_SLACK > 2 ** 31) {
        throw new RangeError(
          `alloc: ${length} more ${dtype} values would take the WebAssembly heap past 2 GiB`,
        );
      }
      // HEAP_SLACK bytes past the last value: a product's last columns, fewer than a vector's
      // lanes, are computed as a whole vector, which may read up to 12 bytes past its operand.
      if (end + HEAP_SLACK > memory.buffer.byteLength) {
        memory.grow(Math.ceil((end + HEAP_SLACK - memory.buffer.byteLength) / PAGE));
        // The one place the memory grows (no module grows it), so the views stay current
        // between allocations without a check on every heap() call.
        view = makeView();
        scratch = new Float64Array(memory.buffer, 0, 2);
      }
      top = end;
      // Fresh pages are zero and nothing is ever freed, so the new range is already zeroed.
      return start >> shift;
    },
    heap: (): Heap => view,
    gemm(a, aRowStride, aColStride, b, c, m, k, n, ep: Epilogue = NO_EPILOGUE): void {
      const isRelu = ep?.kind === "relu";
      if (!isRelu && ep?.kind !== "none") throw unknownEpilogue(name, ep);
      const bias = ep.bias ?? -1;
      const mask = isRelu ? (ep.mask ?? -1) : -1;
      const reluOut = isRelu ? (ep.out ?? -1) : -1;
      const biasPtr = bias < 0 ? 0 : bias << shift;
      // The module writes ReLU's output over C (a ReLU layer keeps only A = max(Z, 0), so the
      // engine passes reluOut = c); any other reluOut gets a second pass over C after.
      const relu = reluOut >= 0 && reluOut === c ? 1 : 0;
      gemmRaw(a, aRowStride, aColStride, b, c, m, k, n, biasPtr, mask, relu);
      if (reluOut >= 0 && relu === 0) {
        const h = view;
        const end = m * n;
        const forward = fusedActivations.relu.forward;
        for (let q = 0; q < end; q++) h[reluOut + q] = forward(h[c + q] as number);
      }
    },
    transpose(a, dst, rows, cols): void {
      transposeExport(a << shift, dst << shift, rows, cols);
    },
    sum: (offset, n): number => sumExport(offset << shift, n),
    zeros: (offset, n): boolean => zerosExport(offset << shift, n) === 1,
    max: (offset, n): number => maxExport(offset << shift, n),
    ...(gradEx === null
      ? {}
      : {
          dWdb(
            dz: number,
            a: number,
            dw: number,
            db: number,
            rows: number,
            cols: number,
            m: number,
          ): void {
            gradEx.dwdb(dz << 2, a << 2, dw << 2, db << 2, rows, cols, m);
          },
        }),
    ...(out === null
      ? {}
      : {
          sigmoid(z: number, a: number, n: number): void {
            out.sigmoid(z << shift, a << shift, n);
          },
          bceSum: (p: number, y: number, n: number): number =>
            out.bce_sum(p << shift, y << shift, n),
          bceSums(p: number, y: number, n: number, dst: Float64Array, at: number): void {
            out.bce_sums(p << shift, y << shift, n, 0);
            dst[at] = scratch[0] as number;
            dst[at + 1] = scratch[1] as number;
          },
          bceSigmoidDz(p: number, y: number, dz: number, n: number): void {
            out.bce_sigmoid_dz(p << shift, y << shift, dz << shift, n);
          },
          countCorrect: (p: number, y: number, rows: number, m: number): number =>
            out.count_correct(p << shift, y << shift, rows, m),
          softmaxColumns(z: number, a: number, rows: number, m: number): void {
            out.softmax_columns(z << shift, a << shift, rows, m);
          },
        }),
    ...(out32 === null
      ? {}
      : {
          sigmoid(z: number, a: number, n: number): void {
            out32.sigmoid(z << 2, a << 2, n);
          },
          bceTerms(p: number, y: number, n: number, pos: number, neg: number): void {
            out32.bce_terms(p << 2, y << 2, n, pos << 2, neg << 2);
          },
          bceSigmoidDz(p: number, y: number, dz: number, n: number): void {
            out32.bce_sigmoid_dz(p << 2, y << 2, dz << 2, n);
          },
          countCorrect: (p: number, y: number, rows: number, m: number): number =>
            out32.count_correct(p << 2, y << 2, rows, m),
        }),
  };
}

/** An instance of the gradient module on `memory`, or null (no module, or it fails). */
function gradOf(grad: WebAssembly.Module | null, memory: WebAssembly.Memory): GradExports | null {
  if (grad === null) return null;
  try {
    return new WebAssembly.Instance(grad, { env: { memory } }).exports as unknown as GradExports;
  } catch {
    return null;
  }
}

/**
 * Instances of the float64 output-layer and cost modules on `memory` (whose first bytes get
 * exp's and log's tables; their slow cases call plainnet's TypeScript `exp` and `log`), or null
 * where they cannot be compiled or instantiated: the kernel set then leaves its optional
 * output-layer methods out.
 */
function outputOf(memory: WebAssembly.Memory): OutputExports | null {
  const outMod = outputModuleOf("output-f64");
  const costMod = outputModuleOf("cost-f64");
  if (outMod === null || costMod === null) return null;
  try {
    const out = new WebAssembly.Instance(outMod, { env: { memory, exp } }).exports;
    const cost = new WebAssembly.Instance(costMod, { env: { memory, log } }).exports;
    new Float64Array(memory.buffer, EXP_AT, EXP_TABLE.length).set(EXP_TABLE);
    new Float64Array(memory.buffer, LOG_AT, LOG_TABLE.length).set(LOG_TABLE);
    return { ...out, ...cost } as unknown as OutputExports;
  } catch {
    return null;
  }
}

/** Instances of the float32 output modules on `memory`, or null (as {@link outputOf}). */
function float32OutputOf(memory: WebAssembly.Memory): Float32OutputExports | null {
  const mathMod = outputModuleOf("float32-output");
  const restMod = outputModuleOf("output-f32");
  if (mathMod === null || restMod === null) return null;
  try {
    const math = new WebAssembly.Instance(mathMod, { env: { memory } }).exports;
    const rest = new WebAssembly.Instance(restMod, { env: { memory } }).exports;
    return { ...math, ...rest } as unknown as Float32OutputExports;
  } catch {
    return null;
  }
}

/**
 * The float64 output-layer and cost modules' scalar `exp` and `log` fast paths on fresh
 * instances (NaN where the TypeScript function would leave its fast path), or null without
 * WebAssembly: for tests that compare them with `exp` and `log` bit for bit. (The float32
 * modules compute in float32 arithmetic and have no such functions.)
 *
 * @example
 * ```ts
 * wasmLibm()?.exp(1); // 2.718281828459045
 * ```
 */
export function wasmLibm(): {
  readonly exp: (x: number) => number;
  readonly log: (x: number) => number;
} | null {
  if (typeof WebAssembly !== "object") return null;
  const memory = new WebAssembly.Memory({ initial: 1 });
  const out = outputOf(memory);
  return out === null ? null : { exp: out.exp, log: out.log };
}

// The machine's matrix-multiply ceiling, measured in the same run as the workloads: NumPy's
// BLAS (OpenBLAS, one thread) on a large square product, and plainnet's own WebAssembly gemm
// kernel on one, in float64 and float32. The GFLOP/s of a training row mean more next to these.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Dtype } from "@plainnet/core";
import { wasmKernels } from "@plainnet/core/engine";
import { PYTHON, runPython } from "./candidates/numpy.ts";
import { gemmFlops, gflopsPerSecond } from "./flops.ts";
import { runScript } from "./jobs.ts";
import { BENCH_DIR, currentRuntime, now } from "./runtime.ts";
import type { RuntimeName } from "./types.ts";

/** Where a ceiling comes from. */
export type CeilingSource = "openblas" | "plainnet-wasm";

/** One measured (or unavailable) large product. */
export interface GemmMeasurement {
  readonly source: CeilingSource;
  readonly dtype: Dtype;
  /** The product is n x n by n x n. */
  readonly n: number;
  /** Timed products; the best counts. */
  readonly repeats: number;
  /** The runtime that ran plainnet's kernel (absent for NumPy, which runs in Python). */
  readonly runtime?: RuntimeName;
  readonly version?: string;
  readonly bestMs?: number;
  readonly gflops?: number;
  /** Why there is no time (python3 or NumPy missing, no WebAssembly SIMD, a wrong product). */
  readonly unavailable?: string;
}

/** Sizes and repeats of the ceiling measurement. */
export interface CeilingPlan {
  /** NumPy's product is numpyN x numpyN by numpyN x numpyN. */
  readonly numpyN: number;
  /** Sizes n of plainnet's wasm products (n x n by n x n); the best rate is its ceiling. */
  readonly wasmSizes: readonly number[];
  /** Timed products per dtype (after one untimed), the best counts. */
  readonly repeats: number;
}

/**
 * The ceiling's plan: NumPy 1024³; plainnet's wasm kernel 256³ and 512³ (it is register-blocked,
 * not cache-blocked: its rate depends on the size, and the power-of-two row stride of 512 costs
 * float64 a lot, so both are measured and the better one is its ceiling); best of 5 products
 * (full) or of 3 (quick: the sizes stay, so a quick run's ceiling is comparable, only noisier).
 *
 * @example
 * ```ts
 * ceilingPlan(true); // { numpyN: 1024, wasmSizes: [256, 512], repeats: 3 }
 * ```
 */
export function ceilingPlan(quick: boolean): CeilingPlan {
  return { numpyN: 1024, wasmSizes: [256, 512], repeats: quick ? 3 : 5 };
}

const DTYPES: readonly Dtype[] = ["float64", "float32"];

/** Untimed products of plainnet's kernel run for at least this long first (ms). */
const WARMUP_MS = 150;
/** Each timed sample of plainnet's kernel runs about this long (ms). */
const SAMPLE_MS = 30;

/** Deterministic values in [-1, 1) (xorshift32). */
function fill(h: Float64Array | Float32Array, start: number, count: number, seed: number): void {
  let s = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    h[start + i] = s / 2147483648 - 1;
  }
}

/**
 * Times plainnet's WebAssembly SIMD gemm kernel (`wasmKernels(dtype).gemm`, A read with strides
 * n, 1) on an n x n by n x n product in this process: untimed products for 150 ms (the engine
 * optimises hot WebAssembly after a while), then `repeats` samples of about 30 ms each; the
 * best per-product time of the samples counts. A few entries of C are checked against the kernel contract's sum (ascending inner
 * index, each operation rounded to `dtype`): a wrong product is reported as unavailable.
 *
 * @example
 * ```ts
 * measureWasmGemm("float64", 512, 5).gflops; // e.g. 11.5
 * ```
 */
export function measureWasmGemm(dtype: Dtype, n: number, repeats: number): GemmMeasurement {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(repeats) || repeats < 1) {
    throw new RangeError(
      `measureWasmGemm: n and repeats must be positive integers, got ${String(n)} and ${String(repeats)}`,
    );
  }
  const base = {
    source: "plainnet-wasm" as const,
    dtype,
    n,
    repeats,
    runtime: currentRuntime().name,
  };
  const k = wasmKernels(dtype);
  if (k === null)
    return { ...base, unavailable: "WebAssembly SIMD is not available in this runtime" };
  const a = k.alloc(n * n);
  const b = k.alloc(n * n);
  const c = k.alloc(n * n);
  const h = k.heap();
  fill(h, a, n * n, 0x9e3779b9);
  fill(h, b, n * n, 0x85ebca6b);
  const product = (): void => k.gemm(a, n, 1, b, c, n, n, n);
  // Warm-up for a fixed time, not a fixed count: the engines compile WebAssembly in a quick
  // baseline tier first and optimise hot functions later, in the background.
  const w0 = now();
  let calls = 0;
  let last = 0;
  while (calls < 3 || now() - w0 < WARMUP_MS) {
    const t = now();
    product();
    last = now() - t;
    calls++;
  }
  // Samples of several products each (about SAMPLE_MS), so a small product's time is not one
  // timer reading disturbed by a single interruption.
  const perSample = Math.max(1, Math.ceil(SAMPLE_MS / Math.max(last, 1e-3)));
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeats; r++) {
    const t = now();
    for (let q = 0; q < perSample; q++) product();
    best = Math.min(best, (now() - t) / perSample);
  }
  const round = dtype === "float32" ? Math.fround : (v: number) => v;
  for (const [i, j] of [
    [0, 0],
    [n - 1, n - 1],
    [n >> 1, n >> 2],
    [n >> 3, n - 1],
  ] as const) {
    let s = 0;
    for (let p = 0; p < n; p++) {
      s = round(s + round((h[a + i * n + p] as number) * (h[b + p * n + j] as number)));
    }
    const got = h[c + i * n + j] as number;
    if (!Object.is(got, s)) {
      return {
        ...base,
        version: k.name,
        unavailable: `wrong product: C[${i},${j}] = ${got}, the contract's sum is ${s}`,
      };
    }
  }
  return {
    ...base,
    version: k.name,
    bestMs: best,
    gflops: gflopsPerSecond(gemmFlops(n, n, n), Math.max(best, 1e-6)),
  };
}

interface GemmPyOutput {
  results: { dtype: Dtype; n: number; repeats: number; bestMs: number }[];
  version: string;
}

/**
 * NumPy's large product (python/gemm.py, `OPENBLAS_NUM_THREADS=1`) in float64 and float32;
 * each unavailable, with the reason, when python3 or NumPy is missing.
 *
 * @example
 * ```ts
 * (await numpyGemm(1024, 5))[0].gflops; // e.g. 19.1
 * ```
 */
export async function numpyGemm(n: number, repeats: number): Promise<GemmMeasurement[]> {
  const na = (reason: string): GemmMeasurement[] =>
    DTYPES.map((dtype) => ({ source: "openblas", dtype, n, repeats, unavailable: reason }));
  const dir = mkdtempSync(join(tmpdir(), "plainnet-bench-gemm-"));
  try {
    const file = join(dir, "job.json");
    writeFileSync(file, JSON.stringify({ n, repeats, dtypes: DTYPES }));
    let r: Awaited<ReturnType<typeof runPython>>;
    try {
      r = await runPython([join(BENCH_DIR, "python", "gemm.py"), file]);
    } catch (e) {
      const code = (e as { code?: unknown } | null)?.code;
      return na(
        code === "ENOENT"
          ? `${PYTHON} not found`
          : `${PYTHON} did not start (${e instanceof Error ? e.message : String(e)})`,
      );
    }
    if (r.code !== 0) {
      const last = r.stderr.trim().split("\n").pop() ?? "";
      return na(`${PYTHON} python/gemm.py exited with ${r.code}: ${last.slice(0, 200)}`);
    }
    const out = JSON.parse(r.stdout) as GemmPyOutput;
    return DTYPES.map((dtype): GemmMeasurement => {
      const m = out.results.find((x) => x.dtype === dtype);
      if (!m || !(m.bestMs > 0)) {
        return {
          source: "openblas",
          dtype,
          n,
          repeats,
          unavailable: "no time from python/gemm.py",
        };
      }
      return {
        source: "openblas",
        dtype,
        n,
        repeats,
        version: `${out.version}, OPENBLAS_NUM_THREADS=1`,
        bestMs: m.bestMs,
        gflops: gflopsPerSecond(gemmFlops(n, n, n), m.bestMs),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What `src/ceiling-worker.ts` is asked to do: plainnet's wasm products of these sizes. */
export interface CeilingJob {
  readonly sizes: readonly number[];
  readonly repeats: number;
}

/**
 * The whole ceiling: NumPy's product once (it runs in Python whatever the runtime), plainnet's
 * wasm product under every runtime in a worker process of its own (`src/ceiling-worker.ts`).
 * Never throws for a missing tool: such a measurement is unavailable, with the reason.
 *
 * @example
 * ```ts
 * const ceiling = await measureCeiling(ceilingPlan(true), ["bun"], 60_000);
 * ```
 */
export async function measureCeiling(
  plan: CeilingPlan,
  runtimes: readonly RuntimeName[],
  timeoutMs: number,
): Promise<GemmMeasurement[]> {
  const out: GemmMeasurement[] = await numpyGemm(plan.numpyN, plan.repeats);
  for (const runtime of runtimes) {
    const job: CeilingJob = { sizes: plan.wasmSizes, repeats: plan.repeats };
    const r = await runScript(runtime, "ceiling-worker.ts", job, timeoutMs);
    if ("reason" in r) {
      for (const n of plan.wasmSizes) {
        for (const dtype of DTYPES) {
          out.push({
            source: "plainnet-wasm",
            dtype,
            n,
            repeats: plan.repeats,
            runtime,
            unavailable: `${r.status}: ${r.reason}`,
          });
        }
      }
    } else {
      out.push(...(r.result as GemmMeasurement[]));
    }
  }
  return out;
}

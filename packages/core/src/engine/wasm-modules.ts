import { decodeBase64 } from "../backends/wasm/kernels.ts";
import type { Dtype } from "./kernels.ts";
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

// The compiled WebAssembly modules of the fused engine (one compilation per process, cached),
// and the choice of the float64 products' register blocking.

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
 *
 * @example
 * ```ts
 * moduleOf("float64", false, defaultF64Blocking()); // a WebAssembly.Module (cached)
 * ```
 */
export function moduleOf(
  dtype: Dtype,
  fma: boolean,
  blocking: GemmBlocking,
): WebAssembly.Module | null {
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

/**
 * Names of the output-layer modules (each used by both the plain and the FMA kernel sets).
 *
 * @example
 * ```ts
 * const name: OutputModuleName = "cost-f64";
 * ```
 */
export type OutputModuleName = "output-f64" | "cost-f64" | "output-f32" | "float32-output";

/** The output-layer modules' bytes (base64), by name. */
const OUTPUT_MODULES: Readonly<Record<OutputModuleName, string>> = {
  "output-f64": outputF64Base64,
  "cost-f64": costF64Base64,
  "output-f32": outputF32Base64,
  "float32-output": float32OutputBase64,
};

/**
 * The compiled output-layer module `name` (cached), or null where it cannot compile.
 *
 * @example
 * ```ts
 * outputModuleOf("output-f64"); // a WebAssembly.Module
 * ```
 */
export function outputModuleOf(name: OutputModuleName): WebAssembly.Module | null {
  const cached = modules.get(name);
  if (cached !== undefined) return cached;
  const mod = compile(OUTPUT_MODULES[name]);
  modules.set(name, mod);
  return mod;
}

/**
 * The float32 gradient module (with relaxed-SIMD multiply-add when `fma`, cached), or null.
 *
 * @example
 * ```ts
 * gradModuleOf(false); // a WebAssembly.Module where SIMD is available
 * ```
 */
export function gradModuleOf(fma: boolean): WebAssembly.Module | null {
  const key = `grad-f32${fma ? "-fma" : ""}`;
  const cached = modules.get(key);
  if (cached !== undefined) return cached;
  const mod = compile(fma ? gradF32FmaBase64 : gradF32Base64);
  modules.set(key, mod);
  return mod;
}

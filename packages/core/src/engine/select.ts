import { describe } from "../matrix.ts";
import { jsKernels } from "./js-kernels.ts";
import type { Dtype, Kernels } from "./kernels.ts";
import { wasmKernels } from "./wasm-kernels.ts";

/**
 * Which implementation trains:
 * - `"auto"` (default): the fused engine on WebAssembly SIMD where the runtime has it, else the
 *   fused engine on JavaScript typed arrays;
 * - `"wasm"`: the fused engine on WebAssembly SIMD (an error where it is unavailable);
 * - `"js"`: the fused engine on JavaScript typed arrays;
 * - `"reference"`: the generic path, one pure backend op at a time (the notebook's structure).
 */
export type EngineName = "auto" | "wasm" | "js" | "reference";

const ENGINES: readonly EngineName[] = ["auto", "wasm", "js", "reference"];
const DTYPES: readonly Dtype[] = ["float64", "float32"];

/**
 * Checks an `engine` option, with a message naming the option and the accepted values.
 *
 * @example
 * ```ts
 * checkEngine("wasm", "train: options.engine"); // "wasm"
 * checkEngine("gpu", "train: options.engine"); // throws RangeError
 * ```
 */
export function checkEngine(engine: unknown, where: string): EngineName {
  if (typeof engine !== "string" || !(ENGINES as readonly string[]).includes(engine)) {
    throw new RangeError(
      `${where} must be one of ${ENGINES.map((e) => `"${e}"`).join(", ")}, got ${describe(engine)}`,
    );
  }
  return engine as EngineName;
}

/**
 * Checks a `dtype` option.
 *
 * @example
 * ```ts
 * checkDtype("float32", "train: options.dtype"); // "float32"
 * ```
 */
export function checkDtype(dtype: unknown, where: string): Dtype {
  if (typeof dtype !== "string" || !(DTYPES as readonly string[]).includes(dtype)) {
    throw new RangeError(`${where} must be "float64" or "float32", got ${describe(dtype)}`);
  }
  return dtype as Dtype;
}

/**
 * True where this runtime can run the WebAssembly SIMD kernels.
 *
 * @example
 * ```ts
 * hasWasmSimd(); // true in Node 20, Bun, Deno and current browsers
 * ```
 */
export function hasWasmSimd(): boolean {
  return wasmKernels("float64") !== null;
}

/**
 * True where this runtime enables WebAssembly relaxed SIMD by default, so the `fma` option
 * takes effect (Bun, Deno, current browsers; Node 20 only with a V8 flag).
 *
 * @example
 * ```ts
 * hasRelaxedSimd(); // false under Node 20, true under Bun 1.4 and Deno 2.9
 * ```
 */
export function hasRelaxedSimd(): boolean {
  return wasmKernels("float64", { fma: true }) !== null;
}

/**
 * A new kernel set for a fused engine (`"auto"`, `"wasm"` or `"js"`) and dtype: `"auto"` is
 * WebAssembly SIMD where available, else JavaScript. With `fma`, the WebAssembly kernels use
 * relaxed SIMD's fused multiply-add where the runtime enables it (name ending in `-fma`), and
 * the plain kernels elsewhere. Throws a RangeError for `"wasm"` where
 * WebAssembly SIMD is unavailable, and for `"reference"` (which has no kernels).
 *
 * @example
 * ```ts
 * createKernels("auto", "float64").name; // "wasm-simd-f64" (or "js-f64" without SIMD)
 * ```
 */
export function createKernels(
  engine: EngineName,
  dtype: Dtype,
  where = "createKernels",
  options: { readonly fma?: boolean } = {},
): Kernels {
  if (engine === "reference") {
    throw new RangeError(`${where}: the "reference" engine has no fused kernels`);
  }
  if (engine === "js") return jsKernels(dtype);
  // fma: the relaxed-SIMD kernels where the runtime has them, the plain SIMD ones otherwise.
  const k = (options.fma === true ? wasmKernels(dtype, { fma: true }) : null) ?? wasmKernels(dtype);
  if (k !== null) return k;
  if (engine === "wasm") {
    throw new RangeError(
      `${where}: engine "wasm" needs WebAssembly with fixed-width SIMD, which this runtime does not provide; use engine "auto" or "js"`,
    );
  }
  return jsKernels(dtype);
}

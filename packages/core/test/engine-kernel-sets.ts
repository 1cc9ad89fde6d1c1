// Every kernel set of the fused engine that must pass the kernel conformance suite
// (engine-kernels.test.ts): adding a set is adding an entry below.

import { decodeBase64 } from "../src/backends/wasm/kernels.ts";
import { jsKernels } from "../src/engine/js-kernels.ts";
import type { Kernels } from "../src/engine/kernels.ts";
import { engineF32Base64 } from "../src/engine/wasm/engine-f32.generated.ts";
import { engineF64Base64 } from "../src/engine/wasm/engine-f64.generated.ts";
import { engineF64Blocked3x3Base64 } from "../src/engine/wasm/engine-f64-3x3.generated.ts";
import { kernelsOfModule, wasmKernels } from "../src/engine/wasm-kernels.ts";

/** A kernel set under test; `make` returns a new instance (null where the set is unavailable). */
export interface KernelSetCase {
  readonly name: string;
  readonly make: () => Kernels | null;
}

/**
 * The kernel sets under test.
 *
 * @example
 * ```ts
 * describe.each(kernelSets)("$name", ({ make }) => { ... });
 * ```
 */
export const kernelSets: KernelSetCase[] = [
  { name: "js-f64", make: () => jsKernels("float64") },
  { name: "js-f32", make: () => jsKernels("float32") },
  { name: "wasm-simd-f64", make: () => wasmKernels("float64") },
  { name: "wasm-simd-f32", make: () => wasmKernels("float32") },
  // The same modules with 1 KiB panels: every product over 1 KiB of B takes the blocked path
  // (panels of 16 columns, slices of k carried in C), so the whole suite checks its bits too.
  { name: "wasm-simd-f64-panels-1k", make: () => tinyPanels(engineF64Base64, "float64") },
  { name: "wasm-simd-f32-panels-1k", make: () => tinyPanels(engineF32Base64, "float32") },
  // Both float64 register blockings, whichever this runtime picks by default.
  { name: "wasm-simd-f64-2x4", make: () => named(engineF64Base64, "wasm-simd-f64-2x4") },
  { name: "wasm-simd-f64-3x3", make: () => named(engineF64Blocked3x3Base64, "wasm-simd-f64-3x3") },
  {
    name: "wasm-simd-f64-3x3-panels-1k",
    make: () => tinyPanels(engineF64Blocked3x3Base64, "float64", "wasm-simd-f64-3x3-panels-1k"),
  },
];

function tinyPanels(base64: string, dtype: "float64" | "float32", name?: string): Kernels | null {
  const bytes = decodeBase64(base64);
  if (!WebAssembly.validate(bytes)) return null;
  return kernelsOfModule(
    new WebAssembly.Module(bytes),
    dtype,
    name ?? `wasm-simd-${dtype === "float64" ? "f64" : "f32"}-panels-1k`,
    { bytes: 1024, cols: 16 },
  );
}

/** A float64 kernel set over the module `base64`, named `name`. */
function named(base64: string, name: string): Kernels | null {
  const bytes = decodeBase64(base64);
  if (!WebAssembly.validate(bytes)) return null;
  return kernelsOfModule(new WebAssembly.Module(bytes), "float64", name);
}

// Every kernel set of the fused engine that must pass the kernel conformance suite
// (engine-kernels.test.ts): adding a set is adding an entry below.

import { jsKernels } from "../src/engine/js-kernels.ts";
import type { Kernels } from "../src/engine/kernels.ts";
import { wasmKernels } from "../src/engine/wasm-kernels.ts";

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
];

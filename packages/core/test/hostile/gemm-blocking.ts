import type { GemmBlocking } from "../../src/engine.ts";
import { wasmKernels } from "../../src/engine.ts";
import type { HostileCase } from "./case.ts";

/** The WebAssembly kernels' register blocking option (issue 23, the default engine's speed). */
export const cases: HostileCase[] = [
  {
    name: "wasmKernels with an unknown blocking",
    run: () => wasmKernels("float64", { blocking: "4x4" as GemmBlocking }),
    error: RangeError,
    message: 'wasmKernels: options.blocking must be "2x4" or "3x3", got string "4x4"',
    defect: "23",
  },
  {
    name: "wasmKernels with the 3x3 blocking in float32",
    run: () => wasmKernels("float32", { blocking: "3x3" }),
    error: RangeError,
    message: 'wasmKernels: options.blocking "3x3" exists only for float64, got dtype float32',
    defect: "23",
  },
  {
    name: "wasmKernels with the 3x3 blocking in float32 with fma",
    run: () => wasmKernels("float32", { blocking: "3x3", fma: true }),
    error: RangeError,
    message: "exists only for float64, got dtype float32",
    defect: "23",
  },
];

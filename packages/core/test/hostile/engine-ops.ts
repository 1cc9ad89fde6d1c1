import {
  type Epilogue,
  FusedTrainer,
  jsKernels,
  normalizeArchitecture,
  wasmKernels,
} from "../../src/engine.ts";
import { Adam, categoricalCrossEntropy, Sgd } from "../../src/index.ts";
import type { HostileCase } from "./case.ts";

/** One product with a made-up epilogue on a fresh kernel set (`wasm`: the WebAssembly one). */
function gemmWith(epilogue: unknown, wasm = false): void {
  const k = (wasm ? wasmKernels("float64") : null) ?? jsKernels("float64");
  const a = k.alloc(4);
  k.gemm(a, 1, 1, a, a, 1, 1, 1, epilogue as Epilogue);
}

const EPILOGUE = /gemm: epilogue\.kind must be "none" or "relu", got /;

/** The fused table's kernels and the in-place update (issue 23, items 1 and 2). */
export const cases: HostileCase[] = [
  {
    name: "gemm with an epilogue of an unknown kind",
    run: () => gemmWith({ kind: "gelu", out: 0 }),
    error: TypeError,
    message: /js-f64\.gemm: epilogue\.kind must be "none" or "relu", got "gelu"/,
    defect: "23.1",
  },
  {
    name: "gemm (WebAssembly where available) with a null epilogue",
    run: () => gemmWith(null, true),
    error: TypeError,
    message: EPILOGUE,
    defect: "23.1",
  },
  {
    name: "gemm with the old positional NONE as its epilogue",
    run: () => gemmWith(-1),
    error: TypeError,
    message: EPILOGUE,
    defect: "23.1",
  },
  {
    name: "FusedTrainer under a custom loss (not in the fused table)",
    run: () =>
      new FusedTrainer(
        normalizeArchitecture([{ input_dim: 2, output_dim: 1, activation: "sigmoid" }]),
        4,
        jsKernels("float64"),
        { ...categoricalCrossEntropy, name: "hinge" as never },
      ),
    error: RangeError,
    message:
      'the loss "hinge" is not binaryCrossEntropy, meanSquaredError, categoricalCrossEntropy',
    defect: "23.1",
  },
  {
    name: "Sgd with momentum and weight decay: stepInPlace over one span",
    run: () =>
      new Sgd({ momentum: 0.9, weightDecay: 0.1 }).stepInPlace(
        new Float64Array(4),
        0,
        new Float64Array(4),
        0,
        4,
      ),
    error: RangeError,
    message:
      /sgd\.stepInPlace: no in-place update over one span for .*"weightDecay":0\.1.*; use stepBlocksInPlace/,
    defect: "23.2",
  },
  {
    name: "Adam with weight decay: stepInPlace over one span",
    run: () =>
      new Adam({ weightDecay: 0.01 }).stepInPlace(
        new Float64Array(4),
        0,
        new Float64Array(4),
        0,
        4,
      ),
    error: RangeError,
    message: "adam.stepInPlace: no in-place update over one span",
    defect: "23.2",
  },
  {
    name: "stepInPlace past the end of the gradients",
    run: () => new Sgd().stepInPlace(new Float64Array(8), 0, new Float64Array(4), 2, 4),
    error: RangeError,
    message: /sgd\.stepInPlace: expected 4 values at params\[0\] and grads\[2\]/,
    defect: "23.2",
  },
  {
    name: "stepInPlace on a plain array",
    run: () =>
      new Sgd().stepInPlace([1, 2] as unknown as Float64Array, 0, new Float64Array(2), 0, 2),
    error: RangeError,
    message: "of two Float64Array or Float32Array",
    defect: "23.2",
  },
  {
    name: "stepInPlace with a fractional count",
    run: () => new Sgd().stepInPlace(new Float64Array(4), 0, new Float64Array(4), 0, 1.5),
    error: RangeError,
    message: "expected 1.5 values",
    defect: "23.2",
  },
];

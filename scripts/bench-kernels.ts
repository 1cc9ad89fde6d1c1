// Tiny timing script (not a test): the fused engine's kernel sets on the headline network's
// per-epoch work (2-25-50-50-25-1, 900 samples, full batch), laid out as the engine lays it out:
//   forward   Z = W·A_prev + b (reluOut A for the ReLU layers), W is out x in, A_prev in x 900;
//   backward  A_prevᵀ by `transpose`, dW = dZ·A_prevᵀ (k = 900), and
//             dZ_prev = mask(Wᵀ·dZ, Z_prev) read through aRowStride = 1, aColStride = in.
// Run with any runtime, e.g.
//   node_modules/.bin/tsx scripts/bench-kernels.ts [--rounds 15]
//   node_modules/.bin/bun run scripts/bench-kernels.ts
// Sets alternate in short rounds (so a busy machine slows them alike); prints per set the
// median (and best) ms per epoch of gemms, their GFLOP/s, and the ms per epoch of transposes.
// The WebAssembly sets are included when packages/core/src/engine/wasm-kernels.ts exists and
// loads here.

import { jsKernels } from "../packages/core/src/engine/js-kernels.ts";
import type { Dtype, Kernels } from "../packages/core/src/engine/kernels.ts";
import { NONE } from "../packages/core/src/engine/kernels.ts";

const SAMPLES = 900;
const DIMS = [2, 25, 50, 50, 25, 1];
const EPOCHS_PER_ROUND = 4;
const roundsArg = process.argv.indexOf("--rounds");
const ROUNDS = roundsArg >= 0 ? Number(process.argv[roundsArg + 1]) : 15;

interface Layer {
  readonly inputs: number;
  readonly outputs: number;
  readonly relu: boolean;
  readonly W: number;
  readonly b: number;
  readonly Z: number;
  readonly A: number;
  readonly dZ: number;
  readonly dW: number;
  readonly inputT: number;
}

interface Workload {
  readonly name: string;
  readonly gemms: () => void;
  readonly transposes: () => void;
}

/** Plans the network's buffers in `k` and returns one epoch of its gemms and transposes. */
function workload(k: Kernels): Workload {
  const X = k.alloc(DIMS[0]! * SAMPLES);
  const layers: Layer[] = [];
  for (let l = 1; l < DIMS.length; l++) {
    const inputs = DIMS[l - 1]!;
    const outputs = DIMS[l]!;
    const relu = l < DIMS.length - 1;
    const Z = k.alloc(outputs * SAMPLES);
    layers.push({
      inputs,
      outputs,
      relu,
      W: k.alloc(outputs * inputs),
      b: k.alloc(outputs),
      Z,
      A: relu ? k.alloc(outputs * SAMPLES) : Z,
      dZ: k.alloc(outputs * SAMPLES),
      dW: k.alloc(outputs * inputs),
      inputT: k.alloc(SAMPLES * inputs),
    });
  }
  // Deterministic values in [-1, 1) everywhere (xorshift32).
  const h = k.heap();
  let s = 0x2545f491;
  for (let i = 0; i < h.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    h[i] = (s >>> 0) / 2 ** 31 - 1;
  }
  const input = (l: number): number => (l === 0 ? X : layers[l - 1]!.A);
  return {
    name: k.name,
    gemms(): void {
      for (let l = 0; l < layers.length; l++) {
        const L = layers[l]!;
        k.gemm(
          L.W,
          L.inputs,
          1,
          input(l),
          L.Z,
          L.outputs,
          L.inputs,
          SAMPLES,
          L.b,
          NONE,
          L.relu ? L.A : NONE,
        );
      }
      for (let l = layers.length - 1; l >= 0; l--) {
        const L = layers[l]!;
        k.gemm(L.dZ, SAMPLES, 1, L.inputT, L.dW, L.outputs, SAMPLES, L.inputs, NONE, NONE, NONE);
        if (l > 0) {
          const P = layers[l - 1]!;
          k.gemm(L.W, 1, L.inputs, L.dZ, P.dZ, L.inputs, L.outputs, SAMPLES, NONE, P.Z, NONE);
        }
      }
    },
    transposes(): void {
      for (let l = 0; l < layers.length; l++) {
        const L = layers[l]!;
        k.transpose(input(l), L.inputT, L.inputs, SAMPLES);
      }
    },
  };
}

/** Floating-point operations of one epoch's gemms (2·m·k·n each). */
function epochFlops(): number {
  let flops = 0;
  for (let l = 1; l < DIMS.length; l++) {
    const i = DIMS[l - 1]!;
    const o = DIMS[l]!;
    flops += 2 * o * i * SAMPLES; // forward
    flops += 2 * o * SAMPLES * i; // dW
    if (l > 1) flops += 2 * i * o * SAMPLES; // dZ_prev
  }
  return flops;
}

async function wasmFactory(): Promise<((dtype: Dtype) => Kernels | null) | null> {
  try {
    const url = new URL("../packages/core/src/engine/wasm-kernels.ts", import.meta.url).href;
    const mod = (await import(url)) as { wasmKernels?: unknown };
    return typeof mod.wasmKernels === "function"
      ? (mod.wasmKernels as (dtype: Dtype) => Kernels | null)
      : null;
  } catch {
    return null;
  }
}

const sets: Kernels[] = [jsKernels("float64"), jsKernels("float32")];
const wasm = await wasmFactory();
if (wasm !== null) {
  for (const dtype of ["float64", "float32"] as const) {
    const k = wasm(dtype);
    if (k !== null) sets.push(k);
  }
}

const work = sets.map(workload);
for (const w of work) {
  for (let e = 0; e < 3; e++) {
    w.gemms();
    w.transposes();
  }
}
const gemmTimes: number[][] = work.map(() => []);
const transposeTimes: number[][] = work.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  work.forEach((w, i) => {
    let t0 = performance.now();
    for (let e = 0; e < EPOCHS_PER_ROUND; e++) w.gemms();
    gemmTimes[i]!.push((performance.now() - t0) / EPOCHS_PER_ROUND);
    t0 = performance.now();
    for (let e = 0; e < EPOCHS_PER_ROUND; e++) w.transposes();
    transposeTimes[i]!.push((performance.now() - t0) / EPOCHS_PER_ROUND);
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
};
const flops = epochFlops();
const runtime =
  typeof (globalThis as { Bun?: unknown }).Bun !== "undefined"
    ? "bun"
    : typeof (globalThis as { Deno?: unknown }).Deno !== "undefined"
      ? "deno"
      : `node ${process.version}`;
console.log(
  `headline gemms per epoch: ${(flops / 1e6).toFixed(1)} MFLOP; ${ROUNDS} rounds x ${EPOCHS_PER_ROUND} epochs (${runtime})`,
);
work.forEach((w, i) => {
  const g = median(gemmTimes[i]!);
  const best = Math.min(...gemmTimes[i]!);
  const t = median(transposeTimes[i]!);
  console.log(
    `${w.name.padEnd(14)} gemm ${g.toFixed(2).padStart(6)} ms/epoch (best ${best.toFixed(2)}), ` +
      `${(flops / g / 1e6).toFixed(2)} GFLOP/s; transpose ${t.toFixed(3)} ms/epoch`,
  );
});

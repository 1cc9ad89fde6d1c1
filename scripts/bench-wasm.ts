// Tiny timing script (not a test): the typed-array reference backend against the WebAssembly
// SIMD backend on the headline workload (2-25-50-50-25-1, 900 samples, full batch, forward +
// backward + gradient-descent update per epoch). Run with any runtime, e.g.
//   node_modules/.bin/tsx scripts/bench-wasm.ts
//   node_modules/.bin/bun run scripts/bench-wasm.ts
//   node_modules/.bin/deno run scripts/bench-wasm.ts
// Backends alternate in short rounds (so a busy machine slows both alike); prints ms/epoch
// (median and best round) and the ratio typed-array / wasm-simd measured in this same run.

import { wasmKernels } from "../packages/core/src/backends/wasm/kernels.ts";
import type { LayerInput, MatrixBackend } from "../packages/core/src/index.ts";
import {
  fullBackwardPropagation,
  fullForwardPropagation,
  initLayers,
  Matrix,
  typedArrayBackend,
  update,
  wasmBackend,
} from "../packages/core/src/index.ts";

const SAMPLES = 900;
const EPOCHS_PER_ROUND = 5;
const ROUNDS = 10; // 50 epochs per backend

const arch: LayerInput[] = [
  { input_dim: 2, output_dim: 25, activation: "relu" },
  { input_dim: 25, output_dim: 50, activation: "relu" },
  { input_dim: 50, output_dim: 50, activation: "relu" },
  { input_dim: 50, output_dim: 25, activation: "relu" },
  { input_dim: 25, output_dim: 1, activation: "sigmoid" },
];

let state = 0x2545f491;
/** Deterministic uniform [0, 1) (xorshift32). */
function uniform(): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
}

const X = new Matrix(2, SAMPLES);
const Y = new Matrix(1, SAMPLES);
for (let j = 0; j < SAMPLES; j++) {
  const x0 = uniform() * 2 - 1;
  const x1 = uniform() * 2 - 1;
  X.data[j] = x0;
  X.data[SAMPLES + j] = x1;
  Y.data[j] = x0 * x0 + x1 * x1 < 0.5 ? 1 : 0;
}

interface Run {
  readonly name: string;
  readonly epochs: (n: number) => number;
}

function runner<M>(be: MatrixBackend<M>): Run {
  const x = be.fromMatrix(X);
  const y = be.fromMatrix(Y);
  let params = initLayers(arch, 2, { backend: be });
  return {
    name: be.name,
    epochs(n) {
      let last = 0;
      for (let e = 0; e < n; e++) {
        const { output, memory } = fullForwardPropagation(x, params, arch, { backend: be });
        const grads = fullBackwardPropagation(output, y, memory, params, arch, undefined, {
          backend: be,
        });
        params = update(params, grads, 0.01, arch, { backend: be });
        last = be.toMatrix(output).data[0] as number;
      }
      return last;
    },
  };
}

if (wasmKernels() === null) throw new Error("bench-wasm: WebAssembly SIMD is not available here");
const runs = [runner(typedArrayBackend), runner(wasmBackend)];
for (const r of runs) r.epochs(5); // warm-up
const times: number[][] = runs.map(() => []);
let sink = 0;
for (let round = 0; round < ROUNDS; round++) {
  runs.forEach((r, i) => {
    const t0 = performance.now();
    sink += r.epochs(EPOCHS_PER_ROUND);
    times[i]!.push((performance.now() - t0) / EPOCHS_PER_ROUND);
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};
const medians = times.map(median);
runs.forEach((r, i) => {
  const t = times[i]!;
  console.log(
    `${r.name.padEnd(12)} median ${medians[i]!.toFixed(2)} ms/epoch, best ${Math.min(...t).toFixed(2)}`,
  );
});
console.log(
  `ratio typed-array / wasm-simd (medians): ${(medians[0]! / medians[1]!).toFixed(2)}  (sink ${sink.toFixed(3)})`,
);

import {
  binaryCrossEntropy,
  FusedTrainer,
  initLayers,
  jsKernels,
  Matrix,
  normalizeArchitecture,
  relu,
  sigmoid,
  wasmKernels,
} from "@plainnet/core";
import { makeMoons, trainTestSplit } from "@plainnet/datasets";

const args = (globalThis as any).Deno ? (globalThis as any).Deno.args : process.argv.slice(2);
const dtype = (args[0] ?? "float64") as any;
const fma = args[1] === "fma";
const sizes = (args[2] ?? "2,25,50,50,25,1").split(",").map(Number);
const m = Number(args[3] ?? 900);
const X = new Matrix(
  2,
  m,
  Float64Array.from({ length: 2 * m }, (_, i) => Math.sin(i * 1.7)),
);
const Y = new Matrix(
  1,
  m,
  Float64Array.from({ length: m }, (_, i) => (i % 3 === 0 ? 1 : 0)),
);
const arch = normalizeArchitecture(
  sizes
    .slice(1)
    .map((d: number, i: number) => ({
      input_dim: sizes[i],
      output_dim: d,
      activation: i === sizes.length - 2 ? "sigmoid" : "relu",
    })) as any,
  "x",
);
const k = wasmKernels(dtype, { fma })!;
const t = new FusedTrainer(arch, m, k, binaryCrossEntropy);
t.setParams(initLayers(arch, 2));
t.setData(X, Y);
let e = 0;
const out: string[] = [];
for (let s = 0; s < 12; s++) {
  const t0 = performance.now();
  const n = sizes.length > 4 && sizes[1] < 10 ? 400 : 100;
  for (let i = 0; i < n; i++) t.epoch(e++, 0.01);
  out.push(((((performance.now() - t0) / n) * 900) / m).toFixed(3));
}
console.log(dtype, fma ? "fma" : "", out.join(" "));

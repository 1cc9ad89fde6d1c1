import {
  binaryCrossEntropy,
  initLayers,
  Matrix,
  normalizeArchitecture,
  ParallelTrainer,
} from "@plainnet/core";

const args = (globalThis as any).Deno ? (globalThis as any).Deno.args : process.argv.slice(2);
const dtype = (args[0] ?? "float64") as any;
const threads = Number(args[1] ?? 2);
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
const t = await ParallelTrainer.create(arch, X, Y, binaryCrossEntropy, { threads, dtype });
t.setParams(initLayers(arch, 2));
let e = 0;
const out: string[] = [];
for (let s = 0; s < 12; s++) {
  const t0 = performance.now();
  const n = 100;
  for (let i = 0; i < n; i++) t.epoch(e++, 0.01);
  out.push(((performance.now() - t0) / n).toFixed(3));
}
t.close();
const pt = (globalThis as any).__pt;
console.log("firstReady/notReady", (globalThis as any).__first.join("/"), "doneDelay", (pt[7] / pt[3]).toFixed(3), "startDelay", (pt[6] / pt[3]).toFixed(3), "wshard", (pt[4] / pt[3]).toFixed(3), "wwait", (pt[5] / pt[3]).toFixed(3),
  "main",
  (pt[0] / pt[3]).toFixed(3),
  "wait",
  (pt[1] / pt[3]).toFixed(3),
  "rest",
  (pt[2] / pt[3]).toFixed(3),
);
console.log(dtype, threads, out.join(" "));

// In-process A/B: one-thread FusedTrainer vs ParallelTrainer(threads), alternating rounds.
import { FusedTrainer, ParallelTrainer, wasmKernels, binaryCrossEntropy, initLayers, normalizeArchitecture, Matrix } from "@plainnet/core";
const args = (globalThis as any).Deno ? (globalThis as any).Deno.args : process.argv.slice(2);
const dtype = (args[0] ?? "float64") as any;
const sizes = (args[1] ?? "2,25,50,50,25,1").split(",").map(Number);
const m = Number(args[2] ?? 900);
const per = Number(args[3] ?? 20);
const fma = args[4] === "fma";
const X = new Matrix(2, m, Float64Array.from({ length: 2 * m }, (_, i) => Math.sin(i * 1.7)));
const Y = new Matrix(1, m, Float64Array.from({ length: m }, (_, i) => (i % 3 === 0 ? 1 : 0)));
const arch = normalizeArchitecture(sizes.slice(1).map((d: number, i: number) => ({ input_dim: sizes[i], output_dim: d, activation: i === sizes.length - 2 ? "sigmoid" : "relu" })) as any, "x");
const one = new FusedTrainer(arch, m, wasmKernels(dtype, { fma })!, binaryCrossEntropy);
one.setParams(initLayers(arch, 2)); one.setData(X, Y);
const two = await ParallelTrainer.create(arch, X, Y, binaryCrossEntropy, { threads: 2, dtype, fma });
two.setParams(initLayers(arch, 2));
const ts = [one, two];
for (const t of ts) for (let e = 0; e < 100; e++) t.epoch(e, 0.01);
const ms: number[][] = [[], []];
for (let r = 0; r < 30; r++) {
  const order = r % 2 ? [1, 0] : [0, 1];
  for (const i of order) { const t0 = performance.now(); for (let e = 0; e < per; e++) ts[i]!.epoch(e, 0.01); ms[i]!.push((performance.now() - t0) / per); }
}
two.close();
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
console.log(`${dtype}${fma ? "+fma" : ""} one ${med(ms[0]!).toFixed(3)} two ${med(ms[1]!).toFixed(3)} paired speed-up ${med(ms[0]!.map((x, r) => x / ms[1]![r]!)).toFixed(3)}`);

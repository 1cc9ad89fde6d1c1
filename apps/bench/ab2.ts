// In-process A/B of generated kernel variants (rows x vecs), alternating rounds.
import {
  binaryCrossEntropy,
  FusedTrainer,
  initLayers,
  Matrix,
  normalizeArchitecture,
} from "@plainnet/core";
// @ts-expect-error
import wabtInit from "../../node_modules/wabt/index.js";
import { kernelsOfModule } from "../../packages/core/src/engine/wasm-kernels.ts";
// @ts-expect-error
import { engineWat } from "../../scripts/gen-engine-wat.mjs";

const args = (globalThis as any).Deno ? (globalThis as any).Deno.args : process.argv.slice(2);
const variants: string[] = (args[0] ?? "f64:2x4,f64:3x4").split(",");
const sizes = (args[1] ?? "2,25,50,50,25,1").split(",").map(Number);
const m = Number(args[2] ?? 900);
const per = Number(args[3] ?? 20);
const wabt = await wabtInit();
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
const trainers = variants.map((v) => {
  const [T, shape, f, pb, pc, opt] = v.split(":");
  const [rows, vecs] = shape!.split("x").map(Number);
  const text = engineWat(T, rows, vecs, f === "fma", { unroll: opt?.includes("u") ? 2 : 1, inlineB: opt?.includes("i"), productFirst: opt?.includes("p") });
  const bin = wabt.parseWat("x.wat", text, { simd: true, relaxed_simd: true }).toBinary({}).buffer;
  const k = kernelsOfModule(
    new WebAssembly.Module(bin),
    T === "f64" ? "float64" : "float32",
    v,
    pb ? { bytes: Number(pb) * 1024, cols: Number(pc) } : undefined,
  )!;
  const t = new FusedTrainer(arch, m, k, binaryCrossEntropy);
  t.setParams(initLayers(arch, 2));
  t.setData(X, Y);
  for (let e = 0; e < 100; e++) t.epoch(e, 0.01);
  return { t, size: bin.length };
});
const ms: number[][] = variants.map(() => []);
for (let r = 0; r < 30; r++) {
  const order = r % 2 ? [...trainers.keys()].reverse() : [...trainers.keys()];
  for (const i of order) {
    const t0 = performance.now();
    for (let e = 0; e < per; e++) trainers[i]!.t.epoch(e, 0.01);
    ms[i]!.push((performance.now() - t0) / per);
  }
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
console.log(
  variants
    .map(
      (v, i) =>
        `${v}(${trainers[i]!.size}B) med ${med(ms[i]!).toFixed(3)} ratio ${med(ms[i]!.map((x, r) => x / ms[0]![r]!)).toFixed(3)}`,
    )
    .join(" | "),
);

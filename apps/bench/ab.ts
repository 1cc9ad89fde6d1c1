// In-process A/B: alternate two trainers round by round so both see the same machine state.
import {
  binaryCrossEntropy,
  FusedTrainer,
  initLayers,
  Matrix,
  normalizeArchitecture,
  wasmKernels,
} from "@plainnet/core";

const args = (globalThis as any).Deno ? (globalThis as any).Deno.args : process.argv.slice(2);
const variants = (args[0] ?? "float64,float64:fma").split(",");
const sizes = (args[1] ?? "2,25,50,50,25,1").split(",").map(Number);
const m = Number(args[2] ?? 900);
const per = Number(args[3] ?? 20);
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
const trainers = variants.map((v: string) => {
  const [dtype, opt] = v.split(":");
  const k =
    (globalThis as any).__kernels?.(v) ?? wasmKernels(dtype as any, { fma: opt === "fma" })!;
  const t = new FusedTrainer(arch, m, k, binaryCrossEntropy);
  t.setParams(initLayers(arch, 2));
  t.setData(X, Y);
  for (let e = 0; e < 100; e++) t.epoch(e, 0.01);
  return t;
});
const ms: number[][] = variants.map(() => []);
for (let r = 0; r < 30; r++) {
  const order = r % 2 ? [...trainers.keys()].reverse() : [...trainers.keys()];
  for (const i of order) {
    const t0 = performance.now();
    for (let e = 0; e < per; e++) trainers[i].epoch(e, 0.01);
    ms[i].push((performance.now() - t0) / per);
  }
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
const ratios = ms[1].map((v, r) => v / ms[0][r]);
console.log(
  variants
    .map(
      (v: string, i: number) =>
        `${v} med ${med(ms[i]).toFixed(3)} min ${Math.min(...ms[i]).toFixed(3)}`,
    )
    .join(" | "),
  `| paired ratio ${variants[1]}/${variants[0]} ${med(ratios).toFixed(3)}`,
);

import {
  binaryCrossEntropy,
  FusedTrainer,
  initLayers,
  Matrix,
  normalizeArchitecture,
  wasmKernels,
} from "@plainnet/core";

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
const acc: Record<string, number> = {};
const add = (key: string, t: number) => {
  acc[key] = (acc[key] ?? 0) + t;
};
const g = k.gemm.bind(k),
  tr = k.transpose.bind(k);
(k as any).gemm = (...a: any[]) => {
  const t0 = performance.now();
  (g as any)(...a);
  add(
    `gemm m${a[5]} k${a[6]} n${a[7]} ${a[10] >= 0 ? "relu" : a[9] >= 0 ? "mask" : ""}`,
    performance.now() - t0,
  );
};
(k as any).transpose = (...a: any[]) => {
  const t0 = performance.now();
  (tr as any)(...a);
  add("transpose", performance.now() - t0);
};
const t = new FusedTrainer(arch, m, k, binaryCrossEntropy);
t.setParams(initLayers(arch, 2));
t.setData(X, Y);
const N = Number(args[4] ?? 300);
for (let e = 0; e < 200; e++) t.epoch(e, 0.01);
for (const key in acc) delete acc[key];
const T = { fwd: 0, eval: 0, bwd: 0, epoch: 0 };
for (let e = 0; e < N; e++) {
  const t0 = performance.now();
  t.forward();
  const t1 = performance.now();
  t.evaluate();
  const t2 = performance.now();
  t.backward();
  const t3 = performance.now();
  T.fwd += t1 - t0;
  T.eval += t2 - t1;
  T.bwd += t3 - t2;
}
const t0 = performance.now();
for (let e = 0; e < N; e++) t.epoch(e, 0.01);
T.epoch = performance.now() - t0;
let gsum = 0;
for (const key in acc) gsum += acc[key];
console.log(
  `fwd ${(T.fwd / N).toFixed(3)} eval ${(T.eval / N).toFixed(3)} bwd ${(T.bwd / N).toFixed(3)} | epoch ${(T.epoch / N).toFixed(3)}  kernels(both loops) ${(gsum / 2 / N).toFixed(3)}`,
);
for (const [key, v] of Object.entries(acc).sort((a, b) => b[1] - a[1]))
  console.log(`  ${key.padEnd(28)} ${(v / 2 / N).toFixed(4)}`);

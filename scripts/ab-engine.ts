// A/B timing of fused-engine kernel variants (not a test), interleaved in one process:
// the headline network (2-25-50-50-25-1, 900 samples, full batch, BCE, SGD 0.01), one
// FusedTrainer per variant on the same data and initial parameters, each round one sample of
// EPOCHS epochs per variant (order reversed on odd rounds); prints each variant's median ms an
// epoch and the median of the per-round ratios to the first variant.
//   tsx scripts/ab-engine.ts [--dtype float64] [--fma] [--rounds 21] [--epochs 10] [--warm 300] A.wasm B.wasm ...
//   bun run scripts/ab-engine.ts ...;  deno run --allow-read scripts/ab-engine.ts ...
// A variant is a .wasm file of engine kernels (scripts/ab-engine-asm.mjs writes them from a
// generator) or a shipped kernel set: `wasm:default`, `wasm:2x4`, `wasm:3x3` (with relaxed FMA: `--fma`), or
// `wasm:2x4@65536/64` (that float64 module with panels of 65536 bytes and 64 columns; `wasm:f32@...`
// the float32 module with its dWdb; a third part `/nopack`: B's panels used in place, not packed; a fourth, float32 dWdb's
// rows of A per call, 0: one call; a fifth, the fewest rows of A whose products pack). Each pair's final
// parameters are compared bit for bit. `--samples` prints every round's samples; `--profile`
// instead times each kernel call class of the first variant (per epoch).
import { readFileSync } from "node:fs";
import { decodeBase64 } from "../packages/core/src/backends/wasm/kernels.ts";
import type { Dtype, Kernels } from "../packages/core/src/engine/kernels.ts";
import { FusedTrainer } from "../packages/core/src/engine/trainer.ts";
import { engineF32Base64 } from "../packages/core/src/engine/wasm/engine-f32.generated.ts";
import { engineF64Base64 } from "../packages/core/src/engine/wasm/engine-f64.generated.ts";
import { engineF64Blocked3x3Base64 } from "../packages/core/src/engine/wasm/engine-f64-3x3.generated.ts";
import { gradF32Base64 } from "../packages/core/src/engine/wasm/grad-f32.generated.ts";
import {
  type GemmBlocking,
  kernelsOfModule,
  wasmKernels,
} from "../packages/core/src/engine/wasm-kernels.ts";
import {
  architectureFromSizes,
  binaryCrossEntropy,
  initLayers,
} from "../packages/core/src/index.ts";
import { makeMoons, toColumns, trainTestSplit } from "../packages/datasets/src/index.ts";

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv.splice(i, 2)[1]! : fallback;
};
const flag = (name: string): boolean => {
  const i = argv.indexOf(name);
  if (i >= 0) argv.splice(i, 1);
  return i >= 0;
};
const dtype = opt("--dtype", "float64") as Dtype;
const rounds = Number(opt("--rounds", "21"));
const epochs = Number(opt("--epochs", "10"));
const warm = Number(opt("--warm", "300"));
const profile = flag("--profile");
const showSamples = flag("--samples");
const fma = flag("--fma");
/** `--net wide`: the bench's wide workload (2-256-256-1, 4096 samples) instead of the headline. */
const net = opt("--net", "headline");
/** `--dense`: trainers without dead-unit skipping (`skipDeadUnits: false`; one variant: `...~dense`). */
const dense = flag("--dense");
const files = argv;

const wide = net === "wide";
const data = makeMoons({ nSamples: wide ? 4552 : 1000, noise: 0.2, randomState: 100 });
const split = trainTestSplit(data.X, data.y, { testSize: wide ? 456 : 100, randomState: 42 });
const { X, Y } = toColumns({ X: split.XTrain, y: split.yTrain });
const arch = architectureFromSizes(wide ? [2, 256, 256, 1] : [2, 25, 50, 50, 25, 1]);
const init = initLayers(arch, 2);

const times = new Map<string, number>();
const counts = new Map<string, number>();
function timed(k: Kernels): Kernels {
  const wrap =
    (key: string, f: (...a: number[]) => unknown) =>
    (...a: number[]): unknown => {
      const t = performance.now();
      const r = f(...a);
      const label = typeof key === "string" ? key : "";
      times.set(label, (times.get(label) ?? 0) + performance.now() - t);
      counts.set(label, (counts.get(label) ?? 0) + 1);
      return r;
    };
  const w = { ...k } as unknown as Record<string, unknown>;
  for (const name of [
    "transpose",
    "sum",
    "zeros",
    "max",
    "sigmoid",
    "bceSum",
    "bceSigmoidDz",
    "countCorrect",
    "dWdb",
  ]) {
    const f = (k as unknown as Record<string, unknown>)[name];
    if (typeof f === "function") w[name] = wrap(name, f as (...a: number[]) => unknown);
  }
  w.gemm = (
    a: number,
    rs: number,
    cs: number,
    b: number,
    c: number,
    m: number,
    kk: number,
    n: number,
    ep?: { kind: string; mask?: number; bias?: number },
  ) => {
    const kind =
      ep === undefined
        ? "plain"
        : ep.mask !== undefined
          ? "mask"
          : ep.bias !== undefined
            ? "bias"
            : ep.kind;
    const label = `gemm ${rs === 1 && cs !== 1 ? "AT" : "A"} ${kind} ${m}x${kk}x${n}`;
    const t = performance.now();
    k.gemm(a, rs, cs, b, c, m, kk, n, ep as never);
    times.set(label, (times.get(label) ?? 0) + performance.now() - t);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  };
  return w as unknown as Kernels;
}

const trainers = files.map((spec) => {
  // A variant ending in "~dense": that kernel set without dead-unit skipping.
  const denseOne = dense || spec.endsWith("~dense");
  const f = spec.replace(/~dense$/, "");
  // "wasm:default", "wasm:2x4", "wasm:3x3": the shipped kernel sets; else a .wasm file.
  // "wasm:2x4@65536/64": that blocking's module with panels of 65536 bytes and 64 columns.
  const panelAt = f.indexOf("@");
  if (f.startsWith("wasm:") && panelAt > 0) {
    const [bytes, cols, packed, gradCols, packRows] = f.slice(panelAt + 1).split("/") as [
      string,
      string,
      string?,
      string?,
      string?,
    ];
    // "wasm:f32=grad.wasm@...": the float32 module with that gradient module instead.
    const [name, gradFile] = f.slice(5, panelAt).split("=") as [string, string?];
    const b64 =
      name === "f32"
        ? engineF32Base64
        : name === "3x3"
          ? engineF64Blocked3x3Base64
          : engineF64Base64;
    const mod = new WebAssembly.Module(decodeBase64(b64));
    const panel = {
      bytes: Number(bytes),
      cols: Number(cols),
      pack: packed !== "nopack",
      gradCols: Number(gradCols ?? 0),
      packRows: Number(packRows ?? 8),
    };
    const grad =
      name !== "f32"
        ? null
        : new WebAssembly.Module(
            gradFile === undefined ? decodeBase64(gradF32Base64) : readFileSync(gradFile),
          );
    let kp = kernelsOfModule(mod, name === "f32" ? "float32" : "float64", f, panel, grad)!;
    if (profile) kp = timed(kp);
    const t = new FusedTrainer(arch, X.cols, kp, binaryCrossEntropy, { skipDeadUnits: !denseOne });
    t.setParams(init);
    t.setData(X, Y);
    return t;
  }
  let k = f.startsWith("wasm:")
    ? f === "wasm:default"
      ? wasmKernels(dtype, { fma })!
      : wasmKernels(dtype, { fma, blocking: f.slice(5) as GemmBlocking })!
    : kernelsOfModule(new WebAssembly.Module(readFileSync(f)), dtype, f)!;
  if (profile) k = timed(k);
  const t = new FusedTrainer(arch, X.cols, k, binaryCrossEntropy, { skipDeadUnits: !denseOne });
  t.setParams(init);
  t.setData(X, Y);
  return t;
});
const ep = trainers.map(() => 0);
const run = (i: number, n: number): number => {
  const t0 = performance.now();
  for (let e = 0; e < n; e++) trainers[i]!.epoch(ep[i]!++, 0.01);
  return (performance.now() - t0) / n;
};
for (let i = 0; i < trainers.length; i++) run(i, warm);
const median = (a: number[]): number => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
if (profile) {
  times.clear();
  counts.clear();
  const n = rounds * epochs;
  const total = run(0, n) * n;
  let inK = 0;
  const rows = [...times].sort((a, b) => b[1] - a[1]);
  for (const [label, t] of rows) {
    inK += t;
    console.log(
      `${((t / n) * 1000).toFixed(1).padStart(8)} us/epoch ${String(counts.get(label)! / n).padStart(5)} calls  ${label}`,
    );
  }
  console.log(
    `${((total / n) * 1000).toFixed(1).padStart(8)} us/epoch total; outside kernels ${(((total - inK) / n) * 1000).toFixed(1)}`,
  );
} else {
  const samples = trainers.map(() => [] as number[]);
  const ratios = trainers.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    const order = trainers.map((_, i) => i);
    if (r % 2) order.reverse();
    for (const i of order) samples[i]!.push(run(i, epochs));
    for (let i = 0; i < trainers.length; i++) ratios[i]!.push(samples[i]![r]! / samples[0]![r]!);
  }
  if (showSamples) {
    for (let i = 0; i < files.length; i++) {
      console.log(files[i], samples[i]!.map((x) => x.toFixed(2)).join(" "));
    }
  }
  files.forEach((f, i) => {
    const rs = [...ratios[i]!].sort((a, b) => a - b);
    console.log(
      `${f}: median ${median(samples[i]!).toFixed(3)} ms/epoch, ratio ${median(ratios[i]!).toFixed(3)} (IQR ${rs[Math.floor(rs.length / 4)]!.toFixed(3)}-${rs[Math.floor((3 * rs.length) / 4)]!.toFixed(3)}, ${rounds} rounds)`,
    );
  });
}
// Same bits: every trainer has run the same epochs' updates.
const p0 = trainers[0]!.params();
for (let i = 1; i < trainers.length; i++) {
  const p = trainers[i]!.params();
  if (ep[i] !== ep[0]) continue;
  const same = p.every((l, j) => l.W.data.every((v, q) => Object.is(v, p0[j]!.W.data[q])));
  console.log(`${files[i]}: params ${same ? "bitwise equal" : "DIFFER"} to ${files[0]}`);
}

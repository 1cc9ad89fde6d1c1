// Cross-runtime determinism of the fused training engine: the same seeded train() on every
// fused kernel set (WebAssembly SIMD and JavaScript, float64 and float32) under Node, Bun and
// Deno must give the same parameter bits. Within a runtime, every float64 engine must equal the
// reference path and the two float32 engines must equal each other; each check also prints
// `hash <name> <fnv1a-hex>`, which scripts/runtimes.mjs compares across runtimes.
import type { LayerInput } from "../../src/architecture.ts";
import { normalizeArchitecture } from "../../src/architecture.ts";
import { hasRelaxedSimd } from "../../src/engine/select.ts";
import { FusedTrainer } from "../../src/engine/trainer.ts";
import { wasmKernels } from "../../src/engine/wasm-kernels.ts";
import { binaryCrossEntropy } from "../../src/losses/binary-cross-entropy.ts";
import { initLayers } from "../../src/notebook/init.ts";
import { train } from "../../src/notebook/train.ts";
import type { RuntimeCheck } from "./harness.ts";
import { assert, hashParams, moonsLike } from "./harness.ts";

const arch: LayerInput[] = [
  { inputDim: 2, outputDim: 24, activation: "relu" },
  { inputDim: 24, outputDim: 17, activation: "tanh" },
  { inputDim: 17, outputDim: 9, activation: "relu" },
  { inputDim: 9, outputDim: 1, activation: "sigmoid" },
];

function run(
  engine: "reference" | "wasm" | "js",
  dtype: "float64" | "float32",
): { hash: string; name: string } {
  const [X, Y] = moonsLike(21, 301);
  const r = train(X, Y, arch, { epochs: 60, learningRate: 0.05, seed: 4, engine, dtype });
  assert(r.costHistory.at(-1)! < r.costHistory[0]!, `${engine}/${dtype}: cost did not decrease`);
  return { hash: hashParams(r.params), name: r.engine };
}

export const checks: RuntimeCheck[] = [
  {
    name: "engine: float64 wasm and js fused engines are bitwise the reference path",
    run(): void {
      const ref = run("reference", "float64");
      const wasm = run("wasm", "float64");
      const js = run("js", "float64");
      assert(wasm.name === "wasm-simd-f64", `the wasm engine did not load: ${wasm.name}`);
      assert(wasm.hash === ref.hash, `wasm-f64 ${wasm.hash} != reference ${ref.hash}`);
      assert(js.hash === ref.hash, `js-f64 ${js.hash} != reference ${ref.hash}`);
      console.log(`hash engine-f64 ${ref.hash}`);
    },
  },
  {
    name: "engine: float32 wasm and js fused engines agree bit for bit",
    run(): void {
      const wasm = run("wasm", "float32");
      const js = run("js", "float32");
      assert(wasm.name === "wasm-simd-f32", `the wasm engine did not load: ${wasm.name}`);
      assert(wasm.hash === js.hash, `wasm-f32 ${wasm.hash} != js-f32 ${js.hash}`);
      console.log(`hash engine-f32 ${wasm.hash}`);
    },
  },
];

checks.push({
  name: "engine: fma uses relaxed-SIMD kernels where the runtime has them, the plain ones elsewhere",
  run(): void {
    const [X, Y] = moonsLike(22, 257);
    const options = { epochs: 40, learningRate: 0.05, seed: 4 };
    const plain = train(X, Y, arch, options);
    const fused = train(X, Y, arch, { ...options, fma: true });
    if (hasRelaxedSimd()) {
      assert(fused.engine === "wasm-simd-f64-fma", `engine ${fused.engine}`);
      let worst = 0;
      fused.costHistory.forEach((c, e) => {
        worst = Math.max(worst, Math.abs(c - plain.costHistory[e]!) / plain.costHistory[e]!);
      });
      assert(worst < 1e-9, `fma costs drift ${worst} from the plain kernels`);
    } else {
      assert(fused.engine === "wasm-simd-f64", `engine ${fused.engine} without relaxed SIMD`);
      assert(
        hashParams(fused.params) === hashParams(plain.params),
        "fallback to the plain kernels changed the bits",
      );
    }
    // Kernel level: the fma product of a few odd shapes is within rounding of the plain one.
    const k = wasmKernels("float32", { fma: true });
    if (k !== null) {
      const p = wasmKernels("float32")!;
      for (const [m, kk, n] of [
        [3, 7, 19],
        [5, 33, 8],
        [1, 64, 9],
      ] as const) {
        const outs = [k, p].map((K) => {
          const a = K.alloc(m * kk);
          const b = K.alloc(kk * n);
          const c = K.alloc(m * n);
          const h = K.heap();
          for (let q = 0; q < m * kk; q++) h[a + q] = Math.sin(q + 1);
          for (let q = 0; q < kk * n; q++) h[b + q] = Math.cos(q * 0.7);
          K.gemm(a, kk, 1, b, c, m, kk, n);
          return Array.from(h.subarray(c, c + m * n));
        });
        outs[0]!.forEach((v, q) => {
          const w = outs[1]![q]!;
          assert(
            Math.abs(v - w) <= 1e-5 * (1 + Math.abs(w)),
            `fma gemm ${m}x${kk}x${n}[${q}]: ${v} vs ${w}`,
          );
        });
      }
    }
  },
});

checks.push({
  name: "engine: the float64 blockings 2x4 and 3x3 train to the same bits (plain, and fma where the runtime has relaxed SIMD)",
  run(): void {
    const [X, Y] = moonsLike(23, 211);
    const a = normalizeArchitecture([
      { inputDim: 2, outputDim: 25, activation: "relu" },
      { inputDim: 25, outputDim: 50, activation: "relu" },
      { inputDim: 50, outputDim: 23, activation: "relu" },
      { inputDim: 23, outputDim: 1, activation: "sigmoid" },
    ]);
    const params = initLayers(a, 5);
    for (const fma of [false, true]) {
      const hashes = (["2x4", "3x3"] as const).map((blocking) => {
        const k = wasmKernels("float64", { fma, blocking });
        if (k === null) return null;
        const t = new FusedTrainer(a, X.cols, k, binaryCrossEntropy);
        t.setParams(params);
        t.setData(X, Y);
        for (let e = 0; e < 25; e++) t.epoch(e, 0.05);
        return hashParams(t.params());
      });
      assert(hashes[0] === hashes[1], `fma ${fma}: 2x4 ${hashes[0]} != 3x3 ${hashes[1]}`);
      assert(
        hashes[0] !== null || (fma && !hasRelaxedSimd()),
        `the float64 kernels${fma ? " with fma" : ""} did not load`,
      );
    }
  },
});

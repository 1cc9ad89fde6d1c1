// The fused engine against the reference path: in float64 every fused kernel set must give the
// reference's costs, accuracies and parameters bit for bit (the engine only reorders memory,
// never arithmetic), in train() and in Network.fit; float32 stays within its documented
// tolerance; bad options fail with errors that name them.
import { describe, expect, it } from "vitest";
import { jsKernels } from "../src/engine/js-kernels.ts";
import { heapPairwiseSum } from "../src/engine/pairwise.ts";
import { SPIN_MS, spinWhile } from "../src/engine/parallel-shared.ts";
import { wasmKernels } from "../src/engine/wasm-kernels.ts";
import { hasRelaxedSimd, hasWasmSimd } from "../src/engine.ts";
import {
  type LayerInput,
  leakyRelu,
  losses,
  Matrix,
  Network,
  type Params,
  sigmoid,
  TrainingDivergedError,
  tanh,
  train,
  trainParallel,
  typedArrayBackend,
} from "../src/index.ts";
import { pairwiseSum } from "../src/sum.ts";
import { data, lcg } from "./engine-data.ts";

function expectSameParams(a: Params, b: Params): void {
  expect(a.length).toBe(b.length);
  a.forEach((p, i) => {
    for (const key of ["W", "b"] as const) {
      const x = p[key].data;
      const y = b[i]![key].data;
      let differing = 0;
      for (let q = 0; q < x.length; q++) if (!Object.is(x[q], y[q])) differing++;
      expect(differing, `layer ${i} ${key}`).toBe(0);
    }
  });
}

const engines = ["wasm", "js"] as const;

const cases: {
  name: string;
  arch: LayerInput[];
  samples: number;
  loss: "binaryCrossEntropy" | "meanSquaredError";
  lr: number;
}[] = [
  {
    name: "the notebook's headline shape (relu, sigmoid, BCE)",
    arch: [
      { input_dim: 2, output_dim: 25, activation: "relu" },
      { input_dim: 25, output_dim: 50, activation: "relu" },
      { input_dim: 50, output_dim: 50, activation: "relu" },
      { input_dim: 50, output_dim: 25, activation: "relu" },
      { input_dim: 25, output_dim: 1, activation: "sigmoid" },
    ],
    samples: 97,
    loss: "binaryCrossEntropy",
    lr: 0.05,
  },
  {
    name: "every element-wise activation, odd sizes, two outputs (MSE)",
    arch: [
      { inputDim: 3, outputDim: 7, activation: "tanh" },
      { inputDim: 7, outputDim: 9, activation: "leakyRelu" },
      { inputDim: 9, outputDim: 5, activation: "sigmoid" },
      { inputDim: 5, outputDim: 6, activation: "linear" },
      { inputDim: 6, outputDim: 3, activation: "relu" },
      { inputDim: 3, outputDim: 2, activation: "linear" },
    ],
    samples: 33,
    loss: "meanSquaredError",
    lr: 0.02,
  },
  {
    name: "one sample, relu after linear (BCE, two sigmoid outputs)",
    arch: [
      { inputDim: 2, outputDim: 5, activation: "linear" },
      { inputDim: 5, outputDim: 4, activation: "relu" },
      { inputDim: 4, outputDim: 2, activation: "sigmoid" },
    ],
    samples: 1,
    loss: "binaryCrossEntropy",
    lr: 0.1,
  },
];

describe("train: every fused engine is bitwise the reference path in float64", () => {
  for (const c of cases) {
    for (const engine of engines) {
      it(`${engine}: ${c.name}`, () => {
        const inputs = c.arch[0] as { input_dim?: number; inputDim?: number };
        const features = inputs.input_dim ?? inputs.inputDim ?? 0;
        const last = c.arch[c.arch.length - 1] as { output_dim?: number; outputDim?: number };
        const outputs = last.output_dim ?? last.outputDim ?? 0;
        const [X, Y] = data(features, c.samples, outputs, c.samples + features);
        const options = { epochs: 40, learningRate: c.lr, seed: 7, loss: c.loss };
        const ref = train(X, Y, c.arch, { ...options, engine: "reference" });
        const fused = train(X, Y, c.arch, { ...options, engine });
        expect(ref.engine).toBe("reference:typed-array");
        expect(fused.engine).toBe(engine === "js" ? "js-f64" : "wasm-simd-f64");
        expect(fused.costHistory).toEqual(ref.costHistory);
        expect(fused.accuracyHistory).toEqual(ref.accuracyHistory);
        for (let e = 0; e < ref.costHistory.length; e++) {
          expect(Object.is(fused.costHistory[e], ref.costHistory[e])).toBe(true);
        }
        expectSameParams(fused.params, ref.params);
        // Training did something (the test would pass vacuously on a frozen network otherwise).
        expect(ref.costHistory.at(-1)).not.toBe(ref.costHistory[0]);
      });
    }
  }

  it('the default ("auto") is a fused engine, and the callback sees the same parameters', () => {
    const arch = cases[0]!.arch;
    const [X, Y] = data(2, 50, 1, 3);
    const seenRef: Params[] = [];
    const seenAuto: Params[] = [];
    const base = { epochs: 12, learningRate: 0.05, callbackEvery: 5 };
    train(X, Y, arch, { ...base, engine: "reference", callback: (_e, p) => seenRef.push(p) });
    const auto = train(X, Y, arch, { ...base, callback: (_e, p) => seenAuto.push(p) });
    expect(auto.engine).toMatch(/^(wasm-simd|js)-f64$/);
    expect(seenAuto.length).toBe(3);
    seenAuto.forEach((p, i) => {
      expectSameParams(p, seenRef[i]!);
    });
  });

  it('falls back to the reference path for a network it does not fuse (a custom loss) under "auto"', () => {
    const arch = [
      { inputDim: 2, outputDim: 4, activation: "relu" as const },
      { inputDim: 4, outputDim: 3, activation: "softmax" as const },
    ];
    const [X] = data(2, 10, 1, 1);
    const Y = new Matrix(3, 10);
    for (let j = 0; j < 10; j++) Y.data[(j % 3) * 10 + j] = 1;
    const custom = { ...losses.meanSquaredError, name: "myLoss" as never };
    const r = train(X, Y, arch, { epochs: 3, learningRate: 0.1, loss: custom });
    expect(r.engine).toBe("reference:typed-array");
    expect(() =>
      train(X, Y, arch, { epochs: 3, learningRate: 0.1, loss: custom, engine: "js" }),
    ).toThrow(/the loss "myLoss" is not binaryCrossEntropy/);
  });
});

describe("train: divergence on the fused engine", () => {
  it("throws the reference's TrainingDivergedError (same epoch, layer and quantity)", () => {
    const arch = [
      { inputDim: 2, outputDim: 8, activation: "relu" as const },
      { inputDim: 8, outputDim: 1, activation: "linear" as const },
    ];
    const [X, Y] = data(2, 40, 1, 9);
    const options = { epochs: 200, learningRate: 50, loss: "meanSquaredError" as const };
    const errors = (["reference", "wasm", "js"] as const).map((engine) => {
      try {
        train(X, Y, arch, { ...options, engine });
      } catch (e) {
        return e;
      }
      return null;
    });
    for (const e of errors) expect(e).toBeInstanceOf(TrainingDivergedError);
    const [ref, ...fused] = errors as TrainingDivergedError[];
    for (const e of fused) {
      expect(e.message).toBe(ref!.message);
      expect([e.epoch, e.layer, e.quantity]).toEqual([ref!.epoch, ref!.layer, ref!.quantity]);
    }
  });
});

describe("train: float32", () => {
  // 203 samples: the gradients' four float32 lanes end with a partial group.
  it.each([200, 203])(
    "wasm and js float32 agree bit for bit, and stay within 1e-5 relative of float64 (%i samples)",
    (samples) => {
      const c = cases[0]!;
      const [X, Y] = data(2, samples, 1, 11);
      // js-f32 rounds every operation with Math.fround (slow): a short run keeps this test quick.
      const options = { epochs: 150, learningRate: 0.05, seed: 2 };
      const f64 = train(X, Y, c.arch, options);
      const w32 = train(X, Y, c.arch, { ...options, engine: "wasm", dtype: "float32" });
      const j32 = train(X, Y, c.arch, { ...options, engine: "js", dtype: "float32" });
      expect(w32.engine).toBe("wasm-simd-f32");
      expect(j32.engine).toBe("js-f32");
      expect(w32.costHistory).toEqual(j32.costHistory);
      expectSameParams(w32.params, j32.params);
      let worst = 0;
      f64.costHistory.forEach((c64, e) => {
        worst = Math.max(worst, Math.abs(w32.costHistory[e]! - c64) / c64);
      });
      expect(worst).toBeLessThan(1e-5);
      expect(worst).toBeGreaterThan(0); // it really computed in float32
      // Every stored parameter is a float32 value.
      for (const p of w32.params) for (const v of p.W.data) expect(Math.fround(v)).toBe(v);
    },
    60_000,
  );
});

describe("train: engine options", () => {
  const arch = cases[0]!.arch;
  const [X, Y] = data(2, 5, 1, 1);
  const base = { epochs: 1, learningRate: 0.1 };
  it("names a bad engine or dtype and what is accepted", () => {
    expect(() => train(X, Y, arch, { ...base, engine: "gpu" as never })).toThrow(
      'train: options.engine must be one of "auto", "wasm", "js", "reference", got string "gpu"',
    );
    expect(() => train(X, Y, arch, { ...base, dtype: "float16" as never })).toThrow(
      /train: options\.dtype must be "float64" or "float32", got string "float16"/,
    );
  });
  it("refuses a fused engine with a backend, and float32 on the reference path", () => {
    expect(() =>
      train(X, Y, arch, { ...base, engine: "wasm", backend: typedArrayBackend }),
    ).toThrow(
      'train: options.engine "wasm" trains with its own kernels and cannot use options.backend (the typed-array backend): omit backend, or set engine: "reference"',
    );
    // With a backend and no engine, the reference path runs on that backend.
    expect(train(X, Y, arch, { ...base, backend: typedArrayBackend }).engine).toBe(
      "reference:typed-array",
    );
    expect(() => train(X, Y, arch, { ...base, engine: "reference", dtype: "float32" })).toThrow(
      /dtype "float32" needs a fused engine/,
    );
  });
});

describe("Network.fit on the fused engine", () => {
  const [X, Y] = data(2, 150, 1, 5);
  const samples = Array.from({ length: 150 }, (_, j) => [X.get(0, j), X.get(1, j)]);
  const labels = Array.from({ length: 150 }, (_, j) => Y.get(0, j));
  const settings = [
    { name: "full-batch SGD", fit: { epochs: 30, learningRate: 0.05 } },
    {
      name: "shuffled mini-batches of 32 with Adam and a validation split",
      fit: {
        epochs: 8,
        batchSize: 32,
        optimizer: "adam" as const,
        learningRate: 0.01,
        validationSplit: 0.2,
      },
    },
  ];
  for (const { name, fit } of settings) {
    for (const engine of engines) {
      it(`${engine}: ${name} is bitwise the reference path`, () => {
        const ref = new Network([2, 16, 16, 1], { engine: "reference", seed: 3 });
        const fused = new Network([2, 16, 16, 1], { engine, seed: 3 });
        expect(ref.engine).toBe("reference:typed-array");
        expect(fused.engine).toBe(engine === "js" ? "js-f64" : "wasm-simd-f64");
        const a = ref.fit(samples, labels, fit);
        const b = fused.fit(samples, labels, fit);
        expect(b.loss).toEqual(a.loss);
        expect(b.accuracy).toEqual(a.accuracy);
        expect(b.valLoss).toEqual(a.valLoss);
        expect(a.loss.length).toBe(fit.epochs);
        expectSameParams(fused.params, ref.params);
      });
    }
  }

  it("runs softmax networks fused, and names bad engine options", () => {
    expect(new Network([2, 4, 3]).engine).toBe(hasWasmSimd() ? "wasm-simd-f64" : "js-f64");
    expect(new Network([2, 4, 3], { engine: "js" }).engine).toBe("js-f64");
    expect(new Network([2, 4, 3], { dtype: "float32" }).engine).toMatch(/-f32$/);
    const custom = { ...losses.meanSquaredError, name: "myLoss" as never };
    expect(new Network([2, 4, 3], { loss: custom }).engine).toBe("reference:typed-array");
    expect(() => new Network([2, 4, 3], { engine: "wasm", loss: custom })).toThrow(/myLoss/);
    expect(() => new Network([2, 4, 1], { engine: "cuda" as never })).toThrow(
      /new Network: engine must be one of "auto", "wasm", "js", "reference", got string "cuda"/,
    );
    expect(() => new Network([2, 4, 1], { engine: "reference", dtype: "float32" })).toThrow(
      /dtype "float32" needs a fused engine/,
    );
  });
});

describe("kernel sets are independent", () => {
  it("each call owns its heap", () => {
    for (const make of [() => wasmKernels("float64")!, () => jsKernels("float64")]) {
      const a = make();
      const b = make();
      const pa = a.alloc(4);
      b.alloc(4);
      a.heap()[pa] = 5;
      expect(b.heap()[pa]).toBe(0);
    }
  });
});

describe("trainParallel and ParallelTrainer: bad input is named before any worker starts", () => {
  const arch = cases[0]!.arch;
  const [X, Y] = data(2, 6, 1, 2);
  const base = { epochs: 1, learningRate: 0.1 };
  it("rejects bad threads, engine, shapes and non-finite data", async () => {
    await expect(trainParallel(X, Y, arch, { ...base, threads: 0 })).rejects.toThrow(
      "ParallelTrainer.create: threads must be an integer from 1 to 64, got 0",
    );
    await expect(trainParallel(X, Y, arch, { ...base, threads: 7 })).rejects.toThrow(
      "ParallelTrainer.create: 7 threads need at least 7 samples, got 6",
    );
    await expect(
      trainParallel(X, Y, arch, { ...base, engine: "reference" as never }),
    ).rejects.toThrow(/engine must be "auto", "wasm" or "js", got "reference"/);
    await expect(trainParallel(Y, Y, arch, base)).rejects.toThrow(
      /X has 1 rows but layer 0 expects inputDim 2/,
    );
    const bad = X.clone();
    bad.data[3] = Number.NaN;
    await expect(trainParallel(bad, Y, arch, base)).rejects.toThrow(
      "trainParallel: X must contain only finite numbers, found NaN at [0][3]",
    );
  });
  it("rejects a network the engine cannot fuse", async () => {
    const custom = { ...losses.meanSquaredError, name: "myLoss" as never };
    await expect(trainParallel(X, Y, arch, { ...base, loss: custom })).rejects.toThrow(
      /cannot fuse this network: the loss "myLoss" is not binaryCrossEntropy/,
    );
  });
  it("with one thread it is the single-thread engine, bit for bit", async () => {
    const [X2, Y2] = data(2, 64, 1, 4);
    const options = { epochs: 25, learningRate: 0.05, seed: 3 };
    const one = await trainParallel(X2, Y2, arch, { ...options, threads: 1 });
    const single = train(X2, Y2, arch, options);
    expect(one.engine).toMatch(/x1 threads$/);
    // One shard: the gradient sums are the whole batch's, divided by m once, as the engine does.
    expect(one.costHistory).toEqual(single.costHistory);
    expectSameParams(one.params, single.params);
  });
  it("spinWhile sees a changed word at once and gives up after SPIN_MS on an unchanged one", () => {
    const ctrl = new Int32Array(new SharedArrayBuffer(8));
    ctrl[1] = 4;
    expect(spinWhile(ctrl, 1, 3)).toBe(true);
    const t0 = performance.now();
    expect(spinWhile(ctrl, 1, 4)).toBe(false);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(SPIN_MS);
  });
});

describe("the engine's shortcuts give the reference's bits", () => {
  it("heapPairwiseSum is sum.ts's pairwiseSum, for every length up to 600 and beyond", () => {
    const r = lcg(77);
    const data = Float64Array.from({ length: 3000 }, () => (r() - 0.5) * 10 ** Math.floor(8 * r()));
    for (const n of [...Array.from({ length: 600 }, (_, i) => i), 1023, 1024, 2049, 2990]) {
      const offset = n % 7;
      expect(Object.is(heapPairwiseSum(data, offset, n), pairwiseSum(data, offset, n, 1))).toBe(
        true,
      );
    }
  });
  it("backwardFromOutput(da, forward(z)) is backward(da, z) for every activation that has it", () => {
    const r = lcg(78);
    const zs = [
      0,
      -0,
      1e-300,
      -1e-300,
      0.5,
      -0.5,
      20,
      -20,
      37,
      -37,
      709,
      -709,
      800,
      -800,
      Number.NaN,
      ...Array.from({ length: 2000 }, () => (r() - 0.5) * 40),
    ];
    let checked = 0;
    for (const act of [sigmoid, tanh, leakyRelu]) {
      const fromOutput = act.backwardFromOutput;
      expect(fromOutput, act.name).toBeDefined();
      for (const z of zs) {
        for (const da of [1, -0.3, 2.5e-8]) {
          expect(Object.is(fromOutput!(da, act.forward(z)), act.backward(da, z))).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBe(3 * 3 * zs.length);
  });
});

describe("fma (relaxed SIMD) is opt-in", () => {
  it("where the runtime lacks relaxed SIMD (Node 20) it falls back to the plain kernels, bit for bit", () => {
    const arch = cases[0]!.arch;
    const [X, Y] = data(2, 64, 1, 6);
    const options = { epochs: 10, learningRate: 0.05 };
    const plain = train(X, Y, arch, options);
    const fma = train(X, Y, arch, { ...options, fma: true });
    expect(hasRelaxedSimd()).toBe(false); // vitest runs on Node 20 here
    expect(fma.engine).toBe("wasm-simd-f64");
    expect(fma.costHistory).toEqual(plain.costHistory);
    expectSameParams(fma.params, plain.params);
  });
  it("names a bad fma value and refuses it on the reference path", () => {
    const arch = cases[0]!.arch;
    const [X, Y] = data(2, 4, 1, 6);
    expect(() => train(X, Y, arch, { epochs: 1, learningRate: 0.1, fma: "yes" as never })).toThrow(
      'train: options.fma must be a boolean, got string "yes"',
    );
    expect(() =>
      train(X, Y, arch, { epochs: 1, learningRate: 0.1, fma: true, engine: "reference" }),
    ).toThrow(/options\.fma needs a fused engine/);
  });
});

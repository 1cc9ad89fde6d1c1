// Issue 23's "every combination": every hidden activation x every output/loss pair that
// `Network` accepts x every optimiser x batch sizes 1, 7 and the full batch, trained by
// `Network.fit` on a fused engine (float64) and on `engine: "reference"`: losses, accuracies and
// parameters must be the same bits. The same grid of activations and losses through `train()`
// and `trainParallel` (one thread) on both fused kernel sets, and float32 within a stated bound.
import { describe, expect, it } from "vitest";
import {
  type ActivationName,
  type LayerInput,
  Matrix,
  Network,
  type Params,
  train,
  trainParallel,
} from "../src/index.ts";
import type { FitOptions } from "../src/model/fit-options.ts";
import { lcg } from "./engine-data.ts";

const N = 40;
const next = lcg(11);
const samples = Array.from({ length: N }, () => [next() * 2 - 1, next() * 2 - 1, next()]);
const binary = samples.map(([u, v]) => (u! * v! > 0 ? 1 : 0));
const classes = samples.map(([u, v]) => (u! + v! > 0.3 ? 0 : u! - v! > 0.2 ? 1 : 2));
const regression = samples.map(([u, v, w]) => [Math.sin(2 * u!) * 0.4 + 0.5, v! * w! * 0.5 + 0.3]);

const HIDDEN: readonly ActivationName[] = [
  "relu",
  "sigmoid",
  "tanh",
  "leakyRelu",
  "linear",
  "softmax",
];

interface Head {
  readonly name: string;
  readonly output: ActivationName;
  readonly loss: "binaryCrossEntropy" | "categoricalCrossEntropy" | "meanSquaredError";
  readonly units: number;
  readonly targets: readonly number[] | readonly number[][];
}

/** Every output activation / loss pair `new Network` accepts (BCE needs sigmoid, CCE softmax). */
const HEADS: readonly Head[] = [
  {
    name: "sigmoid + BCE",
    output: "sigmoid",
    loss: "binaryCrossEntropy",
    units: 1,
    targets: binary,
  },
  {
    name: "softmax + CCE",
    output: "softmax",
    loss: "categoricalCrossEntropy",
    units: 3,
    targets: classes,
  },
  {
    name: "linear + MSE",
    output: "linear",
    loss: "meanSquaredError",
    units: 2,
    targets: regression,
  },
  {
    name: "sigmoid + MSE",
    output: "sigmoid",
    loss: "meanSquaredError",
    units: 2,
    targets: regression,
  },
  { name: "tanh + MSE", output: "tanh", loss: "meanSquaredError", units: 2, targets: regression },
  { name: "relu + MSE", output: "relu", loss: "meanSquaredError", units: 2, targets: regression },
  {
    name: "leakyRelu + MSE",
    output: "leakyRelu",
    loss: "meanSquaredError",
    units: 2,
    targets: regression,
  },
  {
    name: "softmax + MSE",
    output: "softmax",
    loss: "meanSquaredError",
    units: 2,
    targets: regression,
  },
];

type Options = FitOptions<Network>;

const OPTIMIZERS: readonly [string, Options["optimizer"], number][] = [
  ["SGD", "sgd", 0],
  ["momentum", { type: "sgd", momentum: 0.9 }, 0],
  ["momentum (scikit-learn form)", { type: "sgd", momentum: 0.8, momentumForm: "sklearn" }, 0],
  ["Nesterov + weight decay", { type: "sgd", momentum: 0.9, nesterov: true, weightDecay: 1e-3 }, 0],
  ["Adam", "adam", 0],
  ["Adam + weight decay", { type: "adam", weightDecay: 1e-2 }, 0],
  ["RMSProp", "rmsprop", 0],
];

const BATCHES: readonly (number | undefined)[] = [1, 7, undefined];

function differing(a: Params, b: Params): number {
  let n = 0;
  a.forEach((p, i) => {
    for (const key of ["W", "b"] as const) {
      const x = p[key].data;
      const y = b[i]![key].data;
      for (let q = 0; q < x.length; q++) if (!Object.is(x[q], y[q])) n++;
    }
  });
  return n;
}

function maxDiff(a: Params, b: Params): number {
  let d = 0;
  a.forEach((p, i) => {
    for (const key of ["W", "b"] as const) {
      const x = p[key].data;
      const y = b[i]![key].data;
      for (let q = 0; q < x.length; q++) d = Math.max(d, Math.abs(x[q]! - y[q]!));
    }
  });
  return d;
}

function network(hidden: ActivationName, head: Head, engine: "wasm" | "js" | "reference"): Network {
  return new Network([3, 6, 5, head.units], {
    engine,
    seed: 7,
    activation: hidden,
    outputActivation: head.output,
    loss: head.loss,
  });
}

describe("Network.fit: every activation x output/loss x optimiser x batch size, fused float64 = reference", () => {
  let k = 0;
  for (const hidden of HIDDEN) {
    for (const head of HEADS) {
      // The two fused kernel sets take turns over the grid (each is covered on every axis).
      const engine = k++ % 2 === 0 ? "wasm" : "js";
      it(`${engine}: ${hidden} hidden, ${head.name}`, () => {
        let runs = 0;
        for (const [name, optimizer] of OPTIMIZERS) {
          for (const batchSize of BATCHES) {
            const options: Options = {
              epochs: 2,
              learningRate: 0.02,
              optimizer,
              ...(batchSize === undefined ? {} : { batchSize }),
            };
            const ref = network(hidden, head, "reference");
            const fused = network(hidden, head, engine);
            expect(fused.engine).toBe(engine === "js" ? "js-f64" : "wasm-simd-f64");
            const a = ref.fit(samples, head.targets as number[], options);
            const b = fused.fit(samples, head.targets as number[], options);
            const what = `${name}, batch ${batchSize ?? "full"}`;
            expect(b.loss, what).toEqual(a.loss);
            expect(b.accuracy, what).toEqual(a.accuracy);
            expect(differing(fused.params, ref.params), what).toBe(0);
            runs++;
          }
        }
        expect(runs).toBe(OPTIMIZERS.length * BATCHES.length);
      });
    }
  }
});

describe("Network.fit float32: every activation x output/loss, within the stated bound of float64", () => {
  // Bound on |float32 − float64| of every parameter after 2 epochs of Adam on batches of 7
  // (the largest measured over this grid: 4.0e-7, a softmax hidden layer under a ReLU output).
  const BOUND = 2e-6;
  for (const hidden of HIDDEN) {
    it(`${hidden} hidden, every output/loss pair`, () => {
      let changed = 0;
      for (const head of HEADS) {
        const options: Options = { epochs: 2, learningRate: 0.02, optimizer: "adam", batchSize: 7 };
        const f64 = network(hidden, head, "wasm");
        const f32 = new Network([3, 6, 5, head.units], {
          seed: 7,
          activation: hidden,
          outputActivation: head.output,
          loss: head.loss,
          dtype: "float32",
        });
        expect(f32.engine).toMatch(/-f32$/);
        f64.fit(samples, head.targets as number[], options);
        f32.fit(samples, head.targets as number[], options);
        expect(maxDiff(f32.params, f64.params), head.name).toBeLessThanOrEqual(BOUND);
        changed += differing(f32.params, f64.params);
      }
      // ... and float32 really rounds: the two differ somewhere (a pair whose units all stay
      // dead, such as a ReLU output here, may learn nothing in either).
      expect(changed).toBeGreaterThan(0);
    });
  }
});

/** The notebook API's grid: X features x samples, the targets outputs x samples. */
function trainData(head: Head): [Matrix, Matrix] {
  const X = Matrix.from(samples).transpose();
  const rows =
    head.loss === "binaryCrossEntropy"
      ? (head.targets as number[]).map((t) => [t])
      : head.loss === "categoricalCrossEntropy"
        ? (head.targets as number[]).map((c) => [0, 1, 2].map((j) => (j === c ? 1 : 0)))
        : (head.targets as number[][]);
  return [X, Matrix.from(rows).transpose()];
}

function layers(hidden: ActivationName, head: Head): LayerInput[] {
  return [
    { inputDim: 3, outputDim: 6, activation: hidden },
    { inputDim: 6, outputDim: 5, activation: hidden },
    { inputDim: 5, outputDim: head.units, activation: head.output },
  ];
}

describe("train and trainParallel: every activation x output/loss, fused float64 = reference", () => {
  for (const hidden of HIDDEN) {
    it(`${hidden} hidden, every output/loss pair, wasm and js, and trainParallel on one thread`, async () => {
      for (const head of HEADS) {
        const [X, Y] = trainData(head);
        const arch = layers(hidden, head);
        const options = { epochs: 6, learningRate: 0.05, seed: 5, loss: head.loss };
        const ref = train(X, Y, arch, { ...options, engine: "reference" });
        for (const engine of ["wasm", "js"] as const) {
          const fused = train(X, Y, arch, { ...options, engine });
          expect(fused.engine, head.name).not.toMatch(/^reference/);
          expect(fused.costHistory, `${engine} ${head.name}`).toEqual(ref.costHistory);
          expect(fused.accuracyHistory, `${engine} ${head.name}`).toEqual(ref.accuracyHistory);
          expect(differing(fused.params, ref.params), `${engine} ${head.name}`).toBe(0);
        }
        const one = await trainParallel(X, Y, arch, { ...options, threads: 1 });
        expect(one.costHistory, `trainParallel ${head.name}`).toEqual(ref.costHistory);
        expect(differing(one.params, ref.params), `trainParallel ${head.name}`).toBe(0);
      }
    });
  }
});

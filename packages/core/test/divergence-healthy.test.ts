// No false alarm: the divergence detector stays silent on healthy runs of the four TensorFlow
// Playground sets (train() on the fused engine in float64 and float32, the reference path with
// a softmax output, and Network.fit with Adam on mini-batches), and each run really trains.
// The notebook's headline run (moons, 10,000 epochs) runs through train() with the detector in
// packages/datasets/test/headline.test.ts, against NumPy's costs.
import {
  playgroundCircle,
  playgroundGauss,
  playgroundSpiral,
  playgroundXor,
} from "@plainnet/datasets";
import { describe, expect, it } from "vitest";
import {
  architectureFromSizes,
  fullForwardPropagation,
  initLayers,
  Matrix,
  Network,
  train,
} from "../src/index.ts";
import { data as twoClasses } from "./engine-data.ts";

const SETS = [
  { name: "circle", make: playgroundCircle },
  { name: "xor", make: playgroundXor },
  { name: "gauss", make: playgroundGauss },
  { name: "spiral", make: playgroundSpiral },
] as const;

/** Playground labels are ±1 or 0/1 depending on the set: 0/1 here. */
function binary(y: ArrayLike<number>): number[] {
  return Array.from(y, (v) => (v > 0 ? 1 : 0));
}

describe.each(SETS)("no false alarm on Playground's $name", ({ make }) => {
  const data = make({ nSamples: 200, noise: 0.1, randomState: 1 });
  const y = binary(data.y as ArrayLike<number>);
  const X = data.X.transpose();
  const Y = Matrix.from([y]);

  it.each(["float64", "float32"] as const)(
    "train(), tanh 2-8-8-1, learning rate 0.3, 800 epochs (%s)",
    (dtype) => {
      const arch = architectureFromSizes([2, 8, 8, 1], "tanh", "sigmoid");
      const r = train(X, Y, arch, { epochs: 800, learningRate: 0.3, dtype, seed: 1 });
      expect(r.costHistory).toHaveLength(800);
      expect(r.costHistory.at(-1)!).toBeLessThan(r.costHistory[0]!);
    },
  );

  it("train(), sigmoid + MSE and softmax + CCE (fused), learning rate 0.5", () => {
    const mse = train(X, Y, architectureFromSizes([2, 8, 8, 1], "tanh", "sigmoid"), {
      epochs: 600,
      learningRate: 0.5,
      loss: "mse",
      seed: 1,
    });
    expect(mse.costHistory.at(-1)!).toBeLessThan(mse.costHistory[0]!);
    const oneHot = new Matrix(2, y.length);
    for (let j = 0; j < y.length; j++) oneHot.set(y[j]!, j, 1);
    const cce = train(X, oneHot, architectureFromSizes([2, 8, 8, 2], "tanh", "softmax"), {
      epochs: 300,
      learningRate: 0.5,
      loss: "cce",
      seed: 1,
    });
    expect(cce.engine).not.toMatch(/^reference:/);
    expect(cce.costHistory.at(-1)!).toBeLessThan(cce.costHistory[0]!);
  });

  it("Network.fit, Adam at 0.03 on batches of 10 (as the Playground), 60 epochs", () => {
    const net = new Network([2, 8, 8, 1], { activation: "tanh", seed: 1 });
    const h = net.fit(data.X, y, {
      epochs: 60,
      batchSize: 10,
      optimizer: "adam",
      learningRate: 0.03,
      warn: false,
    });
    expect(h.loss).toHaveLength(60);
    expect(h.loss.at(-1)!).toBeLessThan(h.loss[0]!);
  });
});

describe("no false alarm on a single class", () => {
  it("outputs saturated on the right side (loss ~2e-9, above the trivial ~2e-16) train on", () => {
    const [X] = twoClasses(2, 60, 1, 5);
    const Y = Matrix.row(new Array<number>(60).fill(1));
    const arch = architectureFromSizes([2, 4, 1], "relu", "sigmoid");
    // Output weights 0 and bias 20: every output is sigmoid(20) = 1 − 2.1e-9, within 2^-24 of 1.
    const start = initLayers(arch, 1).map((p, l) =>
      l === 1 ? { W: new Matrix(1, 4), b: Matrix.from([[20]]) } : p,
    );
    const { output } = fullForwardPropagation(X, start, arch);
    expect(output.data.every((v) => v >= 1 - 2 ** -24)).toBe(true);
    for (const engine of ["auto", "reference"] as const) {
      const r = train(X, Y, arch, { epochs: 20, learningRate: 0.1, initialParams: start, engine });
      expect(r.costHistory).toHaveLength(20);
      expect(r.costHistory[0]!).toBeGreaterThan(1e-9);
    }
  });
});

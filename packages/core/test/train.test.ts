import { describe, expect, it } from "vitest";
import {
  fullBackwardPropagation,
  fullForwardPropagation,
  getAccuracyValue,
  getCostValue,
  initLayers,
  Matrix,
  TrainingDivergedError,
  train,
  update,
} from "../src/index.ts";

const arch = [
  { input_dim: 2, output_dim: 4, activation: "relu" },
  { input_dim: 4, output_dim: 1, activation: "sigmoid" },
];
// XOR-like data, features x samples.
const X = Matrix.from([
  [0.1, 0.9, 0.1, 0.9, 0.2, 0.8],
  [0.1, 0.1, 0.9, 0.9, 0.8, 0.2],
]);
const Y = Matrix.row([0, 1, 1, 0, 1, 1]);

describe("train", () => {
  it("is the notebook's loop: init with seed 2, then forward, cost, backward, update", () => {
    const epochs = 5;
    const result = train(X, Y, arch, { epochs, learningRate: 0.3 });
    // Re-run the loop by hand with the same primitives.
    let params = initLayers(arch, 2);
    for (let i = 0; i < epochs; i++) {
      const { output, memory } = fullForwardPropagation(X, params, arch);
      expect(result.costHistory[i]).toBe(getCostValue(output, Y));
      expect(result.accuracyHistory[i]).toBe(getAccuracyValue(output, Y));
      params = update(params, fullBackwardPropagation(output, Y, memory, params, arch), 0.3);
    }
    result.params.forEach((p, i) => {
      expect(p.W.data).toEqual(params[i]!.W.data);
      expect(p.b.data).toEqual(params[i]!.b.data);
    });
  });

  it("decreases the cost and is reproducible from the seed", () => {
    const a = train(X, Y, arch, { epochs: 300, learningRate: 0.5, seed: 4 });
    const b = train(X, Y, arch, { epochs: 300, learningRate: 0.5, seed: 4 });
    expect(a.costHistory.at(-1)!).toBeLessThan(a.costHistory[0]!);
    expect(a.costHistory).toEqual(b.costHistory);
    expect(a.params[0]!.W.data).toEqual(b.params[0]!.W.data);
  });

  it("calls back every `callbackEvery` epochs and logs like the notebook when verbose", () => {
    const seen: number[] = [];
    const lines: string[] = [];
    train(X, Y, arch, {
      epochs: 7,
      learningRate: 0.1,
      callbackEvery: 3,
      verbose: true,
      log: (l) => lines.push(l),
      callback: (epoch, params, stats) => {
        seen.push(epoch);
        expect(params).toHaveLength(2);
        expect(stats.epoch).toBe(epoch);
      },
    });
    expect(seen).toEqual([0, 3, 6]);
    expect(lines[0]).toMatch(/^Iteration: 00000 - cost: 0\.\d{5} - accuracy: 0\.\d{5}$/);
  });

  it("starts from initialParams when given and leaves them untouched", () => {
    const start = initLayers(arch, 11);
    const copy = start[0]!.W.data.slice();
    const r = train(X, Y, arch, { epochs: 2, learningRate: 0.1, initialParams: start });
    expect(start[0]!.W.data).toEqual(copy);
    const manual = fullForwardPropagation(X, start, arch);
    expect(r.costHistory[0]).toBe(getCostValue(manual.output, Y));
  });

  it("epochs: 0 returns the initial parameters and empty histories", () => {
    const r = train(X, Y, arch, { epochs: 0, learningRate: 0.1 });
    expect(r.costHistory).toEqual([]);
    expect(r.params[0]!.W.data).toEqual(initLayers(arch, 2)[0]!.W.data);
  });

  it("stops with TrainingDivergedError instead of returning NaN", () => {
    const big = Matrix.from([
      [1e150, -1e150, 1e150],
      [1e150, 1e150, -1e150],
    ]);
    let error: unknown;
    try {
      train(
        big,
        Matrix.row([1, 0, 1]),
        [
          { inputDim: 2, outputDim: 3, activation: "linear" },
          { inputDim: 3, outputDim: 1, activation: "linear" },
        ],
        { epochs: 50, learningRate: 10, loss: "mse" },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrainingDivergedError);
    const e = error as TrainingDivergedError;
    expect(e.message).toMatch(/training diverged at epoch \d+: (cost|gradient)/);
    expect(e.message).toMatch(/lower learning rate/);
    expect(e.epoch).toBeGreaterThanOrEqual(0);
  });
});

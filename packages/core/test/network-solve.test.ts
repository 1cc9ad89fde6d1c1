// Mini-batch Adam solves the classic toy problems: each data set is split 75/25 with a seeded
// trainTestSplit, trained for a stated number of epochs (batch 32, Adam, learning rate 0.01,
// He-normal initialisation, seed 1) and must reach a stated accuracy on the held-out quarter.
import {
  makeCircles,
  makeMoons,
  playgroundSpiral,
  playgroundXor,
  trainTestSplit,
} from "@plainnet/datasets";
import { describe, expect, it } from "vitest";
import { Network } from "../src/index.ts";

const problems = [
  {
    name: "moons (scikit-learn, noise 0.2)",
    data: () => makeMoons({ nSamples: 400, noise: 0.2, randomState: 0 }),
    sizes: [2, 16, 16, 1],
    epochs: 60,
    accuracy: 0.93,
  },
  {
    name: "circles (scikit-learn, noise 0.1, factor 0.5)",
    data: () => makeCircles({ nSamples: 400, noise: 0.1, factor: 0.5, randomState: 0 }),
    sizes: [2, 16, 16, 1],
    epochs: 30,
    accuracy: 0.97,
  },
  {
    name: "xor (Playground, noise 0.1)",
    data: () => playgroundXor({ nSamples: 400, noise: 0.1, randomState: 0 }),
    sizes: [2, 16, 16, 1],
    epochs: 40,
    accuracy: 0.95,
  },
  {
    name: "3-class spiral (Playground arms, noise 0.1)",
    data: () => playgroundSpiral({ nSamples: 450, nClasses: 3, noise: 0.1, randomState: 0 }),
    sizes: [2, 32, 32, 3],
    epochs: 150,
    accuracy: 0.9,
  },
];

describe("mini-batch Adam solves the toy problems", () => {
  it.each(problems)(
    "$name: test accuracy ≥ $accuracy within $epochs epochs",
    ({ data, sizes, epochs, accuracy }) => {
      const ds = data();
      const split = trainTestSplit(ds.X, ds.y, { testSize: 0.25, randomState: 1 });
      const net = new Network(sizes, { seed: 1, initializer: "heNormal" });
      const history = net.fit(split.XTrain, split.yTrain, {
        epochs,
        batchSize: 32,
        optimizer: "adam",
        learningRate: 0.01,
      });
      expect(history.logs).toHaveLength(epochs);
      expect(history.loss.at(-1)!).toBeLessThan(history.loss[0]!);
      const { accuracy: test } = net.evaluate(split.XTest, split.yTest);
      expect(test).toBeGreaterThanOrEqual(accuracy);
    },
    120_000,
  );
});

// The notebook's headline experiment, end to end, against NumPy/scikit-learn's run in
// fixtures/training.json: make_moons(1000, noise=0.2, random_state=100) ->
// train_test_split(test_size=0.1, random_state=42) -> 2-25-50-50-25-1 ReLU/sigmoid,
// init seed 2, 10,000 epochs of full-batch gradient descent at learning rate 0.01.
// It runs on train()'s default engine (the fused WebAssembly SIMD engine where the runtime has
// it), which is bitwise the typed-array reference path in float64 (core's engine-train.test.ts),
// and again in float32, whose documented tolerance is 1e-5 relative to NumPy's float64 costs.
import { fullForwardPropagation, getAccuracyValue, train } from "@plainnet/core";
import { describe, expect, it } from "vitest";
import { trainingCases } from "../../core/test/fixtures.ts";
import { makeMoons, toColumns, trainTestSplit } from "../src/index.ts";

const headline = trainingCases.find((c) => c.name.startsWith("notebook headline"))!;

const runs = [
  { dtype: "float64", costTolerance: 1e-9, accuracySlack: 0 },
  // float32: 4.3e-6 measured (the cost at epoch 9999; WebAssembly and JavaScript kernels, Node
  // and Bun alike; train accuracies equal); two training samples of slack on the accuracies.
  { dtype: "float32", costTolerance: 1e-5, accuracySlack: 2 / 900 },
] as const;

describe("the notebook's headline run", () => {
  for (const { dtype, costTolerance, accuracySlack } of runs) {
    it(
      `${dtype}: reproduces NumPy's costs (${costTolerance} relative), train accuracies and test accuracy 0.98`,
      () => {
        const ds = makeMoons({
          nSamples: headline.dataset.n_samples,
          noise: headline.dataset.noise,
          randomState: headline.dataset.random_state,
        });
        const split = trainTestSplit(ds.X, ds.y, {
          testSize: headline.split.test_size,
          randomState: headline.split.random_state,
        });
        const trainCols = toColumns({ X: split.XTrain, y: split.yTrain });
        const testCols = toColumns({ X: split.XTest, y: split.yTest });
        expect(trainCols.X.shape).toEqual([2, 900]);
        expect(testCols.X.shape).toEqual([2, 100]);

        const result = train(trainCols.X, trainCols.Y, headline.architecture, {
          epochs: headline.epochs,
          learningRate: headline.learning_rate,
          seed: headline.init_seed,
          dtype,
        });
        expect(result.engine).toMatch(dtype === "float64" ? /-f64$/ : /-f32$/);
        expect(result.costHistory).toHaveLength(headline.epochs);
        for (const [epoch, cost] of Object.entries(headline.cost_at_epoch)) {
          const ours = result.costHistory[Number(epoch)]!;
          expect(Math.abs(ours - cost) / cost, `cost at epoch ${epoch}`).toBeLessThan(
            costTolerance,
          );
        }
        for (const [epoch, acc] of Object.entries(headline.train_accuracy_at_epoch)) {
          const ours = result.accuracyHistory[Number(epoch)]!;
          expect(Math.abs(ours - acc), `train accuracy at epoch ${epoch}`).toBeLessThanOrEqual(
            accuracySlack + 1e-12,
          );
        }
        const { output } = fullForwardPropagation(testCols.X, result.params, headline.architecture);
        const testAccuracy = getAccuracyValue(output, testCols.Y);
        expect(testAccuracy).toBe(headline.test_accuracy);
        expect(testAccuracy).toBe(0.98);
      },
      10 * 60_000,
    );
  }
});

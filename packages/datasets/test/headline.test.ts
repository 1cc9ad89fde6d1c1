// The notebook's headline experiment, end to end, against NumPy/scikit-learn's run in
// fixtures/training.json: make_moons(1000, noise=0.2, random_state=100) ->
// train_test_split(test_size=0.1, random_state=42) -> 2-25-50-50-25-1 ReLU/sigmoid,
// init seed 2, 10,000 epochs of full-batch gradient descent at learning rate 0.01.
// It runs on the WebAssembly SIMD backend, whose every op is bitwise equal to the typed-array
// reference (test/conformance.test.ts, test/wasm-kernels.test.ts in core), so these are the
// reference's numbers, three to six times sooner. Still the slowest test of the suite.
import { fullForwardPropagation, getAccuracyValue, train, wasmBackend } from "@plainnet/core";
import { describe, expect, it } from "vitest";
import { trainingCases } from "../../core/test/fixtures.ts";
import { makeMoons, toColumns, trainTestSplit } from "../src/index.ts";

const headline = trainingCases.find((c) => c.name.startsWith("notebook headline"))!;

describe("the notebook's headline run", () => {
  it(
    "reproduces NumPy's costs (1e-9 relative), train accuracies and test accuracy 0.98",
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

      const be = wasmBackend;
      const result = train(
        be.fromMatrix(trainCols.X),
        be.fromMatrix(trainCols.Y),
        headline.architecture,
        {
          epochs: headline.epochs,
          learningRate: headline.learning_rate,
          seed: headline.init_seed,
          backend: be,
        },
      );
      expect(result.costHistory).toHaveLength(headline.epochs);
      for (const [epoch, cost] of Object.entries(headline.cost_at_epoch)) {
        const ours = result.costHistory[Number(epoch)]!;
        expect(Math.abs(ours - cost) / cost, `cost at epoch ${epoch}`).toBeLessThan(1e-9);
      }
      for (const [epoch, acc] of Object.entries(headline.train_accuracy_at_epoch)) {
        expect(result.accuracyHistory[Number(epoch)], `train accuracy at epoch ${epoch}`).toBe(acc);
      }
      const { output } = fullForwardPropagation(
        be.fromMatrix(testCols.X),
        result.params,
        headline.architecture,
        {
          backend: be,
        },
      );
      const testAccuracy = getAccuracyValue(output, be.fromMatrix(testCols.Y), { backend: be });
      expect(testAccuracy).toBe(headline.test_accuracy);
      expect(testAccuracy).toBe(0.98);
    },
    20 * 60_000,
  );
});

// NumPy parity of training on every MatrixBackend: training.json case "small" (make_moons
// n=60, noise 0.1, random_state 3; train_test_split test 0.2, random_state 1; 2-4-1
// relu/sigmoid, 200 epochs, lr 0.5, init seed 7). It lives here rather than in core because it
// needs this package's datasets and core cannot depend on datasets (a workspace cycle); the
// backend list is core's (packages/core/test/backends.ts), shared with core's conformance and
// seed parity suites.
import {
  fullBackwardPropagation,
  fullForwardPropagation,
  getAccuracyValue,
  initLayers,
  type LayerInput,
  type Matrix,
  train,
} from "@plainnet/core";
import { describe, expect, it } from "vitest";
import { backends } from "../../core/test/backends.ts";
import { trainingCases } from "../../core/test/fixtures.ts";
import { makeMoons, toColumns, trainTestSplit } from "../src/index.ts";

const small = trainingCases.find((c) => c.name.startsWith("small"))!;
const arch = small.architecture as LayerInput[];

function data(): { train: { X: Matrix; Y: Matrix }; test: { X: Matrix; Y: Matrix } } {
  const { X, y } = makeMoons({
    nSamples: small.dataset.n_samples,
    noise: small.dataset.noise,
    randomState: small.dataset.random_state,
  });
  const s = trainTestSplit(X, y, {
    testSize: small.split.test_size,
    randomState: small.split.random_state,
  });
  return {
    train: toColumns({ X: s.XTrain, y: s.yTrain }),
    test: toColumns({ X: s.XTest, y: s.yTest }),
  };
}

/** Largest |ours − ref| over a grid. */
function maxAbsDiff(ours: Matrix, ref: number[][]): number {
  expect(ours.shape).toEqual([ref.length, ref[0]!.length]);
  let worst = 0;
  ref.forEach((row, i) => {
    row.forEach((v, j) => {
      worst = Math.max(worst, Math.abs(ours.get(i, j) - v));
    });
  });
  return worst;
}

describe.each(backends)('$name backend: training.json case "small"', ({ backend: be }) => {
  const d = data();
  const X = be.fromMatrix(d.train.X);
  const Y = be.fromMatrix(d.train.Y);

  it("uses the split of the fixture: 48 training and 12 test samples", () => {
    expect(be.shape(X)).toEqual([2, 48]);
    expect(be.shape(Y)).toEqual([1, 48]);
    expect(d.test.X.shape).toEqual([2, 12]);
  });

  it("epoch-0 gradients match NumPy within 1e-12", () => {
    const params = initLayers(arch, small.init_seed, { backend: be });
    const { output, memory } = fullForwardPropagation(X, params, arch, { backend: be });
    const grads = fullBackwardPropagation(output, Y, memory, params, arch, "binaryCrossEntropy", {
      backend: be,
    });
    small.grads_epoch0!.forEach((ref, layer) => {
      expect(be.isMatrix(grads[layer]!.dW)).toBe(true);
      expect(maxAbsDiff(be.toMatrix(grads[layer]!.dW), ref.dW)).toBeLessThanOrEqual(1e-12);
      expect(maxAbsDiff(be.toMatrix(grads[layer]!.db), ref.db)).toBeLessThanOrEqual(1e-12);
    });
  });

  it("200 epochs: costs within 1e-12 relative, accuracies equal, final parameters within 1e-9, test accuracy equal", () => {
    const result = train(X, Y, arch, {
      epochs: small.epochs,
      learningRate: small.learning_rate,
      seed: small.init_seed,
      backend: be,
    });
    expect(result.costHistory).toHaveLength(small.epochs);
    for (const [epoch, cost] of Object.entries(small.cost_at_epoch)) {
      const ours = result.costHistory[Number(epoch)]!;
      expect(Math.abs(ours - cost) / cost, `epoch ${epoch}`).toBeLessThanOrEqual(1e-12);
    }
    for (const [epoch, accuracy] of Object.entries(small.train_accuracy_at_epoch)) {
      expect(result.accuracyHistory[Number(epoch)], `epoch ${epoch}`).toBe(accuracy);
    }
    small.final_params!.forEach((ref, layer) => {
      const p = result.params[layer]!;
      expect(be.isMatrix(p.W)).toBe(true);
      expect(maxAbsDiff(be.toMatrix(p.W), ref.W)).toBeLessThanOrEqual(1e-9);
      expect(maxAbsDiff(be.toMatrix(p.b), ref.b)).toBeLessThanOrEqual(1e-9);
    });
    const { output } = fullForwardPropagation(be.fromMatrix(d.test.X), result.params, arch, {
      backend: be,
    });
    expect(getAccuracyValue(output, be.fromMatrix(d.test.Y), { backend: be })).toBe(
      small.test_accuracy,
    );
  });
});

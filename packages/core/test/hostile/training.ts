import {
  architectureFromSizes,
  type LayerInput,
  Matrix,
  Network,
  TrainingDivergedError,
  train,
  trainParallel,
} from "../../src/index.ts";
import type { HostileCase } from "./case.ts";

// Small two-class data, features x samples (and samples x features for Network.fit).
const N = 40;
const X = new Matrix(2, N);
const labels: number[] = [];
for (let j = 0; j < N; j++) {
  const a = Math.sin(j * 1.7) * 2;
  const b = Math.cos(j * 2.3) * 2;
  X.data[j] = a;
  X.data[N + j] = b;
  labels.push(a * b > 0 ? 1 : 0);
}
const Y = Matrix.row(labels);
const rows = X.transpose().toArray();
const ARCH: LayerInput[] = [
  { inputDim: 2, outputDim: 6, activation: "relu" },
  { inputDim: 6, outputDim: 1, activation: "sigmoid" },
];
const base = { epochs: 5, learningRate: 0.1 };
const withLabel = (i: number, v: number): Matrix => {
  const bad = Matrix.row(labels);
  bad.data[i] = v;
  return bad;
};
const oneHot = (scale: number, negative = false): Matrix => {
  const m = new Matrix(2, N);
  for (let j = 0; j < N; j++) {
    m.data[labels[j]! * N + j] = scale;
    if (negative) m.data[(1 - labels[j]!) * N + j] = -0.5;
  }
  return m;
};
const softmaxArch = architectureFromSizes([2, 6, 2], "relu", "softmax");
const net = (output: "sigmoid" | "softmax" | "linear" = "sigmoid", loss?: string): Network =>
  new Network([2, 6, output === "softmax" ? 2 : 1], {
    outputActivation: output,
    seed: 1,
    ...(loss === undefined ? {} : { loss: loss as "mse" }),
  });
const DIVERGED = /^training diverged at epoch 1: cost/;

/** Issue 21.8 (one validation for train, trainParallel and fit) and 21.2 (divergence). */
export const cases: HostileCase[] = [
  // --- 21.8: unknown options, with the same hints as Network.fit ---
  {
    name: "train with lr (Keras/PyTorch spelling)",
    run: () => train(X, Y, ARCH, { epochs: 5, lr: 0.1 } as never),
    error: RangeError,
    message: 'train: unknown option "lr"; did you mean learningRate?',
    defect: "21.8",
  },
  {
    name: "trainParallel with lr",
    run: () => trainParallel(X, Y, ARCH, { epochs: 5, lr: 0.1, threads: 1 } as never),
    error: RangeError,
    message: 'trainParallel: unknown option "lr"; did you mean learningRate?',
    defect: "21.8",
  },
  {
    name: "Network.fit with lr (the same hint)",
    run: () => net().fit(rows, labels, { epochs: 5, lr: 0.1 } as never),
    error: RangeError,
    message: 'fit: unknown option "lr"; did you mean learningRate?',
    defect: "21.8",
  },
  {
    name: "train with learning_rate",
    run: () => train(X, Y, ARCH, { epochs: 5, learning_rate: 0.1 } as never),
    error: RangeError,
    message: 'unknown option "learning_rate"; did you mean learningRate?',
    defect: "21.8",
  },
  {
    name: "train with max_iter",
    run: () => train(X, Y, ARCH, { ...base, max_iter: 5 } as never),
    error: RangeError,
    message: 'unknown option "max_iter"; did you mean epochs?',
    defect: "21.8",
  },
  {
    name: "train with batchSize (a Network.fit option)",
    run: () => train(X, Y, ARCH, { ...base, batchSize: 8 } as never),
    error: RangeError,
    message: "did you mean Network.fit (train does full-batch gradient descent)?",
    defect: "21.8",
  },
  {
    name: "train with optimizer (a Network.fit option)",
    run: () => train(X, Y, ARCH, { ...base, optimizer: "adam" } as never),
    error: RangeError,
    message: "did you mean Network.fit (train is plain gradient descent)?",
    defect: "21.8",
  },
  {
    name: "train with random_state",
    run: () => train(X, Y, ARCH, { ...base, random_state: 3 } as never),
    error: RangeError,
    message: 'unknown option "random_state"; did you mean seed?',
    defect: "21.8",
  },
  {
    name: "train with onEpochEnd",
    run: () => train(X, Y, ARCH, { ...base, onEpochEnd: () => {} } as never),
    error: RangeError,
    message: 'unknown option "onEpochEnd"; did you mean callback?',
    defect: "21.8",
  },
  {
    name: "train with an unknown key lists the known ones",
    run: () => train(X, Y, ARCH, { ...base, speed: "fast" } as never),
    error: RangeError,
    message: /unknown option "speed"; expected one of epochs, learningRate, seed, .*backend$/,
    defect: "21.8",
  },
  {
    name: "train with a constructor key (no prototype lookup in the hints)",
    run: () => train(X, Y, ARCH, JSON.parse('{"epochs":5,"learningRate":0.1,"constructor":1}')),
    error: RangeError,
    message: 'unknown option "constructor"; expected one of',
    defect: "21.8",
  },
  {
    name: "trainParallel with backend (train's option only)",
    run: () => trainParallel(X, Y, ARCH, { ...base, backend: {} } as never),
    error: RangeError,
    message: 'trainParallel: unknown option "backend"',
    defect: "21.8",
  },
  {
    name: "train with an array as options",
    run: () => train(X, Y, ARCH, [] as never),
    error: TypeError,
    message: "train: expected an options object { epochs, learningRate }, got",
    defect: "21.8",
  },
  // --- 21.8: labels Network.fit rejects ---
  {
    name: "train: label 2 under binary cross-entropy",
    run: () => train(X, withLabel(3, 2), ARCH, base),
    error: RangeError,
    message:
      "train: Y: a sigmoid output with binary cross-entropy needs 0/1 labels, got 2 at sample 3; for 3 or more classes use a softmax output",
    defect: "21.8",
  },
  {
    name: "Network.fit: label 2 under binary cross-entropy (the same message)",
    run: () =>
      net().fit(
        rows,
        labels.map((v, i) => (i === 3 ? 2 : v)),
        base,
      ),
    error: RangeError,
    message: "needs 0/1 labels, got 2 at sample 3; for 3 or more classes use a softmax output",
    defect: "21.8",
  },
  {
    name: "train: label -1 under binary cross-entropy",
    run: () => train(X, withLabel(0, -1), ARCH, base),
    error: RangeError,
    message:
      "train: Y: a sigmoid output with binary cross-entropy needs 0/1 labels, got -1 at sample 0",
    defect: "21.8",
  },
  {
    name: "train: label 0.5 under binary cross-entropy (reference engine)",
    run: () => train(X, withLabel(7, 0.5), ARCH, { ...base, engine: "reference" }),
    error: RangeError,
    message: "needs 0/1 labels, got 0.5 at sample 7",
    defect: "21.8",
  },
  {
    name: "trainParallel: label 2 under binary cross-entropy",
    run: () => trainParallel(X, withLabel(5, 2), ARCH, { ...base, threads: 1 }),
    error: RangeError,
    message:
      "trainParallel: Y: a sigmoid output with binary cross-entropy needs 0/1 labels, got 2 at sample 5",
    defect: "21.8",
  },
  {
    name: "train: categorical targets that do not sum to 1",
    run: () => train(X, oneHot(2), softmaxArch, { ...base, loss: "cce" }),
    error: RangeError,
    message:
      "train: Y: each target row of a softmax output must be one-hot (or sum to 1), sample 0 sums to 2",
    defect: "21.8",
  },
  {
    name: "train: a negative categorical target",
    run: () => train(X, oneHot(1, true), softmaxArch, { ...base, loss: "cce" }),
    error: RangeError,
    message: "train: Y: target probabilities must be >= 0, got -0.5 at sample",
    defect: "21.8",
  },
  {
    name: "train: divergenceFactor 1",
    run: () => train(X, Y, ARCH, { ...base, divergenceFactor: 1 }),
    error: RangeError,
    message: "train: divergenceFactor must be a number > 1 (or Infinity), got 1",
    defect: "21.8",
  },
  {
    name: "trainParallel: divergenceFactor NaN",
    run: () => trainParallel(X, Y, ARCH, { ...base, threads: 1, divergenceFactor: Number.NaN }),
    error: RangeError,
    message: "trainParallel: divergenceFactor must be a number > 1 (or Infinity), got NaN",
    defect: "21.8",
  },
  // --- 21.2: divergence at absurd learning rates, every output/loss pair and path ---
  {
    name: "train: sigmoid + BCE at learning rate 1e6 (fused engine)",
    run: () => train(X, Y, ARCH, { epochs: 20, learningRate: 1e6 }),
    error: TrainingDivergedError,
    message: DIVERGED,
    defect: "21.2",
  },
  {
    name: "train: sigmoid + BCE at learning rate 1e8 (reference path): saturated outputs",
    run: () => train(X, Y, ARCH, { epochs: 20, learningRate: 1e8, engine: "reference" }),
    error: TrainingDivergedError,
    message: /outputs are saturated .* above the 0\.6\d+ of always predicting the mean target/,
    defect: "21.2",
  },
  {
    name: "train: sigmoid + MSE at learning rate 1e6",
    run: () => train(X, Y, ARCH, { epochs: 20, learningRate: 1e6, loss: "mse" }),
    error: TrainingDivergedError,
    message: DIVERGED,
    defect: "21.2",
  },
  {
    name: "train: softmax + CCE at learning rate 1e6",
    run: () => train(X, oneHot(1), softmaxArch, { epochs: 20, learningRate: 1e6, loss: "cce" }),
    error: TrainingDivergedError,
    message: DIVERGED,
    defect: "21.2",
  },
  {
    name: "train: linear + MSE at learning rate 1e6: exploding loss",
    run: () =>
      train(X, Y, architectureFromSizes([2, 6, 1], "relu", "linear"), {
        epochs: 20,
        learningRate: 1e6,
        loss: "mse",
      }),
    error: TrainingDivergedError,
    message: /the loss exceeds \d+ \(divergenceFactor/,
    defect: "21.2",
  },
  {
    name: "train float32: sigmoid + BCE at learning rate 1e6",
    run: () => train(X, Y, ARCH, { epochs: 20, learningRate: 1e6, dtype: "float32" }),
    error: TrainingDivergedError,
    message: DIVERGED,
    defect: "21.2",
  },
  {
    name: "trainParallel: sigmoid + BCE at learning rate 1e8",
    run: () => trainParallel(X, Y, ARCH, { epochs: 20, learningRate: 1e8, threads: 1 }),
    error: TrainingDivergedError,
    message: "Training was left at the start of epoch 0, the last healthy state.",
    defect: "21.2",
  },
  {
    name: "Network.fit: sigmoid + BCE at learning rate 1e6",
    run: () => net().fit(rows, labels, { epochs: 20, learningRate: 1e6, warn: false }),
    error: TrainingDivergedError,
    message: DIVERGED,
    defect: "21.2",
  },
  {
    name: "Network.fitAsync: sigmoid + MSE at learning rate 1e6",
    run: () =>
      net("sigmoid", "mse").fitAsync(rows, labels, { epochs: 20, learningRate: 1e6, warn: false }),
    error: TrainingDivergedError,
    message: DIVERGED,
    defect: "21.2",
  },
  {
    name: "Network.fit: softmax + CCE at learning rate 1e6 (reference path)",
    run: () => net("softmax").fit(rows, labels, { epochs: 20, learningRate: 1e6, warn: false }),
    error: TrainingDivergedError,
    message: DIVERGED,
    defect: "21.2",
  },
  {
    name: "Network.fit: linear + MSE at learning rate 1e6",
    run: () =>
      net("linear", "mse").fit(rows, labels, { epochs: 20, learningRate: 1e6, warn: false }),
    error: TrainingDivergedError,
    message: DIVERGED,
    defect: "21.2",
  },
  {
    name: "Network.fit with Adam at learning rate 1e6 on mini-batches",
    run: () =>
      net().fit(rows, labels, {
        epochs: 20,
        learningRate: 1e6,
        optimizer: "adam",
        batchSize: 8,
        warn: false,
      }),
    error: TrainingDivergedError,
    message: "training diverged at epoch",
    defect: "21.2",
  },
];

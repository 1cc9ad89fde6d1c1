import { describe, expect, it } from "vitest";
import { normalizeArchitecture } from "../src/engine.ts";
import {
  fullBackwardPropagation,
  fullForwardPropagation,
  initLayers,
  Matrix,
  train,
  update,
} from "../src/index.ts";

const arch = [
  { inputDim: 2, outputDim: 3, activation: "relu" as const },
  { inputDim: 3, outputDim: 1, activation: "sigmoid" as const },
];
const X = Matrix.from([
  [0.1, 0.2, 0.3, 0.4],
  [1, -1, 0.5, 0],
]);
const Y = Matrix.row([0, 1, 1, 0]);
const params = initLayers(arch, 1);
const opts = { epochs: 3, learningRate: 0.1 };

type Case = [name: string, run: () => unknown, type: ErrorConstructor, message: RegExp];

const cases: Case[] = [
  [
    "ragged X rows",
    () => Matrix.from([[1, 2], [3]]),
    RangeError,
    /ragged rows: row 0 has 2 values but row 1 has 1/,
  ],
  [
    "NaN in X",
    () => Matrix.from([[1, Number.NaN]]),
    RangeError,
    /finite number at \[0\]\[1\], got NaN/,
  ],
  [
    "NaN smuggled in through raw storage",
    () =>
      train(
        new Matrix(2, 2, new Float64Array([1, Number.NaN, 0, 1])),
        Matrix.row([0, 1]),
        arch,
        opts,
      ),
    RangeError,
    /train: X must contain only finite numbers, found NaN at \[0\]\[1\]/,
  ],
  [
    "X rows differ from the first layer's inputDim",
    () => train(Matrix.from([[1, 2, 3, 4]]), Y, arch, opts),
    RangeError,
    /train: X has 1 rows but layer 0 expects inputDim 2 \(X is features x samples/,
  ],
  [
    "Y has the wrong number of samples",
    () => train(X, Matrix.row([0, 1]), arch, opts),
    RangeError,
    /train: Y is 1x2 but must be 1x4/,
  ],
  [
    "Y has the wrong number of outputs",
    () =>
      train(
        X,
        Matrix.from([
          [0, 1, 1, 0],
          [1, 0, 0, 1],
        ]),
        arch,
        opts,
      ),
    RangeError,
    /Y is 2x4 but must be 1x4 \(outputDim of the last layer/,
  ],
  [
    "unknown activation",
    () => initLayers([{ inputDim: 2, outputDim: 1, activation: "softmaxx" as "relu" }]),
    RangeError,
    /initLayers: layer 0: unknown activation "softmaxx"; expected one of "relu"/,
  ],
  [
    "zero layer size",
    () => initLayers([{ inputDim: 2, outputDim: 0, activation: "relu" }]),
    RangeError,
    /layer 0 outputDim must be a positive integer, got 0/,
  ],
  [
    "negative layer size",
    () => normalizeArchitecture([{ input_dim: -2, output_dim: 1, activation: "relu" }]),
    RangeError,
    /layer 0 inputDim must be a positive integer, got -2/,
  ],
  [
    "consecutive sizes do not chain",
    () => normalizeArchitecture([...arch, { inputDim: 2, outputDim: 1, activation: "sigmoid" }]),
    RangeError,
    /layer 2 has inputDim 2 but layer 1 has outputDim 1/,
  ],
  [
    "empty architecture",
    () => normalizeArchitecture([]),
    RangeError,
    /expected at least one layer/,
  ],
  [
    "negative epochs",
    () => train(X, Y, arch, { ...opts, epochs: -1 }),
    RangeError,
    /epochs must be a non-negative integer, got -1/,
  ],
  [
    "fractional epochs",
    () => train(X, Y, arch, { ...opts, epochs: 2.5 }),
    RangeError,
    /epochs must be a non-negative integer, got 2.5/,
  ],
  [
    "learning rate not finite",
    () => train(X, Y, arch, { ...opts, learningRate: Number.POSITIVE_INFINITY }),
    RangeError,
    /learningRate must be a finite number > 0, got Infinity/,
  ],
  [
    "learning rate NaN",
    () => train(X, Y, arch, { ...opts, learningRate: Number.NaN }),
    RangeError,
    /learningRate must be a finite number > 0, got NaN/,
  ],
  [
    "unknown loss",
    () => train(X, Y, arch, { ...opts, loss: "hinge" as "mse" as never }),
    RangeError,
    /options.loss: unknown loss "hinge"/,
  ],
  [
    "callbackEvery 0",
    () => train(X, Y, arch, { ...opts, callbackEvery: 0 }),
    RangeError,
    /callbackEvery must be a positive integer, got 0/,
  ],
  [
    "missing options",
    () => train(X, Y, arch, undefined as never),
    TypeError,
    /expected an options object/,
  ],
  [
    "nested arrays instead of a Matrix",
    () => fullForwardPropagation([[1], [2]] as never, params, arch),
    TypeError,
    /X must be a matrix of the typed-array backend, got array\(2\) \(wrap nested arrays with Matrix.from\)/,
  ],
  [
    "params of the wrong shape",
    () =>
      fullForwardPropagation(
        X,
        initLayers([
          { inputDim: 2, outputDim: 4, activation: "relu" },
          { inputDim: 4, outputDim: 1, activation: "sigmoid" },
        ]),
        arch,
      ),
    RangeError,
    /params\[0\].W is 4x2 but layer 0 needs 3x2/,
  ],
  [
    "params missing a layer",
    () => fullForwardPropagation(X, params.slice(0, 1), arch),
    RangeError,
    /params has 1 layers but the architecture has 2/,
  ],
  [
    "Yhat and Y shapes differ in backward",
    () => {
      const f = fullForwardPropagation(X, params, arch);
      return fullBackwardPropagation(f.output, Matrix.row([1, 0]), f.memory, params, arch);
    },
    RangeError,
    /fullBackwardPropagation: Y is 1x2 but the network's output Yhat is 1x4/,
  ],
  [
    "update with a non-finite learning rate",
    () => update(params, [], Number.NaN),
    RangeError,
    /update: learningRate must be a finite number, got NaN/,
  ],
  ["seed out of range", () => initLayers(arch, -1), RangeError, /seed/],
];

describe("bad input gets a clear, typed error", () => {
  it(`has at least 15 cases (${cases.length})`, () =>
    expect(cases.length).toBeGreaterThanOrEqual(15));
  it.each(cases)("%s", (_name, run, type, message) => {
    let error: unknown;
    try {
      run();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
  });
});

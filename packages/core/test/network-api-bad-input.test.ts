// Table-driven: every bad fit/predict input throws a TypeError or RangeError that names the
// option or the sample and says what was expected.
import { describe, expect, it } from "vitest";
import { Adam, Matrix, Network, typedArrayBackend } from "../src/index.ts";

/** Another backend object (same kernels, another name) for the backend-mismatch case. */
const otherBackend = { ...typedArrayBackend, name: "other" };

const X = [
  [0.1, 0.2],
  [0.3, -0.1],
  [-0.5, 0.4],
  [0.9, -0.7],
];
const y = [0, 1, 1, 0];
const binary = (): Network => new Network([2, 3, 1], { seed: 1 });
const multi = (): Network => new Network([2, 3, 3], { seed: 1 });

type Case = [name: string, run: () => unknown, type: ErrorConstructor, message: RegExp];

const cases: Case[] = [
  // options object
  [
    "no options",
    () => binary().fit(X, y, undefined as never),
    TypeError,
    /fit: expected an options object such as \{ epochs: 1000 \}, got undefined/,
  ],
  [
    "missing epochs",
    () => binary().fit(X, y, {} as never),
    TypeError,
    /options.epochs is required/,
  ],
  [
    "negative epochs",
    () => binary().fit(X, y, { epochs: -1 }),
    RangeError,
    /epochs must be a non-negative integer, got -1/,
  ],
  [
    "fractional epochs",
    () => binary().fit(X, y, { epochs: 1.5 }),
    RangeError,
    /epochs must be a non-negative integer, got 1.5/,
  ],
  [
    "snake_case option",
    () => binary().fit(X, y, { epochs: 1, batch_size: 2 } as never),
    RangeError,
    /unknown option "batch_size"; did you mean batchSize\?/,
  ],
  [
    "lr alias",
    () => binary().fit(X, y, { epochs: 1, lr: 0.1 } as never),
    RangeError,
    /unknown option "lr"; did you mean learningRate\?/,
  ],
  [
    "seed in fit",
    () => binary().fit(X, y, { epochs: 1, seed: 3 } as never),
    RangeError,
    /did you mean the Network's seed option/,
  ],
  [
    "unknown option",
    () => binary().fit(X, y, { epochs: 1, foo: 1 } as never),
    RangeError,
    /unknown option "foo"; expected one of epochs, batchSize/,
  ],
  [
    "batchSize 0",
    () => binary().fit(X, y, { epochs: 1, batchSize: 0 }),
    RangeError,
    /batchSize must be a positive integer or "full", got 0/,
  ],
  [
    "batchSize string",
    () => binary().fit(X, y, { epochs: 1, batchSize: "32" as never }),
    RangeError,
    /batchSize must be a positive integer or "full", got string "32"/,
  ],
  [
    "shuffle not boolean",
    () => binary().fit(X, y, { epochs: 1, shuffle: "yes" as never }),
    TypeError,
    /shuffle must be a boolean, got string "yes"/,
  ],
  [
    "learningRate 0",
    () => binary().fit(X, y, { epochs: 1, learningRate: 0 }),
    RangeError,
    /learningRate must be a finite number > 0, got 0/,
  ],
  [
    "learningRate NaN",
    () => binary().fit(X, y, { epochs: 1, learningRate: Number.NaN }),
    RangeError,
    /learningRate must be a finite number > 0, got NaN/,
  ],
  [
    "weightDecay negative",
    () => binary().fit(X, y, { epochs: 1, weightDecay: -1 }),
    RangeError,
    /weightDecay must be a finite number >= 0, got -1/,
  ],
  [
    "learningRate twice",
    () =>
      binary().fit(X, y, {
        epochs: 1,
        learningRate: 0.1,
        optimizer: { type: "sgd", learningRate: 0.2 },
      }),
    RangeError,
    /learningRate is given both as an option and in the optimizer config/,
  ],
  [
    "learningRate with an instance",
    () => binary().fit(X, y, { epochs: 1, learningRate: 0.1, optimizer: new Adam() }),
    RangeError,
    /cannot be combined with an optimizer instance/,
  ],
  [
    "unknown optimizer",
    () => binary().fit(X, y, { epochs: 1, optimizer: "lbfgs" as never }),
    RangeError,
    /fit: optimizer: unknown optimizer "lbfgs"; expected "sgd", "adam" or "rmsprop"/,
  ],
  [
    "optimizer not a config",
    () => binary().fit(X, y, { epochs: 1, optimizer: 3 as never }),
    TypeError,
    /optimizer must be "sgd", "adam", "rmsprop", \{ type, \.\.\. \} or an Optimizer, got 3/,
  ],
  [
    "bad momentum",
    () => binary().fit(X, y, { epochs: 1, optimizer: { type: "sgd", momentum: 1 } }),
    RangeError,
    /momentum must be a finite number >= 0 and < 1, got 1/,
  ],
  [
    "optimizer on another backend",
    () => binary().fit(X, y, { epochs: 1, optimizer: new Adam({ backend: otherBackend }) }),
    RangeError,
    /works on the other backend but the network on typed-array/,
  ],
  [
    "bad schedule",
    () => binary().fit(X, y, { epochs: 1, learningRateSchedule: "cosine" as never }),
    RangeError,
    /learningRateSchedule: unknown schedule type "cosine"/,
  ],
  [
    "validationSplit 1",
    () => binary().fit(X, y, { epochs: 1, validationSplit: 1 }),
    RangeError,
    /validationSplit must be a number strictly between 0 and 1, got 1/,
  ],
  [
    "validationSplit leaving nothing",
    () => binary().fit(X, y, { epochs: 1, validationSplit: 0.9 }),
    RangeError,
    /validationSplit 0.9 of 4 samples leaves no training samples/,
  ],
  [
    "split and data",
    () => binary().fit(X, y, { epochs: 1, validationSplit: 0.5, validationData: [X, y] }),
    RangeError,
    /either validationSplit or validationData, not both/,
  ],
  [
    "validationData shape",
    () => binary().fit(X, y, { epochs: 1, validationData: X as never }),
    TypeError,
    /validationData must be \[X, y\] or \{ X, y \}/,
  ],
  [
    "validationData labels",
    () => binary().fit(X, y, { epochs: 1, validationData: [X, [0, 1, 2, 0]] }),
    RangeError,
    /fit: validationData: y: a sigmoid output with binary cross-entropy needs 0\/1 labels, got 2 at sample 2/,
  ],
  [
    "earlyStopping on valLoss without validation",
    () => binary().fit(X, y, { epochs: 1, earlyStopping: { monitor: "valLoss" } }),
    RangeError,
    /monitor "valLoss" needs validation data/,
  ],
  [
    "earlyStopping bad monitor",
    () => binary().fit(X, y, { epochs: 1, earlyStopping: { monitor: "f1" as never } }),
    RangeError,
    /monitor must be "loss", "accuracy", "valLoss" or "valAccuracy", got string "f1"/,
  ],
  [
    "earlyStopping patience",
    () => binary().fit(X, y, { epochs: 1, earlyStopping: { patience: -2 } }),
    RangeError,
    /patience must be a non-negative integer, got -2/,
  ],
  [
    "earlyStopping unknown key",
    () => binary().fit(X, y, { epochs: 1, earlyStopping: { wait: 2 } as never }),
    RangeError,
    /unknown earlyStopping key "wait"/,
  ],
  [
    "accuracy monitor for regression",
    () =>
      new Network([2, 1], { outputActivation: "linear" }).fit(X, y, {
        epochs: 1,
        earlyStopping: { monitor: "accuracy" },
      }),
    RangeError,
    /needs a classifier/,
  ],
  [
    "callback not a function",
    () => binary().fit(X, y, { epochs: 1, callbacks: { onEpochEnd: 1 as never } }),
    TypeError,
    /callbacks.onEpochEnd must be a function, got 1/,
  ],
  [
    "unknown callback",
    () => binary().fit(X, y, { epochs: 1, callbacks: { onTrainEnd: () => {} } as never }),
    RangeError,
    /unknown callback "onTrainEnd"/,
  ],
  [
    "signal not a signal",
    () => binary().fit(X, y, { epochs: 1, signal: {} as never }),
    TypeError,
    /signal must be an AbortSignal/,
  ],
  [
    "divergenceFactor 1",
    () => binary().fit(X, y, { epochs: 1, divergenceFactor: 1 }),
    RangeError,
    /divergenceFactor must be a number > 1/,
  ],
  [
    "dataset info nested",
    () => binary().fit(X, y, { epochs: 1, dataset: { source: { a: 1 } } as never }),
    TypeError,
    /dataset.source must be a string/,
  ],
  [
    "dataset __proto__",
    () => binary().fit(X, y, { epochs: 1, dataset: JSON.parse('{"__proto__": 1}') }),
    RangeError,
    /key "__proto__" is not allowed/,
  ],
  // data
  [
    "NaN in X",
    () => binary().fit([[0, Number.NaN], ...X.slice(1)], y, { epochs: 1 }),
    RangeError,
    /fit: X: expected a finite number at \[0\]\[1\], got NaN/,
  ],
  [
    "Infinity in a Matrix X",
    () =>
      binary().fit(new Matrix(4, 2, new Float64Array([0, 1, 2, Infinity, 4, 5, 6, 7])), y, {
        epochs: 1,
      }),
    RangeError,
    /found Infinity at sample 1, feature 1/,
  ],
  [
    "ragged rows",
    () => binary().fit([[1, 2], [3], [4, 5], [6, 7]], y, { epochs: 1 }),
    RangeError,
    /ragged rows: row 0 has 2 values but row 1 has 1/,
  ],
  [
    "string in X",
    () => binary().fit([[1, "2"], ...X.slice(1)] as never, y, { epochs: 1 }),
    TypeError,
    /expected a number at \[0\]\[1\], got string "2"/,
  ],
  [
    "flat X",
    () => binary().fit([1, 2, 3, 4] as never, y, { epochs: 1 }),
    TypeError,
    /flat array of numbers; wrap a single sample/,
  ],
  [
    "X not an array",
    () => binary().fit("data" as never, y, { epochs: 1 }),
    TypeError,
    /expected samples x features as number\[\]\[\] or a Matrix/,
  ],
  [
    "features x samples by mistake",
    () =>
      binary().fit(
        [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
        ],
        y,
        { epochs: 1 },
      ),
    RangeError,
    /X has 4 features per sample but the network's input layer expects 2 \(X is samples x features/,
  ],
  [
    "X/y length mismatch",
    () => binary().fit(X, [0, 1, 1], { epochs: 1 }),
    RangeError,
    /X has 4 samples but y has 3 values/,
  ],
  [
    "NaN label",
    () => binary().fit(X, [0, Number.NaN, 1, 0], { epochs: 1 }),
    RangeError,
    /expected a finite number at index 1, got NaN/,
  ],
  [
    "label 2 for a sigmoid output",
    () => binary().fit(X, [0, 1, 2, 0], { epochs: 1 }),
    RangeError,
    /needs 0\/1 labels, got 2 at sample 2; for 3 or more classes use a softmax output/,
  ],
  [
    "label beyond the softmax (4 distinct labels for 3 units)",
    () => multi().fit(X, [0, 1, 3, 2], { epochs: 1 }),
    RangeError,
    /label 3 at index 2 but the softmax output layer has 3 units \(classes 0..2\)/,
  ],
  [
    "negative class label (4 distinct labels for 3 units)",
    () => multi().fit(X, [0, -1, 1, 2], { epochs: 1 }),
    RangeError,
    /class labels must be integers 0..2, got -1 at index 1/,
  ],
  [
    "one-hot rows of the wrong width",
    () =>
      multi().fit(
        X,
        [
          [1, 0],
          [0, 1],
          [1, 0],
          [0, 1],
        ],
        { epochs: 1 },
      ),
    RangeError,
    /y rows have 2 values but the output layer has 3 units/,
  ],
  [
    "rows that do not sum to 1",
    () =>
      multi().fit(
        X,
        [
          [1, 0, 0],
          [0, 1, 1],
          [1, 0, 0],
          [0, 0, 1],
        ],
        { epochs: 1 },
      ),
    RangeError,
    /sample 1 sums to 2/,
  ],
  [
    "flat y for 2 regression outputs",
    () => new Network([2, 2], { outputActivation: "linear" }).fit(X, y, { epochs: 1 }),
    RangeError,
    /has 2 outputs, so y needs one row of 2 values per sample/,
  ],
  [
    "forgotten y",
    () => binary().fit(X, { epochs: 1 } as never, undefined as never),
    TypeError,
    /missing y/,
  ],
  [
    "dataset and y",
    () => binary().evaluate({ X, y }, y),
    TypeError,
    /either \(X, y\) or a \{ X, y \} data set, not both/,
  ],
  [
    "predict on the wrong width",
    () => binary().predict([[1, 2, 3]]),
    RangeError,
    /predict: X has 3 features per sample but the network's input layer expects 2/,
  ],
  [
    "predict multi-label",
    () => new Network([2, 2], { outputActivation: "sigmoid" }).predict(X),
    RangeError,
    /2 independent sigmoid outputs; use predictOutputs/,
  ],
];

describe("bad input to Network.fit / predict / evaluate", () => {
  it(`covers many cases (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)("%s", (_name, run, type, message) => {
    expect(run).toThrow(type);
    expect(run).toThrow(message);
  });

  it("a rejected fit leaves the network untouched", () => {
    const net = binary();
    const before = JSON.stringify(net);
    expect(() => net.fit(X, [0, 1, 2, 0], { epochs: 3, optimizer: "adam" })).toThrow(RangeError);
    expect(JSON.stringify(net)).toBe(before);
    // an optimiser error is found before the validation split draws from the generator
    expect(() =>
      net.fit(X, y, { epochs: 3, validationSplit: 0.25, optimizer: { type: "adam", beta2: 2 } }),
    ).toThrow(/beta2 must be a finite number >= 0 and < 1, got 2/);
    expect(JSON.stringify(net)).toBe(before);
  });

  it("warns (once, through options.warn) about unscaled features", () => {
    const messages: string[] = [];
    const big = X.map(([a, b]) => [a!, b! * 1000]);
    binary().fit(big, y, { epochs: 1, warn: (m) => void messages.push(m) });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /fit: 1 of 2 features look unscaled \(feature 1 reaches \|x\| = 700\); standardise them/,
    );
    const none: string[] = [];
    binary().fit(X, y, { epochs: 1, warn: (m) => void none.push(m) });
    expect(none).toEqual([]);
    expect(typedArrayBackend.name).toBe("typed-array");
  });
});

// Network.fit's mini-batches on the fused engine (the parameters kept in the engine's heap for
// the whole fit, each batch gathered in place, the optimiser's step in place): in float64 every
// result is the reference path's bit for bit (losses, accuracies, validation, parameters, the
// parameters every batch callback sees, divergence errors); in float32 the results are those of
// the float32 loop the fused engine ran before (parameters in float64, updated with
// `Optimizer.step` on matrices and rounded into the engine), re-implemented here from the
// engine's public steps as the oracle.
import { describe, expect, it, vi } from "vitest";
import { createKernels } from "../src/engine/select.ts";
import { FusedTrainer } from "../src/engine/trainer.ts";
import { Matrix, Network, type Params, TrainingDivergedError } from "../src/index.ts";
import { binaryCrossEntropy } from "../src/losses/binary-cross-entropy.ts";
import { categoricalCrossEntropy } from "../src/losses/categorical-cross-entropy.ts";
import { gatherColumns } from "../src/model/data.ts";
import type { FitOptions } from "../src/model/fit-options.ts";
import { createOptimizer } from "../src/optimizers/registry.ts";
import { normalizeSchedule, scheduledLearningRate } from "../src/optimizers/schedules.ts";
import type { Grads } from "../src/params.ts";
import { RandomState, type RandomStateSnapshot } from "../src/random.ts";
import { data } from "./engine-data.ts";

const N = 150;
const [X0, Y0] = data(2, N, 1, 5);
const samples = Array.from({ length: N }, (_, j) => [X0.get(0, j), X0.get(1, j)]);
const labels = Array.from({ length: N }, (_, j) => Y0.get(0, j));
/** Three classes by sector, for softmax networks. */
const labels3 = samples.map(([u, v]) => (u! + v! > 0.4 ? 0 : u! - v! > 0.4 ? 1 : 2));
const SIZES3 = [2, 12, 3];
const SIZES = [2, 12, 8, 1];

function expectSameParams(a: Params, b: Params, what = ""): void {
  expect(a.length).toBe(b.length);
  a.forEach((p, i) => {
    for (const key of ["W", "b"] as const) {
      const x = p[key].data;
      const y = b[i]![key].data;
      expect(x.length).toBe(y.length);
      let differing = 0;
      for (let q = 0; q < x.length; q++) if (!Object.is(x[q], y[q])) differing++;
      expect(differing, `${what} layer ${i} ${key}`).toBe(0);
    }
  });
}

type Options = FitOptions<Network>;

/** Fits a fused (`engine`) and a reference network of the same seed; returns both. */
function pair(
  options: Options,
  engine: "wasm" | "js" = "wasm",
  sizes: readonly number[] = SIZES,
): { fused: Network; ref: Network; a: ReturnType<Network["fit"]>; b: ReturnType<Network["fit"]> } {
  const ref = new Network(sizes as number[], { engine: "reference", seed: 3 });
  const fused = new Network(sizes as number[], { engine, seed: 3 });
  expect(ref.engine).toBe("reference:typed-array");
  expect(fused.engine).toBe(engine === "js" ? "js-f64" : "wasm-simd-f64");
  const a = ref.fit(samples, labels, options);
  const b = fused.fit(samples, labels, options);
  return { fused, ref, a, b };
}

function expectSameFit(options: Options, engine: "wasm" | "js" = "wasm"): void {
  const { fused, ref, a, b } = pair(options, engine);
  expect(a.loss.length).toBeGreaterThan(0);
  expect(b.loss).toEqual(a.loss);
  expect(b.accuracy).toEqual(a.accuracy);
  expect(b.valLoss).toEqual(a.valLoss);
  expect(b.valAccuracy).toEqual(a.valAccuracy);
  expect(b.stopReason).toBe(a.stopReason);
  expectSameParams(fused.params, ref.params);
}

describe("Network.fit on the fused engine: float64 is bitwise the reference path", () => {
  const optimizers: [string, Options["optimizer"], number?][] = [
    ["SGD", "sgd"],
    ["momentum (PyTorch form)", { type: "sgd", momentum: 0.9 }],
    ["momentum (scikit-learn form)", { type: "sgd", momentum: 0.9, momentumForm: "sklearn" }],
    ["Nesterov", { type: "sgd", momentum: 0.9, nesterov: true }],
    ["Adam", "adam"],
    ["RMSProp", "rmsprop"],
    ["SGD with weight decay", "sgd", 1e-3],
    ["Adam with weight decay", "adam", 1e-3],
  ];
  for (const [name, optimizer, weightDecay] of optimizers) {
    it(`${name}, shuffled batches of 32`, () => {
      expectSameFit({
        epochs: 6,
        batchSize: 32,
        optimizer,
        learningRate: 0.05,
        ...(weightDecay === undefined ? {} : { weightDecay }),
      });
    });
  }

  for (const batchSize of [1, 7, 32, null]) {
    for (const engine of ["wasm", "js"] as const) {
      it(`${engine}: batch size ${batchSize ?? "full"} with Adam`, () => {
        expectSameFit(
          {
            epochs: batchSize === 1 ? 2 : 8,
            ...(batchSize === null ? {} : { batchSize }),
            optimizer: "adam",
            learningRate: 0.01,
          },
          engine,
        );
      });
    }
  }

  const schedules: Options["learningRateSchedule"][] = [
    { type: "step", stepSize: 2, gamma: 0.5 },
    { type: "exponential", gamma: 0.8 },
    { type: "inverseScaling", powerT: 0.25 },
  ];
  for (const learningRateSchedule of schedules) {
    it(`schedule ${JSON.stringify(learningRateSchedule)}`, () => {
      expectSameFit({
        epochs: 6,
        batchSize: 16,
        optimizer: { type: "sgd", momentum: 0.5 },
        learningRate: 0.1,
        learningRateSchedule,
      });
    });
  }

  const softmaxRuns: [string, Options][] = [
    ["Adam, batches of 16", { epochs: 6, batchSize: 16, optimizer: "adam", learningRate: 0.02 }],
    [
      "Nesterov with weight decay, batches of 7",
      {
        epochs: 3,
        batchSize: 7,
        optimizer: { type: "sgd", momentum: 0.9, nesterov: true },
        weightDecay: 1e-3,
      },
    ],
    ["RMSProp, full batch", { epochs: 10, optimizer: "rmsprop", learningRate: 0.01 }],
  ];
  for (const [name, options] of softmaxRuns) {
    it(`a softmax network (3 classes): ${name}`, () => {
      const ref = new Network(SIZES3, { engine: "reference", seed: 5 });
      const fused = new Network(SIZES3, { seed: 5 });
      expect(fused.engine).toBe("wasm-simd-f64");
      const a = ref.fit(samples, labels3, options);
      const b = fused.fit(samples, labels3, options);
      expect(b.loss).toEqual(a.loss);
      expect(b.accuracy).toEqual(a.accuracy);
      expectSameParams(fused.params, ref.params);
    });
  }

  it("without shuffling", () => {
    expectSameFit({ epochs: 6, batchSize: 20, shuffle: false, optimizer: "adam" });
  });

  it("a validation split with early stopping (restoring the best weights)", () => {
    const { a, b, fused, ref } = pair({
      epochs: 40,
      batchSize: 16,
      optimizer: "adam",
      learningRate: 0.05,
      validationSplit: 0.3,
      earlyStopping: { patience: 2, restoreBestWeights: true },
    });
    expect(a.valLoss!.length).toBeGreaterThan(0);
    expect(b.valLoss).toEqual(a.valLoss);
    expect(b.loss).toEqual(a.loss);
    expect(b.bestEpoch).toBe(a.bestEpoch);
    expect(b.stopReason).toBe(a.stopReason);
    expectSameParams(fused.params, ref.params);
  });

  it("a regression network (tanh hidden layer, linear output, mean squared error)", () => {
    const targets = samples.map(([u, v]) => [Math.sin(u!) + 0.5 * v!]);
    const make = (engine: "wasm" | "reference"): Network =>
      new Network([2, 10, 1], {
        engine,
        seed: 4,
        activation: "tanh",
        outputActivation: "linear",
        loss: "meanSquaredError",
      });
    const ref = make("reference");
    const fused = make("wasm");
    expect(fused.engine).toBe("wasm-simd-f64");
    const options: Options = { epochs: 5, batchSize: 8, optimizer: "rmsprop" };
    const a = ref.fit(samples, targets, options);
    const b = fused.fit(samples, targets, options);
    expect(b.loss).toEqual(a.loss);
    expectSameParams(fused.params, ref.params);
  });

  it("onBatchEnd sees each batch's parameters and predictions, as on the reference path", () => {
    const seen = (engine: "wasm" | "reference"): { params: Params[]; proba: number[] } => {
      const net = new Network(SIZES, { engine, seed: 3 });
      const params: Params[] = [];
      const proba: number[] = [];
      net.fit(samples, labels, {
        epochs: 3,
        batchSize: 40,
        optimizer: "adam",
        learningRate: 0.05,
        callbacks: {
          onBatchEnd: (log) => {
            params.push(net.params);
            if (log.batch % 2 === 0) proba.push(net.predictProba([[0.3, -0.7]]).get(0, 0));
          },
        },
      });
      return { params, proba };
    };
    const r = seen("reference");
    const f = seen("wasm");
    expect(r.params.length).toBe(12);
    expect(f.params.length).toBe(12);
    r.params.forEach((p, i) => {
      expectSameParams(f.params[i]!, p, `batch ${i}`);
    });
    // Parameters move every batch, and the fused prediction cache follows them.
    expect(new Set(f.proba).size).toBe(f.proba.length);
    expect(f.proba).toEqual(r.proba);
  });

  it("onEpochEnd sees the epoch's parameters; a snapshot taken there resumes exactly", () => {
    const options: Options = { epochs: 3, batchSize: 32, optimizer: "adam", learningRate: 0.02 };
    const ref = new Network(SIZES, { engine: "reference", seed: 3 });
    ref.fit(samples, labels, { ...options, epochs: 6 });
    const fused = new Network(SIZES, { seed: 3 });
    let saved = "";
    const paramsAt: Params[] = [];
    fused.fit(samples, labels, {
      ...options,
      epochs: 6,
      callbacks: {
        onEpochEnd: (log) => {
          paramsAt.push(fused.params);
          if (log.epoch === 2) saved = JSON.stringify(fused);
        },
      },
    });
    expectSameParams(fused.params, ref.params);
    expectSameParams(paramsAt[5]!, ref.params, "last epoch");
    const resumed = Network.fromJSON(saved);
    resumed.fit(samples, labels, options);
    expectSameParams(resumed.params, ref.params, "resumed");
  });

  it("resuming through toJSON/fromJSON between fits continues bit for bit", () => {
    const options: Options = { epochs: 3, batchSize: 25, optimizer: "rmsprop" };
    const straight = new Network(SIZES, { engine: "reference", seed: 8 });
    straight.fit(samples, labels, { ...options, epochs: 6 });
    const first = new Network(SIZES, { seed: 8 });
    first.fit(samples, labels, options);
    const second = Network.fromJSON(JSON.stringify(first));
    expect(second.engine).toBe("wasm-simd-f64");
    second.fit(samples, labels, options);
    expectSameParams(second.params, straight.params);
  });

  it("fitAsync gives fit's bits", async () => {
    const options: Options = { epochs: 4, batchSize: 10, optimizer: "adam", learningRate: 0.02 };
    const ref = new Network(SIZES, { engine: "reference", seed: 3 });
    const fused = new Network(SIZES, { seed: 3 });
    const a = await ref.fitAsync(samples, labels, options);
    const seen: Params[] = [];
    const b = await fused.fitAsync(samples, labels, {
      ...options,
      callbacks: {
        onBatchEnd: async (log) => {
          if (log.batch === 3) seen.push(fused.params);
          await Promise.resolve();
        },
      },
    });
    expect(b.loss).toEqual(a.loss);
    expectSameParams(fused.params, ref.params);
    expect(seen.length).toBe(4);
  });

  it("code running while fitAsync yields to the event loop reads the current parameters", async () => {
    const options: Options = { epochs: 2, batchSize: 10, optimizer: "adam", learningRate: 0.02 };
    const key = (p: Params): string => p.map((l) => `${l.W.data.join()}|${l.b.data.join()}`).join();
    const ref = new Network(SIZES, { engine: "reference", seed: 3 });
    const perBatch: string[] = [key(ref.params)];
    ref.fit(samples, labels, {
      ...options,
      callbacks: { onBatchEnd: () => void perBatch.push(key(ref.params)) },
    });
    const fused = new Network(SIZES, { seed: 3 });
    // A clock that moves 20 ms a reading: fitAsync yields to the event loop after every batch.
    let clock = 0;
    const spy = vi.spyOn(performance, "now").mockImplementation(() => (clock += 20));
    const reads: string[] = [];
    let done = false;
    const read = (): void => {
      reads.push(key(fused.params));
      if (!done) setTimeout(read, 0);
    };
    try {
      setTimeout(read, 0);
      const fit = fused.fitAsync(samples, labels, options);
      await fit;
    } finally {
      done = true;
      spy.mockRestore();
    }
    // Every read is the state after some batch, in order, and most batches were seen.
    let at = 0;
    for (const r of reads) {
      const k = perBatch.indexOf(r, at);
      expect(k, "a read that is no batch's parameters (or out of order)").toBeGreaterThanOrEqual(0);
      at = k;
    }
    expect(new Set(reads).size).toBeGreaterThan(perBatch.length / 2);
  });

  it("an abort between batches leaves the last completed epoch, as on the reference path", () => {
    const run = (engine: "wasm" | "reference"): Network => {
      const net = new Network(SIZES, { engine, seed: 3 });
      const controller = new AbortController();
      expect(() =>
        net.fit(samples, labels, {
          epochs: 5,
          batchSize: 32,
          optimizer: "adam",
          signal: controller.signal,
          callbacks: {
            onBatchEnd: (log) => {
              if (log.epoch === 2 && log.batch === 1) controller.abort(new Error("stop"));
            },
          },
        }),
      ).toThrow("stop");
      expect(net.epoch).toBe(2);
      return net;
    };
    expectSameParams(run("wasm").params, run("reference").params);
  });

  it("divergence (at 1e6, and at 30 with momentum a few epochs in) gives the reference's error", () => {
    const failure = (
      engine: "wasm" | "reference",
      optimizer: Options["optimizer"],
      learningRate: number,
    ) => {
      const net = new Network(SIZES, { engine, seed: 3 });
      const epochs: number[] = [];
      try {
        net.fit(samples, labels, {
          epochs: 10,
          batchSize: 16,
          optimizer,
          learningRate,
          callbacks: { onEpochEnd: (log) => void epochs.push(log.epoch) },
        });
      } catch (error) {
        expect(error).toBeInstanceOf(TrainingDivergedError);
        return { error: error as TrainingDivergedError, params: net.params, net, epochs };
      }
      throw new Error("expected the fit to diverge");
    };
    const runs: [Options["optimizer"], number][] = [
      ["sgd", 1e6],
      [{ type: "sgd", momentum: 0.9 }, 1e6],
      [{ type: "sgd", momentum: 0.9 }, 30],
    ];
    for (const [optimizer, learningRate] of runs) {
      const r = failure("reference", optimizer, learningRate);
      const f = failure("wasm", optimizer, learningRate);
      for (const key of ["epoch", "layer", "quantity", "value", "reason", "resumeEpoch"] as const) {
        expect(f.error[key], key).toEqual(r.error[key]);
      }
      expect(f.error.message).toBe(r.error.message);
      expect(f.error.lastGoodParams === undefined).toBe(r.error.lastGoodParams === undefined);
      expect(f.epochs).toEqual(r.epochs);
      expect(f.net.epoch).toBe(r.net.epoch);
      expect(f.net.history.loss).toEqual(r.net.history.loss);
      expectSameParams(f.params, r.params);
    }
    // The last run diverged after completed epochs: the network went back to a later epoch's
    // start, not to the fit's.
    expect(failure("wasm", { type: "sgd", momentum: 0.9 }, 30).net.epoch).toBeGreaterThan(0);
  });

  it("a gradient that overflows gives the reference's error", () => {
    // Hidden outputs near 1e160 and output weights 1e-11: a finite cost (about 1e300), but
    // dW of the output layer (dZ·Aᵀ, about 1e150 · 1e160) overflows.
    const params = [
      {
        W: [
          [1e160, 1e160],
          [1e160, -1e160],
          [-1e160, 1e160],
        ],
        b: [[0], [0], [0]],
      },
      { W: [[1e-11, 1e-11, 1e-11]], b: [[0]] },
    ];
    const targets = samples.map(([u, v]) => [Math.sin(u!) + 0.5 * v!]);
    const failure = (engine: "wasm" | "js" | "reference"): TrainingDivergedError => {
      const net = new Network([2, 3, 1], {
        engine,
        seed: 4,
        outputActivation: "linear",
        loss: "meanSquaredError",
        params,
      });
      try {
        net.fit(samples, targets, { epochs: 2, batchSize: 10, divergenceFactor: Infinity });
      } catch (error) {
        return error as TrainingDivergedError;
      }
      throw new Error("expected the fit to diverge");
    };
    const r = failure("reference");
    expect(r).toBeInstanceOf(TrainingDivergedError);
    expect(r.quantity).toBe("gradient");
    for (const engine of ["wasm", "js"] as const) {
      const f = failure(engine);
      for (const key of ["epoch", "layer", "quantity", "value", "reason"] as const) {
        expect(f[key], `${engine} ${key}`).toEqual(r[key]);
      }
      expect(f.message).toBe(r.message);
    }
  });

  it("divergence with a huge learning rate overflowing the parameters names the same layer", () => {
    // Adam's steps are about lr in size: 1e305 overflows W + step without a non-finite gradient.
    const failure = (engine: "wasm" | "reference"): TrainingDivergedError => {
      const net = new Network(SIZES, { engine, seed: 3 });
      try {
        net.fit(samples, labels, {
          epochs: 3,
          batchSize: 50,
          optimizer: "adam",
          learningRate: 1e308,
        });
      } catch (error) {
        return error as TrainingDivergedError;
      }
      throw new Error("expected the fit to diverge");
    };
    const r = failure("reference");
    const f = failure("wasm");
    expect(r).toBeInstanceOf(TrainingDivergedError);
    for (const key of ["epoch", "layer", "quantity", "value"] as const) {
      expect(f[key], key).toEqual(r[key]);
    }
    expect(f.message).toBe(r.message);
  });
});

/**
 * The float32 fused fit as it ran before the parameters moved into the heap: float64
 * parameters, the batch gathered into matrices and copied in, the gradients copied out,
 * `Optimizer.step` on matrices, the result rounded into the engine. Binary or three-class
 * labels, no validation, no scaling.
 */
function previousFloat32Fit(
  start: Params,
  rng: RandomStateSnapshot,
  options: {
    epochs: number;
    batchSize: number | null;
    shuffle: boolean;
    optimizer: Record<string, unknown>;
    schedule: Options["learningRateSchedule"];
    /** Three classes (a 2-12-3 softmax network) instead of two. */
    multiclass?: boolean;
  },
  engine: "wasm" | "js",
): { params: Params; loss: number[]; accuracy: number[] } {
  const multiclass = options.multiclass === true;
  const net = new Network(multiclass ? SIZES3 : SIZES, { engine: "reference", seed: 0 });
  const arch = net.architecture;
  const random = new RandomState(0);
  random.setState(rng);
  const X = Matrix.from(samples);
  const Y = multiclass
    ? Matrix.from(labels3.map((c) => [0, 1, 2].map((k) => (k === c ? 1 : 0))))
    : new Matrix(N, 1, Float64Array.from(labels));
  const batchSize = Math.min(options.batchSize ?? N, N);
  const batches = Math.ceil(N / batchSize);
  const trainer = new FusedTrainer(
    arch,
    batchSize,
    createKernels(engine, "float32", "fit"),
    multiclass ? categoricalCrossEntropy : binaryCrossEntropy,
    { accuracy: multiclass ? "argmax" : "threshold" },
  );
  const opt = createOptimizer(options.optimizer as never);
  const base = opt.config().learningRate;
  const schedule = normalizeSchedule(options.schedule ?? "constant", "test");
  let params: Params = start;
  trainer.setParams(params);
  let seen = 0;
  const loss: number[] = [];
  const accuracy: number[] = [];
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    opt.learningRate = scheduledLearningRate(schedule, base, { epoch, samplesSeen: seen });
    const order = batches > 1 && options.shuffle ? random.permutation(N) : null;
    let weighted = 0;
    let correct = 0;
    let last = 0;
    for (let b = 0; b < batches; b++) {
      const s = b * batchSize;
      const e = Math.min(s + batchSize, N);
      trainer.setData(gatherColumns(X, order, s, e), gatherColumns(Y, order, s, e));
      trainer.forward();
      const ev = trainer.evaluate();
      correct += ev.correct;
      trainer.backward();
      const grads: Grads = trainer.gradients();
      params = opt.step(params, grads);
      trainer.setParams(params);
      seen += e - s;
      weighted += ev.cost * (e - s);
      last = ev.cost;
    }
    loss.push(batches === 1 ? last : weighted / N);
    accuracy.push(correct / N);
  }
  return { params, loss, accuracy };
}

describe("Network.fit on the fused engine: float32 is the previous float32 loop bit for bit", () => {
  const cases: [string, Parameters<typeof previousFloat32Fit>[2]][] = [
    [
      "Adam, shuffled batches of 32",
      { epochs: 5, batchSize: 32, shuffle: true, optimizer: { type: "adam" }, schedule: undefined },
    ],
    [
      "Nesterov, batches of 7, a step schedule",
      {
        epochs: 4,
        batchSize: 7,
        shuffle: true,
        optimizer: { type: "sgd", momentum: 0.9, nesterov: true, learningRate: 0.05 },
        schedule: { type: "step", stepSize: 2, gamma: 0.5 },
      },
    ],
    [
      "RMSProp with weight decay, batches of 20 in order",
      {
        epochs: 4,
        batchSize: 20,
        shuffle: false,
        optimizer: { type: "rmsprop", weightDecay: 1e-3 },
        schedule: undefined,
      },
    ],
    [
      "momentum (scikit-learn form), full batch, inverse scaling",
      {
        epochs: 10,
        batchSize: null,
        shuffle: true,
        optimizer: { type: "sgd", momentum: 0.8, momentumForm: "sklearn", learningRate: 0.2 },
        schedule: { type: "inverseScaling", powerT: 0.5 },
      },
    ],
    [
      "SGD, batches of 1",
      { epochs: 1, batchSize: 1, shuffle: true, optimizer: { type: "sgd" }, schedule: undefined },
    ],
    [
      "a softmax network (3 classes), Adam, batches of 16",
      {
        epochs: 4,
        batchSize: 16,
        shuffle: true,
        optimizer: { type: "adam", learningRate: 0.02 },
        schedule: undefined,
        multiclass: true,
      },
    ],
  ];
  for (const [name, c] of cases) {
    for (const engine of ["wasm", "js"] as const) {
      it(`${engine}: ${name}`, () => {
        const sizes = c.multiclass === true ? SIZES3 : SIZES;
        const net = new Network(sizes, { engine, dtype: "float32", seed: 6 });
        expect(net.engine).toBe(engine === "js" ? "js-f32" : "wasm-simd-f32");
        const start = net.params;
        const rng = (net.toJSON() as unknown as { rng: RandomStateSnapshot }).rng;
        const expected = previousFloat32Fit(start, rng, c, engine);
        const history = net.fit(samples, c.multiclass === true ? labels3 : labels, {
          epochs: c.epochs,
          ...(c.batchSize === null ? {} : { batchSize: c.batchSize }),
          shuffle: c.shuffle,
          optimizer: c.optimizer as Options["optimizer"],
          ...(c.schedule === undefined ? {} : { learningRateSchedule: c.schedule }),
        });
        expect(history.loss).toEqual(expected.loss);
        expect(history.accuracy).toEqual(expected.accuracy);
        // The float64 master parameters (not rounded to float32), as before.
        expectSameParams(net.params, expected.params);
        expect(net.params[0]!.W.data.some((v) => Math.fround(v) !== v)).toBe(true);
      });
    }
  }

  it("a gradient that overflows float32 is reported in its layer", () => {
    // Hidden outputs near 1e30 and output weights 1e-12: the cost's terms (about 1e36) fit in
    // float32, the output layer's dW (about 1e18 · 1e30) does not.
    const params = [
      {
        W: [
          [1e30, 1e30],
          [1e30, -1e30],
          [-1e30, 1e30],
        ],
        b: [[0], [0], [0]],
      },
      { W: [[1e-12, 1e-12, 1e-12]], b: [[0]] },
    ];
    const targets = samples.map(([u, v]) => [Math.sin(u!) + 0.5 * v!]);
    for (const engine of ["wasm", "js"] as const) {
      const net = new Network([2, 3, 1], {
        engine,
        dtype: "float32",
        seed: 4,
        outputActivation: "linear",
        loss: "meanSquaredError",
        params,
      });
      const fit = (): unknown =>
        net.fit(samples, targets, { epochs: 2, batchSize: 10, divergenceFactor: Infinity });
      expect(fit).toThrow(TrainingDivergedError);
      expect(fit).toThrow(/epoch 0: gradient in layer 1 is (Infinity|NaN) \(dW or db holds/);
      expectSameParams(net.params, new Network([2, 3, 1], { params }).params);
    }
  });

  it("a batch callback reading the parameters changes nothing", () => {
    const options: Options = { epochs: 3, batchSize: 16, optimizer: "adam" };
    const plain = new Network(SIZES, { dtype: "float32", seed: 2 });
    plain.fit(samples, labels, options);
    const watched = new Network(SIZES, { dtype: "float32", seed: 2 });
    let reads = 0;
    watched.fit(samples, labels, {
      ...options,
      callbacks: {
        onBatchEnd: () => {
          reads += watched.params.length;
          watched.predictProba([[0.1, 0.2]]);
        },
      },
    });
    expect(reads).toBe(3 * 10 * 3); // 3 epochs of 10 batches, 3 layers each
    expectSameParams(watched.params, plain.params);
  });
});

describe("FusedTrainer.setDataColumns", () => {
  const net = new Network([3, 4, 1], { engine: "js", seed: 1 });
  const [Xf, Yf] = data(3, 20, 1, 7);
  const X = Xf.transpose();
  const Y = Yf.transpose();
  const make = (dtype: "float64" | "float32"): FusedTrainer =>
    new FusedTrainer(net.architecture, 8, createKernels("js", dtype, "fit"), binaryCrossEntropy);

  it("gives the same pass as setData with the gathered columns", () => {
    for (const dtype of ["float64", "float32"] as const) {
      const order = new RandomState(3).permutation(20);
      const a = make(dtype);
      const b = make(dtype);
      a.setParams(net.params);
      b.setParams(net.params);
      for (const [s, e] of [
        [0, 8],
        [16, 20],
      ] as const) {
        a.setDataColumns(X, Y, order, s, e);
        b.setData(gatherColumns(X, order, s, e), gatherColumns(Y, order, s, e));
        expect(a.samples).toBe(e - s);
        a.forward();
        b.forward();
        expect(a.evaluate()).toEqual(b.evaluate());
        a.backward();
        b.backward();
        expectSameParams(
          a.gradients().map((g) => ({ W: g.dW, b: g.db })),
          b.gradients().map((g) => ({ W: g.dW, b: g.db })),
        );
      }
      a.setDataColumns(X, Y, null, 3, 9);
      b.setData(gatherColumns(X, null, 3, 9), gatherColumns(Y, null, 3, 9));
      a.forward();
      b.forward();
      expect(a.output().data).toEqual(b.output().data);
    }
  });

  it("names a bad range or shape", () => {
    const t = make("float64");
    expect(() => t.setDataColumns(X, Y, null, 0, 9)).toThrow(
      /FusedTrainer\.setDataColumns: 9 samples \(0 to 9\) exceed the capacity 8/,
    );
    expect(() => t.setDataColumns(X, Y, null, 5, 5)).toThrow(
      /FusedTrainer\.setDataColumns: samples 5 to 5 must be a non-empty range of the 20 given/,
    );
    expect(() => t.setDataColumns(X, Y, [0, 1, 2], 0, 4)).toThrow(
      /samples 0 to 4 must be a non-empty range of the 3 given/,
    );
    expect(() => t.setDataColumns(X, Y, null, 1.5, 3)).toThrow(RangeError);
    expect(() => t.setDataColumns(Xf, Y, null, 0, 2)).toThrow(
      /FusedTrainer\.setDataColumns: X is 3x20 and Y 20x1, expected 3 and 1 columns and as many rows/,
    );
  });

  it("lists every W and b block of the heap, layer by layer", () => {
    const t = make("float64");
    expect(t.blocks.map((b) => [b.layer, b.key, b.rows, b.cols])).toEqual([
      [0, "W", 4, 3],
      [0, "b", 4, 1],
      [1, "W", 1, 4],
      [1, "b", 1, 1],
    ]);
    t.setParams(net.params);
    const h = t.kernels.heap();
    const W1 = t.blocks[2]!;
    expect(Array.from(h.subarray(W1.param, W1.param + 4))).toEqual(
      Array.from(net.params[1]!.W.data),
    );
  });
});

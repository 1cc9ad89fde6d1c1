// Divergence at absurd learning rates, for every output/loss pair on every training path: the
// error class, its epoch and reason, the symptom re-derived here from the parameters, and the
// kept state equal to a run stopped at the last healthy epoch.
import { describe, expect, it } from "vitest";
import {
  architectureFromSizes,
  fullForwardPropagation,
  Matrix,
  Network,
  type Params,
  TrainingDivergedError,
  train,
  trainParallel,
} from "../src/index.ts";
import { data } from "./engine-data.ts";

type Pair = {
  readonly name: string;
  readonly output: "sigmoid" | "softmax" | "linear";
  readonly loss: "binaryCrossEntropy" | "meanSquaredError" | "categoricalCrossEntropy";
  readonly outputs: number;
  readonly reason: "saturated-output" | "exploding-loss";
  /** Whether the fused engine (and so trainParallel) trains it. */
  readonly fused: boolean;
};

const PAIRS: readonly Pair[] = [
  {
    name: "sigmoid + BCE",
    output: "sigmoid",
    loss: "binaryCrossEntropy",
    outputs: 1,
    reason: "saturated-output",
    fused: true,
  },
  {
    name: "sigmoid + MSE",
    output: "sigmoid",
    loss: "meanSquaredError",
    outputs: 1,
    reason: "saturated-output",
    fused: true,
  },
  {
    name: "softmax + CCE",
    output: "softmax",
    loss: "categoricalCrossEntropy",
    outputs: 2,
    reason: "saturated-output",
    fused: false,
  },
  {
    name: "linear + MSE",
    output: "linear",
    loss: "meanSquaredError",
    outputs: 1,
    reason: "exploding-loss",
    fused: true,
  },
];

const SAMPLES = 200;
const [X, Y1] = data(2, SAMPLES, 1, 5);
/** One-hot rows of the same labels, for the softmax output. */
const Y2 = new Matrix(2, SAMPLES);
for (let j = 0; j < SAMPLES; j++) {
  Y2.data[j] = 1 - (Y1.data[j] as number);
  Y2.data[SAMPLES + j] = Y1.data[j] as number;
}
const targets = (p: Pair): Matrix => (p.outputs === 2 ? Y2 : Y1);
const archOf = (p: Pair) => architectureFromSizes([2, 16, 16, p.outputs], "relu", p.output);

/** The label entropy (BCE/CCE) or variance (MSE) of the targets: the trivial predictor's loss. */
function trivialLoss(p: Pair): number {
  const Y = targets(p);
  let loss = 0;
  for (let i = 0; i < Y.rows; i++) {
    let mean = 0;
    for (let j = 0; j < Y.cols; j++) mean += Y.get(i, j);
    mean /= Y.cols;
    if (p.loss === "meanSquaredError")
      loss += mean * (1 - mean); // 0/1 targets
    else if (p.loss === "binaryCrossEntropy") {
      loss -= mean * Math.log(mean) + (1 - mean) * Math.log(1 - mean);
    } else loss -= mean * Math.log(mean);
  }
  return loss;
}

/** Every parameter's float64 bits, in order. */
function bits(params: Params): number[] {
  const values = Float64Array.from(params.flatMap((p) => [...p.W.data, ...p.b.data]));
  return Array.from(new Uint32Array(values.buffer));
}

async function caught(f: () => unknown): Promise<TrainingDivergedError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(TrainingDivergedError);
    return e as TrainingDivergedError;
  }
  throw new Error("training did not diverge");
}

/** Checks the symptom of `reason` on the parameters reached after `epoch` epochs. */
function expectSymptom(p: Pair, bad: Params, e: TrainingDivergedError): void {
  const { output } = fullForwardPropagation(X, bad, archOf(p));
  if (p.reason === "saturated-output") {
    let pinned = 0;
    // Within 2^-24 of 0 or 1 (the detector's definition of saturated).
    for (const v of output.data) if (v <= 2 ** -24 || v >= 1 - 2 ** -24) pinned++;
    expect(pinned / output.data.length).toBeGreaterThanOrEqual(0.5);
    expect(e.value).toBeGreaterThan(trivialLoss(p));
  } else {
    expect(e.value).toBeGreaterThan(1e6);
  }
}

const LR = 1e6;

describe.each(PAIRS)("divergence at learning rate 1e6: $name", (p) => {
  const base = { epochs: 50, learningRate: LR, loss: p.loss } as const;
  const engines = p.fused
    ? (["reference", "auto", "js"] as const)
    : (["reference", "auto"] as const);

  it.each(engines)("train, engine %s", async (engine) => {
    const e = await caught(() => train(X, targets(p), archOf(p), { ...base, engine }));
    // The first update at 1e6 moves the weights by ~1e5: epoch 1 measures the damage.
    expect([e.epoch, e.reason, e.quantity, e.layer]).toEqual([1, p.reason, "cost", -1]);
    expect(e.message).toMatch(/^training diverged at epoch 1: cost is /);
    expect(e.resumeEpoch).toBe(0);
    // The damage, re-derived from the parameters after one epoch.
    const after = train(X, targets(p), archOf(p), { ...base, engine, epochs: e.epoch });
    expect(after.costHistory).toHaveLength(1);
    expectSymptom(p, after.params, e);
    // The kept parameters are those at the start of the last healthy epoch.
    const good = train(X, targets(p), archOf(p), { ...base, engine, epochs: e.resumeEpoch });
    expect(bits(e.lastGoodParams as Params)).toEqual(bits(good.params));
  });
});

describe.each(PAIRS.filter((p) => p.fused))(
  "divergence at learning rate 1e6, trainParallel: $name",
  (p) => {
    const base = { epochs: 50, learningRate: LR, loss: p.loss } as const;
    it("trainParallel (1 thread here: vitest cannot start its workers; test/runtime/parallel.ts runs 2)", async () => {
      const e = await caught(() =>
        trainParallel(X, targets(p), archOf(p), { ...base, threads: 1 }),
      );
      expect([e.epoch, e.reason, e.quantity]).toEqual([1, p.reason, "cost"]);
      expect(e.resumeEpoch).toBe(0);
      const after = await trainParallel(X, targets(p), archOf(p), {
        ...base,
        threads: 1,
        epochs: e.epoch,
      });
      expectSymptom(p, after.params, e);
      const good = await trainParallel(X, targets(p), archOf(p), {
        ...base,
        threads: 1,
        epochs: e.resumeEpoch,
      });
      expect(bits(e.lastGoodParams as Params)).toEqual(bits(good.params));
    });
  },
);

describe("divergence after some healthy epochs", () => {
  // Learning rate 30 on sigmoid + BCE: a few epochs of training, then the outputs saturate.
  const p = PAIRS[0]!;
  it.each(["reference", "auto"] as const)(
    "train keeps the last healthy epoch (engine %s)",
    async (engine) => {
      const options = { epochs: 100, learningRate: 30, loss: p.loss, engine };
      const e = await caught(() => train(X, Y1, archOf(p), options));
      expect(e.reason).toBe("saturated-output");
      expect(e.epoch).toBeGreaterThanOrEqual(2);
      expect(e.resumeEpoch).toBe(e.epoch - 1);
      const upTo = train(X, Y1, archOf(p), { ...options, epochs: e.epoch });
      expect(upTo.costHistory.every((c) => c < 36)).toBe(true);
      expectSymptom(p, upTo.params, e);
      const good = train(X, Y1, archOf(p), { ...options, epochs: e.resumeEpoch });
      expect(bits(e.lastGoodParams as Params)).toEqual(bits(good.params));
    },
  );

  it("trainParallel keeps the last healthy epoch (1 thread)", async () => {
    const options = { epochs: 100, learningRate: 30, loss: p.loss, threads: 1 };
    const e = await caught(() => trainParallel(X, Y1, archOf(p), options));
    expect(e.reason).toBe("saturated-output");
    expect(e.epoch).toBeGreaterThanOrEqual(2);
    expect(e.resumeEpoch).toBe(e.epoch - 1);
    const good = await trainParallel(X, Y1, archOf(p), { ...options, epochs: e.resumeEpoch });
    expect(bits(e.lastGoodParams as Params)).toEqual(bits(good.params));
  });

  it("a gradient problem keeps the parameters of its own epoch", async () => {
    // Inputs of 1e155 make the first gradients overflow (as in the parallel runtime test).
    const big = Matrix.from([
      [1e155, -1e155, 1e155, 0.3e155],
      [1e155, 1e155, -1e155, -0.2e155],
    ]);
    const layers = [
      { inputDim: 2, outputDim: 3, activation: "linear" as const },
      { inputDim: 3, outputDim: 1, activation: "linear" as const },
    ];
    const options = { epochs: 5, learningRate: 1e-300, loss: "mse" as const, seed: 3 };
    const e = await caught(() => train(big, Matrix.row([1, 0, 1, 0]), layers, options));
    expect([e.epoch, e.quantity, e.reason, e.resumeEpoch]).toEqual([
      0,
      "gradient",
      "non-finite",
      0,
    ]);
    const initial = train(big, Matrix.row([1, 0, 1, 0]), layers, { ...options, epochs: 0 });
    expect(bits(e.lastGoodParams as Params)).toEqual(bits(initial.params));
  });

  it("divergenceFactor: Infinity turns the exploding-loss signal off, a small one fires early", async () => {
    const p4 = PAIRS[3]!;
    const options = { epochs: 50, learningRate: 1e6, loss: p4.loss };
    const off = await caught(() =>
      train(X, Y1, archOf(p4), { ...options, divergenceFactor: Infinity }),
    );
    expect(off.reason).toBe("non-finite");
    const lr = { ...options, learningRate: 3, divergenceFactor: 2 };
    const early = await caught(() => train(X, Y1, archOf(p4), lr));
    expect(early.reason).toBe("exploding-loss");
    expect(early.message).toMatch(/the loss exceeds \d/);
  });
});

/** samples x features rows and labels (or one-hot rows) of the test data, for Network.fit. */
const rowsX = X.transpose().toArray();
const labels = (p: Pair): number[] | number[][] =>
  p.outputs === 2 ? Y2.transpose().toArray() : Array.from(Y1.data);

const netOf = (p: Pair, engine: "auto" | "reference"): Network =>
  new Network([2, 16, 16, p.outputs], {
    outputActivation: p.output,
    loss: p.loss,
    seed: 3,
    engine,
  });

/** What a network resumes from: parameters, generator, epoch (and optimiser state). */
function resumable(net: Network, optimizer = true): string {
  const doc = net.toJSON();
  const state = optimizer ? [doc.optimizer?.state ?? null] : [];
  return JSON.stringify([doc.params, doc.rng, doc.epoch, ...state]);
}

describe.each(PAIRS)("divergence at learning rate 1e6, Network.fit: $name", (p) => {
  const options = { epochs: 50, learningRate: LR, warn: false } as const;

  it.each(["auto", "reference"] as const)("fit and fitAsync, engine %s", async (engine) => {
    for (const method of ["fit", "fitAsync"] as const) {
      const net = netOf(p, engine);
      const fresh = resumable(net, false);
      const e = await caught(() => net[method](rowsX, labels(p), options));
      expect([e.epoch, e.reason, e.quantity, e.resumeEpoch]).toEqual([1, p.reason, "cost", 0]);
      expect(e.message).toMatch(/^training diverged at epoch 1: cost (in layer \d+ )?is /);
      // The network is back at the start of epoch 0: every bit of its resumable state.
      expect(net.epoch).toBe(0);
      expect(resumable(net, false)).toBe(fresh);
      expect(net.history.epochs).toEqual([]);
    }
  });
});

describe("Network.fit: divergence after some healthy epochs", () => {
  const p = PAIRS[0]!;
  const options = {
    epochs: 100,
    learningRate: 20,
    optimizer: { type: "sgd", momentum: 0.5 },
    warn: false,
  } as const;

  it.each(["auto", "reference"] as const)(
    "keeps the last healthy epoch, optimiser state included (engine %s)",
    async (engine) => {
      const net = netOf(p, engine);
      const e = await caught(() => net.fit(rowsX, labels(p), options));
      expect(e.reason).toBe("saturated-output");
      expect(e.epoch).toBeGreaterThanOrEqual(2);
      expect(e.resumeEpoch).toBe(e.epoch - 1);
      expect(net.epoch).toBe(e.resumeEpoch);
      expect(net.history.epochs).toEqual(Array.from({ length: e.resumeEpoch }, (_, i) => i));
      // A twin stopped at the last healthy epoch has the same resumable state, bit for bit.
      const twin = netOf(p, engine);
      twin.fit(rowsX, labels(p), { ...options, epochs: e.resumeEpoch });
      expect(resumable(net)).toBe(resumable(twin));
      // The symptom, on the twin one epoch further.
      twin.fit(rowsX, labels(p), { ...options, epochs: 1 });
      expectSymptom(p, twin.params, e);
    },
  );

  it("mini-batches: the saturation check runs on the epoch's loss and outputs", async () => {
    const net = netOf(p, "auto");
    const e = await caught(() =>
      net.fit(rowsX, labels(p), { epochs: 20, batchSize: 50, learningRate: LR, warn: false }),
    );
    expect(e).toBeInstanceOf(TrainingDivergedError);
    expect(["saturated-output", "exploding-loss", "non-finite"]).toContain(e.reason);
    expect(net.epoch).toBe(e.resumeEpoch);
    expect(net.epoch).toBeLessThanOrEqual(e.epoch);
    for (const q of net.params) for (const v of q.W.data) expect(Number.isFinite(v)).toBe(true);
  });
});

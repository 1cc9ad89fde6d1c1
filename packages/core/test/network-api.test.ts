// The Network class: construction, the notebook parity (bitwise against the functional API and
// against NumPy's fixture), prediction, evaluation, history, callbacks, early stopping,
// validation and toFunction (abort and fitAsync: network-fit-async.test.ts).
import { makeMoons, trainTestSplit } from "@plainnet/datasets";
import { describe, expect, it } from "vitest";
import {
  architectureFromSizes,
  History,
  initLayers,
  Matrix,
  Network,
  RandomState,
  TrainingDivergedError,
  train,
  typedArrayBackend,
} from "../src/index.ts";
import { trainingCases } from "./fixtures.ts";
import { quadrants } from "./quadrants.ts";

const headline = trainingCases.find((c) => c.name.startsWith("notebook headline"))!;

const bits = (m: Matrix): number[] => Array.from(m.data);

describe("Network: the notebook's headline run", () => {
  const ds = makeMoons({
    nSamples: headline.dataset.n_samples,
    noise: headline.dataset.noise,
    randomState: headline.dataset.random_state,
  });
  const split = trainTestSplit(ds.X, ds.y, {
    testSize: headline.split.test_size,
    randomState: headline.split.random_state,
  });
  const epochs = 10;

  it("fit (full batch, SGD 0.01, seed 2) gives train's costs, accuracies and parameters bit for bit", () => {
    const net = new Network(headline.architecture, { seed: headline.init_seed });
    const history = net.fit(split.XTrain, split.yTrain, {
      epochs,
      learningRate: headline.learning_rate,
    });
    const ref = train(split.XTrain.transpose(), Matrix.row(split.yTrain), headline.architecture, {
      epochs,
      learningRate: headline.learning_rate,
      seed: headline.init_seed,
    });
    expect(history.loss).toHaveLength(epochs);
    history.loss.forEach((c, i) => {
      expect(Object.is(c, ref.costHistory[i])).toBe(true);
    });
    history.accuracy.forEach((a, i) => {
      expect(Object.is(a, ref.accuracyHistory[i])).toBe(true);
    });
    net.params.forEach((p, i) => {
      expect(bits(p.W)).toEqual(bits(ref.params[i]!.W));
      expect(bits(p.b)).toEqual(bits(ref.params[i]!.b));
    });
    // ... and those are NumPy's costs (fixtures/training.json) at the epochs recorded there.
    for (const e of [0, 1, 2, 9]) {
      const expected = headline.cost_at_epoch[String(e)]!;
      expect(Math.abs(history.loss[e]! - expected) / expected).toBeLessThan(1e-9);
      expect(history.accuracy[e]).toBe(headline.train_accuracy_at_epoch[String(e)]);
    }
  }, 120_000);

  it("the same run in two fits of 5 epochs continues exactly (epoch counter, no reshuffle)", () => {
    const a = new Network(headline.architecture, { seed: 2 });
    a.fit(split.XTrain, split.yTrain, { epochs: 3 });
    a.fit({ X: split.XTrain, y: split.yTrain }, { epochs: 2 });
    const ref = train(split.XTrain.transpose(), Matrix.row(split.yTrain), headline.architecture, {
      epochs: 5,
      learningRate: 0.01,
      seed: 2,
    });
    expect(a.epoch).toBe(5);
    expect(a.history.loss).toEqual(ref.costHistory);
    expect(a.history.epochs).toEqual([0, 1, 2, 3, 4]);
    expect(bits(a.params[4]!.W)).toEqual(bits(ref.params[4]!.W));
  }, 120_000);
});

describe("Network: construction", () => {
  it("the short form builds relu hidden layers and a sigmoid (1 unit) or softmax output", () => {
    const binary = new Network([2, 25, 50, 50, 25, 1]);
    expect(binary.architecture.map((l) => l.activation.name)).toEqual([
      "relu",
      "relu",
      "relu",
      "relu",
      "sigmoid",
    ]);
    expect(binary.loss.name).toBe("binaryCrossEntropy");
    expect(binary.task).toBe("binary");
    const multi = new Network([4, 8, 3], { activation: "tanh" });
    expect(multi.architecture.map((l) => l.activation.name)).toEqual(["tanh", "softmax"]);
    expect(multi.loss.name).toBe("categoricalCrossEntropy");
    expect(multi.task).toBe("multiclass");
    const reg = new Network([3, 5, 2], { outputActivation: "linear" });
    expect(reg.loss.name).toBe("meanSquaredError");
    expect(reg.task).toBe("regression");
  });

  it("the notebook initialiser with seed s gives initLayers(arch, s) bit for bit", () => {
    const arch = architectureFromSizes([2, 25, 50, 1]);
    const net = new Network([2, 25, 50, 1], { seed: 42 });
    const ref = initLayers(arch, 42);
    net.params.forEach((p, i) => {
      expect(bits(p.W)).toEqual(bits(ref[i]!.W));
      expect(bits(p.b)).toEqual(bits(ref[i]!.b));
    });
  });

  it("Glorot uniform and He normal follow their definitions, drawn from RandomState(seed)", () => {
    const glorot = new Network([3, 5, 1], { seed: 7, initializer: "glorotUniform" }).params;
    const rng = new RandomState(7);
    const l0 = Math.sqrt(6 / (3 + 5));
    expect(bits(glorot[0]!.W)).toEqual(Array.from(rng.uniform(-l0, l0, [5, 3])));
    const l1 = Math.sqrt(6 / (5 + 1));
    expect(bits(glorot[1]!.W)).toEqual(Array.from(rng.uniform(-l1, l1, [1, 5])));
    expect(bits(glorot[0]!.b)).toEqual([0, 0, 0, 0, 0]);
    for (const v of glorot[0]!.W.data) expect(Math.abs(v)).toBeLessThanOrEqual(l0);

    const he = new Network([3, 5, 1], { seed: 7, initializer: "heNormal" }).params;
    const rng2 = new RandomState(7);
    const g = rng2.randn(5, 3);
    const sd = Math.sqrt(2 / 3);
    expect(bits(he[0]!.W)).toEqual(Array.from(g, (v) => 0 + sd * v));
  });

  it("rejects bad architectures and pairings with clear messages", () => {
    expect(() => new Network([2])).toThrow(/at least two sizes/);
    expect(() => new Network([2, 0, 1])).toThrow(/sizes\[1\] must be a positive integer, got 0/);
    expect(() => new Network([2, 3, 1], { outputActivation: "relu", loss: "bce" })).toThrow(
      /binary cross-entropy needs a sigmoid output layer/,
    );
    expect(() => new Network([2, 3, 1], { outputActivation: "softmax" })).toThrow(
      /softmax over 1 unit/,
    );
    expect(() => new Network([2, 3, 1], { seed: -1 })).toThrow(
      /seed must be an integer 0..2\*\*32-1, got -1/,
    );
    expect(() => new Network([2, 3, 1], { activation: "gelu" as never })).toThrow(
      /unknown activation "gelu"/,
    );
    expect(() => new Network([2, 3, 1], { sed: 1 } as never)).toThrow(/unknown option "sed"/);
    expect(() => new Network([2, 3, 1], { initializer: "orthogonal" as never })).toThrow(
      /unknown initializer "orthogonal"/,
    );
  });
});

describe("Network: predict, predictProba, evaluate", () => {
  const { X, y } = quadrants(120, 5);

  it("predict thresholds p > 0.5 and evaluate reports the loss and accuracy of predict", () => {
    const net = new Network([2, 16, 1], { seed: 3, initializer: "heNormal" });
    net.fit(X, y, { epochs: 80, batchSize: 16, optimizer: "adam", learningRate: 0.05 });
    const p = net.predictProba(X);
    expect(p.shape).toEqual([120, 1]);
    const labels = net.predict(X);
    labels.forEach((l, i) => {
      expect(l).toBe(p.get(i, 0) > 0.5 ? 1 : 0);
    });
    const ev = net.evaluate(X, y);
    const right = labels.filter((l, i) => l === y[i]).length;
    expect(ev.accuracy).toBe(right / 120);
    // BCE from its definition (probabilities clipped to [2^-52, 1 - 2^-52], as documented).
    const eps = 2 ** -52;
    let sum = 0;
    y.forEach((t, i) => {
      const q = Math.min(Math.max(p.get(i, 0), eps), 1 - eps);
      sum += t === 1 ? Math.log(q) : Math.log(1 - q);
    });
    expect(ev.loss).toBeCloseTo(-sum / 120, 12);
    expect(net.evaluate({ X, y })).toEqual(ev);
    expect(ev.accuracy!).toBeGreaterThan(0.85);
  });

  it("a softmax network predicts the argmax and its probabilities sum to 1", () => {
    const labels3 = X.map(([a, b]) => (a! > 0 ? (b! > 0 ? 0 : 1) : 2));
    const net = new Network([2, 12, 3], { seed: 4 });
    net.fit(X, labels3, { epochs: 40, batchSize: 20, optimizer: "adam", learningRate: 0.05 });
    const p = net.predictProba(X);
    const pred = net.predict(X);
    for (let i = 0; i < X.length; i++) {
      const row = [p.get(i, 0), p.get(i, 1), p.get(i, 2)];
      expect(Math.abs(row[0]! + row[1]! + row[2]! - 1)).toBeLessThan(1e-12);
      expect(pred[i]).toBe(row.indexOf(Math.max(...row)));
    }
    // one-hot targets and integer labels are the same thing
    const onehot = labels3.map((l) => [0, 1, 2].map((k) => (k === l ? 1 : 0)));
    expect(net.evaluate(X, onehot)).toEqual(net.evaluate(X, labels3));
    expect(net.evaluate(X, labels3).accuracy!).toBeGreaterThan(0.9);
  });

  it("regression: predict gives values, evaluate gives the MSE and no accuracy", () => {
    const Xr = [[0], [0.5], [1], [1.5]];
    const yr = [1, 2, 3, 4];
    const net = new Network([1, 1], { outputActivation: "linear", initializer: "glorotUniform" });
    net.fit(Xr, yr, { epochs: 200, learningRate: 0.1 });
    const pred = net.predict(Xr);
    pred.forEach((v, i) => {
      expect(v).toBeCloseTo(yr[i]!, 2);
    });
    const ev = net.evaluate(Xr, yr);
    expect(ev.accuracy).toBeUndefined();
    expect(ev.loss).toBeCloseTo(pred.reduce((s, v, i) => s + (v - yr[i]!) ** 2, 0) / 4, 14);
    expect(() => net.predictProba(Xr)).toThrow(/regression/);
  });
});

describe("Network: fit loop", () => {
  const { X, y } = quadrants(100, 9);

  it("mini-batch loss is the sample-weighted mean of the batch losses reported to onBatchEnd", () => {
    const net = new Network([2, 6, 1], { seed: 1 });
    const batches: { epoch: number; size: number; loss: number }[] = [];
    const epochsSeen: number[] = [];
    const history = net.fit(X, y, {
      epochs: 3,
      batchSize: 32,
      callbacks: {
        onBatchEnd: (b) => {
          batches.push(b);
        },
        onEpochEnd: (log, control) => {
          epochsSeen.push(log.epoch);
          expect(control.network).toBe(net);
        },
      },
    });
    expect(epochsSeen).toEqual([0, 1, 2]);
    expect(batches.map((b) => b.size)).toEqual([32, 32, 32, 4, 32, 32, 32, 4, 32, 32, 32, 4]);
    for (let e = 0; e < 3; e++) {
      const own = batches.filter((b) => b.epoch === e);
      const mean = own.reduce((s, b) => s + b.loss * b.size, 0) / 100;
      expect(history.loss[e]).toBe(mean);
    }
  });

  it("the same seed gives the same parameters; another seed different ones", () => {
    const opts = { epochs: 5, batchSize: 10, optimizer: "adam" as const, learningRate: 0.01 };
    const a = new Network([2, 6, 1], { seed: 11 });
    const b = new Network([2, 6, 1], { seed: 11 });
    const c = new Network([2, 6, 1], { seed: 12 });
    a.fit(X, y, opts);
    b.fit(X, y, opts);
    c.fit(X, y, opts);
    expect(bits(a.params[0]!.W)).toEqual(bits(b.params[0]!.W));
    expect(bits(a.params[0]!.W)).not.toEqual(bits(c.params[0]!.W));
  });

  it("shuffling draws one permutation per epoch from the network's generator", () => {
    // Replay the fit by hand: init from RandomState(3), then permutation(n) per epoch.
    const net = new Network([2, 4, 1], { seed: 3 });
    const seen: number[][] = [];
    const rng = new RandomState(3);
    // the notebook initialiser's draws: W1, b1, W2, b2
    rng.randn(4, 2);
    rng.randn(4, 1);
    rng.randn(1, 4);
    rng.randn(1, 1);
    for (let e = 0; e < 2; e++) seen.push(rng.permutation(100));
    const firstBatchLosses: number[] = [];
    net.fit(X, y, {
      epochs: 2,
      batchSize: 50,
      callbacks: { onBatchEnd: (b) => void (b.batch === 0 && firstBatchLosses.push(b.loss)) },
    });
    // The first batch of epoch 0 is samples seen[0][0..50): its loss before any update.
    const fresh = new Network([2, 4, 1], { seed: 3 });
    const idx = seen[0]!.slice(0, 50);
    const loss0 = fresh.evaluate(
      idx.map((i) => X[i]!),
      idx.map((i) => y[i]!),
    ).loss;
    expect(firstBatchLosses[0]).toBe(loss0);
  });

  it("shuffle: false takes the batches in order", () => {
    const net = new Network([2, 4, 1], { seed: 3 });
    const losses: number[] = [];
    net.fit(X, y, {
      epochs: 1,
      batchSize: 40,
      shuffle: false,
      callbacks: { onBatchEnd: (b) => void losses.push(b.loss) },
    });
    const fresh = new Network([2, 4, 1], { seed: 3 });
    expect(losses[0]).toBe(fresh.evaluate(X.slice(0, 40), y.slice(0, 40)).loss);
  });

  it("validationSplit holds out ceil(f·n) samples chosen by a seeded permutation", () => {
    const net = new Network([2, 6, 1], { seed: 8 });
    const h = net.fit(X, y, { epochs: 4, validationSplit: 0.2, batchSize: 16 });
    expect(h.valLoss).toHaveLength(4);
    expect(h.valAccuracy).toHaveLength(4);
    expect(net.trainingRecord.dataset).toEqual({
      samples: 80,
      features: 2,
      validationSamples: 20,
      info: null,
    });
    // The held-out part is perm[0..20) of RandomState(8) after the initial draws.
    const rng = new RandomState(8);
    rng.randn(6, 2);
    rng.randn(6, 1);
    rng.randn(1, 6);
    rng.randn(1, 1);
    const val = rng.permutation(100).slice(0, 20);
    const last = h.logs.at(-1)!;
    const check = net.evaluate(
      val.map((i) => X[i]!),
      val.map((i) => y[i]!),
    );
    expect(last.valLoss).toBe(check.loss);
    expect(last.valAccuracy).toBe(check.accuracy);
  });

  it("validationData is evaluated after every epoch", () => {
    const v = quadrants(30, 99);
    const net = new Network([2, 6, 1], { seed: 8 });
    const h = net.fit(X, y, { epochs: 2, validationData: [v.X, v.y] });
    expect(h.valLoss.at(-1)).toBe(net.evaluate(v.X, v.y).loss);
  });

  it("early stopping stops after `patience` epochs without improvement and can restore the best weights", () => {
    const net = new Network([2, 6, 1], { seed: 2 });
    // A learning rate this large makes the loss bounce, so improvements stop quickly.
    const h = net.fit(X, y, {
      epochs: 200,
      optimizer: "sgd",
      learningRate: 30,
      earlyStopping: { monitor: "loss", patience: 3, restoreBestWeights: true },
    });
    expect(h.stopReason).toBe("earlyStopping");
    expect(h.logs.length).toBeLessThan(200);
    const best = Math.min(...h.loss);
    expect(h.loss[h.bestEpoch!]).toBe(best);
    // stopped exactly `patience` epochs after the best one
    expect(h.logs.length - 1 - h.bestEpoch!).toBe(3);
    // restored weights are those after the best epoch's update: re-run to that point
    const again = new Network([2, 6, 1], { seed: 2 });
    again.fit(X, y, { epochs: h.bestEpoch! + 1, optimizer: "sgd", learningRate: 30 });
    expect(bits(net.params[1]!.W)).toEqual(bits(again.params[1]!.W));
  });

  it("a callback can stop the fit", () => {
    const net = new Network([2, 4, 1]);
    const h = net.fit(X, y, {
      epochs: 50,
      callbacks: { onEpochEnd: (log, c) => void (log.epoch === 4 && c.stop()) },
    });
    expect(h.logs).toHaveLength(5);
    expect(h.stopReason).toBe("callback");
    expect(net.epoch).toBe(5);
  });

  it("learning-rate schedules: step decay per epoch, inverse scaling per sample seen", () => {
    const net = new Network([2, 4, 1]);
    const h = net.fit(X, y, {
      epochs: 5,
      learningRate: 0.4,
      learningRateSchedule: { type: "step", stepSize: 2, gamma: 0.5 },
    });
    expect(h.learningRate).toEqual([0.4, 0.4, 0.2, 0.2, 0.1]);
    const inv = new Network([2, 4, 1]).fit(X, y, {
      epochs: 3,
      batchSize: 25,
      learningRate: 0.5,
      learningRateSchedule: "inverseScaling",
    });
    expect(inv.learningRate).toEqual([0.5, 0.5 / Math.sqrt(101), 0.5 / Math.sqrt(201)]);
  });

  it("a diverging fit throws TrainingDivergedError (epoch, layer, quantity, suggestion) and keeps the last good epoch", () => {
    const big = X.map(([a, b]) => [a! * 1e3, b! * 1e3]);
    const warnings: string[] = [];
    const net = new Network([2, 8, 1], { outputActivation: "linear", seed: 1 });
    const before = net.params;
    let error: unknown;
    try {
      net.fit(big, y, { epochs: 100, learningRate: 5, warn: (m) => void warnings.push(m) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrainingDivergedError);
    const e = error as TrainingDivergedError;
    expect(e.message).toMatch(/training diverged at epoch \d+: (cost|gradient|parameter)/);
    expect(e.message).toMatch(/lower learning rate \(this epoch used 5\)/);
    expect(e.layer).toBeGreaterThanOrEqual(0);
    expect(warnings[0]).toMatch(/2 of 2 features look unscaled \(feature 0 reaches \|x\| = \d/);
    // the network holds the state at the start of the last healthy epoch (the one before a
    // bad cost, the failing one for a bad gradient or update)
    expect(net.epoch).toBe(e.resumeEpoch);
    expect(e.resumeEpoch).toBe(e.quantity === "cost" ? Math.max(e.epoch - 1, 0) : e.epoch);
    // bit for bit those of a twin that ran resumeEpoch healthy epochs (none: the initial ones)
    const twin = new Network([2, 8, 1], { outputActivation: "linear", seed: 1 });
    twin.fit(big, y, { epochs: e.resumeEpoch, learningRate: 5, warn: false });
    const all = (ps: typeof before): number[][] => ps.flatMap((p) => [bits(p.W), bits(p.b)]);
    expect(all(net.params)).toEqual(all(twin.params));
    for (const p of net.params) for (const v of p.W.data) expect(Number.isFinite(v)).toBe(true);
  });

  it("an exploding (still finite) loss counts as divergence", () => {
    const Xr = [[1], [2], [3]];
    const net = new Network([1, 1], { outputActivation: "linear", initializer: "glorotUniform" });
    expect(() =>
      net.fit(Xr, [1, 2, 3], { epochs: 50, learningRate: 3, divergenceFactor: 100 }),
    ).toThrow(/diverged at epoch \d+: cost .*the loss exceeds .* \(divergenceFactor/);
  });
});

describe("Network.toFunction", () => {
  it("the standalone function reproduces predictOutputs (bitwise for relu/linear, ≤ 1e-12 with exp)", () => {
    const { X, y } = quadrants(50, 2);
    const relu = new Network([2, 5, 3, 2], { outputActivation: "linear", seed: 6 });
    const f = relu.toFunction();
    const out = relu.predictOutputs(X);
    X.forEach((x, i) => {
      expect(f(x)).toEqual([out.get(i, 0), out.get(i, 1)]);
    });
    expect(f.toString()).not.toMatch(/import|require|plainnet\//);

    const clf = new Network([2, 6, 1], { seed: 6 });
    clf.fit(X, y, { epochs: 10, optimizer: "adam", learningRate: 0.05, batchSize: 10 });
    const g = clf.toFunction({ name: "classify" });
    const p = clf.predictProba(X);
    X.forEach((x, i) => {
      expect(Math.abs(g(x)[0]! - p.get(i, 0))).toBeLessThan(1e-12);
    });
    const source = clf.toFunctionSource({ name: "classify" });
    expect(source.startsWith("function classify(input) {")).toBe(true);
    // It really is standalone: evaluate the text in a fresh function scope.
    const h = new Function(`${source}\nreturn classify;`)() as (x: number[]) => number[];
    expect(h(X[0]!)).toEqual(g(X[0]!));
    expect(() => g([1])).toThrow(/expected an array of 2 numbers/);
    expect(() => clf.toFunction({ name: "not valid" })).toThrow(/identifier/);

    const soft = new Network([2, 4, 3], { activation: "tanh", seed: 1 });
    const sp = soft.predictProba(X);
    const sf = soft.toFunction();
    X.forEach((x, i) => {
      sf(x).forEach((v, k) => {
        expect(Math.abs(v - sp.get(i, k))).toBeLessThan(1e-12);
      });
    });
  });
});

describe("History", () => {
  it("exposes Keras-like columns", () => {
    const h = new History(
      [
        { epoch: 0, loss: 1, accuracy: 0.5, valLoss: 2, learningRate: 0.1 },
        { epoch: 1, loss: 0.5, accuracy: 0.75, valLoss: 1, learningRate: 0.05 },
      ],
      "earlyStopping",
      1,
    );
    expect(h.loss).toEqual([1, 0.5]);
    expect(h.accuracy).toEqual([0.5, 0.75]);
    expect(h.valLoss).toEqual([2, 1]);
    expect(h.valAccuracy).toEqual([]);
    expect(h.learningRate).toEqual([0.1, 0.05]);
    expect(h.epochs).toEqual([0, 1]);
    expect(h.stopReason).toBe("earlyStopping");
    expect(h.bestEpoch).toBe(1);
  });

  it("the typed-array backend is the default", () => {
    expect(new Network([2, 1]).backend).toBe(typedArrayBackend);
  });
});

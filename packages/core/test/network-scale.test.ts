// new Network(sizes, { scale }): the scaler is fitted by fit on the training data only, saved,
// and applied by predict / predictProba / predictOutputs / evaluate / toFunction, so a saved
// model takes raw features. And evaluate's metrics per task.
import { describe, expect, it } from "vitest";
import {
  MinMaxScaler,
  meanAbsoluteError,
  meanSquaredError,
  Network,
  NotFittedError,
  RandomState,
  r2Score,
  StandardScaler,
} from "../src/index.ts";

// Two features on very different scales (as iris's or wine's columns are).
function data(n: number, seed: number): { X: number[][]; y: number[]; t: number[] } {
  const rng = new RandomState(seed);
  const X: number[][] = [];
  const y: number[] = [];
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.uniform(-1, 1);
    const b = rng.uniform(-1, 1);
    X.push([1000 + 300 * a, 0.01 * b]);
    y.push(a + b > 0 ? 1 : 0);
    t.push(2 * a - b + 0.5);
  }
  return { X, y, t };
}

const { X, y, t } = data(80, 12);
const opts = {
  epochs: 40,
  optimizer: "adam",
  learningRate: 0.02,
  batchSize: 16,
  warn: false,
} as const;
const bits = (net: Network): number[] => net.params.flatMap((p) => [...p.W.data, ...p.b.data]);

describe("scale option", () => {
  for (const [scale, Scaler] of [
    ["standard", StandardScaler],
    ["minmax", MinMaxScaler],
  ] as const) {
    it(`${scale}: training on raw features = training an unscaled network on ${Scaler.name}-scaled features, bit for bit`, () => {
      const a = new Network([2, 6, 1], { seed: 3, scale });
      a.fit(X, y, opts);
      const scaler = new Scaler().fit(X);
      const b = new Network([2, 6, 1], { seed: 3 });
      b.fit(scaler.transform(X), y, opts);
      expect(bits(a)).toEqual(bits(b));
      expect(a.predictOutputs(X).data).toEqual(b.predictOutputs(scaler.transform(X)).data);
      expect(a.predict(X)).toEqual(b.predict(scaler.transform(X)));
      expect(a.predictProba(X).data).toEqual(b.predictProba(scaler.transform(X)).data);
      expect(a.evaluate(X, y)).toEqual(b.evaluate(scaler.transform(X), y));
      expect(a.toJSON().scaler).toEqual(scaler.toJSON());
      expect(a.toJSON().scale).toBe(scale);
    });
  }

  it("is fitted on the training data only: not on validationData", () => {
    const net = new Network([2, 6, 1], { seed: 3, scale: "standard" });
    net.fit(X.slice(0, 60), y.slice(0, 60), {
      ...opts,
      validationData: [X.slice(60), y.slice(60)],
    });
    expect(net.toJSON().scaler).toEqual(new StandardScaler().fit(X.slice(0, 60)).toJSON());
  });

  it("is fitted on the training part of a validationSplit only", () => {
    const net = new Network([2, 6, 1], { seed: 3, scale: "standard" });
    // the split is a permutation drawn from the network's generator after initialisation
    const rng = new RandomState(0);
    rng.setState(net.toJSON().rng);
    const perm = rng.permutation(X.length);
    const nVal = Math.ceil(0.25 * X.length);
    const trainRows = Array.from(perm.slice(nVal), (i) => X[i]!);
    net.fit(X, y, { ...opts, validationSplit: 0.25 });
    const expected = new StandardScaler().fit(trainRows).toJSON();
    expect(net.toJSON().scaler).toEqual(expected);
    expect(expected.nSamplesSeen).toBe(60);
    expect(expected.mean).not.toEqual(new StandardScaler().fit(X).mean);
  });

  it("a saved model takes raw features: toJSON -> fromJSON -> the same outputs, bit for bit", () => {
    const net = new Network([2, 6, 1], { seed: 3, scale: "minmax" });
    net.fit(X, y, opts);
    const copy = Network.fromJSON(JSON.stringify(net));
    expect(copy.predictOutputs(X).data).toEqual(net.predictOutputs(X).data);
    expect(copy.summary()).toContain("Scaler: minmax (MinMaxScaler fitted on 80 samples)");
  });

  it("later fits keep the first fit's scaler (the weights were trained on its scale)", () => {
    const net = new Network([2, 6, 1], { seed: 3, scale: "standard" });
    net.fit(X.slice(0, 40), y.slice(0, 40), { ...opts, epochs: 2 });
    const first = net.toJSON().scaler;
    net.fit(X.slice(40), y.slice(40), { ...opts, epochs: 2 });
    expect(net.toJSON().scaler).toEqual(first);
  });

  it("toFunction takes raw features too (regression: the same bits as predictOutputs)", () => {
    const net = new Network([2, 8, 1], { seed: 3, scale: "standard", outputActivation: "linear" });
    net.fit(X, t, opts);
    const f = net.toFunction();
    const out = net.predictOutputs(X);
    X.forEach((row, i) => {
      expect(f(row)[0]).toBe(out.get(i, 0));
    });
    const g = new Function(`${net.toFunctionSource({ name: "g" })}\nreturn g;`)() as (
      x: number[],
    ) => number[];
    expect(g(X[5]!)).toEqual(f(X[5]!));
  });

  it("toFunction with a sigmoid output agrees with predictProba to rounding", () => {
    const net = new Network([2, 6, 1], { seed: 3, scale: "minmax" });
    net.fit(X, y, opts);
    const f = net.toFunction();
    const p = net.predictProba(X);
    X.forEach((row, i) => {
      expect(f(row)[0]).toBeCloseTo(p.get(i, 0), 14);
    });
  });

  it("before fit, a network with a scaler refuses to predict (NotFittedError)", () => {
    const net = new Network([2, 6, 1], { scale: "standard" });
    expect(() => net.predict(X)).toThrow(NotFittedError);
    expect(() => net.predict(X)).toThrow(
      /predict: this network scales its inputs \(scale: "standard"\)/,
    );
    expect(() => net.evaluate(X, y)).toThrow(NotFittedError);
    expect(() => net.toFunction()).toThrow(/toFunction: this network scales its inputs/);
    expect(net.summary()).toContain("Scaler: standard (not fitted yet");
  });

  it("no unscaled-features warning with a scaler; the warning without one names the option", () => {
    const seen: string[] = [];
    new Network([2, 4, 1], { scale: "standard" }).fit(X, y, {
      epochs: 1,
      warn: (m) => seen.push(m),
    });
    expect(seen).toEqual([]);
    new Network([2, 4, 1]).fit(X, y, { epochs: 1, warn: (m) => seen.push(m) });
    expect(seen[0]).toMatch(/look unscaled .*new Network\(sizes, \{ scale: "standard" \}\)/);
  });

  it("a fit that keeps no epoch leaves no scaler and no classes behind", () => {
    const net = new Network<string>([2, 6, 1], { seed: 3, scale: "standard" });
    const labels = y.map((v) => (v === 1 ? "b" : "a"));
    const stopAtFirstBatch = {
      ...opts,
      callbacks: {
        onBatchEnd: () => {
          throw new Error("stop");
        },
      },
    };
    expect(() => net.fit(X, labels, stopAtFirstBatch)).toThrow("stop");
    expect(net.epoch).toBe(0);
    expect(net.classes).toBeNull();
    expect(net.toJSON().scaler).toBeNull();
    expect(() => net.predict(X)).toThrow(NotFittedError);
    // after one kept epoch, a failing later fit keeps them
    net.fit(X, labels, { ...opts, epochs: 1 });
    const scaler = net.toJSON().scaler;
    expect(() => net.fit(X, labels, stopAtFirstBatch)).toThrow("stop");
    expect(net.epoch).toBe(1);
    expect(net.classes).toEqual(["a", "b"]);
    expect(net.toJSON().scaler).toEqual(scaler);
  });

  it("rejects a bad scale option, naming it", () => {
    expect(() => new Network([2, 1], { scale: "z-score" as never })).toThrow(
      /new Network: scale must be "standard" .* or "minmax" .*, got string "z-score"; did you mean "standard"\?/,
    );
  });
});

describe("evaluate reports the task's metrics", () => {
  it("classifier: task, loss and accuracy (a number)", () => {
    const net = new Network([2, 6, 1], { seed: 3, scale: "standard" });
    net.fit(X, y, opts);
    const e = net.evaluate(X, y);
    expect(e.task).toBe("binary");
    expect(Object.keys(e).sort()).toEqual(["accuracy", "loss", "task"]);
    const predicted = net.predict(X);
    expect(e.accuracy).toBe(predicted.filter((p, i) => p === y[i]).length / y.length);
  });

  it("regression: loss, mse, mae and r2 as scikit-learn defines them", () => {
    const net = new Network([2, 8, 1], { seed: 3, scale: "standard", outputActivation: "linear" });
    net.fit(X, t, opts);
    const e = net.evaluate(X, t);
    const pred = Array.from(net.predictOutputs(X).data);
    expect(e.task).toBe("regression");
    if (e.task !== "regression") throw new Error("unreachable");
    expect(e.mse).toBe(meanSquaredError(t, pred));
    expect(e.mae).toBe(meanAbsoluteError(t, pred));
    expect(e.r2).toBe(r2Score(t, pred));
    expect(e.r2).toBeGreaterThan(0.9);
    expect(e.accuracy).toBeUndefined();
    expect(net.evaluate([X[0]!], [t[0]!]).r2).toBeNull(); // R² needs two samples
  });
});

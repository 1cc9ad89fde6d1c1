// Prediction on the fused engine: predictProba / predictOutputs / predict / evaluate of a
// float64 network whose engine is fused give the reference path's bits (the same network loaded
// with engine "reference"), for every fusable hidden/output activation pair, batch sizes 1, 7
// and 4096 (and one above a chunk), with and without a scaler, after setParams and fit, and
// from inside a running fitAsync.
import { describe, expect, it } from "vitest";
import { type FusedActivationName, fusedActivations } from "../src/engine/ops.generated.ts";
import { Matrix, Network, RandomState } from "../src/index.ts";
import { PREDICT_CHUNK, predictChunk } from "../src/model/fused-prediction.ts";

// Every activation of the fused table, hidden and output.
const hidden = Object.keys(fusedActivations) as FusedActivationName[];
const outputs = hidden;
const engines = ["auto", "js"] as const;

function samples(n: number, f: number, seed: number, spread = 2): Matrix {
  const rng = new RandomState(seed);
  const data = new Float64Array(n * f);
  for (let i = 0; i < data.length; i++) data[i] = spread * (rng.randn() as number);
  return new Matrix(n, f, data);
}

function reference(net: Network): Network {
  return Network.fromJSON(net.toJSON(), { engine: "reference" });
}

describe("fused prediction: the reference path's bits", () => {
  for (const engine of engines) {
    for (const h of hidden) {
      for (const o of outputs) {
        it(`${engine}: ${h} hidden, ${o} output, batches 1, 7, 4096`, () => {
          // Two sigmoid outputs: multi-label (binary cross-entropy); the others: regression.
          const units = o === "sigmoid" ? 2 : 1;
          const net = new Network([3, 9, 7, units], {
            activation: h,
            outputActivation: o,
            seed: 5,
            engine,
          });
          expect(net.engine.startsWith("reference:")).toBe(false);
          const ref = reference(net);
          expect(ref.engine.startsWith("reference:")).toBe(true);
          for (const n of [1, 7, 4096]) {
            const X = samples(n, 3, n);
            const got = net.predictOutputs(X);
            const want = ref.predictOutputs(X);
            expect(got.shape).toEqual([n, units]);
            expect(got.data).toEqual(want.data);
          }
        });
      }
    }
  }

  it("binary classifier: predictProba, predict and evaluate, with a standard scaler", () => {
    const X = samples(300, 2, 1);
    const rng = new RandomState(9);
    const y = Array.from(
      { length: 300 },
      (_, i) => (X.get(i, 0) > X.get(i, 1) ? 1 : 0) ^ (rng.uniform() < 0.1 ? 1 : 0),
    );
    const net = new Network([2, 25, 50, 50, 25, 1], { seed: 2, scale: "standard" });
    net.fit(X, y, { epochs: 5, batchSize: 64, learningRate: 0.05, warn: false });
    const ref = reference(net);
    for (const n of [1, 7, 4096]) {
      const Xn = samples(n, 2, 100 + n, 3);
      expect(net.predictProba(Xn).data).toEqual(ref.predictProba(Xn).data);
      expect(net.predict(Xn)).toEqual(ref.predict(Xn));
    }
    expect(net.evaluate(X, y)).toEqual(ref.evaluate(X, y));
  });

  it("regression with a min-max scaler: predictOutputs, predict and evaluate", () => {
    const X = samples(200, 3, 4);
    const t = Array.from({ length: 200 }, (_, i) => X.get(i, 0) - 2 * X.get(i, 2) + 0.5);
    const net = new Network([3, 16, 1], {
      seed: 3,
      outputActivation: "linear",
      activation: "tanh",
      scale: "minmax",
    });
    net.fit(X, t, { epochs: 4, learningRate: 0.01, warn: false });
    const ref = reference(net);
    for (const n of [1, 7, 4096]) {
      const Xn = samples(n, 3, 200 + n);
      expect(net.predictOutputs(Xn).data).toEqual(ref.predictOutputs(Xn).data);
      expect(net.predict(Xn)).toEqual(ref.predict(Xn));
    }
    expect(net.evaluate(X, t)).toEqual(ref.evaluate(X, t));
  });

  it("more samples than one chunk", () => {
    const net = new Network([4, 6, 3], { outputActivation: "sigmoid", seed: 8 });
    expect(predictChunk(net.architecture)).toBe(PREDICT_CHUNK);
    const X = samples(PREDICT_CHUNK + 37, 4, 3);
    expect(net.predictOutputs(X).data).toEqual(reference(net).predictOutputs(X).data);
  });

  it("wide layers: smaller chunks, several of them for 4096 samples", () => {
    const net = new Network([2, 600, 600, 1], { seed: 9, engine: "js" });
    const chunk = predictChunk(net.architecture);
    expect(chunk).toBeLessThan(4096);
    expect(chunk).toBeGreaterThan(0);
    const X = samples(4096, 2, 10);
    expect(net.predictProba(X).data).toEqual(reference(net).predictProba(X).data);
  });

  it("new parameters (setParams, fit) are used by the next prediction", () => {
    const net = new Network([2, 8, 1], { seed: 1 });
    const X = samples(50, 2, 7);
    const before = net.predictProba(X);
    net.setParams(new Network([2, 8, 1], { seed: 2 }).params);
    const afterSet = net.predictProba(X);
    expect(afterSet.data).not.toEqual(before.data);
    expect(afterSet.data).toEqual(reference(net).predictProba(X).data);
    const y = Array.from({ length: 50 }, (_, i) => (X.get(i, 0) > 0 ? 1 : 0));
    net.fit(X, y, { epochs: 3, learningRate: 0.1, warn: false });
    const afterFit = net.predictProba(X);
    expect(afterFit.data).not.toEqual(afterSet.data);
    expect(afterFit.data).toEqual(reference(net).predictProba(X).data);
  });

  it("prediction from inside a running fitAsync uses the parameters of that moment", async () => {
    const X = samples(120, 2, 11);
    const y = Array.from({ length: 120 }, (_, i) => (X.get(i, 0) * X.get(i, 1) > 0 ? 1 : 0));
    const net = new Network([2, 12, 12, 1], { seed: 4 });
    const probe = samples(33, 2, 12);
    let checked = 0;
    await net.fitAsync(X, y, {
      epochs: 4,
      batchSize: 40,
      learningRate: 0.1,
      warn: false,
      callbacks: {
        onEpochEnd: () => {
          const ref = new Network([2, 12, 12, 1], { engine: "reference", params: net.params });
          expect(net.predictProba(probe).data).toEqual(ref.predictProba(probe).data);
          checked++;
        },
      },
    });
    expect(checked).toBe(4);
  });
});

// A float32 network predicts on the fused float32 engine: its outputs carry float32 rounding
// and equal a float64 reference prediction (same parameters and scaler) to within
// F32_TOLERANCE, relative to the larger of |reference| and the batch's largest |reference|
// (outputs that cross zero have no meaningful element-wise relative error).
// Worst case measured on these networks (both engines, every pair): 8.9e-7.
const F32_TOLERANCE = 1e-5;

function worstRelative(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i] as number));
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as number;
    const d = Math.abs((got[i] as number) - w) / Math.max(Math.abs(w), scale, 1e-300);
    worst = Math.max(worst, d);
  }
  return worst;
}

describe("fused prediction of float32 networks: float32 rounding of the float64 reference", () => {
  for (const engine of engines) {
    for (const h of hidden) {
      for (const o of outputs) {
        it(`${engine}: ${h} hidden, ${o} output, standard scaler, batches 1, 7, 4096`, () => {
          const units = o === "sigmoid" ? 2 : 1;
          const net = new Network([3, 9, 7, units], {
            activation: h,
            outputActivation: o,
            seed: 5,
            engine,
            dtype: "float32",
            scale: "standard",
          });
          const Xf = samples(64, 3, 77, 3);
          const Yf = new Matrix(
            64,
            units,
            Float64Array.from({ length: 64 * units }, (_, i) =>
              o === "sigmoid"
                ? Xf.data[i % Xf.data.length]! > 0
                  ? 1
                  : 0
                : Xf.data[i % Xf.data.length]!,
            ),
          );
          net.fit(Xf, units === 1 ? Array.from(Yf.data) : Yf, {
            epochs: 2,
            learningRate: 0.01,
            warn: false,
          });
          const ref = Network.fromJSON(net.toJSON(), { engine: "reference", dtype: "float64" });
          expect(ref.engine.startsWith("reference:")).toBe(true);
          for (const n of [1, 7, 4096]) {
            const X = samples(n, 3, n, 3);
            const got = net.predictOutputs(X);
            const want = ref.predictOutputs(X);
            expect(got.shape).toEqual([n, units]);
            const worst = worstRelative(got.data, want.data);
            expect(worst).toBeLessThanOrEqual(F32_TOLERANCE);
            // The float32 engine's outputs: every value is a float32.
            expect(got.data.every((v) => Math.fround(v) === v)).toBe(true);
          }
        });
      }
    }
  }
});

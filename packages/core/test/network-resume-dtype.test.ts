// Issue 21.5: a saved network keeps its dtype and engine, and resuming is bitwise exact in
// float32 as in float64: 10 epochs, save, reload, 10 more == 20 straight, for every optimiser.
import { describe, expect, it } from "vitest";
import {
  type Dtype,
  type FitOptions,
  InvalidModelError,
  Network,
  RandomState,
  typedArrayBackend,
} from "../src/index.ts";

function quadrants(n: number, seed: number): { X: number[][]; y: number[] } {
  const rng = new RandomState(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.uniform(-1, 1);
    const b = rng.uniform(-1, 1);
    X.push([a, b]);
    y.push(a * b > 0 ? 1 : 0);
  }
  return { X, y };
}

const { X, y } = quadrants(60, 21);
const bitsOf = (net: Network): number[] => net.params.flatMap((p) => [...p.W.data, ...p.b.data]);
const sameBits = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

const optimisers: readonly [string, Omit<FitOptions<Network>, "epochs">][] = [
  ["SGD", { optimizer: "sgd", learningRate: 0.1, batchSize: 16 }],
  [
    "SGD + momentum",
    { optimizer: { type: "sgd", momentum: 0.9 }, learningRate: 0.05, batchSize: 16 },
  ],
  [
    "SGD + Nesterov, step schedule",
    {
      optimizer: { type: "sgd", momentum: 0.9, nesterov: true },
      learningRate: 0.05,
      batchSize: 16,
      learningRateSchedule: { type: "step", stepSize: 4, gamma: 0.5 },
    },
  ],
  ["Adam", { optimizer: "adam", learningRate: 0.01, batchSize: 16 }],
  [
    "RMSProp, weight decay, inverse scaling",
    {
      optimizer: "rmsprop",
      learningRate: 0.01,
      weightDecay: 1e-3,
      batchSize: 16,
      learningRateSchedule: "inverseScaling",
    },
  ],
  ["Adam, full batch", { optimizer: "adam", learningRate: 0.02 }],
];

describe("resume: 10 epochs, save, reload, 10 more = 20 straight, bitwise", () => {
  for (const dtype of ["float64", "float32"] as const satisfies readonly Dtype[]) {
    for (const [name, options] of optimisers) {
      it(`${dtype}, ${name}`, () => {
        const make = (): Network => new Network([2, 8, 4, 1], { seed: 5, dtype });
        const straight = make();
        straight.fit(X, y, { ...options, epochs: 20, warn: false });

        const first = make();
        first.fit(X, y, { ...options, epochs: 10, warn: false });
        const saved = JSON.parse(JSON.stringify(first));
        expect(saved.dtype).toBe(dtype);
        expect(saved.engine).toBe("auto");
        const resumed = Network.fromJSON(saved);
        expect(resumed.dtype).toBe(dtype);
        expect(resumed.engine).toBe(straight.engine);
        resumed.fit(X, y, { ...options, epochs: 10, warn: false });

        expect(resumed.epoch).toBe(20);
        expect(sameBits(bitsOf(resumed), bitsOf(straight))).toBe(true);
        // optimiser state, generator state and counters too (the training record differs:
        // its last fit had 10 epochs, not 20)
        const { training: _a, ...r } = resumed.toJSON();
        const { training: _b, ...s } = straight.toJSON();
        expect(JSON.stringify(r)).toBe(JSON.stringify(s));
      });
    }
  }

  it('the js engine in float32 resumes exactly too, and keeps engine "js"', () => {
    const options = { optimizer: "adam", learningRate: 0.01, batchSize: 8, warn: false } as const;
    const straight = new Network([2, 6, 1], { seed: 3, engine: "js", dtype: "float32" });
    straight.fit(X, y, { ...options, epochs: 20 });
    const first = new Network([2, 6, 1], { seed: 3, engine: "js", dtype: "float32" });
    first.fit(X, y, { ...options, epochs: 10 });
    const resumed = Network.fromJSON(JSON.stringify(first));
    expect(resumed.engine).toBe("js-f32");
    resumed.fit(X, y, { ...options, epochs: 10 });
    expect(sameBits(bitsOf(resumed), bitsOf(straight))).toBe(true);
  });
});

describe("fromJSON's dtype and engine options", () => {
  const options = { optimizer: "adam", learningRate: 0.01, batchSize: 16, warn: false } as const;
  const trained32 = (): Network => {
    const net = new Network([2, 8, 1], { seed: 9, dtype: "float32" });
    net.fit(X, y, { ...options, epochs: 5 });
    return net;
  };

  it("{ dtype } is honoured: a float32 model continued in float64 trains in float64", () => {
    const text = JSON.stringify(trained32());
    const as64 = Network.fromJSON(text, { dtype: "float64" });
    const as32 = Network.fromJSON(text);
    expect(as64.dtype).toBe("float64");
    expect(as64.engine.endsWith("f64")).toBe(true);
    expect(as32.engine.endsWith("f32")).toBe(true);
    expect(sameBits(bitsOf(as64), bitsOf(as32))).toBe(true); // the same weights are loaded
    as64.fit(X, y, { ...options, epochs: 5 });
    as32.fit(X, y, { ...options, epochs: 5 });
    expect(sameBits(bitsOf(as64), bitsOf(as32))).toBe(false); // different arithmetic after
    expect(as64.toJSON().dtype).toBe("float64");
  });

  it("{ engine } is honoured", () => {
    const net = Network.fromJSON(JSON.stringify(trained32()), { engine: "js" });
    expect(net.engine).toBe("js-f32");
    expect(net.toJSON().engine).toBe("js");
  });

  it('a float32 model cannot load on a backend (the reference path is float64) without { dtype: "float64" }', () => {
    const text = JSON.stringify(trained32());
    expect(() => Network.fromJSON(text, { backend: typedArrayBackend })).toThrow(
      /Network\.fromJSON: the network was saved with dtype "float32", which needs a fused engine.*pass \{ dtype: "float64" \}/,
    );
    const ok = Network.fromJSON(text, { backend: typedArrayBackend, dtype: "float64" });
    expect(ok.engine).toBe("reference:typed-array");
    expect(ok.dtype).toBe("float64");
  });

  it("rejects bad options and bad saved fields with named errors", () => {
    const doc = JSON.parse(JSON.stringify(trained32()));
    expect(() => Network.fromJSON(doc, { dtype: "float16" as never })).toThrow(RangeError);
    expect(() => Network.fromJSON(doc, { engine: "gpu" as never })).toThrow(
      /Network\.fromJSON: engine must be one of/,
    );
    expect(() => Network.fromJSON(doc, { dType: "float32" } as never)).toThrow(
      /Network\.fromJSON: unknown option "dType"/,
    );
    expect(() => Network.fromJSON({ ...doc, dtype: "float16" })).toThrow(InvalidModelError);
    expect(() => Network.fromJSON({ ...doc, dtype: "float16" })).toThrow(/dtype: expected must be/);
    expect(() => Network.fromJSON({ ...doc, engine: "reference" })).toThrow(
      /dtype: "float32" needs a fused engine, but engine is "reference"/,
    );
  });

  it("files without dtype/engine (written before they were saved) load as float64 on auto", () => {
    const net = new Network([2, 4, 1], { seed: 1 });
    net.fit(X, y, { ...options, epochs: 2 });
    const { dtype: _d, engine: _e, classes: _c, ...old } = net.toJSON();
    const loaded = Network.fromJSON(old);
    expect(loaded.dtype).toBe("float64");
    expect(loaded.engine).toBe(net.engine);
    expect(sameBits(bitsOf(loaded), bitsOf(net))).toBe(true);
  });
});

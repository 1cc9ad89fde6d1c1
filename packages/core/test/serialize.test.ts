// Saving and loading: exact round trips (every bit, -0 included), exact resume of training,
// the training record, and a table of malformed documents that fromJSON must reject with a
// clear message naming the field.
import { describe, expect, it } from "vitest";
import pkg from "../package.json" with { type: "json" };
import { decodeNetwork } from "../src/engine.ts";
import {
  InvalidModelError,
  Matrix,
  Network,
  type NetworkJSON,
  RandomState,
  VERSION,
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

const bitsOf = (net: Network): number[] => net.params.flatMap((p) => [...p.W.data, ...p.b.data]);
const sameBits = (a: number[], b: number[]): boolean =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
const { X, y } = quadrants(48, 4);

describe("exact resume", () => {
  const cases = [
    {
      name: "Adam, mini-batches, shuffled",
      options: { optimizer: "adam" as const, learningRate: 0.01, batchSize: 10 },
    },
    {
      name: "SGD with Nesterov momentum, mini-batches, step schedule",
      options: {
        optimizer: { type: "sgd" as const, momentum: 0.9, nesterov: true },
        learningRate: 0.05,
        batchSize: 16,
        learningRateSchedule: { type: "step" as const, stepSize: 30, gamma: 0.5 },
      },
    },
    {
      name: "RMSProp with weight decay and inverse scaling",
      options: {
        optimizer: "rmsprop" as const,
        learningRate: 0.01,
        weightDecay: 1e-3,
        batchSize: 12,
        learningRateSchedule: "inverseScaling" as const,
      },
    },
  ];
  for (const { name, options } of cases) {
    it(`${name}: 100 epochs, save, load, 100 more = 200 straight, bit for bit`, () => {
      const straight = new Network([2, 8, 1], { seed: 17 });
      straight.fit(X, y, { ...options, epochs: 200 });

      const first = new Network([2, 8, 1], { seed: 17 });
      first.fit(X, y, { ...options, epochs: 100 });
      const text = JSON.stringify(first);
      const resumed = Network.fromJSON(text);
      expect(resumed.epoch).toBe(100);
      resumed.fit(X, y, { ...options, epochs: 100 });

      expect(resumed.epoch).toBe(200);
      expect(sameBits(bitsOf(resumed), bitsOf(straight))).toBe(true);
      expect(JSON.stringify(resumed.toJSON().optimizer)).toBe(
        JSON.stringify(straight.toJSON().optimizer),
      );
      expect(resumed.toJSON().rng).toEqual(straight.toJSON().rng);
      // and resuming without the save (the same object) is the same too
      first.fit(X, y, { ...options, epochs: 100 });
      expect(sameBits(bitsOf(first), bitsOf(straight))).toBe(true);
    }, 60_000);
  }

  it("different optimiser settings on resume start a fresh optimiser (documented), the same ones continue", () => {
    const net = new Network([2, 4, 1], { seed: 1 });
    net.fit(X, y, { epochs: 2, optimizer: "adam", batchSize: 16 });
    const adam = net.optimizer;
    net.fit(X, y, { epochs: 1, optimizer: { type: "adam" }, batchSize: 16 });
    expect(net.optimizer).toBe(adam);
    expect(net.optimizer!.iterations).toBe(9);
    net.fit(X, y, { epochs: 1, optimizer: "adam", learningRate: 0.002, batchSize: 16 });
    expect(net.optimizer).not.toBe(adam);
    expect(net.optimizer!.iterations).toBe(3);
  });
});

describe("round trip", () => {
  it("toJSON → JSON text → fromJSON keeps every field and every bit", () => {
    const net = new Network([2, 6, 3], { seed: 9, initializer: "heNormal" });
    const labels = X.map(([a]) => (a! < -0.3 ? 0 : a! < 0.3 ? 1 : 2));
    net.fit(X, labels, {
      epochs: 5,
      batchSize: 8,
      optimizer: "adam",
      validationSplit: 0.25,
      earlyStopping: { patience: 3 },
      dataset: { name: "quadrant thirds", n: 48 },
    });
    const doc = net.toJSON();
    const text = JSON.stringify(doc);
    const back = Network.fromJSON(text);
    expect(JSON.stringify(back)).toBe(text);
    expect(sameBits(bitsOf(back), bitsOf(net))).toBe(true);
    expect(back.predictProba(X).toArray()).toEqual(net.predictProba(X).toArray());
    expect(back.architecture.map((l) => l.activation.name)).toEqual(["relu", "softmax"]);
    expect(back.loss.name).toBe("categoricalCrossEntropy");
    expect(back.initializer).toEqual({ type: "heNormal" });
    const t = doc.training;
    expect(t.library).toBe("@plainnet/core");
    expect(t.libraryVersion).toBe(pkg.version);
    expect(t.seed).toBe(9);
    expect(t.hyperparameters).toEqual({
      epochs: 5,
      batchSize: 8,
      shuffle: true,
      optimizer: {
        type: "adam",
        learningRate: 0.001,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-8,
        weightDecay: 0,
      },
      learningRateSchedule: { type: "constant" },
      validationSplit: 0.25,
      validationData: false,
      earlyStopping: { monitor: "valLoss", patience: 3, minDelta: 0, restoreBestWeights: false },
      divergenceFactor: 1e6,
    });
    expect(t.dataset).toEqual({
      samples: 36,
      features: 2,
      validationSamples: 12,
      info: { name: "quadrant thirds", n: 48 },
    });
    expect(doc.format).toBe("plainnet.network");
    expect(doc.version).toBe(1);
    expect(doc.epoch).toBe(5);
  });

  it("base64 keeps -0, subnormals and the last bit; the readable 'values' encoding loads too", () => {
    const net = new Network([2, 2, 1]);
    const doc = net.toJSON({ encoding: "values" });
    const special = [-0, 5e-324, 1.7976931348623157e308, 0.1 + 0.2];
    const W = doc.params[0]!.W as { shape: [number, number]; values: number[] };
    const edited = {
      ...doc,
      params: [{ W: { shape: W.shape, values: special }, b: doc.params[0]!.b }, doc.params[1]!],
    };
    const loaded = Network.fromJSON(edited);
    const text = JSON.stringify(loaded); // base64
    const again = Network.fromJSON(text);
    const w = Array.from(again.params[0]!.W.data);
    expect(sameBits(w, special)).toBe(true);
    expect(Object.is(w[0], -0)).toBe(true);
    // base64 is little-endian float64: 1.0 is 00 00 00 00 00 00 f0 3f.
    const one = new Network([1, 1]).toJSON();
    const ones = {
      ...one,
      params: [{ W: { shape: [1, 1], base64: "AAAAAAAA8D8=" }, b: { shape: [1, 1], values: [0] } }],
    };
    expect(Network.fromJSON(ones).params[0]!.W.get(0, 0)).toBe(1);
  });

  it("VERSION equals package.json's version", () => {
    expect(VERSION).toBe(pkg.version);
  });

  it("a network that never trained saves no optimiser and loads with a working one on fit", () => {
    const net = new Network([2, 3, 1], { seed: 5 });
    const doc = net.toJSON();
    expect(doc.optimizer).toBeNull();
    expect(doc.training.hyperparameters).toBeNull();
    const back = Network.fromJSON(doc);
    back.fit(X, y, { epochs: 2 });
    net.fit(X, y, { epochs: 2 });
    expect(sameBits(bitsOf(back), bitsOf(net))).toBe(true);
  });

  it("custom activations cannot be saved", () => {
    const custom = {
      name: "relu" as const,
      forward: (z: number) => Math.max(z, 0),
      backward: (d: number, z: number) => (z > 0 ? d : 0),
    };
    const net = new Network([{ inputDim: 2, outputDim: 1, activation: custom }], { loss: "mse" });
    expect(() => net.toJSON()).toThrow(
      /layer 0 uses a custom activation "relu", which cannot be saved/,
    );
  });
});

describe("fromJSON rejects malformed documents", () => {
  // A small valid document with an Adam state to mutate.
  const base = (() => {
    const net = new Network([2, 3, 1], { seed: 3 });
    net.fit(X, y, { epochs: 1, optimizer: "adam", batchSize: 24, dataset: { name: "q" } });
    return JSON.parse(JSON.stringify(net)) as NetworkJSON;
  })();
  // biome-ignore lint/suspicious/noExplicitAny: the cases below edit arbitrary fields of the document
  type Doc = Record<string, any>;
  const edit = (f: (d: Doc) => void): Doc => {
    const d = structuredClone(base) as Doc;
    f(d);
    return d;
  };
  const nanBase64 = (() => {
    const bytes = new Uint8Array(new Float64Array([Number.NaN, 1, 2, 3, 4, 5]).buffer);
    let s = "";
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  })();

  const cases: [name: string, input: unknown, path: string, message: RegExp][] = [
    ["not JSON", "{ not json", "", /not valid JSON/],
    ["an array", [], "", /expected a saved network .* got array\(0\)/],
    ["a number", 42, "", /got 42/],
    [
      "wrong format tag",
      edit((d) => (d.format = "keras")),
      "format",
      /expected "plainnet.network", got string "keras"/,
    ],
    [
      "newer version",
      edit((d) => (d.version = 2)),
      "version",
      /format version 2 was written by a newer plainnet/,
    ],
    [
      "version as a string",
      edit((d) => (d.version = "1")),
      "version",
      /expected 1, got string "1"/,
    ],
    ["unknown top-level key", edit((d) => (d.weights = [])), "", /unknown key "weights"/],
    ["missing params", edit((d) => delete d.params), "", /missing key "params"/],
    [
      "__proto__ key (JSON text)",
      JSON.stringify(base).replace('{"format"', '{"__proto__":{"polluted":1},"format"'),
      "__proto__",
      /"__proto__" is not allowed/,
    ],
    [
      "constructor key in a layer",
      edit((d) => (d.params[0].constructor = { prototype: {} })),
      "params[0].constructor",
      /not allowed/,
    ],
    [
      "empty architecture",
      edit((d) => (d.architecture = [])),
      "architecture",
      /at least one layer/,
    ],
    [
      "layers that do not chain",
      edit((d) => (d.architecture[1].inputDim = 4)),
      "architecture",
      /layer 1 has inputDim 4 but layer 0 has outputDim 3/,
    ],
    [
      "unknown activation",
      edit((d) => (d.architecture[0].activation = "gelu")),
      "architecture[0].activation",
      /expected one of "relu".*got string "gelu"/,
    ],
    [
      "fractional size",
      edit((d) => (d.architecture[0].outputDim = 2.5)),
      "architecture[0].outputDim",
      /expected an integer 1\.\.1000000, got 2.5/,
    ],
    [
      "unknown loss",
      edit((d) => (d.loss = "hinge")),
      "loss",
      /expected one of "binaryCrossEntropy"/,
    ],
    [
      "params for fewer layers",
      edit((d) => d.params.pop()),
      "params",
      /one entry per layer \(2\), got 1/,
    ],
    [
      "W of the wrong shape",
      edit((d) => (d.params[0].W.shape = [2, 3])),
      "params[0].W.shape",
      /expected \[3, 2\], got \[2,3\]/,
    ],
    [
      "base64 of the wrong length",
      edit((d) => (d.params[0].b.base64 = "AAAA")),
      "params[0].b.base64",
      /must have 32 characters, got 4/,
    ],
    [
      "base64 with a bad character",
      edit((d) => (d.params[1].b.base64 = "AAAAAAAA8D!=")),
      "params[1].b.base64",
      /invalid base64 character "!"/,
    ],
    [
      "NaN bits in base64",
      edit((d) => (d.params[0].W.base64 = nanBase64)),
      "params[0].W",
      /non-finite value NaN at \[0\]\[0\]/,
    ],
    [
      "null in values",
      edit((d) => (d.params[1].b = { shape: [1, 1], values: [null] })),
      "params[1].b.values[0]",
      /expected a number, got null/,
    ],
    [
      "Infinity from 1e400 in JSON text",
      JSON.stringify(edit((d) => (d.params[1].b = { shape: [1, 1], values: [7] }))).replace(
        '"values":[7]',
        '"values":[1e400]',
      ),
      "params[1].b",
      /non-finite value Infinity/,
    ],
    [
      "both encodings",
      edit((d) => (d.params[1].b.values = [0])),
      "params[1].b",
      /either "base64" or "values", not both/,
    ],
    [
      "no values at all",
      edit((d) => delete d.params[1].b.base64),
      "params[1].b",
      /give "base64" or "values"/,
    ],
    [
      "unknown optimizer",
      edit((d) => (d.optimizer.config.type = "adamw")),
      "optimizer.config.type",
      /expected "sgd", "adam" or "rmsprop"/,
    ],
    [
      "optimizer config missing beta2",
      edit((d) => delete d.optimizer.config.beta2),
      "optimizer.config",
      /missing key "beta2"/,
    ],
    [
      "optimizer config out of range",
      edit((d) => (d.optimizer.config.beta1 = 1.5)),
      "optimizer.config",
      /beta1 must be a finite number >= 0 and < 1, got 1.5/,
    ],
    [
      "optimizer slot missing",
      edit((d) => delete d.optimizer.state.slots[0].W.v),
      "optimizer.state.slots[0].W",
      /every slot of adam \(m, v\), got m/,
    ],
    [
      "optimizer slots emptied after steps",
      edit((d) => (d.optimizer.state.slots[1].W = {})),
      "optimizer.state.slots[1].W",
      /adam has taken 2 steps, so its slots \(m, v\) are needed/,
    ],
    [
      "optimizer slot of the wrong shape",
      edit((d) => (d.optimizer.state.slots[1].b.m.shape = [3, 1])),
      "optimizer.state.slots[1].b.m.shape",
      /expected \[1, 1\]/,
    ],
    [
      "negative iterations",
      edit((d) => (d.optimizer.state.iterations = -1)),
      "optimizer.state.iterations",
      /expected an integer 0\.\./,
    ],
    [
      "RNG key too short",
      edit((d) => d.rng.key.pop()),
      "rng",
      /expected key to be an array of 624 integers/,
    ],
    [
      "RNG pos out of range",
      edit((d) => (d.rng.pos = 700)),
      "rng",
      /expected pos to be an integer 0..624, got 700/,
    ],
    [
      "RNG word too large",
      edit((d) => (d.rng.key[5] = 2 ** 32)),
      "rng",
      /key\[5\] to be an integer 0..2\*\*32-1/,
    ],
    ["negative epoch", edit((d) => (d.epoch = -1)), "epoch", /expected an integer 0\.\./],
    [
      "foreign library",
      edit((d) => (d.training.library = "brain.js")),
      "training.library",
      /expected "@plainnet\/core"/,
    ],
    [
      "seed out of range",
      edit((d) => (d.training.seed = 2 ** 32)),
      "training.seed",
      /expected an integer 0..4294967295/,
    ],
    [
      "batch size 0",
      edit((d) => (d.training.hyperparameters.batchSize = 0)),
      "training.hyperparameters.batchSize",
      /expected an integer 1\.\./,
    ],
    [
      "nested dataset info",
      edit((d) => (d.training.dataset.info = { name: { a: 1 } })),
      "training.dataset.info",
      /info.name must be a string/,
    ],
    [
      "bad schedule",
      edit(
        (d) => (d.training.hyperparameters.learningRateSchedule = { type: "step", stepSize: 0 }),
      ),
      "training.hyperparameters.learningRateSchedule",
      /stepSize must be a positive integer, got 0/,
    ],
    [
      "too many parameters",
      edit(
        (d) =>
          (d.architecture = [
            { inputDim: 100000, outputDim: 100000, activation: "relu" },
            ...d.architecture,
          ]),
      ),
      "architecture",
      /more than 50000000 parameters/,
    ],
    [
      "a class instance instead of a tensor",
      edit((d) => (d.params[0].W = Matrix.zeros(3, 2))),
      "params[0].W",
      /expected a plain object, got a Matrix/,
    ],
  ];

  it(`has at least 20 cases (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)("%s", (_name, input, path, message) => {
    let error: unknown;
    try {
      Network.fromJSON(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidModelError);
    expect((error as InvalidModelError).path).toBe(path);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message.startsWith("Network.fromJSON: ")).toBe(true);
  });

  it("never pollutes Object.prototype", () => {
    const text = JSON.stringify(base).replace('{"format"', '{"__proto__":{"polluted":1},"format"');
    expect(() => Network.fromJSON(text)).toThrow(InvalidModelError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("size limits are checked before decoding and can be set", () => {
    expect(() => Network.fromJSON(JSON.stringify(base), { maxTextLength: 100 })).toThrow(
      /the limit is 100/,
    );
    expect(() => decodeNetwork(base, { maxParameters: 5 })).toThrow(/more than 5 parameters/);
    expect(() => decodeNetwork(base, { maxLayers: 1 })).toThrow(
      /architecture: has 2 entries; the limit is 1/,
    );
    expect(decodeNetwork(base).architecture).toHaveLength(2);
  });
});

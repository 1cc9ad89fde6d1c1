import { Network } from "@plainnet/core";
import { describe, expect, it } from "vitest";
import { FRAME_BUDGET, MAX_FRAMES, maxFrames } from "../src/frames.ts";
import { buildNetwork, MAX_PARAMETERS } from "../src/model.ts";
import { parseRequest } from "../src/protocol.ts";
import { MAP_SIZE, NEURON_MAP_SIZE, Session } from "../src/session.ts";
import { DEFAULT_STATE, queryToState } from "../src/state.ts";
import { TestEvaluator } from "../src/test-eval.ts";

describe("worker protocol", () => {
  it("accepts the simple requests and init with a state", () => {
    for (const type of ["play", "pause", "step", "reset", "export"]) {
      expect(parseRequest({ type })).toEqual({ type });
    }
    expect(parseRequest({ type: "frame", epoch: 3 })).toEqual({ type: "frame", epoch: 3 });
    expect(parseRequest({ type: "init", state: DEFAULT_STATE })).toEqual({
      type: "init",
      state: DEFAULT_STATE,
    });
    const raw = { points: new Float64Array(8), targets: [0, 1, 0, 1], classes: 2 };
    expect(
      parseRequest({ type: "init", state: { ...DEFAULT_STATE, dataset: "csv" }, raw }).type,
    ).toBe("init");
  });

  it.each([
    [null, /expected a message object/],
    ["play", /expected a message object/],
    [{ type: "jump" }, /unknown message type "jump"/],
    [{ type: "frame", epoch: -1 }, /frame needs an epoch/],
    [{ type: "frame", epoch: "3" }, /frame needs an epoch/],
    [{}, /unknown message type undefined/],
    [{ type: "init" }, /init needs a state object/],
    [{ type: "init", state: { ...DEFAULT_STATE, dataset: "mnist" } }, /unknown dataset "mnist"/],
    [{ type: "init", state: { ...DEFAULT_STATE, hidden: "8,8" } }, /must be arrays/],
    [{ type: "init", state: { ...DEFAULT_STATE, dataset: "csv" } }, /csv dataset needs raw data/],
    [
      { type: "init", state: DEFAULT_STATE, raw: { points: [1, 2], targets: [0], classes: 2 } },
      /raw must be/,
    ],
    [
      {
        type: "init",
        state: DEFAULT_STATE,
        raw: { points: new Float64Array(3), targets: [0, 1], classes: 2 },
      },
      /raw must be/,
    ],
  ])("rejects %j with a TypeError", (message, pattern) => {
    expect(() => parseRequest(message)).toThrow(TypeError);
    expect(() => parseRequest(message)).toThrow(pattern);
  });
});

describe("Session (what the worker runs)", () => {
  const { state } = queryToState("?ds=xor&n=200&f=x1,x2,x1x2&h=6,4&act=tanh&opt=adam&lr=0.03");

  it("training in chunks gives the same weights as one run", () => {
    const a = new Session(state);
    const b = new Session(state);
    a.train(30);
    for (const n of [1, 4, 10, 15]) b.train(n);
    expect(b.epoch).toBe(30);
    expect(b.hash()).toBe(a.hash());
    expect(b.stats).toEqual(a.stats);
  });

  it("its hash is FNV-1a over the float64 bytes of every W and b, and changes with training", () => {
    const s = new Session(state);
    const before = s.hash();
    // An independent FNV-1a over the same bytes.
    let h = 0x811c9dc5;
    for (const p of s.net.params) {
      for (const v of [...p.W.data, ...p.b.data]) {
        const bytes = new Uint8Array(new Float64Array([v]).buffer);
        for (const byte of bytes) h = Math.imul(h ^ byte, 16777619) >>> 0;
      }
    }
    expect(before).toBe(h.toString(16).padStart(8, "0"));
    s.train(1);
    expect(s.hash()).not.toBe(before);
  });

  it("a model exported as JSON loads with Network.fromJSON and predicts the same", () => {
    const s = new Session(state);
    s.train(5);
    const copy = Network.fromJSON(JSON.stringify(s.net));
    expect(copy.predictProba(s.data.XTest).data).toEqual(s.net.predictProba(s.data.XTest).data);
  });

  it("keeps replay frames at regular epochs, the same however the epochs are chunked", () => {
    const a = new Session(state);
    a.train(300);
    const epochs = a.frameEpochs();
    expect(epochs.length).toBeLessThanOrEqual(MAX_FRAMES);
    expect(epochs.length).toBeGreaterThan(MAX_FRAMES / 2);
    expect(epochs[0]).toBe(0);
    expect(epochs.every((e, i) => e === i * a.frameEvery)).toBe(true);
    const b = new Session(state);
    for (const n of [7, 93, 200]) b.train(n);
    expect(b.frameEpochs()).toEqual(epochs);
    // A frame's picture is the network's map with that epoch's weights.
    const c = new Session(state);
    c.train(epochs[5]!);
    expect(a.frameMap(epochs[5]!)).toEqual(c.maps().output);
    expect(b.frameMap(epochs[5]!)).toEqual(c.maps().output);
    expect(a.frameMap(1)).toBeUndefined();
  });

  it("keeps fewer frames for big networks (a budget of parameter values)", () => {
    expect(maxFrames(4_000)).toBe(MAX_FRAMES);
    expect(maxFrames(200_000)).toBe(FRAME_BUDGET / 200_000);
    expect(maxFrames(1e9)).toBe(8);
  });

  it("learns: the test loss falls on xor", () => {
    const s = new Session(state);
    const stats = s.train(60);
    expect(stats[59]!.valLoss).toBeLessThan(stats[0]!.valLoss * 0.5);
  });

  it("maps have one value per cell and unit", () => {
    const s = new Session(state);
    const maps = s.maps();
    expect(maps.output.length).toBe(MAP_SIZE * MAP_SIZE);
    expect(maps.neurons.map((m) => m.length)).toEqual([6, 4].map((u) => u * NEURON_MAP_SIZE ** 2));
    expect(maps.output.every((v) => v > 0 && v < 1)).toBe(true);
    expect(new Set(maps.output).size).toBeGreaterThan(10);
  });

  it("the info matches the data and the layers", () => {
    const info = new Session(state).info();
    expect(info.sizes).toEqual([3, 6, 4, 1]);
    expect(info.trainPoints.length).toBe(2 * info.yTrain.length);
    expect(info.yTrain.length + info.yTest.length).toBe(200);
    expect(info.yTest.length).toBe(100);
  });

  it("three blobs train a softmax, regression sets a linear output", () => {
    const blobs = new Session({ ...DEFAULT_STATE, dataset: "blobs" });
    expect(blobs.info().sizes.at(-1)).toBe(3);
    expect(blobs.net.architecture.at(-1)!.activation.name).toBe("softmax");
    const reg = new Session(queryToState("?ds=reg-plane").state);
    expect(reg.net.architecture.at(-1)!.activation.name).toBe("linear");
    expect(Number.isNaN(reg.train(1)[0]!.accuracy)).toBe(true);
  });

  it("refuses a network over the parameter limit before building it", () => {
    const huge = {
      ...DEFAULT_STATE,
      features: DEFAULT_STATE.features,
      hidden: [64, 64, 64, 64, 64, 64, 64, 64],
    };
    expect(() => buildNetwork(huge, 7, 2)).not.toThrow();
    expect(() => buildNetwork({ ...huge, hidden: Array(60).fill(64) }, 2, 2)).toThrow(
      new RegExp(`at most ${MAX_PARAMETERS}`),
    );
    // Sizes no URL can give still meet core's one shared limit, before any allocation.
    expect(() => buildNetwork({ ...huge, hidden: [1e9] }, 2, 2)).toThrow(/MAX_ELEMENTS/);
  });
});

describe("TestEvaluator", () => {
  it.each([
    ["binary (fused)", "?ds=moons&n=300&h=8,8&act=relu"],
    ["regression (fused)", "?ds=reg-plane&n=300&h=6&act=tanh"],
    ["softmax (reference)", "?ds=blobs&n=300&h=6&act=tanh"],
  ])("%s: equals Network.evaluate bit for bit, after training too", (_, query) => {
    const s = new Session(queryToState(query).state);
    const test = new TestEvaluator(s.net, s.data.XTest, s.data.yTest);
    for (let k = 0; k < 2; k++) {
      const ref = s.net.evaluate(s.data.XTest, s.data.yTest);
      const got = test.evaluate();
      expect(got.loss).toBe(ref.loss);
      if (ref.accuracy === undefined) expect(got.accuracy).toBeNaN();
      else expect(got.accuracy).toBe(ref.accuracy);
      s.train(3);
    }
  });
});

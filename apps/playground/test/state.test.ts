import { describe, expect, it } from "vitest";
import {
  DEFAULT_STATE,
  MAX_HIDDEN_LAYERS,
  MAX_UNITS,
  NOTEBOOK_PRESET,
  type PlaygroundState,
  queryToState,
  stateToQuery,
} from "../src/state.ts";

describe("state <-> URL", () => {
  it("round-trips the defaults, the notebook preset and a state with every field changed", () => {
    const changed: PlaygroundState = {
      dataset: "reg-gauss",
      noise: 0.35,
      samples: 1234,
      testFraction: 0.3,
      dataSeed: 4294967295,
      features: ["x2", "x1x2", "sinx1"],
      hidden: [1, 64, 3],
      activation: "leakyRelu",
      output: "linear",
      learningRate: 0.000123,
      batchSize: 17,
      optimizer: "momentum",
      l2: 0.001,
      seed: 0,
      dtype: "float32",
      stopAt: 999,
      showTest: true,
      theme: "dark",
    };
    for (const s of [DEFAULT_STATE, NOTEBOOK_PRESET, changed]) {
      const back = queryToState(stateToQuery(s));
      expect(back.notices).toEqual([]);
      expect(back.state).toEqual(s);
    }
  });

  it("writes the notebook preset's settings into the URL", () => {
    const params = new URLSearchParams(stateToQuery(NOTEBOOK_PRESET));
    expect(params.get("ds")).toBe("moons");
    expect(params.get("n")).toBe("1000");
    expect(params.get("noise")).toBe("0.2");
    expect(params.get("dseed")).toBe("100");
    expect(params.get("h")).toBe("25,50,50,25");
    expect(params.get("act")).toBe("relu");
    expect(params.get("lr")).toBe("0.01");
    expect(params.get("batch")).toBe("0");
    expect(params.get("seed")).toBe("2");
  });

  it("an empty query is the default state without notices", () => {
    expect(queryToState("")).toEqual({ state: DEFAULT_STATE, notices: [] });
    expect(queryToState("?")).toEqual({ state: DEFAULT_STATE, notices: [] });
  });

  it.each([
    ["ds", "nope", "dataset"],
    ["lr", "-1", "learningRate"],
    ["lr", "0", "learningRate"],
    ["lr", "Infinity", "learningRate"],
    ["h", "1000000000", "hidden"],
    ["h", `${MAX_UNITS + 1}`, "hidden"],
    [
      "h",
      Array(MAX_HIDDEN_LAYERS + 1)
        .fill(2)
        .join(","),
      "hidden",
    ],
    ["h", "4,,4", "hidden"],
    ["h", "1e9", "hidden"],
    ["n", "abc", "samples"],
    ["n", "5", "samples"],
    ["n", "1e9", "samples"],
    ["noise", "NaN", "noise"],
    ["noise", "-0.1", "noise"],
    ["seed", "-3", "seed"],
    ["seed", "4294967296", "seed"],
    ["seed", "1.5", "seed"],
    ["f", "x9", "features"],
    ["f", "", "features"],
    ["batch", "-1", "batchSize"],
    ["opt", "<script>", "optimizer"],
    ["test", "1", "testFraction"],
    ["l2", "2", "l2"],
    ["stop", "-5", "stopAt"],
    ["showTest", "yes", "showTest"],
    ["theme", "neon", "theme"],
    ["dtype", "float16", "dtype"],
  ] as const)("%s=%s falls back to the default with a notice naming it", (param, raw, key) => {
    const { state, notices } = queryToState(`?${param}=${encodeURIComponent(raw)}`);
    expect(state[key]).toEqual(DEFAULT_STATE[key]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(`${param}:`);
  });

  it("keeps the valid parameters of a partly bad URL", () => {
    const { state, notices } = queryToState("?ds=spiral&lr=-1&h=8,8&junk=1");
    expect(state.dataset).toBe("spiral");
    expect(state.hidden).toEqual([8, 8]);
    expect(state.learningRate).toBe(DEFAULT_STATE.learningRate);
    expect(notices.map((n) => n.split(":")[0])).toEqual(["junk", "lr"]);
  });

  it("gives a regression set a linear output, with a notice when the URL chose another", () => {
    const { state, notices } = queryToState("?ds=reg-plane&out=sigmoid");
    expect(state.output).toBe("linear");
    expect(notices.some((n) => n.startsWith("out:"))).toBe(true);
    expect(queryToState("?ds=reg-plane")).toEqual({
      state: { ...DEFAULT_STATE, dataset: "reg-plane", output: "linear" },
      notices: [],
    });
    expect(queryToState("?ds=blobs").state.output).toBe("softmax");
    expect(queryToState("?ds=circle&out=linear").state.output).toBe("sigmoid");
  });

  it("puts features in the canonical order without duplicates", () => {
    expect(queryToState("?f=sinx2,x1,x1").state.features).toEqual(["x1", "sinx2"]);
  });

  it("never throws on garbage and always returns a state the URL writer accepts", () => {
    const junk = [
      "%",
      "%%%%",
      "?=&=&",
      "?ds",
      "?h=-1,-2",
      `?${"a=1&".repeat(2000)}`,
      "?ds=__proto__&constructor=1&__proto__=x",
      "?lr=1e308&noise=1e-400",
      "?\u0000\uffff=\ud800",
    ];
    let seed = 12345;
    for (let i = 0; i < 200; i++) {
      let s = "?";
      for (let k = 0; k < 30; k++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        s += String.fromCharCode(32 + (seed % 95));
      }
      junk.push(s);
    }
    for (const q of junk) {
      const { state } = queryToState(q);
      expect(queryToState(stateToQuery(state)).state).toEqual(state);
      expect(Object.getPrototypeOf(state)).toBe(Object.prototype);
    }
  });
});

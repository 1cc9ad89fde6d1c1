import { describe, expect, it } from "vitest";
import { matchesFilter, parseArgs } from "../src/cli.ts";

describe("parseArgs", () => {
  it("has defaults for no arguments", () => {
    expect(parseArgs([])).toEqual({
      quick: false,
      filters: [],
      json: false,
      out: null,
      runtimes: null,
      samples: null,
      ceiling: true,
      paired: true,
      maxSeconds: null,
      help: false,
    });
  });

  it("reads flags and options, with a space or an equals sign", () => {
    const o = parseArgs([
      "--quick",
      "--json",
      "--filter",
      "headline, wide,tfjs",
      "--out=/tmp/x",
      "--runtimes",
      "node,deno,node",
      "--samples",
      "7",
      "--max-seconds=150",
    ]);
    expect(o.maxSeconds).toBe(150);
    expect(o.quick).toBe(true);
    expect(o.json).toBe(true);
    expect(o.filters).toEqual(["headline", "wide", "tfjs"]);
    expect(o.out).toBe("/tmp/x");
    expect(o.runtimes).toEqual(["node", "deno"]);
    expect(o.samples).toBe(7);
    expect(o.ceiling).toBe(true);
    expect(parseArgs(["--no-ceiling"]).ceiling).toBe(false);
    expect(o.paired).toBe(true);
    expect(parseArgs(["--no-paired"]).paired).toBe(false);
  });

  it("rejects unknown options, missing values and bad values, naming the option", () => {
    expect(() => parseArgs(["--fast"])).toThrow(/unknown option "--fast"/);
    expect(() => parseArgs(["--out"])).toThrow(/--out needs a value/);
    expect(() => parseArgs(["--filter", "--quick"])).toThrow(/--filter needs a value/);
    expect(() => parseArgs(["--runtimes", "python"])).toThrow(/--runtimes accepts/);
    expect(() => parseArgs(["--samples", "0"])).toThrow(/--samples must be a positive integer/);
    expect(() => parseArgs(["--samples", "2.5"])).toThrow(RangeError);
    expect(() => parseArgs(["--quick=yes"])).toThrow(/takes no value/);
  });
});

describe("matchesFilter", () => {
  it("selects everything without terms", () => {
    expect(matchesFilter([], "wide", "numpy")).toBe(true);
  });

  it("matches a term against the workload or the candidate id", () => {
    expect(matchesFilter(["head"], "headline", "numpy")).toBe(true);
    expect(matchesFilter(["tfjs"], "headline", "tfjs-wasm")).toBe(true);
    expect(matchesFilter(["tfjs"], "headline", "brainjs")).toBe(false);
  });

  it("matches workload/candidate pairs, case-insensitively", () => {
    expect(matchesFilter(["Wide/NumPy"], "wide", "numpy")).toBe(true);
    expect(matchesFilter(["wide/numpy"], "headline", "numpy")).toBe(false);
    expect(matchesFilter(["wide/numpy", "seed"], "seed-net", "brainjs")).toBe(true);
  });
});

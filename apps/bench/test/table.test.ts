import { describe, expect, it } from "vitest";
import {
  formatNumber,
  formatRatio,
  renderTable,
  resultsTable,
  runtimeMatrix,
} from "../src/table.ts";
import type { ResultRow } from "../src/types.ts";

describe("number formatting", () => {
  it("keeps three significant digits without exponent in [1e-3, 1e6)", () => {
    expect(formatNumber(13.4567)).toBe("13.5");
    expect(formatNumber(2.4)).toBe("2.40");
    expect(formatNumber(0.0123456)).toBe("0.0123");
    expect(formatNumber(2710.4)).toBe("2710");
    expect(formatNumber(0.6936123, 6)).toBe("0.693612");
    expect(formatNumber(0)).toBe("0");
  });

  it("switches to exponent form outside that range", () => {
    expect(formatNumber(0.000012)).toBe("1.2e-5");
    expect(formatNumber(12345678)).toBe("1.2e7");
  });

  it("formats ratios with a multiplication sign, unknown ones as a dash", () => {
    expect(formatRatio(4.93)).toBe("4.93×");
    expect(formatRatio(1)).toBe("1.00×");
    expect(formatRatio(undefined)).toBe("–");
  });
});

describe("renderTable", () => {
  it("pads columns to equal width and marks alignment in the rule", () => {
    const t = renderTable(
      ["name", "ms"],
      [
        ["numpy", "2.5"],
        ["tfjs", "20.1"],
      ],
      ["left", "right"],
    );
    const lines = t.split("\n");
    expect(lines).toEqual([
      "| name  |   ms |",
      "|:------|-----:|",
      "| numpy |  2.5 |",
      "| tfjs  | 20.1 |",
    ]);
    // Every line has the same length: the columns line up in a terminal.
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });

  it("rejects rows with the wrong number of cells", () => {
    expect(() => renderTable(["a", "b"], [["1"]])).toThrow(/row 0 has 1 cells/);
  });
});

const row = (over: Partial<ResultRow>): ResultRow => ({
  workload: "headline",
  candidate: "numpy",
  label: "NumPy",
  plainnet: false,
  runtime: "bun",
  status: "ok",
  ...over,
});

describe("resultsTable", () => {
  it("shows times, ratios and the check; failures without a time", () => {
    const t = resultsTable(
      [
        row({
          medianMs: 2.5,
          minMs: 2.4,
          maxMs: 3.1,
          gflops: 11,
          vsNumpy: 1,
          vsBestPeer: 1,
          check: "fine",
        }),
        row({
          candidate: "tfjs-cpu",
          label: "TensorFlow.js cpu",
          status: "failed",
          reason: "loss drop differs",
        }),
        row({ candidate: "x", label: "X", status: "not available", reason: "python3 not found" }),
      ],
      { headline: "train" },
    );
    const lines = t.split("\n");
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/\| workload +\| candidate +\| median/);
    expect(lines[2]).toMatch(/\| +2\.50 \| 2\.40–3\.10 \| ms\/epoch \|.*1\.00×.*ok: fine/);
    expect(lines[3]).toMatch(/FAILED: loss drop differs/);
    // A failed job shows no time: its median and range cells are dashes.
    const cells = (lines[3] as string).split("|").map((c) => c.trim());
    expect(cells[3]).toBe("–");
    expect(cells[4]).toBe("–");
    expect(lines[4]).toMatch(/not available: python3 not found/);
    expect(t).not.toMatch(/runtime/);
  });

  it("labels a row whose results could not be checked UNCHECKED, not ok", () => {
    const t = resultsTable(
      [
        row({
          candidate: "brainjs",
          label: "brain.js",
          medianMs: 58,
          checked: false,
          check: "finite and falling only",
        }),
      ],
      { headline: "train" },
    );
    const line = t.split("\n")[2] as string;
    expect(line).toContain("UNCHECKED: finite and falling only");
    expect(line).not.toContain("ok:");
    expect(
      runtimeMatrix(
        [row({ candidate: "brainjs", label: "brain.js", medianMs: 58, checked: false })],
        "headline",
      ),
    ).toMatch(/\| brain\.js +\| 58\.0 \(unchecked\) \|/);
  });

  it("adds a runtime column when rows come from several runtimes", () => {
    const t = resultsTable([row({ medianMs: 1 }), row({ runtime: "deno", medianMs: 2 })], {
      headline: "train",
    });
    expect(t.split("\n")[0]).toMatch(/\| runtime \|/);
  });
});

describe("runtimeMatrix", () => {
  it("lays out candidates x runtimes in a fixed runtime order", () => {
    const t = runtimeMatrix(
      [
        row({ runtime: "deno", medianMs: 3 }),
        row({ runtime: "node", medianMs: 2 }),
        row({ candidate: "brainjs", label: "brain.js", runtime: "node", medianMs: 70 }),
        row({ candidate: "brainjs", label: "brain.js", runtime: "deno", status: "failed" }),
      ],
      "headline",
    );
    const lines = t.split("\n");
    expect(lines[0]).toMatch(/\| candidate \| +node \| +deno \|/);
    expect(lines[2]).toMatch(/\| NumPy +\| +2\.00 \| +3\.00 \|/);
    expect(lines[3]).toMatch(/\| brain\.js +\| +70\.0 \| failed \|/);
  });
});

import { readFileSync } from "node:fs";
import { architectureFromSizes, Matrix } from "@plainnet/core";
import { describe, expect, it } from "vitest";
import { NETWORK_DEFAULT_ID, networkCandidates } from "../src/candidates/network.ts";
import { findCandidate } from "../src/candidates/registry.ts";
import {
  DIGITS_FIXTURE,
  friedman1,
  loadDigits,
  minibatchData,
  minibatchLoss,
} from "../src/minibatch.ts";
import { checkMinibatch, MINIBATCH_DROP_FACTOR } from "../src/minibatch-check.ts";
import { overheadLines } from "../src/overhead-report.ts";
import type { WorkloadSpec } from "../src/types.ts";
import { DIGITS, getWorkload, minibatchDataOf, REGRESSION } from "../src/workloads.ts";
import { resultRow } from "./helpers.ts";

/** The NumPy summary python/digits_fixture.py wrote beside the data. */
const summary = (
  JSON.parse(readFileSync(DIGITS_FIXTURE, "utf8")) as {
    check: { classCounts: number[]; pixelSum: number; featureSums: number[] };
  }
).check;

describe("digits fixture", () => {
  it("decodes to scikit-learn's digits: 1797 x 64 pixels / 16 and the class counts NumPy found", () => {
    const { rows, labels } = loadDigits();
    expect(rows).toHaveLength(1797);
    expect(rows.every((r) => r.length === 64)).toBe(true);
    const counts = new Array(10).fill(0);
    for (const c of labels) counts[c]++;
    expect(counts).toEqual(summary.classCounts);
    let sum = 0;
    let bad = 0;
    const featureSums = new Array(64).fill(0);
    for (const r of rows) {
      r.forEach((v, j) => {
        const pixel = v * 16;
        if (!(Number.isInteger(pixel) && pixel >= 0 && pixel <= 16)) bad++;
        featureSums[j] += pixel;
        sum += pixel;
      });
    }
    expect(bad).toBe(0);
    expect(sum).toBe(summary.pixelSum);
    expect(featureSums).toEqual(summary.featureSums);
  });

  it("builds the digits workload: X 64 x 1797, one-hot Y, a softmax output", () => {
    const d = minibatchDataOf(getWorkload("digits"));
    expect(d.X.shape).toEqual([64, 1797]);
    expect(d.Y.shape).toEqual([10, 1797]);
    for (let i = 0; i < 1797; i += 97) {
      let ones = 0;
      for (let c = 0; c < 10; c++) ones += d.Y.data[c * 1797 + i] as number;
      expect(ones).toBe(1);
      expect(d.Y.data[(d.labels[i] as number) * 1797 + i]).toBe(1);
    }
    expect(d.architecture.map((l) => l.activation.name)).toEqual(["relu", "softmax"]);
    expect(() => minibatchData([64, 10], 100, DIGITS)).toThrow(/digits has 1797 samples/);
  });
});

describe("friedman1", () => {
  it("is deterministic, standardised, and follows Friedman's formula up to unit noise", () => {
    const a = friedman1(2000, 8);
    expect(friedman1(2000, 8)).toEqual(a);
    const { rows, targets } = a;
    expect(rows).toHaveLength(2000);
    expect(rows.every((r) => r.length === 8 && r.every((v) => v > 0 && v < 1))).toBe(true);
    const mean = targets.reduce((s, v) => s + v, 0) / targets.length;
    const variance = targets.reduce((s, v) => s + (v - mean) ** 2, 0) / targets.length;
    expect(Math.abs(mean)).toBeLessThan(1e-12);
    expect(variance).toBeCloseTo(1, 12);
    // Noise-free formula vs target: correlation near 1 (the noise has variance 1, the signal ~24).
    const f = rows.map(
      (x) =>
        10 * Math.sin(Math.PI * x[0]! * x[1]!) + 20 * (x[2]! - 0.5) ** 2 + 10 * x[3]! + 5 * x[4]!,
    );
    const fm = f.reduce((s, v) => s + v, 0) / f.length;
    let cov = 0;
    let vf = 0;
    f.forEach((v, i) => {
      cov += (v - fm) * (targets[i]! - mean);
      vf += (v - fm) ** 2;
    });
    const corr = cov / Math.sqrt(vf * variance * targets.length);
    expect(corr).toBeGreaterThan(0.97);
    expect(corr).toBeLessThan(1);
  });

  it("rejects too few samples or features", () => {
    expect(() => friedman1(1, 8)).toThrow(/friedman1: samples must be an integer >= 2, got 1/);
    expect(() => friedman1(10, 4)).toThrow(/friedman1: features must be an integer >= 5, got 4/);
  });

  it("builds the regression workload: X 8 x 2000, Y 1 x 2000, a linear output", () => {
    const d = minibatchDataOf(getWorkload("regression"));
    expect(d.X.shape).toEqual([8, 2000]);
    expect(d.Y.shape).toEqual([1, 2000]);
    expect(d.architecture.map((l) => l.activation.name)).toEqual(["relu", "relu", "linear"]);
    expect(() => minibatchData([8, 4, 2], 50, REGRESSION)).toThrow(/one output/);
    const notMinibatch: WorkloadSpec = getWorkload("headline");
    expect(() => minibatchDataOf(notMinibatch)).toThrow(/headline is not a mini-batch workload/);
  });
});

describe("minibatchLoss", () => {
  it("is the mean cross-entropy of a softmax output", () => {
    const architecture = architectureFromSizes([2, 2], "relu", "softmax");
    const params = [
      {
        W: Matrix.from([
          [0, 0],
          [0, 0],
        ]),
        b: Matrix.from([[0], [0]]),
      },
    ];
    const X = Matrix.from([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const Y = Matrix.from([
      [1, 0, 1],
      [0, 1, 0],
    ]);
    expect(minibatchLoss(params, { X, Y, architecture }, DIGITS)).toBeCloseTo(Math.LN2, 15);
  });

  it("is half the mean squared error of a linear output", () => {
    const architecture = architectureFromSizes([1, 1], "relu", "linear");
    const params = [{ W: Matrix.from([[0]]), b: Matrix.from([[0]]) }];
    const X = Matrix.from([[5, 7]]);
    const Y = Matrix.from([[1, 3]]);
    // (1² + 3²) / 2 / 2 samples
    expect(minibatchLoss(params, { X, Y, architecture }, REGRESSION)).toBe(2.5);
  });

  it("starts digits near ln 10 (small initial weights: nearly uniform probabilities)", () => {
    const d = minibatchDataOf(getWorkload("digits"));
    expect(minibatchLoss(d.initialParams, d, DIGITS)).toBeCloseTo(Math.log(10), 1);
  });
});

describe("checkMinibatch", () => {
  it("passes a drop within a factor 2 of the reference's and fails others", () => {
    expect(MINIBATCH_DROP_FACTOR).toBe(2);
    expect(checkMinibatch({ initial: 2.3, final: 0.5, refFinal: 0.4 }).ok).toBe(true);
    const none = checkMinibatch({ initial: 2.3, final: 2.3, refFinal: 0.4 });
    expect(none.ok).toBe(false);
    expect(none.message).toMatch(/not within a factor 2/);
    expect(checkMinibatch({ initial: 2.3, final: 1.5, refFinal: 0.4 }).ok).toBe(false);
    expect(checkMinibatch({ initial: 2.3, final: Number.NaN, refFinal: 0.4 }).message).toMatch(
      /non-finite/,
    );
    expect(checkMinibatch({ initial: 2.3, final: 0.4, refFinal: 2.4 }).message).toMatch(
      /reference's loss did not decrease/,
    );
  });
});

describe("overheadLines", () => {
  it("prints a row's per-batch overhead and nothing for rows without one", () => {
    const rows = [
      resultRow({}),
      resultRow({
        workload: "digits",
        candidate: NETWORK_DEFAULT_ID,
        label: "plainnet Network.fit, default",
        plainnet: true,
        runtime: "node",
        batchOverhead: {
          batchedMsPerEpoch: 12,
          fullBatchMsPerEpoch: 4,
          batches: 57,
          usPerBatch: (8 / 56) * 1000,
        },
      }),
      resultRow({
        workload: "digits",
        candidate: "plainnet-network-f32",
        label: "plainnet Network.fit, float32",
        plainnet: true,
        runtime: "bun",
        batchOverhead: {
          batchedMsPerEpoch: 6,
          fullBatchMsPerEpoch: 3.2,
          batches: 57,
          usPerBatch: (2.8 / 56) * 1000,
          engine: "wasm-simd-f32",
        },
      }),
    ];
    expect(overheadLines(rows)).toEqual([
      "digits (node) plainnet Network.fit, default: 143 µs a batch (12.0 ms/epoch in 57 steps; one full batch 4.00 ms/epoch)",
      "digits (bun) plainnet Network.fit, float32: 50.0 µs a batch on engine wasm-simd-f32 (6.00 ms/epoch in 57 steps; one full batch 3.20 ms/epoch)",
    ]);
  });
});

describe("Network.fit candidates", () => {
  it("are found by id and run a mini-batch workload, measuring the per-batch overhead", async () => {
    expect(networkCandidates().map((c) => c.id)).toEqual([
      "plainnet-network",
      "plainnet-network-f32",
    ]);
    const c = await findCandidate(NETWORK_DEFAULT_ID);
    const spec = getWorkload("regression");
    expect(c.availableFor?.(spec)).toBeNull();
    expect(c.availableFor?.(getWorkload("headline"))).toMatch(/not a mini-batch workload/);
    const minibatch = minibatchDataOf(spec);
    const run = await c.run({
      spec,
      plan: { warmupEpochs: 1, samples: 2, epochsPerSample: 1, budgetMs: 60_000 },
      minibatch,
    });
    expect(run.samplesMs).toHaveLength(2);
    expect(run.precision).toBe("float64");
    expect(run.version).toMatch(/^plainnet Network\.fit \(engine /);
    const o = run.batchOverhead;
    expect(o?.batches).toBe(63);
    // The engine `auto` chose, as the version names it.
    expect(run.version).toContain(`engine ${o?.engine},`);
    expect(o?.usPerBatch).toBeCloseTo(
      ((o!.batchedMsPerEpoch - o!.fullBatchMsPerEpoch) / 62) * 1000,
      9,
    );
    // Four epochs of Adam from the shared start lower the loss.
    const { toParams } = await import("../src/checks.ts");
    const final = minibatchLoss(
      toParams(run.finalParams!, minibatch.architecture),
      minibatch,
      REGRESSION,
    );
    expect(final).toBeLessThan(minibatchLoss(minibatch.initialParams, minibatch, REGRESSION));
  });
});

describe("issue 23 targets", () => {
  it("put the default engine's row beside each best-plainnet one and add the mini-batch goals", async () => {
    const { ALL_TARGETS, ISSUE23_TARGETS } = await import("../src/targets-issue23.ts");
    const { ISSUE9_TARGETS, evaluateTargets } = await import("../src/targets.ts");
    const ids = ALL_TARGETS.map((t) => t.id);
    expect(ids).toHaveLength(ISSUE9_TARGETS.length + ISSUE23_TARGETS.length);
    expect(ids.slice(0, 3)).toEqual(["headline-f64", "headline-f64-1t", "headline-default"]);
    expect(ids.indexOf("seed-net-default")).toBe(ids.indexOf("seed-net") + 1);
    expect(ids.indexOf("headline-tfjs-default")).toBe(ids.indexOf("headline-tfjs") + 1);
    expect(ISSUE23_TARGETS.map((t) => [t.id, t.op, t.goal])).toEqual([
      ["headline-default", "<=", 0.8],
      ["seed-net-default", ">=", 10],
      ["headline-tfjs-default", ">=", 5],
      ["wide-f64-23", "<=", 1.5],
      ["wide-default", "<=", 2],
      ["wide-f32-x2", "<=", 0.6],
      ["digits-default", "<=", 0.5],
      ["digits-default-stretch", "<=", 0.25],
      ["digits-f32", "<=", 0.25],
      ["digits-tfjs", "<=", 0.1],
      ["regression-default", "<=", 0.5],
      ["regression-f32", "<=", 0.25],
    ]);
    const digits = (candidate: string, medianMs: number, plainnet = false) =>
      resultRow({
        workload: "digits",
        runtime: "node",
        candidate,
        label: candidate,
        plainnet,
        medianMs,
      });
    const rows = [
      digits("plainnet-network", 30, true),
      digits("sklearn", 10),
      digits("tfjs-wasm", 600),
      resultRow({
        workload: "digits",
        runtime: "node",
        candidate: "plainnet-network-f32",
        label: "f32",
        plainnet: true,
        status: "not available",
        reason: "softmax",
      }),
    ];
    const r = evaluateTargets(rows, ALL_TARGETS).filter((t) => t.workload === "digits");
    expect(r.map((t) => [t.id, t.status, t.ratio])).toEqual([
      ["digits-default", "MISS", 3],
      ["digits-default-stretch", "MISS", 3],
      ["digits-f32", "n/a", undefined],
      ["digits-tfjs", "PASS", 0.05],
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { ulpDistance } from "../src/candidates/libm.ts";
import { REFERENCE_ID } from "../src/candidates/plainnet.ts";
import { allCandidates } from "../src/candidates/registry.ts";
import { getWorkload, grid, libmInputs, planOf, WORKLOADS } from "../src/workloads.ts";

describe("workloads", () => {
  it("defines the issue's workloads with its architectures and sample counts", () => {
    expect(WORKLOADS.map((w) => w.id)).toEqual([
      "seed-net",
      "headline",
      "wide",
      "digits",
      "regression",
      "predict",
      "libm",
    ]);
    expect(getWorkload("digits").sizes).toEqual([64, 32, 10]);
    expect(getWorkload("digits").samples).toBe(1797);
    expect(getWorkload("digits").minibatch?.batchSize).toBe(32);
    expect(getWorkload("regression").minibatch?.loss).toBe("meanSquaredError");
    expect(getWorkload("seed-net").sizes).toEqual([2, 4, 6, 6, 4, 1]);
    expect(getWorkload("headline").sizes).toEqual([2, 25, 50, 50, 25, 1]);
    expect(getWorkload("wide").sizes).toEqual([2, 256, 256, 1]);
    expect(getWorkload("wide").samples).toBe(4096);
    expect(getWorkload("predict").samples).toBe(100 * 100);
    expect(() => getWorkload("huge")).toThrow(/unknown workload "huge"/);
  });

  it("runs fewer epochs in quick mode and honours a sample override", () => {
    for (const w of WORKLOADS) {
      const q = planOf(w, true);
      const f = planOf(w, false);
      expect(q.warmupEpochs + q.samples * q.epochsPerSample).toBeLessThanOrEqual(
        f.warmupEpochs + f.samples * f.epochsPerSample,
      );
    }
    expect(planOf(getWorkload("wide"), true, 9).samples).toBe(9);
  });

  it("leaves out of --quick only real candidates, never the reference, and each runs elsewhere", async () => {
    const ids = (await allCandidates()).map((c) => c.id);
    for (const w of WORKLOADS) {
      for (const id of w.quickSkip ?? []) {
        expect(ids).toContain(id);
        expect(id).not.toBe(REFERENCE_ID);
        expect(WORKLOADS.some((o) => o.kind === w.kind && !(o.quickSkip ?? []).includes(id))).toBe(
          true,
        );
      }
    }
  });

  it("spans the plot's range with an n x n grid", () => {
    const g = grid(3);
    expect(g.shape).toEqual([2, 9]);
    // x varies slowest: -1.5, 0.5, 2.5; y fastest: -1, 0.5, 2.
    expect(Array.from(g.data.subarray(0, 9))).toEqual([
      -1.5, -1.5, -1.5, 0.5, 0.5, 0.5, 2.5, 2.5, 2.5,
    ]);
    expect(Array.from(g.data.subarray(9))).toEqual([-1, 0.5, 2, -1, 0.5, 2, -1, 0.5, 2]);
  });

  it("draws libm inputs in their ranges, the same every time", () => {
    const e = libmInputs("exp", 1000);
    const l = libmInputs("log", 1000);
    expect(Math.min(...e)).toBeGreaterThanOrEqual(-40);
    expect(Math.max(...e)).toBeLessThanOrEqual(40);
    expect(Math.min(...l)).toBeGreaterThan(0);
    expect(Math.max(...l)).toBeLessThanOrEqual(1);
    expect(libmInputs("exp", 1000)).toEqual(e);
    expect(new Set(e).size).toBe(1000);
  });

  it("measures distances in ulps", () => {
    expect(ulpDistance(1, 1)).toBe(0);
    expect(ulpDistance(1, 1 + 2 ** -52)).toBe(1);
    expect(ulpDistance(-2, -(2 + 2 ** -51))).toBe(1);
    expect(ulpDistance(1, -1)).toBe(Number.POSITIVE_INFINITY);
  });
});

import { describe, expect, it } from "vitest";
import { sklearnCandidate } from "../src/candidates/sklearn.ts";
import { toParams } from "../src/checks.ts";
import { minibatchData, minibatchLoss } from "../src/minibatch.ts";
import type { Plan, WorkloadSpec } from "../src/types.ts";
import { REGRESSION } from "../src/workloads.ts";

// A tiny regression: 100 Friedman samples, 8-4-1, Adam at 0.01, batches of 32 (4 steps an epoch).
const plan: Plan = { warmupEpochs: 1, samples: 2, epochsPerSample: 1, budgetMs: 60_000 };
const spec: WorkloadSpec = {
  id: "tiny-regression",
  kind: "minibatch",
  description: "test",
  sizes: [8, 4, 1],
  samples: 100,
  learningRate: 0.01,
  minibatch: REGRESSION,
  quick: plan,
  full: plan,
};
const missing = await sklearnCandidate.available();

describe("scikit-learn candidate", () => {
  it(`trains MLPRegressor from the shared initial parameters${missing ? " (scikit-learn missing here: says why)" : ""}`, async () => {
    if (missing !== null) {
      expect(missing).toMatch(/not found|has no scikit-learn/);
      return;
    }
    const data = minibatchData(spec.sizes, spec.samples, REGRESSION);
    const run = await sklearnCandidate.run({ spec, plan, minibatch: data });
    expect(run.skipped).toBeUndefined();
    expect(run.samplesMs).toHaveLength(2);
    expect(run.version).toMatch(/^scikit-learn \S+ MLPRegressor/);
    const final = toParams(run.finalParams!, data.architecture);
    expect(final.map((p) => p.W.shape)).toEqual([
      [4, 8],
      [1, 4],
    ]);
    // 3 epochs x 4 steps of Adam at 0.01 move no parameter by much more than 12 x 0.01: the run
    // started from initLayers' parameters, not scikit-learn's own (Glorot-uniform) draw.
    let moved = 0;
    final.forEach((p, i) => {
      const start = data.initialParams[i]!;
      p.W.data.forEach((v, k) => {
        moved = Math.max(moved, Math.abs(v - (start.W.data[k] as number)));
      });
    });
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(12 * 0.01 * 1.5);
    expect(minibatchLoss(final, data, REGRESSION)).toBeLessThan(
      minibatchLoss(data.initialParams, data, REGRESSION),
    );
  });
});

describe("TensorFlow.js on a mini-batch workload", () => {
  it("fits with Adam in batches from the shared initial parameters (cpu backend)", async () => {
    const { tfjsCpuCandidate } = await import("../src/candidates/tfjs.ts");
    expect(await tfjsCpuCandidate.available()).toBeNull();
    expect(tfjsCpuCandidate.kinds).toContain("minibatch");
    const data = minibatchData(spec.sizes, spec.samples, REGRESSION);
    const run = await tfjsCpuCandidate.run({ spec, plan, minibatch: data });
    expect(run.samplesMs).toHaveLength(2);
    expect(run.precision).toBe("float32");
    expect(run.notes?.[0]).toMatch(/Adam, batchSize 32, shuffle: true, meanSquaredError/);
    const final = toParams(run.finalParams!, data.architecture);
    let moved = 0;
    final.forEach((p, i) => {
      const start = data.initialParams[i]!;
      p.W.data.forEach((v, k) => {
        moved = Math.max(moved, Math.abs(v - (start.W.data[k] as number)));
      });
    });
    // Moved by training (more than float32 rounding), but only by about 12 steps of 0.01.
    expect(moved).toBeGreaterThan(1e-4);
    expect(moved).toBeLessThan(12 * 0.01 * 1.5);
    expect(minibatchLoss(final, data, REGRESSION)).toBeLessThan(
      minibatchLoss(data.initialParams, data, REGRESSION),
    );
  });
});

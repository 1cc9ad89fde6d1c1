import { describe, expect, it } from "vitest";
import { FIRST_EPOCH_SLACK, measure } from "../src/sampler.ts";

describe("measure", () => {
  it("runs the warm-up, then every sample, with the planned epoch counts", async () => {
    const calls: number[] = [];
    const m = await measure(
      { warmupEpochs: 5, samples: 3, epochsPerSample: 4, budgetMs: 1e9 },
      (epochs) => {
        calls.push(epochs);
      },
    );
    // Two single warm-up epochs (the budget is checked on each), the other 3 at once, 3 samples.
    expect(calls).toEqual([1, 1, 3, 4, 4, 4]);
    expect("samplesMs" in m && m.samplesMs.length).toBe(3);
  });

  it("skips the samples when the warm-up says the plan exceeds its budget", async () => {
    const calls: number[] = [];
    const m = await measure(
      { warmupEpochs: 2, samples: 3, epochsPerSample: 4, budgetMs: 0 },
      (e) => {
        calls.push(e);
        // Busy for a moment so that the epoch takes measurable time.
        const until = performance.now() + 2;
        while (performance.now() < until) {}
      },
    );
    expect("skipped" in m).toBe(true);
    expect(calls).toEqual([1]);
  });

  it("forgives a slow first epoch up to FIRST_EPOCH_SLACK times the budget when the second is fast", async () => {
    const calls: number[] = [];
    // 3 epochs in all; the first takes ~25 ms (predicting ~75 ms: over 5x the 12 ms budget,
    // under 10x), the second returns at once.
    const m = await measure(
      { warmupEpochs: 2, samples: 1, epochsPerSample: 1, budgetMs: 12 },
      (e) => {
        calls.push(e);
        const until = performance.now() + (calls.length === 1 ? 25 : 0);
        while (performance.now() < until) {}
      },
    );
    expect(FIRST_EPOCH_SLACK).toBe(10);
    expect(calls).toEqual([1, 1, 1]);
    expect("samplesMs" in m && m.samplesMs.length).toBe(1);
  });

  it("skips when the rest of the warm-up predicts samples over budget", async () => {
    const calls: number[] = [];
    const m = await measure(
      { warmupEpochs: 4, samples: 3, epochsPerSample: 1, budgetMs: 1 },
      (e) => {
        calls.push(e);
        // Single epochs return at once; the rest of the warm-up takes ~10 ms per epoch.
        const until = performance.now() + (e > 1 ? 10 * e : 0);
        while (performance.now() < until) {}
      },
    );
    expect(calls).toEqual([1, 1, 2]);
    expect("skipped" in m && m.skipped).toMatch(/the rest of the warm-up/);
  });

  it("awaits asynchronous steps", async () => {
    let done = 0;
    await measure({ warmupEpochs: 1, samples: 2, epochsPerSample: 1, budgetMs: 1e9 }, async () => {
      await Promise.resolve();
      done++;
    });
    expect(done).toBe(3);
  });
});

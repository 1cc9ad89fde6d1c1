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

  it("allows plan.sharers times longer warm-up epochs (jobs warming up at once)", async () => {
    // Each epoch takes ~6 ms, so 4 epochs predict ~24 ms: over twice a 10 ms budget, under
    // twice three times it.
    const busy = (): void => {
      const until = performance.now() + 6;
      while (performance.now() < until) {}
    };
    const plan = { warmupEpochs: 2, samples: 2, epochsPerSample: 1, budgetMs: 10 };
    const alone = await measure(plan, busy);
    expect("skipped" in alone && alone.skipped).toMatch(/over 2 times \(budget 0 s\)/);
    const shared = await measure({ ...plan, sharers: 3 }, busy);
    expect("samplesMs" in shared && shared.samplesMs.length).toBe(2);
    // Far over even the shared budget: still skipped, and the reason says why it was allowed more.
    const far = await measure({ ...plan, budgetMs: 1, sharers: 3 }, busy);
    expect("skipped" in far && far.skipped).toMatch(/x 3 jobs warming up at once/);
  });

  it("rejects a sharers count that is not a positive integer", async () => {
    const plan = { warmupEpochs: 1, samples: 1, epochsPerSample: 1, budgetMs: 1e9 };
    for (const sharers of [0, 1.5, Number.NaN]) {
      await expect(measure({ ...plan, sharers }, () => {})).rejects.toThrow(
        /plan\.sharers must be a positive integer, got/,
      );
    }
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

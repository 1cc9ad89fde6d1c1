import { describe, expect, it } from "vitest";
import { COLD_EPOCHS, FIRST_EPOCH_SLACK, measure } from "../src/sampler.ts";

describe("measure", () => {
  it("runs the warm-up, then every sample, with the planned epoch counts", async () => {
    const calls: number[] = [];
    const m = await measure(
      { warmupEpochs: 5, samples: 3, epochsPerSample: 4, budgetMs: 1e9 },
      (epochs) => {
        calls.push(epochs);
      },
    );
    // Warm-up stages of 1, 1, 2 and the 1 left (the budget is checked after each), 3 samples.
    expect(calls).toEqual([1, 1, 2, 1, 4, 4, 4]);
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
    // Each epoch takes ~6 ms, so the 14 epochs predict ~84 ms: past the cold epochs, over
    // twice a 20 ms budget, under twice three times it.
    // Simulated time, so that a busy machine cannot change the verdicts.
    let t = 0;
    const clock = (): number => t;
    const busy = (epochs: number): void => {
      t += 6 * epochs;
    };
    const plan = { warmupEpochs: 12, samples: 2, epochsPerSample: 1, budgetMs: 20 };
    const alone = await measure(plan, busy, undefined, clock);
    expect("skipped" in alone && alone.skipped).toMatch(
      /warm-up epochs 1–12 took 6 ms per epoch \(or pass\), so 14 would take ~0 s, over 2 times \(budget 0 s\)/,
    );
    const shared = await measure({ ...plan, sharers: 3 }, busy, undefined, clock);
    expect("samplesMs" in shared && shared.samplesMs.length).toBe(2);
    // Far over even the shared budget: still skipped, and the reason says why it was allowed more.
    const far = await measure({ ...plan, budgetMs: 1, sharers: 3 }, busy, undefined, clock);
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
    expect("skipped" in m && m.skipped).toMatch(/the warm-up's last stage/);
  });

  it("forgives slow epochs up to FIRST_EPOCH_SLACK times the budget during the first COLD_EPOCHS, then twice", async () => {
    // 20 warm-up epochs and 1 sample: the first 4 take ~10 ms each, predicting ~210 ms for the
    // plan, over twice a 30 ms budget but under 10 times it.
    expect(COLD_EPOCHS).toBe(8);
    // Simulated time: each of the first `slowEpochs` epochs costs 10 ms, the others nothing.
    const slowFirst = (calls: number[], slowEpochs: number) => {
      let t = 0;
      const step = (epochs: number): void => {
        const before = calls.reduce((a, b) => a + b, 0);
        calls.push(epochs);
        t += 10 * Math.max(0, Math.min(epochs, slowEpochs - before));
      };
      return { step, clock: (): number => t };
    };
    const plan = { warmupEpochs: 20, samples: 1, epochsPerSample: 1, budgetMs: 30 };
    const warm: number[] = [];
    const fast = slowFirst(warm, 4);
    const m = await measure(plan, fast.step, undefined, fast.clock);
    expect("samplesMs" in m && m.samplesMs.length).toBe(1);
    expect(warm).toEqual([1, 1, 2, 4, 8, 4, 1]);
    // Slow throughout: the stage that ends past the cold epochs is judged at twice the budget.
    const cold: number[] = [];
    const slow = slowFirst(cold, 1000);
    const s = await measure(plan, slow.step, undefined, slow.clock);
    expect("skipped" in s && s.skipped).toMatch(/^the fastest of warm-up epochs 1–16 took 10 ms/);
    expect(cold).toEqual([1, 1, 2, 4, 8]);
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

// Network.fitAsync and cancellation: bitwise equal to fit, async callbacks awaited, AbortSignal
// (the last completed epoch kept, exact resume), rollback when a callback fails mid-epoch,
// and yielding to the event loop.
import { describe, expect, it } from "vitest";
import { type Matrix, Network } from "../src/index.ts";
import { quadrants } from "./quadrants.ts";

const bits = (m: Matrix): number[] => Array.from(m.data);

describe("Network: abort and fitAsync", () => {
  const { X, y } = quadrants(64, 21);
  const opts = { epochs: 6, batchSize: 16, optimizer: "adam" as const, learningRate: 0.02 };

  it("fitAsync gives fit's parameters bit for bit and awaits async callbacks", async () => {
    const a = new Network([2, 6, 1], { seed: 5 });
    const b = new Network([2, 6, 1], { seed: 5 });
    a.fit(X, y, opts);
    const order: number[] = [];
    await b.fitAsync(X, y, {
      ...opts,
      callbacks: {
        onEpochEnd: async (log) => {
          await new Promise((r) => setTimeout(r, 1));
          order.push(log.epoch);
        },
      },
    });
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    a.params.forEach((p, i) => {
      expect(bits(p.W)).toEqual(bits(b.params[i]!.W));
    });
  });

  it("fit rejects an async callback (use fitAsync)", () => {
    const net = new Network([2, 6, 1]);
    expect(() => net.fit(X, y, { epochs: 2, callbacks: { onEpochEnd: async () => {} } })).toThrow(
      /use fitAsync/,
    );
    expect(net.epoch).toBe(1); // the first epoch completed before its callback returned a promise
  });

  it("aborting stops with the signal's reason and leaves the last completed epoch; training then resumes exactly", async () => {
    const controller = new AbortController();
    const net = new Network([2, 6, 1], { seed: 5 });
    await expect(
      net.fitAsync(X, y, {
        ...opts,
        signal: controller.signal,
        callbacks: {
          onBatchEnd: (b) => void (b.epoch === 3 && b.batch === 1 && controller.abort()),
        },
      }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(net.epoch).toBe(3);
    expect(net.history.logs).toHaveLength(3);
    net.fit(X, y, { ...opts, epochs: 3 });
    const straight = new Network([2, 6, 1], { seed: 5 });
    straight.fit(X, y, opts);
    straight.params.forEach((p, i) => {
      expect(bits(net.params[i]!.W)).toEqual(bits(p.W));
    });
  });

  it("a callback failing mid-epoch: fitAsync (rejecting) and fit (throwing) roll back alike", async () => {
    const boom = new Error("callback failed");
    const failsAt = (b: { epoch: number; batch: number }): boolean =>
      b.epoch === 2 && b.batch === 1;
    const viaAsync = new Network([2, 6, 1], { seed: 5 });
    const onBatchEndAsync = async (b: { epoch: number; batch: number }): Promise<void> => {
      if (failsAt(b)) throw boom;
    };
    await expect(
      viaAsync.fitAsync(X, y, { ...opts, callbacks: { onBatchEnd: onBatchEndAsync } }),
    ).rejects.toBe(boom);
    const viaSync = new Network([2, 6, 1], { seed: 5 });
    const onBatchEnd = (b: { epoch: number; batch: number }): void => {
      if (failsAt(b)) throw boom;
    };
    expect(() => viaSync.fit(X, y, { ...opts, callbacks: { onBatchEnd } })).toThrow(boom);
    // both back at the end of epoch 1 (the two completed epochs), bit for bit a 2-epoch run
    const twoEpochs = new Network([2, 6, 1], { seed: 5 });
    twoEpochs.fit(X, y, { ...opts, epochs: 2 });
    for (const net of [viaAsync, viaSync]) {
      expect(net.epoch).toBe(2);
      twoEpochs.params.forEach((p, i) => {
        expect(bits(net.params[i]!.W)).toEqual(bits(p.W));
        expect(bits(net.params[i]!.b)).toEqual(bits(p.b));
      });
    }
    // and neither is left marked as training
    expect(viaAsync.fit(X, y, { ...opts, epochs: 1 }).loss).toHaveLength(1);
  });

  it("an already aborted signal throws before anything changes", () => {
    const controller = new AbortController();
    controller.abort(new Error("user cancelled"));
    const net = new Network([2, 6, 1]);
    const before = JSON.stringify(net);
    expect(() => net.fit(X, y, { epochs: 3, signal: controller.signal })).toThrow("user cancelled");
    expect(JSON.stringify(net)).toBe(before);
  });

  it("fitAsync yields to the event loop while training", async () => {
    // Each epoch's callback works for 20 ms, longer than fitAsync's 16 ms slice, so fitAsync
    // must yield after every epoch: a 1 ms interval then fires during the fit. The same fit
    // through the synchronous fit never lets it fire (the control).
    const busy = (): void => {
      const until = performance.now() + 20;
      while (performance.now() < until) {
        // working
      }
    };
    const big = quadrants(40, 3);
    const ticksDuring = async (run: (net: Network) => unknown): Promise<number> => {
      const net = new Network([2, 16, 1]);
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      try {
        await run(net);
        return ticks;
      } finally {
        clearInterval(timer);
      }
    };
    const options = { epochs: 3, batchSize: 8, callbacks: { onEpochEnd: busy } };
    expect(await ticksDuring((net) => net.fit(big.X, big.y, options))).toBe(0);
    expect(await ticksDuring((net) => net.fitAsync(big.X, big.y, options))).toBeGreaterThan(0);
  });
});

// Issue 21.4: one network trained twice at once is refused with ConcurrentTrainingError, and
// the running fit is unharmed (its result is bit for bit that of an undisturbed fit).
import { describe, expect, it } from "vitest";
import { ConcurrentTrainingError, type FitOptions, Network, RandomState } from "../src/index.ts";

const rng = new RandomState(7);
const X: number[][] = [];
const y: number[] = [];
for (let i = 0; i < 64; i++) {
  const a = rng.uniform(-1, 1);
  const b = rng.uniform(-1, 1);
  X.push([a, b]);
  y.push(a * b > 0 ? 1 : 0);
}
const options: FitOptions<Network> = {
  epochs: 30,
  batchSize: 8,
  optimizer: "adam",
  learningRate: 0.01,
  warn: false,
};
const bitsOf = (net: Network): number[] => net.params.flatMap((p) => [...p.W.data, ...p.b.data]);

function undisturbed(): number[] {
  const net = new Network([2, 8, 1], { seed: 4 });
  net.fit(X, y, options);
  return bitsOf(net);
}

describe("one network trained twice at once", () => {
  it("a second fitAsync while one runs rejects; the first finishes as if alone", async () => {
    const net = new Network([2, 8, 1], { seed: 4 });
    const first = net.fitAsync(X, y, {
      ...options,
      callbacks: { onEpochEnd: () => new Promise((r) => setTimeout(r, 0)) },
    });
    const second = net.fitAsync([[5, 5]], [1], { epochs: 100, learningRate: 10 });
    await expect(second).rejects.toBeInstanceOf(ConcurrentTrainingError);
    await expect(net.fitAsync(X, y, options)).rejects.toThrow(
      /fitAsync: this network is already training/,
    );
    expect(() => net.fit(X, y, options)).toThrow(ConcurrentTrainingError);
    const history = await first;
    expect(history.loss.length).toBe(30);
    expect(bitsOf(net)).toEqual(undisturbed());
    // and once it is done, the network trains again
    await expect(net.fitAsync(X, y, { ...options, epochs: 1 })).resolves.toBeDefined();
  });

  it("fit called from inside its own onEpochEnd throws there; the outer fit is unharmed", () => {
    const net = new Network([2, 8, 1], { seed: 4 });
    const caught: unknown[] = [];
    net.fit(X, y, {
      ...options,
      callbacks: {
        onEpochEnd: (_log, { network }) => {
          try {
            network.fit([[9, 9]], [0], { epochs: 5, learningRate: 1 });
          } catch (error) {
            caught.push(error);
          }
        },
      },
    });
    expect(caught.length).toBe(30);
    expect(caught.every((e) => e instanceof ConcurrentTrainingError)).toBe(true);
    expect((caught[0] as Error).message).toMatch(/^fit: this network is already training/);
    expect(bitsOf(net)).toEqual(undisturbed());
  });

  it("an uncaught nested fit ends the outer fit with that error, at its last good epoch", () => {
    const net = new Network([2, 8, 1], { seed: 4 });
    expect(() =>
      net.fit(X, y, {
        ...options,
        callbacks: {
          onEpochEnd: (log) => {
            if (log.epoch === 2) net.fit(X, y, options);
          },
        },
      }),
    ).toThrow(ConcurrentTrainingError);
    expect(net.epoch).toBe(3);
    const three = new Network([2, 8, 1], { seed: 4 });
    three.fit(X, y, { ...options, epochs: 3 });
    expect(bitsOf(net)).toEqual(bitsOf(three));
    net.fit(X, y, { ...options, epochs: 1 }); // not stuck in "training"
    expect(net.epoch).toBe(4);
  });

  it("setParams during a fit is refused too", () => {
    const net = new Network([2, 8, 1], { seed: 4 });
    let error: unknown;
    net.fit(X, y, {
      ...options,
      epochs: 1,
      callbacks: {
        onEpochEnd: () => {
          try {
            net.setParams(net.params);
          } catch (e) {
            error = e;
          }
        },
      },
    });
    expect(error).toBeInstanceOf(ConcurrentTrainingError);
    expect((error as Error).message).toMatch(/^setParams: this network is already training/);
  });

  it("a fit that fails validation does not leave the network marked as training", () => {
    const net = new Network([2, 8, 1], { seed: 4 });
    expect(() => net.fit(X, y, { epochs: -1 })).toThrow(RangeError);
    expect(() => net.fit(X, y, { ...options, epochs: 1 })).not.toThrow();
  });
});

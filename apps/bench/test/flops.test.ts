import { describe, expect, it } from "vitest";
import {
  ELEMENTWISE,
  forwardFlops,
  gemmFlops,
  gflopsPerSecond,
  trainingEpochFlops,
} from "../src/flops.ts";

describe("FLOP counting", () => {
  it("counts the headline net's matrix products as 3 x 2 x weights x samples", () => {
    // Weights: 2·25 + 25·50 + 50·50 + 50·25 + 25·1 = 5075. Forward, dW and dA each multiply
    // every weight with every sample once (a multiply and an add).
    const weights = 2 * 25 + 25 * 50 + 50 * 50 + 50 * 25 + 25 * 1;
    expect(weights).toBe(5075);
    expect(trainingEpochFlops([2, 25, 50, 50, 25, 1], 900).matmul).toBe(3 * 2 * weights * 900);
    expect(forwardFlops([2, 25, 50, 50, 25, 1], 900).matmul).toBe(2 * weights * 900);
  });

  it("counts a single sigmoid unit by hand", () => {
    // 2 inputs -> 1 sigmoid output, m samples.
    // forward: W·X 2·1·2·m, + b m, sigmoid 4m                      = 9m
    // cost 8m, accuracy 3m, cost gradient 6m                         = 17m
    // backward: sigmoid' 7m, dZ·Xᵀ 4m, /m 2, row sum m, /m 1, Wᵀ·dZ 4m = 16m + 3
    // update: W 2·2, b 2·1                                           = 6
    const m = 10;
    const n = trainingEpochFlops([2, 1], m);
    expect(n.total).toBe(9 * m + 17 * m + 16 * m + 3 + 6);
    expect(n.matmul).toBe(3 * 4 * m);
    expect(n.matmul + n.elementwise).toBe(n.total);
    expect(forwardFlops([2, 1], m).total).toBe(9 * m);
  });

  it("uses the hidden activation for every layer but the last", () => {
    // 1 -> 1 relu -> 1 sigmoid, 1 sample: forward per layer 2 + 1 + act.
    const f = forwardFlops([1, 1, 1], 1);
    expect(f.total).toBe(2 + 1 + ELEMENTWISE.relu.forward + (2 + 1 + ELEMENTWISE.sigmoid.forward));
    expect(forwardFlops([1, 1, 1], 1, "sigmoid").total).toBe(2 * (3 + ELEMENTWISE.sigmoid.forward));
  });

  it("scales linearly with the number of samples except for the update", () => {
    const a = trainingEpochFlops([2, 4, 1], 100).total;
    const b = trainingEpochFlops([2, 4, 1], 200).total;
    const c = trainingEpochFlops([2, 4, 1], 300).total;
    expect(c - b).toBe(b - a);
  });

  it("converts FLOPs and milliseconds to GFLOP/s", () => {
    expect(gflopsPerSecond(2e9, 1000)).toBe(2);
    expect(gflopsPerSecond(27_405_000, 10)).toBeCloseTo(2.7405, 12);
    expect(() => gflopsPerSecond(1, 0)).toThrow(RangeError);
  });

  it("rejects bad sizes and sample counts", () => {
    expect(() => trainingEpochFlops([2], 10)).toThrow(/at least two/);
    expect(() => forwardFlops([2, 0], 10)).toThrow(/layer size 1/);
    expect(() => forwardFlops([2, 1], 1.5)).toThrow(/samples/);
  });
});

describe("gemmFlops", () => {
  it("counts 2·m·k·n and rejects non-positive sizes", () => {
    expect(gemmFlops(512, 512, 512)).toBe(2 * 512 ** 3);
    expect(gemmFlops(2, 3, 4)).toBe(48);
    expect(() => gemmFlops(2, 0, 4)).toThrow(/gemmFlops: k must be a positive integer/);
  });
});

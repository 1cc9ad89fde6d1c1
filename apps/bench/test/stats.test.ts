import { describe, expect, it } from "vitest";
import { median, quantile, summarize } from "../src/stats.ts";

describe("stats", () => {
  it("median of odd and even counts, in any order", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it("quantile interpolates linearly between closest ranks (NumPy's default)", () => {
    // Sorted [10, 20, 30, 40, 50]: q·(n−1) = 1 → 20; q = 0.1 → position 0.4 → 14.
    const xs = [50, 10, 40, 20, 30];
    expect(quantile(xs, 0)).toBe(10);
    expect(quantile(xs, 1)).toBe(50);
    expect(quantile(xs, 0.25)).toBe(20);
    expect(quantile(xs, 0.1)).toBeCloseTo(14, 12);
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
  });

  it("summarize gives median, extremes, mean and count", () => {
    expect(summarize([4, 1, 3])).toEqual({ median: 3, min: 1, max: 4, mean: 8 / 3, n: 3 });
  });

  it("does not reorder its input", () => {
    const xs = [3, 1, 2];
    summarize(xs);
    expect(xs).toEqual([3, 1, 2]);
  });

  it("rejects empty input, non-finite samples and q outside [0, 1]", () => {
    expect(() => median([])).toThrow(RangeError);
    expect(() => summarize([1, Number.NaN])).toThrow(/index 1/);
    expect(() => quantile([1, 2], 1.5)).toThrow(/q must be/);
  });
});

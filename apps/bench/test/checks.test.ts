import { architectureFromSizes } from "@plainnet/core";
import { describe, expect, it } from "vitest";
import {
  bceLoss,
  checkOwnLoss,
  checkPredictions,
  checkProbabilities,
  checkTraining,
  OWN_LOSS_DRIFT,
  TOLERANCE,
  toParams,
} from "../src/checks.ts";

describe("bceLoss", () => {
  it("is the mean negative log-likelihood", () => {
    expect(bceLoss([0.9, 0.2], [1, 0])).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, 15);
    expect(bceLoss([0.5], [1])).toBeCloseTo(Math.LN2, 15);
  });

  it("stays finite for probabilities of exactly 0 and 1", () => {
    expect(Number.isFinite(bceLoss([0, 1], [1, 0]))).toBe(true);
  });

  it("rejects mismatched lengths", () => {
    expect(() => bceLoss([0.5], [1, 0])).toThrow(RangeError);
  });
});

describe("checkTraining", () => {
  const base = { refInitial: 0.7, refFinal: 0.6, initial: 0.7 };

  it("accepts a loss drop equal to the reference's within the tolerance", () => {
    expect(checkTraining({ ...base, final: 0.6, precision: "float64" }).ok).toBe(true);
    expect(checkTraining({ ...base, final: 0.6 + 0.1 * 1e-9, precision: "float64" }).ok).toBe(true);
    expect(checkTraining({ ...base, final: 0.6 + 0.1 * 1e-4, precision: "float32" }).ok).toBe(true);
  });

  it("fails a drop off by more than the tolerance, naming both drops", () => {
    const r = checkTraining({ ...base, final: 0.6 + 0.1 * 1e-5, precision: "float64" });
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/differs from the reference's/);
    expect(checkTraining({ ...base, final: 0.6 + 0.1 * 1e-2, precision: "float32" }).ok).toBe(
      false,
    );
  });

  it("fails training that did not happen and non-finite losses", () => {
    expect(checkTraining({ ...base, final: 0.7, precision: "float32" }).ok).toBe(false);
    expect(checkTraining({ ...base, final: Number.NaN, precision: "float64" }).ok).toBe(false);
  });

  it("fails when the reference itself did not improve", () => {
    const r = checkTraining({
      refInitial: 0.7,
      refFinal: 0.7,
      initial: 0.7,
      final: 0.6,
      precision: "float64",
    });
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/reference's loss did not decrease/);
  });

  it("has a looser tolerance for float32 than for float64", () => {
    expect(TOLERANCE.float32).toBeGreaterThan(TOLERANCE.float64);
  });
});

describe("checkPredictions", () => {
  const ref = [0.1, 0.5, 0.9];

  it("compares the worst difference with the spread of the reference", () => {
    expect(checkPredictions([0.1, 0.5, 0.9], ref, "float64").ok).toBe(true);
    // Spread 0.8: 1e-5 off is 1.25e-5 of it, inside float32's tolerance, outside float64's.
    expect(checkPredictions([0.1, 0.50001, 0.9], ref, "float32").ok).toBe(true);
    expect(checkPredictions([0.1, 0.50001, 0.9], ref, "float64").ok).toBe(false);
  });

  it("fails wrong lengths and non-finite outputs", () => {
    expect(checkPredictions([0.1], ref, "float64").ok).toBe(false);
    expect(checkPredictions([0.1, Number.NaN, 0.9], ref, "float32").message).toMatch(/output 1/);
  });
});

describe("own-loss and probability checks", () => {
  it("needs a finite loss that does not clearly rise", () => {
    expect(checkOwnLoss({ initial: 0.7, final: 0.69 }).ok).toBe(true);
    expect(checkOwnLoss({ initial: 0.7, final: 0.7 + 2 * OWN_LOSS_DRIFT }).ok).toBe(false);
    expect(checkOwnLoss({ initial: 0.7, final: Number.POSITIVE_INFINITY }).ok).toBe(false);
    expect(checkOwnLoss({ initial: Number.NaN, final: 0.5 }).ok).toBe(false);
  });

  it("without a bound for the workload, passes only as unchecked (a drift of 1e-5 either way)", () => {
    // brain.js on headline in a quick run: 0.6939766 -> 0.6939866.
    const r = checkOwnLoss({ initial: 0.6939766, final: 0.6939866, accuracy: 0.4956, epochs: 5 });
    expect(r.ok).toBe(true);
    expect(r.unchecked).toBe(true);
    expect(r.message).toContain("finite and not rising only");
  });

  it("with a bound, needs the accuracy and loss a working network reaches", () => {
    // wide's bound; brain.js measured 0.795 / 0.531 after 2 epochs (workloads.ts).
    const bound = { minEpochs: 2, minAccuracy: 0.75, maxLoss: 0.6 };
    const working = checkOwnLoss(
      { initial: 0.64, final: 0.531, accuracy: 0.795, epochs: 2 },
      bound,
    );
    expect(working.ok).toBe(true);
    expect(working.unchecked).toBeUndefined();
    // Falling, but not learning (as a too small learning rate or a skipped update would leave it).
    const stuck = checkOwnLoss({ initial: 0.7, final: 0.69, accuracy: 0.53, epochs: 7 }, bound);
    expect(stuck.ok).toBe(false);
    expect(stuck.message).toContain("a working network reaches accuracy >= 0.75 and loss <= 0.6");
    // With a bound the loss must fall.
    expect(checkOwnLoss({ initial: 0.5, final: 0.52, accuracy: 0.8, epochs: 2 }, bound).ok).toBe(
      false,
    );
    // Accurate enough but a loss above the bound fails too.
    expect(checkOwnLoss({ initial: 0.9, final: 0.65, accuracy: 0.8, epochs: 2 }, bound).ok).toBe(
      false,
    );
    // No accuracy reported: cannot pass a bound.
    expect(checkOwnLoss({ initial: 0.64, final: 0.5 }, bound).ok).toBe(false);
    // Fewer epochs than the bound needs: unchecked, not a pass of the bound.
    const short = checkOwnLoss({ initial: 0.7, final: 0.64, accuracy: 0.53, epochs: 1 }, bound);
    expect([short.ok, short.unchecked]).toEqual([true, true]);
  });

  it("needs outputs within [0, 1]", () => {
    expect(checkProbabilities([0, 0.3, 1]).ok).toBe(true);
    expect(checkProbabilities([0.3, 1.2]).ok).toBe(false);
    expect(checkProbabilities([Number.NaN]).ok).toBe(false);
  });
});

describe("toParams", () => {
  const arch = architectureFromSizes([2, 1]);

  it("builds matrices, optionally rounded to float32", () => {
    const p = toParams([{ W: [[0.1, 0.2]], b: [0.3] }], arch);
    expect(p[0]?.W.toArray()).toEqual([[0.1, 0.2]]);
    expect(p[0]?.b.toArray()).toEqual([[0.3]]);
    const f = toParams([{ W: [[0.1, 0.2]], b: [0.3] }], arch, true);
    expect(f[0]?.W.get(0, 0)).toBe(Math.fround(0.1));
  });

  it("rejects wrong shapes and non-finite values, naming the layer", () => {
    expect(() => toParams([], arch)).toThrow(/expected 1 layers/);
    expect(() => toParams([{ W: [[0.1, 0.2]], b: [Number.NaN] }], arch)).toThrow(/layer 0/);
    expect(() =>
      toParams(
        [
          {
            W: [
              [0.1, 0.2],
              [0, 0],
            ],
            b: [0],
          },
        ],
        arch,
      ),
    ).toThrow(/layer 0/);
  });
});

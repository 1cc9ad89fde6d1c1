import { describe, expect, it } from "vitest";
import {
  typedArrayBackend as be,
  getAccuracyValue,
  getCostValue,
  getLoss,
  log,
  losses,
  Matrix,
} from "../src/index.ts";

describe("losses", () => {
  it("binary cross-entropy matches its definition", () => {
    const p = [0.9, 0.2, 0.6];
    const y = [1, 0, 0];
    const expected = -(log(0.9) + log(0.8) + log(0.4)) / 3;
    expect(getCostValue(Matrix.row(p), Matrix.row(y))).toBeCloseTo(expected, 15);
  });

  it("binary cross-entropy is finite at predictions of exactly 0 and 1", () => {
    const c = getCostValue(Matrix.row([0, 1]), Matrix.row([1, 0]));
    expect(Number.isFinite(c)).toBe(true);
    expect(c).toBeGreaterThan(30);
    const g = losses.binaryCrossEntropy.gradient(be, Matrix.row([0, 1]), Matrix.row([1, 0]));
    expect(g.toArray()[0]!.every(Number.isFinite)).toBe(true);
    expect(getCostValue(Matrix.row([1, 0]), Matrix.row([1, 0]))).toBeLessThan(1e-15);
  });

  it("mean squared error is the scalar mean over outputs and samples", () => {
    const c = getCostValue(
      Matrix.from([
        [1, 3],
        [0, 0],
      ]),
      Matrix.from([
        [0, 1],
        [0, 2],
      ]),
      "mse",
    );
    expect(c).toBe((1 + 4 + 0 + 4) / 4);
  });

  it.each(Object.values(losses))(
    "$name gradient matches the finite difference of its cost",
    (loss) => {
      const y = Matrix.row([1, 0, 1, 0]);
      const p = [0.3, 0.45, 0.8, 0.1];
      const g = loss.gradient(be, Matrix.row(p), y);
      const h = 1e-7;
      p.forEach((_, j) => {
        const plus = p.slice();
        const minus = p.slice();
        plus[j] = p[j]! + h;
        minus[j] = p[j]! - h;
        // cost averages over m samples; gradient is per sample: d cost / d p_j = g_j / m.
        const numeric =
          (loss.cost(be, Matrix.row(plus), y) - loss.cost(be, Matrix.row(minus), y)) / (2 * h);
        expect(Math.abs(numeric * 4 - g.get(0, j))).toBeLessThan(
          1e-6 * Math.max(1, Math.abs(g.get(0, j))),
        );
      });
    },
  );

  it("accuracy thresholds at 0.5 as the notebook (0.5 itself is class 0)", () => {
    expect(getAccuracyValue(Matrix.row([0.5, 0.51, 0.2]), Matrix.row([0, 1, 1]))).toBe(2 / 3);
  });

  it("unknown loss names are rejected with the valid ones listed", () => {
    expect(() => getLoss("hinge")).toThrow(
      /unknown loss "hinge"; expected one of "binaryCrossEntropy"/,
    );
  });
});

// The reference's class threshold (convertProbIntoClass, the notebook's
// convert_prob_into_class) is the fused table's CLASS_THRESHOLD, not a copy of it: with the
// table's constant moved (mocked to 0.25), the reference moves with it.
import { describe, expect, it, vi } from "vitest";
import { Matrix } from "../src/matrix.ts";
import { convertProbIntoClass } from "../src/notebook/metrics.ts";

vi.mock("../src/engine/ops.generated.ts", async (original) => ({
  ...(await original<typeof import("../src/engine/ops.generated.ts")>()),
  CLASS_THRESHOLD: 0.25,
}));

describe("convertProbIntoClass reads the table's CLASS_THRESHOLD", () => {
  it("class 1 strictly above the (mocked) threshold; NaN, ±0 and the threshold itself are 0", () => {
    const below = 0.25 - 2 ** -54;
    const above = 0.25 + 2 ** -54;
    const values = [0.25, above, below, 0.3, 0.5, Number.NaN, -0, 0, Infinity];
    const probs = new Matrix(1, values.length, Float64Array.from(values));
    expect(convertProbIntoClass(probs).toArray()).toEqual([[0, 1, 0, 1, 1, 0, 0, 0, 1]]);
  });
});

describe("Network's class predictions and accuracy read the table's CLASS_THRESHOLD", () => {
  it("a sigmoid output of 0.3 is class 1 above the (mocked) threshold 0.25, on both paths", async () => {
    const { Network } = await import("../src/index.ts");
    for (const engine of ["reference", "js"] as const) {
      const net = new Network([1, 1], { engine });
      // W = 0, b = logit(0.3): every sample's output is 0.3.
      net.setParams([{ W: [[0]], b: [[Math.log(0.3 / 0.7)]] }]);
      expect(net.predict([[1], [-2]]), engine).toEqual([1, 1]);
      expect(net.evaluate([[1], [-2]], [1, 1]).accuracy, engine).toBe(1);
    }
  });
});

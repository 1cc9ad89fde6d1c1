import { describe, expect, it } from "vitest";
import { FEATURE_NAMES, featureValue, transformFeatures } from "../src/features.ts";

describe("feature transforms", () => {
  const points = new Float64Array([0, 0, 1.5, -2, -3.25, 0.5, 6, -6]);

  it("computes each feature from x1 and x2", () => {
    for (let i = 0; i < points.length / 2; i++) {
      const x1 = points[2 * i]!;
      const x2 = points[2 * i + 1]!;
      expect(featureValue("x1", x1, x2)).toBe(x1);
      expect(featureValue("x2", x1, x2)).toBe(x2);
      expect(featureValue("x1sq", x1, x2)).toBe(x1 ** 2);
      expect(featureValue("x2sq", x1, x2)).toBe(x2 ** 2);
      expect(featureValue("x1x2", x1, x2)).toBe(x1 * x2);
      // plainnet's sine is correctly rounded; the host's may differ in the last bit.
      expect(featureValue("sinx1", x1, x2)).toBeCloseTo(Math.sin(x1), 15);
      expect(featureValue("sinx2", x1, x2)).toBeCloseTo(Math.sin(x2), 15);
    }
  });

  it("lays out n x features row-major in the order given", () => {
    const out = transformFeatures(points, ["x1x2", "x1"]);
    expect(out.length).toBe(8);
    expect(Array.from(out)).toEqual([0, 0, -3, 1.5, -1.625, -3.25, -36, 6]);
  });

  it("all seven features give seven columns", () => {
    expect(transformFeatures(points, FEATURE_NAMES).length).toBe(4 * 7);
  });

  it("rejects odd coordinates, no features and unknown names", () => {
    expect(() => transformFeatures(new Float64Array(3), ["x1"])).toThrow(
      /transformFeatures: points/,
    );
    expect(() => transformFeatures(points, [])).toThrow(/at least one feature/);
    expect(() => featureValue("x3" as never, 0, 0)).toThrow(/unknown feature "x3"/);
  });
});

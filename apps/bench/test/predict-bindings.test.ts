import { describe, expect, it } from "vitest";
import { PREDICT_CASES, reportLines, runCase } from "../src/predict-bindings/compare.ts";

describe("predict comparison (plainnet, ONNX Runtime, TensorFlow.js)", () => {
  it("covers both networks, batch 1 and 4096, float32 and float64", () => {
    expect(PREDICT_CASES).toHaveLength(8);
    expect(new Set(PREDICT_CASES.map((c) => `${c.net}/${c.batch}/${c.dtype}`)).size).toBe(8);
  });

  for (const dtype of ["float64", "float32"] as const) {
    it(`${dtype}: the engines agree and the paired ratios are finite`, async () => {
      const result = await runCase(
        { net: "headline", sizes: [2, 25, 50, 50, 25, 1], batch: 8, dtype },
        { rounds: 2, targetMs: 2, warmupMs: 5 },
      );
      expect(result.rows.map((r) => r.id)).toEqual(["plainnet", "onnxruntime", "tfjs"]);
      expect(result.maxError.onnxruntime).toBeLessThanOrEqual(dtype === "float64" ? 1e-12 : 1e-5);
      expect(result.maxError.tfjs).toBeLessThanOrEqual(1e-5);
      for (const r of result.rows) {
        expect(r.medianUs).toBeGreaterThan(0);
        expect(Number.isFinite(r.ratio.median)).toBe(true);
      }
      expect(result.rows[0]!.ratio.median).toBe(1);
      expect(reportLines(result)[0]).toContain("batch 8");
    });
  }
});

import { describe, expect, it } from "vitest";
import { ceilingPlan, type GemmMeasurement, measureWasmGemm } from "../src/ceiling.ts";
import { ceilingLines, ceilingTable } from "../src/ceiling-report.ts";
import type { ResultRow } from "../src/types.ts";

describe("measureWasmGemm", () => {
  it("times plainnet's wasm gemm and checks its product, in both precisions", () => {
    for (const dtype of ["float64", "float32"] as const) {
      // An odd size exercises the kernel's leftover rows and columns.
      const m = measureWasmGemm(dtype, 37, 2);
      expect(m.unavailable).toBeUndefined();
      expect(m.source).toBe("plainnet-wasm");
      expect(m.bestMs).toBeGreaterThan(0);
      expect(m.gflops).toBeCloseTo((2 * 37 ** 3) / (m.bestMs as number) / 1e6, 9);
    }
  });

  it("rejects bad sizes", () => {
    expect(() => measureWasmGemm("float64", 0, 1)).toThrow(/n and repeats must be positive/);
  });

  it("keeps the sizes in a quick run and only takes fewer products", () => {
    const q = ceilingPlan(true);
    const f = ceilingPlan(false);
    expect(q.numpyN).toBe(f.numpyN);
    expect(q.wasmSizes).toEqual(f.wasmSizes);
    expect(q.repeats).toBeLessThan(f.repeats);
  });
});

const ceiling: GemmMeasurement[] = [
  { source: "openblas", dtype: "float64", n: 1024, repeats: 3, gflops: 20, version: "NumPy 2" },
  { source: "openblas", dtype: "float32", n: 1024, repeats: 3, gflops: 40, version: "NumPy 2" },
  { source: "plainnet-wasm", dtype: "float64", n: 256, repeats: 3, runtime: "bun", gflops: 7 },
  { source: "plainnet-wasm", dtype: "float32", n: 256, repeats: 3, runtime: "bun", gflops: 12 },
  { source: "plainnet-wasm", dtype: "float64", n: 512, repeats: 3, runtime: "bun", gflops: 4 },
  { source: "plainnet-wasm", dtype: "float32", n: 512, repeats: 3, runtime: "bun", gflops: 15 },
];

const row = (over: Partial<ResultRow>): ResultRow => ({
  workload: "headline",
  candidate: "plainnet-wasm-f64",
  label: "plainnet fused wasm-simd f64",
  plainnet: true,
  runtime: "bun",
  status: "ok",
  precision: "float64",
  gflops: 5,
  ...over,
});

describe("ceiling report", () => {
  it("puts fused rows next to the best ceiling of their precision", () => {
    const lines = ceilingLines(
      [
        row({}),
        row({ candidate: "plainnet-wasm-f32", precision: "float32", gflops: 9 }),
        row({ candidate: "plainnet-typed-array", gflops: 1 }), // reference path: not listed
        row({ workload: "seed-net", gflops: 0.5 }), // too small a workload: not listed
        row({ candidate: "plainnet-js-f64", status: "failed", gflops: undefined }),
      ],
      ceiling,
    );
    expect(lines).toEqual([
      "headline wasm-f64 (bun): 5.00 GFLOP/s (ceiling: OpenBLAS 20.0, plainnet wasm gemm 7.00; float64)",
      "headline wasm-f32 (bun): 9.00 GFLOP/s (ceiling: OpenBLAS 40.0, plainnet wasm gemm 15.0; float32)",
    ]);
  });

  it("says n/a, with the reason, for a ceiling that could not be measured", () => {
    const t = ceilingTable([
      {
        source: "openblas",
        dtype: "float64",
        n: 1024,
        repeats: 3,
        unavailable: "python3 not found",
      },
      {
        source: "openblas",
        dtype: "float32",
        n: 1024,
        repeats: 3,
        unavailable: "python3 not found",
      },
      ...ceiling.slice(2),
    ]);
    const lines = t.split("\n");
    expect(lines).toHaveLength(5);
    expect(lines[2]).toMatch(/OpenBLAS via NumPy, 1 thread .*n\/a \(python3 not found\)/);
    expect(lines[3]).toMatch(/plainnet wasm gemm \(bun\) +\| 256×256×256 +\| +7\.00 \| +12\.0 \|/);
    const missing = ceilingLines([row({})], []);
    expect(missing).toEqual([
      "headline wasm-f64 (bun): 5.00 GFLOP/s (ceiling: OpenBLAS n/a, plainnet wasm gemm n/a; float64)",
    ]);
  });
});

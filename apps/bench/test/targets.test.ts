import { describe, expect, it } from "vitest";
import {
  evaluateTargets,
  ISSUE9_TARGETS,
  type TargetResult,
  targetsTable,
  verdictText,
} from "../src/targets.ts";
import { resultRow } from "./helpers.ts";

const row = resultRow;

/** One runtime's headline rows; medians in ms/epoch. */
function headline(over: {
  numpy?: number;
  f64?: number;
  f32?: number;
  tfjs?: number;
  js?: number;
}) {
  const { numpy = 2, f64 = 1.5, f32 = 0.9, tfjs = 10, js = 4 } = over;
  return [
    row({ medianMs: numpy }),
    row({
      candidate: "plainnet-typed-array",
      label: "plainnet reference typed-array",
      plainnet: true,
      medianMs: 30,
    }),
    row({
      candidate: "plainnet-wasm-f64",
      label: "plainnet fused wasm-simd f64",
      plainnet: true,
      medianMs: f64,
    }),
    row({
      candidate: "plainnet-wasm-f32",
      label: "plainnet fused wasm-simd f32",
      plainnet: true,
      precision: "float32",
      medianMs: f32,
    }),
    row({
      candidate: "plainnet-js-f64",
      label: "plainnet fused js f64",
      plainnet: true,
      medianMs: js,
    }),
    row({
      candidate: "tfjs-wasm",
      label: "TensorFlow.js wasm",
      precision: "float32",
      medianMs: tfjs,
    }),
  ];
}

const byId = (results: readonly TargetResult[], id: string, runtime = "bun"): TargetResult => {
  const t = results.find((r) => r.id === id && r.runtime === runtime);
  if (!t) throw new Error(`no target ${id} on ${runtime}`);
  return t;
};

describe("evaluateTargets", () => {
  it("lists issue 9's targets with their goals", () => {
    expect(ISSUE9_TARGETS.map((t) => [t.id, t.workload, t.op, t.goal])).toEqual([
      ["headline-f64", "headline", "<=", 1],
      ["headline-f64-1t", "headline", "<=", 1],
      ["headline-f32", "headline", "<=", 0.5],
      ["headline-f32-1t", "headline", "<=", 0.5],
      ["seed-net", "seed-net", ">=", 10],
      ["headline-tfjs", "headline", ">=", 5],
      ["headline-tfjs-js", "headline", ">=", 2],
      ["headline-tfjs-js-1t", "headline", ">=", 2],
      ["wide-f64", "wide", "<=", 2],
      ["headline-skip-f64", "headline", "<=", 1],
      ["headline-skip-f32", "headline", "<=", 1],
    ]);
  });

  it("counts data-parallel rows as plainnet, except in the one-thread targets", () => {
    const rows = [
      ...headline({ numpy: 2, f64: 2.5 }),
      row({
        candidate: "plainnet-wasm-f64-x2",
        label: "plainnet fused wasm-simd f64, 2 threads",
        plainnet: true,
        medianMs: 1.6,
      }),
    ];
    const r = evaluateTargets(rows);
    expect(byId(r, "headline-f64").status).toBe("PASS");
    expect(byId(r, "headline-f64").numerator?.candidate).toBe("plainnet-wasm-f64-x2");
    expect(byId(r, "headline-f64").ratio).toBe(0.8);
    expect(byId(r, "headline-f64-1t").status).toBe("MISS");
    expect(byId(r, "headline-f64-1t").numerator?.candidate).toBe("plainnet-wasm-f64");
    expect(byId(r, "headline-f64-1t").ratio).toBe(1.25);
  });

  it("counts only typed-array JavaScript rows in the typed-array targets, threads only in one", () => {
    const rows = [
      ...headline({ tfjs: 10, js: 6, f64: 1 }),
      row({
        candidate: "plainnet-js-f64-x2",
        label: "plainnet fused js f64, 2 threads",
        plainnet: true,
        medianMs: 4,
      }),
    ];
    const r = evaluateTargets(rows);
    // The faster wasm rows do not count: js-f64-x2 (4 ms) is the best typed-array row.
    const js = byId(r, "headline-tfjs-js");
    expect(js.denominator?.candidate).toBe("plainnet-js-f64-x2");
    expect(js.ratio).toBe(2.5);
    expect(js.status).toBe("PASS");
    const one = byId(r, "headline-tfjs-js-1t");
    expect(one.denominator?.candidate).toBe("plainnet-js-f64");
    expect(one.ratio).toBe(10 / 6);
    expect(one.status).toBe("MISS");
    // The reference typed-array backend counts too, when it is the fastest typed-array row.
    const ref = evaluateTargets(headline({ js: 40 }));
    expect(byId(ref, "headline-tfjs-js-1t").denominator?.candidate).toBe("plainnet-typed-array");
  });

  it("never picks a -dense comparison row as the best plainnet, even when it is the fastest", () => {
    const rows = [
      ...headline({ f64: 1.5, f32: 0.9 }),
      row({
        candidate: "plainnet-wasm-f64-dense",
        label: "plainnet fused wasm-simd f64, dead units not skipped",
        plainnet: true,
        medianMs: 1.2,
      }),
      row({
        candidate: "plainnet-wasm-f32-dense",
        label: "plainnet fused wasm-simd f32, dead units not skipped",
        plainnet: true,
        precision: "float32",
        medianMs: 0.5,
      }),
    ];
    const r = evaluateTargets(rows);
    expect(byId(r, "headline-f64").numerator?.candidate).toBe("plainnet-wasm-f64");
    expect(byId(r, "headline-f32").numerator?.candidate).toBe("plainnet-wasm-f32");
    expect(byId(r, "headline-tfjs").denominator?.candidate).toBe("plainnet-wasm-f32");
  });

  it("divides the medians and passes targets that are met", () => {
    const r = evaluateTargets(headline({}));
    const f64 = byId(r, "headline-f64");
    // 1.5 ms (fused wasm f64, faster than the 30 ms reference) / 2 ms (NumPy).
    expect(f64.status).toBe("PASS");
    expect(f64.ratio).toBe(0.75);
    expect(f64.numerator?.candidate).toBe("plainnet-wasm-f64");
    expect(f64.denominator?.candidate).toBe("numpy");
    // float32 counts only float32 rows: 0.9 / 2.
    expect(byId(r, "headline-f32").ratio).toBe(0.45);
    expect(byId(r, "headline-f32").status).toBe("PASS");
    // Any precision: the float32 row is the best plainnet; 10 / 0.9 ≥ 5.
    const tfjs = byId(r, "headline-tfjs");
    expect(tfjs.denominator?.candidate).toBe("plainnet-wasm-f32");
    expect(tfjs.ratio).toBeCloseTo(10 / 0.9, 12);
    expect(tfjs.status).toBe("PASS");
    // tfjs-wasm / plainnet-js-f64 = 10 / 4.
    expect(byId(r, "headline-tfjs-js").ratio).toBe(2.5);
    expect(byId(r, "headline-tfjs-js").status).toBe("PASS");
  });

  it("misses targets that are not met, in either direction", () => {
    const r = evaluateTargets(headline({ numpy: 1, f32: 0.6, tfjs: 2.5, js: 4 }));
    expect(byId(r, "headline-f64").ratio).toBe(1.5);
    expect(byId(r, "headline-f64").status).toBe("MISS");
    expect(byId(r, "headline-f32").ratio).toBe(0.6);
    expect(byId(r, "headline-f32").status).toBe("MISS"); // 0.6 > 0.5
    expect(byId(r, "headline-tfjs").ratio).toBe(2.5 / 0.6);
    expect(byId(r, "headline-tfjs").status).toBe("MISS"); // 4.17 < 5
    expect(byId(r, "headline-tfjs-js").ratio).toBe(0.625);
    expect(byId(r, "headline-tfjs-js").status).toBe("MISS");
  });

  it("counts a ratio exactly at the goal as met", () => {
    const seed = [
      row({ workload: "seed-net", medianMs: 5 }),
      row({ workload: "seed-net", candidate: "plainnet-js-f64", plainnet: true, medianMs: 0.5 }),
    ];
    const t = byId(evaluateTargets(seed), "seed-net");
    expect(t.ratio).toBe(10);
    expect(t.status).toBe("PASS");
    const f64 = byId(evaluateTargets(headline({ numpy: 1.5, f64: 1.5 })), "headline-f64");
    expect(f64.ratio).toBe(1);
    expect(f64.status).toBe("PASS");
  });

  it("is n/a, with the reason, when a needed row has no time", () => {
    const rows = headline({}).map((r) =>
      r.candidate === "numpy"
        ? row({ status: "not available", reason: "python3 not found (spawn ENOENT)" })
        : r.candidate === "plainnet-wasm-f32"
          ? { ...r, status: "skipped" as const, medianMs: undefined, reason: "over budget" }
          : r,
    );
    const r = evaluateTargets(rows);
    const f64 = byId(r, "headline-f64");
    expect(f64.status).toBe("n/a");
    expect(f64.ratio).toBeUndefined();
    expect(f64.reason).toBe(
      "NumPy (notebook code) not available: python3 not found (spawn ENOENT)",
    );
    expect(verdictText(f64)).toBe(
      "n/a (NumPy (notebook code) not available: python3 not found (spawn ENOENT))",
    );
    // Both sides missing: both reasons.
    expect(byId(r, "headline-f32").reason).toBe(
      "no plainnet float32 candidate finished; NumPy (notebook code) not available: python3 not found (spawn ENOENT)",
    );
    // tfjs ÷ best plainnet still works without NumPy (the f32 row is skipped: f64 is best).
    expect(byId(r, "headline-tfjs").ratio).toBe(10 / 1.5);
    // A workload that did not run, and a candidate that did not run.
    expect(byId(r, "wide-f64").reason).toBe("workload wide did not run");
    const noJs = evaluateTargets(
      headline({}).filter((x) => !/^plainnet-(js-|typed-array)/.test(x.candidate)),
    );
    expect(byId(noJs, "headline-tfjs-js").reason).toBe(
      "no plainnet typed-array JS candidate finished",
    );
    expect(byId(noJs, "headline-tfjs-js-1t").reason).toBe(
      "no plainnet one-thread typed-array JS candidate finished",
    );
    // A failed row is not a time either.
    const failed = evaluateTargets(
      headline({}).map((x) =>
        x.candidate === "tfjs-wasm"
          ? { ...x, status: "failed" as const, medianMs: undefined, reason: "loss drop differs" }
          : x,
      ),
    );
    expect(byId(failed, "headline-tfjs").reason).toBe(
      "TensorFlow.js wasm FAILED: loss drop differs",
    );
  });

  it("evaluates every runtime separately, node before bun before deno", () => {
    const rows = [
      ...headline({}).map((r) => ({ ...r, runtime: "deno" as const })),
      ...headline({ numpy: 1 }).map((r) => ({ ...r, runtime: "node" as const })),
    ];
    const r = evaluateTargets(rows);
    expect([...new Set(r.map((t) => t.runtime))]).toEqual(["node", "deno"]);
    expect(byId(r, "headline-f64", "node").status).toBe("MISS");
    expect(byId(r, "headline-f64", "deno").status).toBe("PASS");
  });
});

describe("targetsTable", () => {
  it("shows the ratio, the goal and the verdict on each line", () => {
    const t = targetsTable(evaluateTargets(headline({ numpy: 1 })));
    const lines = t.split("\n");
    expect(lines[0]).toMatch(/\| target +\| measured \| goal +\| result +\| medians/);
    expect(t).not.toMatch(/runtime/);
    const f64 = lines.find((l) => l.includes("headline float64")) ?? "";
    expect(f64).toMatch(
      /\| +1\.50× \| ≤ 1\.0× +\| MISS +\| plainnet fused wasm-simd f64 1\.50 ms\/epoch/,
    );
    expect(t).toMatch(/n\/a \(workload seed-net did not run\)/);
    expect(lines.find((l) => l.includes("headline float32"))).toMatch(/\| ≤ 0\.50× +\| MISS/);
  });
});

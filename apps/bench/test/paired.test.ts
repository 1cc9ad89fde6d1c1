import { describe, expect, it } from "vitest";
import { measurePaired, roundOrder } from "../src/paired.ts";
import {
  applyPaired,
  type PairedSamples,
  pairedMembers,
  pairedRatio,
} from "../src/paired-targets.ts";
import { currentRuntime } from "../src/runtime.ts";
import { evaluateTargets, type TargetResult, targetsTable } from "../src/targets.ts";
import type { ResultRow } from "../src/types.ts";

describe("roundOrder", () => {
  it("visits the members in order on even rounds and reversed on odd ones", () => {
    const m = ["a", "b", "c"];
    expect([0, 1, 2, 3].map((r) => roundOrder(m, r).join(""))).toEqual([
      "abc",
      "cba",
      "abc",
      "cba",
    ]);
    expect(m).toEqual(["a", "b", "c"]); // not reordered in place
    expect(() => roundOrder(m, -1)).toThrow(/round must be a non-negative integer, got -1/);
  });

  it("cancels a linear drift between two members over a pair of rounds", () => {
    // Time t runs 0, 1, 2, 3 over the visits; a visit at time t costs 1 + 0.1·t for either.
    const cost: Record<string, number[]> = { a: [], b: [] };
    let t = 0;
    for (let r = 0; r < 2; r++) {
      for (const x of roundOrder(["a", "b"], r)) cost[x]?.push(1 + 0.1 * t++);
    }
    const sum = (v: number[] | undefined): number => (v ?? []).reduce((s, x) => s + x, 0);
    expect(sum(cost.a)).toBeCloseTo(sum(cost.b), 12);
  });
});

describe("pairedRatio", () => {
  it("takes the median of the per-round ratios, not the ratio of the medians", () => {
    // Per round: 1/2, 1/4, 4/4 = 0.5, 0.25, 1; the ratio of the medians would be 1/4.
    const p = pairedRatio([1, 1, 4], [2, 4, 4]);
    expect(p.ratios).toEqual([0.5, 0.25, 1]);
    expect(p.ratio).toBe(0.5);
    expect(p.min).toBe(0.25);
    expect(p.max).toBe(1);
    expect(p.rounds).toBe(3);
    // Quartiles by linear interpolation of the sorted ratios 0.25, 0.5, 1.
    expect(p.q1).toBe(0.375);
    expect(p.q3).toBe(0.75);
    // An even number of rounds: the mean of the middle two ratios (1.5 and 2).
    expect(pairedRatio([3, 2, 4, 10], [2, 2, 2, 1]).ratio).toBe(1.75);
  });

  it("rejects series of different lengths, empty ones and bad times", () => {
    expect(() => pairedRatio([1, 2], [1])).toThrow(/same non-zero length, got 2 and 1/);
    expect(() => pairedRatio([], [])).toThrow(RangeError);
    expect(() => pairedRatio([1, 0], [1, 1])).toThrow(/numerator time of round 1 .* got 0/);
    expect(() => pairedRatio([1], [Number.NaN])).toThrow(/denominator time of round 0/);
  });
});

const row = (over: Partial<ResultRow>): ResultRow => ({
  workload: "headline",
  candidate: "numpy",
  label: "NumPy (notebook code)",
  plainnet: false,
  runtime: "bun",
  status: "ok",
  precision: "float64",
  ...over,
});

/** Headline rows (medians in ms/epoch) where the main run's medians miss headline-f64. */
const rows: ResultRow[] = [
  row({ medianMs: 1.2 }),
  row({
    candidate: "plainnet-wasm-f64",
    label: "plainnet fused wasm-simd f64",
    plainnet: true,
    medianMs: 1.5,
  }),
  row({
    candidate: "plainnet-wasm-f32",
    label: "plainnet fused wasm-simd f32",
    plainnet: true,
    precision: "float32",
    medianMs: 0.9,
  }),
  row({
    candidate: "plainnet-js-f64",
    label: "plainnet fused js f64",
    plainnet: true,
    medianMs: 4,
  }),
  row({ candidate: "tfjs-wasm", label: "TensorFlow.js wasm", precision: "float32", medianMs: 10 }),
];

const byId = (results: readonly TargetResult[], id: string): TargetResult => {
  const t = results.find((r) => r.id === id);
  if (!t) throw new Error(`no target ${id}`);
  return t;
};

describe("pairedMembers", () => {
  it("lists both sides of every resolved target of the workload, once, in target order", () => {
    const targets = evaluateTargets(rows);
    expect(pairedMembers(targets, "bun", "headline")).toEqual([
      "plainnet-wasm-f64",
      "numpy",
      "plainnet-wasm-f32",
      "tfjs-wasm",
      "plainnet-js-f64",
    ]);
    // Other runtimes and workloads, and n/a targets (seed-net did not run), need nothing.
    expect(pairedMembers(targets, "node", "headline")).toEqual([]);
    expect(pairedMembers(targets, "bun", "seed-net")).toEqual([]);
  });
});

describe("applyPaired", () => {
  const measurement = (
    over: Record<string, { msPerEpoch: number[]; dropped?: string }>,
  ): PairedSamples => ({
    runtime: "bun",
    workload: "headline",
    members: Object.entries({
      "plainnet-wasm-f64": { msPerEpoch: [1.0, 2.0, 1.1] },
      numpy: { msPerEpoch: [1.1, 2.1, 1.2] },
      "plainnet-wasm-f32": { msPerEpoch: [0.5, 1.0, 0.55] },
      "tfjs-wasm": { msPerEpoch: [5, 10, 5.5] },
      "plainnet-js-f64": { msPerEpoch: [2, 4, 2.2] },
      ...over,
    }).map(([candidate, s]) => ({ candidate, ...s })),
  });

  it("decides the verdict from the paired ratio and keeps the ratio of medians", () => {
    const medians = evaluateTargets(rows);
    expect(byId(medians, "headline-f64").status).toBe("MISS"); // 1.5 / 1.2 = 1.25
    expect(byId(medians, "headline-f64").basis).toBe("medians");
    const r = applyPaired(medians, [measurement({})]);
    const f64 = byId(r, "headline-f64");
    expect(f64.basis).toBe("paired");
    expect(f64.status).toBe("PASS");
    expect(f64.ratio).toBe(1.5 / 1.2);
    // Per round 1/1.1, 2/2.1, 1.1/1.2: the median is 1.1/1.2.
    expect(f64.paired?.ratio).toBe(1.1 / 1.2);
    expect(f64.paired?.min).toBe(1 / 1.1);
    expect(f64.paired?.max).toBe(2 / 2.1);
    expect(f64.paired?.rounds).toBe(3);
    // A paired ratio can also turn a PASS into a MISS: tfjs 5, 10, 5.5 over f32 0.5, 1, 0.55
    // is 10 every round (≥ 5: PASS); over js f64 it is 2.5 (≥ 2: PASS).
    expect(byId(r, "headline-tfjs").paired?.ratio).toBe(10);
    const slowTfjs = applyPaired(medians, [
      measurement({ "tfjs-wasm": { msPerEpoch: [3, 6, 3.3] } }),
    ]);
    expect(byId(slowTfjs, "headline-tfjs").status).toBe("PASS"); // 6
    expect(byId(slowTfjs, "headline-tfjs-js").status).toBe("MISS"); // 1.5 < 2
    expect(byId(slowTfjs, "headline-tfjs-js").ratio).toBe(2.5); // medians: 10 / 4
  });

  it("makes a target n/a, with the reason, when one of its sides dropped out", () => {
    const r = applyPaired(evaluateTargets(rows), [
      measurement({
        numpy: { msPerEpoch: [1.1], dropped: "failed: python3 exited with 1" },
      }),
    ]);
    const f64 = byId(r, "headline-f64");
    expect(f64.status).toBe("n/a");
    expect(f64.basis).toBe("paired");
    expect(f64.paired).toBeUndefined();
    expect(f64.ratio).toBe(1.5 / 1.2);
    expect(f64.reason).toBe(
      "paired measurement: NumPy (notebook code) failed: python3 exited with 1",
    );
    // Targets that do not need NumPy keep their paired verdict.
    expect(byId(r, "headline-tfjs").status).toBe("PASS");
  });

  it("leaves targets without a paired measurement to the medians", () => {
    const medians = evaluateTargets(rows);
    const other = { ...measurement({}), runtime: "node" as const };
    expect(applyPaired(medians, [other])).toEqual(medians);
    expect(applyPaired(medians, [])).toEqual(medians);
  });

  it("puts the paired ratio and the ratio of medians side by side in the table", () => {
    const t = targetsTable(applyPaired(evaluateTargets(rows), [measurement({})]));
    const lines = t.split("\n");
    expect(lines[0]).toMatch(
      /\| target +\| +paired \(min–max, rounds\) \| ratio of medians \| goal +\| result/,
    );
    const f64 = lines.find((l) => l.includes("headline float64:")) ?? "";
    expect(f64).toMatch(/\| 0\.917× \(0\.909–0\.952, 3 rounds\) \| +1\.25× \| ≤ 1\.0× +\| PASS/);
    // Without a paired measurement the table keeps its one "measured" column.
    expect(targetsTable(evaluateTargets(rows)).split("\n")[0]).toMatch(/\| measured \|/);
  });
});

describe("measurePaired", () => {
  it("interleaves two real candidates' samples and drops one that cannot run", async () => {
    const runtime = currentRuntime().name;
    const lines: string[] = [];
    const m = await measurePaired(
      runtime,
      "seed-net",
      ["plainnet-js-f64", "no-such-candidate", "plainnet-js-f32"],
      3,
      true,
      { onProgress: (l) => lines.push(l) },
    );
    expect(m.runtime).toBe(runtime);
    expect(m.rounds).toBe(3);
    expect(m.members.map((x) => x.candidate)).toEqual([
      "plainnet-js-f64",
      "no-such-candidate",
      "plainnet-js-f32",
    ]);
    const [f64, none, f32] = m.members;
    expect(none?.dropped).toMatch(/^failed: .*unknown candidate "no-such-candidate"/);
    expect(none?.msPerEpoch).toEqual([]);
    expect(lines.some((l) => l.includes("no-such-candidate dropped"))).toBe(true);
    for (const x of [f64, f32]) {
      expect(x?.dropped).toBeUndefined();
      expect(x?.result.status).toBe("ok");
      expect(x?.msPerEpoch).toHaveLength(3);
      // The samples the runner saw through the gate are the job's own, per epoch.
      if (x?.result.status === "ok") {
        expect(x.result.run.samplesMs.map((ms) => ms / m.epochsPerSample)).toEqual(x.msPerEpoch);
      }
    }
  });
});

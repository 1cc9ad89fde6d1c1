import { describe, expect, it } from "vitest";
import { measurePaired, roundOrder } from "../src/paired.ts";
import {
  applyPaired,
  type PairedSamples,
  pairedMembers,
  pairedRatio,
} from "../src/paired-targets.ts";
import { currentRuntime } from "../src/runtime.ts";
import {
  type BestPlainnetSide,
  contenders,
  evaluateTargets,
  ISSUE9_TARGETS,
  type TargetResult,
  targetsTable,
} from "../src/targets.ts";
import type { ResultRow } from "../src/types.ts";
import { resultRow } from "./helpers.ts";

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

const row = resultRow;

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
    expect(pairedMembers(targets, rows, "bun", "headline")).toEqual([
      "plainnet-wasm-f64",
      "numpy",
      "plainnet-wasm-f32",
      "tfjs-wasm",
      "plainnet-js-f64",
    ]);
    // Other runtimes and workloads, and n/a targets (seed-net did not run), need nothing.
    expect(pairedMembers(targets, rows, "node", "headline")).toEqual([]);
    expect(pairedMembers(targets, rows, "bun", "seed-net")).toEqual([]);
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
    const r = applyPaired(medians, [measurement({})], rows);
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
    const slowTfjs = applyPaired(
      medians,
      [measurement({ "tfjs-wasm": { msPerEpoch: [3, 6, 3.3] } })],
      rows,
    );
    expect(byId(slowTfjs, "headline-tfjs").status).toBe("PASS"); // 6
    expect(byId(slowTfjs, "headline-tfjs-js").status).toBe("MISS"); // 1.5 < 2
    expect(byId(slowTfjs, "headline-tfjs-js").ratio).toBe(2.5); // medians: 10 / 4
  });

  it("makes a target n/a, with the reason, when one of its sides dropped out", () => {
    const r = applyPaired(
      evaluateTargets(rows),
      [
        measurement({
          numpy: { msPerEpoch: [1.1], dropped: "failed: python3 exited with 1" },
        }),
      ],
      rows,
    );
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
    expect(applyPaired(medians, [other], rows)).toEqual(medians);
    expect(applyPaired(medians, [], rows)).toEqual(medians);
  });

  it("puts the paired ratio and the ratio of medians side by side in the table", () => {
    const t = targetsTable(applyPaired(evaluateTargets(rows), [measurement({})], rows));
    const lines = t.split("\n");
    expect(lines[0]).toMatch(
      /\| target +\| +paired \(IQR, rounds\) \| ratio of medians \| goal +\| result/,
    );
    const f64 = lines.find((l) => l.includes("headline float64:")) ?? "";
    // Per-round ratios 1.0/1.1, 2.0/2.1, 1.1/1.2 = 0.9091, 0.9524, 0.9167: median 0.9167,
    // quartiles (linear interpolation) (0.9091 + 0.9167)/2 = 0.9129 and (0.9167 + 0.9524)/2 = 0.9345.
    expect(f64).toMatch(
      /\| 0\.917× \(IQR 0\.913–0\.935, 3 rounds\) \| +1\.25× \| ≤ 1\.0× +\| PASS/,
    );
    // Without a paired measurement the table keeps its one "measured" column.
    expect(targetsTable(evaluateTargets(rows)).split("\n")[0]).toMatch(/\| measured \|/);
  });
});

/** A plainnet row of the bun headline, labelled "plainnet <id without the prefix>". */
const pn = (
  candidate: string,
  precision: "float64" | "float32",
  medianMs: number | undefined,
  over: Partial<ResultRow> = {},
): ResultRow =>
  row({
    candidate,
    label: `plainnet ${candidate.slice("plainnet-".length)}`,
    plainnet: true,
    precision,
    ...(medianMs !== undefined ? { medianMs } : {}),
    ...over,
  });

/** Headline rows in report order, with several plainnet rows close to each side's fastest. */
const crowd: ResultRow[] = [
  pn("plainnet-typed-array", "float64", 30),
  pn("plainnet-wasm-f64", "float64", 1.5), // exactly 1.5x the fastest float64 row: a contender
  pn("plainnet-wasm-f32", "float32", 0.9),
  pn("plainnet-js-f64", "float64", 4),
  pn("plainnet-js-f32", "float32", 1.3),
  pn("plainnet-wasm-f64-fma", "float64", 1.25),
  pn("plainnet-wasm-f32-fma", "float32", undefined, {
    status: "not available",
    reason: "no relaxed SIMD",
  }),
  pn("plainnet-wasm-f64-x2", "float64", 1.0),
  pn("plainnet-wasm-f32-x2", "float32", 1.0),
  // A median without an ok status does not count (it would be the fastest of all).
  pn("plainnet-wasm-f64-fma-x2", "float64", 0.5, { status: "failed", reason: "boom" }),
  pn("plainnet-wasm-f32-fma-x2", "float32", 1.4), // more than 1.5 x 0.9
  row({ candidate: "tfjs-wasm", label: "TensorFlow.js wasm", precision: "float32", medianMs: 10 }),
  row({ medianMs: 1.2 }),
];

/** The "best plainnet" side of one of issue 9's targets. */
const bestOf = (id: string): BestPlainnetSide => {
  const spec = ISSUE9_TARGETS.find((t) => t.id === id);
  for (const side of [spec?.numerator, spec?.denominator]) {
    if (side?.kind === "best-plainnet") return side;
  }
  throw new Error(`target ${id} has no best-plainnet side`);
};

/** The crowd's headline medians with those of two candidates swapped. */
const swapped = (a: string, b: string): ResultRow[] => {
  const ms = (id: string): number | undefined => crowd.find((r) => r.candidate === id)?.medianMs;
  const [ma, mb] = [ms(a), ms(b)];
  const swap = (r: ResultRow): number | undefined =>
    r.candidate === a ? mb : r.candidate === b ? ma : r.medianMs;
  return crowd.map((r) => ({ ...r, medianMs: swap(r) }));
};

describe("contenders", () => {
  const ids = (id: string, rs: readonly ResultRow[] = crowd): string[] =>
    contenders(bestOf(id), rs).map((r) => r.candidate);

  it("takes the timed plainnet rows of the side within 1.5x of its fastest median", () => {
    // float64: 1.0 (x2) is the fastest; 1.25 and 1.5 are within 1.5x, 4 and 30 are not.
    expect(ids("headline-f64")).toEqual([
      "plainnet-wasm-f64",
      "plainnet-wasm-f64-fma",
      "plainnet-wasm-f64-x2",
    ]);
    // One thread: the fastest is 1.25 (fma), so 1.5 is within 1.5x; no -x2 row.
    expect(ids("headline-f64-1t")).toEqual(["plainnet-wasm-f64", "plainnet-wasm-f64-fma"]);
    // float32: 0.9 is the fastest; 1.0 and 1.3 are within 1.35, 1.4 is not.
    expect(ids("headline-f32")).toEqual([
      "plainnet-wasm-f32",
      "plainnet-js-f32",
      "plainnet-wasm-f32-x2",
    ]);
    expect(ids("headline-f32-1t")).toEqual(["plainnet-wasm-f32", "plainnet-js-f32"]);
    // Any precision: float32 and float64 rows within 1.5 x 0.9; never a peer (TensorFlow.js,
    // NumPy).
    expect(ids("headline-tfjs")).toEqual([
      "plainnet-wasm-f32",
      "plainnet-js-f32",
      "plainnet-wasm-f64-fma",
      "plainnet-wasm-f64-x2",
      "plainnet-wasm-f32-x2",
    ]);
    expect(
      ids(
        "headline-f64",
        crowd.filter((r) => !r.plainnet),
      ),
    ).toEqual([]);
  });

  it("lists them in the order of the rows, whatever the order of their medians", () => {
    const rs = swapped("plainnet-wasm-f64", "plainnet-wasm-f64-x2");
    expect(rs.find((r) => r.candidate === "plainnet-wasm-f64")?.medianMs).toBe(1);
    expect(ids("headline-f64", rs)).toEqual(ids("headline-f64"));
  });
});

describe("pairedMembers with several contenders", () => {
  const members = [
    "plainnet-wasm-f64",
    "plainnet-wasm-f64-fma",
    "plainnet-wasm-f64-x2",
    "numpy",
    "plainnet-wasm-f32",
    "plainnet-js-f32",
    "plainnet-wasm-f32-x2",
    "tfjs-wasm",
  ];

  it("pairs every contender of each best-plainnet side and the named candidates, once", () => {
    expect(pairedMembers(evaluateTargets(crowd), crowd, "bun", "headline")).toEqual(members);
    // The same list when noise reorders the medians of two contenders.
    const rs = swapped("plainnet-wasm-f64", "plainnet-wasm-f64-x2");
    expect(pairedMembers(evaluateTargets(rs), rs, "bun", "headline")).toEqual(members);
    // Another runtime's rows do not count for bun, even a faster one.
    const withNode = [...crowd, pn("plainnet-wasm-f64-x2", "float64", 0.1, { runtime: "node" })];
    expect(pairedMembers(evaluateTargets(withNode), withNode, "bun", "headline")).toEqual(members);
  });

  it("needs the targets' specs", () => {
    expect(() => pairedMembers(evaluateTargets(crowd), crowd, "bun", "headline", [])).toThrow(
      /pairedMembers: target "headline-f64" is not among the specs given/,
    );
  });
});

describe("applyPaired with several contenders", () => {
  const series: Record<string, number[]> = {
    "plainnet-wasm-f64": [1.4, 1.5, 1.45],
    // Second in the main run (1.25 against 1.0), fastest paired.
    "plainnet-wasm-f64-fma": [1.0, 1.1, 0.9],
    "plainnet-wasm-f64-x2": [1.2, 1.3, 1.1],
    numpy: [1.25, 1.0, 1.0],
    "plainnet-wasm-f32": [0.9, 0.9, 0.9],
    "plainnet-js-f32": [0.8, 0.85, 0.7],
    "plainnet-wasm-f32-x2": [1.0, 1.0, 1.0],
    "tfjs-wasm": [10, 10, 10],
    "plainnet-js-f64": [4, 4, 4],
  };
  const measured = (
    over: Record<string, { msPerEpoch: number[]; dropped?: string }> = {},
  ): PairedSamples => ({
    runtime: "bun",
    workload: "headline",
    members: pairedMembers(evaluateTargets(crowd), crowd, "bun", "headline").map((candidate) => ({
      candidate,
      msPerEpoch: series[candidate] ?? [],
      ...over[candidate],
    })),
  });
  const medians = evaluateTargets(crowd);

  it("picks the contender with the lowest paired median and names it", () => {
    expect(byId(medians, "headline-f64").numerator?.candidate).toBe("plainnet-wasm-f64-x2");
    const r = applyPaired(medians, [measured()], crowd);
    const f64 = byId(r, "headline-f64");
    expect(f64.numerator?.candidate).toBe("plainnet-wasm-f64-fma");
    expect(f64.numerator?.label).toBe("plainnet wasm-f64-fma");
    // The term keeps the main run's median of the chosen row, and the main run's own choice.
    expect(f64.numerator?.medianMs).toBe(1.25);
    expect(f64.numerator?.mainRunBest?.candidate).toBe("plainnet-wasm-f64-x2");
    expect(f64.ratio).toBe(1.25 / 1.2);
    // Per round against NumPy: 1/1.25, 1.1/1, 0.9/1; the median is 0.9.
    expect(f64.paired?.ratios).toEqual([1.0 / 1.25, 1.1 / 1.0, 0.9 / 1.0]);
    expect(f64.paired?.ratio).toBe(0.9);
    expect(f64.status).toBe("PASS");
    // The one-thread side chose the same row in the main run: no main-run note.
    const oneThread = byId(r, "headline-f64-1t");
    expect(oneThread.numerator?.candidate).toBe("plainnet-wasm-f64-fma");
    expect(oneThread.numerator?.mainRunBest).toBeUndefined();
    // float32: js f32 (median 0.8) beats wasm f32 (0.9), the main run's choice.
    expect(byId(r, "headline-f32").numerator?.candidate).toBe("plainnet-js-f32");
    expect(byId(r, "headline-f32").numerator?.mainRunBest?.candidate).toBe("plainnet-wasm-f32");
    expect(byId(r, "headline-tfjs").denominator?.candidate).toBe("plainnet-js-f32");
    // The table names the paired choice and the main run's.
    const line =
      targetsTable(r)
        .split("\n")
        .find((l) => l.includes("headline float64:")) ?? "";
    expect(line).toContain(
      "plainnet wasm-f64-fma 1.25 ms/epoch (paired choice; the main run's fastest: plainnet wasm-f64-x2 1.00 ms/epoch)",
    );
  });

  it("keeps to the side's precision and thread count", () => {
    const fastX2 = { "plainnet-wasm-f64-x2": { msPerEpoch: [0.5, 0.5, 0.5] } };
    const r = applyPaired(medians, [measured(fastX2)], crowd);
    expect(byId(r, "headline-f64").numerator?.candidate).toBe("plainnet-wasm-f64-x2");
    expect(byId(r, "headline-f64").numerator?.mainRunBest).toBeUndefined();
    expect(byId(r, "headline-f64-1t").numerator?.candidate).toBe("plainnet-wasm-f64-fma");
    expect(byId(r, "headline-f32").numerator?.candidate).toBe("plainnet-js-f32");
    // Any precision: the float64 x2 row, faster than every float32 one.
    expect(byId(r, "headline-tfjs").denominator?.candidate).toBe("plainnet-wasm-f64-x2");
    expect(byId(r, "headline-tfjs").paired?.ratio).toBe(20);
  });

  it("leaves the named sides as the main run resolved them", () => {
    const r = applyPaired(medians, [measured()], crowd);
    for (const id of ["headline-f64", "headline-f32"]) {
      expect(byId(r, id).denominator).toEqual(byId(medians, id).denominator);
    }
    const js = byId(r, "headline-tfjs-js");
    expect(js.numerator).toEqual(byId(medians, "headline-tfjs-js").numerator);
    expect(js.ratio).toBe(byId(medians, "headline-tfjs-js").ratio);
    // The typed-array side is a best-plainnet one: js f32 (1.3) is its only contender (js f64,
    // 4, is not within 1.5x), never a WebAssembly row. Paired: 10 / 0.8, 10 / 0.85, 10 / 0.7.
    expect(js.denominator?.candidate).toBe("plainnet-js-f32");
    expect(js.paired?.ratio).toBe(10 / 0.8);
    expect(byId(r, "headline-tfjs").numerator).toEqual(byId(medians, "headline-tfjs").numerator);
  });

  it("takes the next contender when some dropped out, and is n/a when all did", () => {
    const some = applyPaired(
      medians,
      [
        measured({
          "plainnet-wasm-f64-fma": { msPerEpoch: [], dropped: "skipped: over budget" },
          "plainnet-wasm-f64-x2": { msPerEpoch: [1.2], dropped: "failed: worker died" },
        }),
      ],
      crowd,
    );
    expect(byId(some, "headline-f64").numerator?.candidate).toBe("plainnet-wasm-f64");
    expect(byId(some, "headline-f64").status).toBe("MISS"); // 1.4/1.25, 1.5/1, 1.45/1
    const all = applyPaired(
      medians,
      [
        measured({
          "plainnet-wasm-f64": { msPerEpoch: [], dropped: "failed: a" },
          "plainnet-wasm-f64-fma": { msPerEpoch: [], dropped: "skipped: b" },
          "plainnet-wasm-f64-x2": { msPerEpoch: [1.2], dropped: "exited without its gate files" },
        }),
      ],
      crowd,
    );
    const f64 = byId(all, "headline-f64");
    // plainnet js f64 was measured (for another target) and fits, but is not a contender.
    expect(f64.status).toBe("n/a");
    expect(f64.basis).toBe("paired");
    expect(f64.paired).toBeUndefined();
    expect(f64.reason).toBe(
      "paired measurement: every best plainnet float64 contender dropped out (plainnet wasm-f64 failed: a; plainnet wasm-f64-fma skipped: b; plainnet wasm-f64-x2 exited without its gate files)",
    );
    // The target keeps the main run's terms and ratio.
    expect(f64.numerator).toEqual(byId(medians, "headline-f64").numerator);
    expect(f64.ratio).toBe(byId(medians, "headline-f64").ratio);
    expect(byId(all, "headline-f64-1t").status).toBe("n/a");
    expect(byId(all, "headline-f32").status).not.toBe("n/a");
  });

  it("needs the targets' specs", () => {
    expect(() => applyPaired(medians, [measured()], crowd, [])).toThrow(
      /applyPaired: target "headline-f64" is not among the specs given/,
    );
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

// Issue 9's performance targets, evaluated from the medians of one run: pure functions over the
// report's rows, one verdict per target and runtime (PASS, MISS, or n/a with the reason). A
// paired measurement (src/paired-targets.ts) may then decide the verdicts instead.
import type { PairedRatio } from "./paired-targets.ts";
import { formatNumber, formatRatio, renderTable } from "./table.ts";
import type { Precision, ResultRow, RuntimeName } from "./types.ts";

/** One side of a target's ratio: a named candidate, or the fastest plainnet row. */
export type TargetSide = CandidateSide | BestPlainnetSide;

/** A side that is one named candidate, e.g. NumPy. */
export interface CandidateSide {
  readonly kind: "candidate";
  readonly id: string;
  readonly text: string;
}

/** A side that is the fastest plainnet row: of one precision if named, one-thread if asked,
 * JavaScript typed arrays only if asked. */
export interface BestPlainnetSide {
  readonly kind: "best-plainnet";
  readonly precision?: Precision;
  /** Only single-thread candidates (not the data-parallel `-x2` ones). */
  readonly oneThread?: boolean;
  /** Only plainnet's typed-array JavaScript (no WebAssembly): the reference typed-array backend
   * (`plainnet-typed-array`) and the fused engine's js kernels (`plainnet-js-…`). */
  readonly typedArray?: boolean;
  readonly text: string;
}

/** A target: `numerator / denominator` (medians of one workload and runtime) `op` `goal`. */
export interface TargetSpec {
  readonly id: string;
  readonly workload: string;
  /** Short name, e.g. "headline float64". */
  readonly title: string;
  readonly numerator: TargetSide;
  readonly denominator: TargetSide;
  readonly op: "<=" | ">=";
  readonly goal: number;
}

/** Whether a target was met; "n/a" when a row it needs did not produce a time. */
export type TargetStatus = "PASS" | "MISS" | "n/a";

/** The row one side of a ratio resolved to (its median and GFLOP/s are the main run's). */
export interface TargetTerm {
  readonly candidate: string;
  readonly label: string;
  readonly medianMs: number;
  readonly gflops?: number;
  /** A "best plainnet" side chosen by a paired measurement: the main run's choice (the fastest
   * median), when it differs. */
  readonly mainRunBest?: TargetTerm;
}

/** A target's verdict on one runtime. */
export interface TargetResult {
  readonly id: string;
  readonly runtime: RuntimeName;
  readonly workload: string;
  readonly title: string;
  /** e.g. "best plainnet float64 ÷ NumPy". */
  readonly formula: string;
  readonly op: "<=" | ">=";
  readonly goal: number;
  readonly status: TargetStatus;
  /** What decided the status: the ratio of the medians, or a paired measurement. */
  readonly basis: "medians" | "paired";
  /** The ratio of the two sides' medians in the main run (of the rows `numerator` and
   * `denominator` name). */
  readonly ratio?: number;
  /** The median of the per-round ratios of a paired measurement (basis "paired"). */
  readonly paired?: PairedRatio;
  readonly numerator?: TargetTerm;
  readonly denominator?: TargetTerm;
  /** Why the target is n/a. */
  readonly reason?: string;
}

const NUMPY: TargetSide = { kind: "candidate", id: "numpy", text: "NumPy" };
const TFJS_WASM: TargetSide = { kind: "candidate", id: "tfjs-wasm", text: "TensorFlow.js wasm" };
const BEST: TargetSide = { kind: "best-plainnet", text: "best plainnet" };
const BEST_F64: TargetSide = {
  kind: "best-plainnet",
  precision: "float64",
  text: "best plainnet float64",
};
const BEST_F32: TargetSide = {
  kind: "best-plainnet",
  precision: "float32",
  text: "best plainnet float32",
};
const BEST_F64_ONE: TargetSide = {
  kind: "best-plainnet",
  precision: "float64",
  oneThread: true,
  text: "best one-thread plainnet float64",
};
const BEST_F32_ONE: TargetSide = {
  kind: "best-plainnet",
  precision: "float32",
  oneThread: true,
  text: "best one-thread plainnet float32",
};
const BEST_JS: TargetSide = {
  kind: "best-plainnet",
  typedArray: true,
  text: "best plainnet typed-array JS",
};
const BEST_JS_ONE: TargetSide = {
  kind: "best-plainnet",
  typedArray: true,
  oneThread: true,
  text: "best one-thread plainnet typed-array JS",
};

/**
 * Issue 9's targets, in report order, then two guards of the engine's dead-unit skipping.
 * "best plainnet" is the fastest plainnet row of the workload (reference path or fused
 * engine), of the given precision if one is named.
 *
 * @example
 * ```ts
 * ISSUE9_TARGETS.map((t) => t.id);
 * // ["headline-f64", "headline-f64-1t", "headline-f32", "headline-f32-1t", "seed-net",
 * //  "headline-tfjs", "headline-tfjs-js", "headline-tfjs-js-1t", "wide-f64",
 * //  "headline-skip-f64", "headline-skip-f32"]
 * ```
 */
export const ISSUE9_TARGETS: readonly TargetSpec[] = [
  {
    id: "headline-f64",
    workload: "headline",
    title: "headline float64",
    numerator: BEST_F64,
    denominator: NUMPY,
    op: "<=",
    goal: 1,
  },
  {
    id: "headline-f64-1t",
    workload: "headline",
    title: "headline float64, one thread",
    numerator: BEST_F64_ONE,
    denominator: NUMPY,
    op: "<=",
    goal: 1,
  },
  {
    id: "headline-f32",
    workload: "headline",
    title: "headline float32",
    numerator: BEST_F32,
    denominator: NUMPY,
    op: "<=",
    goal: 0.5,
  },
  {
    id: "headline-f32-1t",
    workload: "headline",
    title: "headline float32, one thread",
    numerator: BEST_F32_ONE,
    denominator: NUMPY,
    op: "<=",
    goal: 0.5,
  },
  {
    id: "seed-net",
    workload: "seed-net",
    title: "seed-net",
    numerator: NUMPY,
    denominator: BEST,
    op: ">=",
    goal: 10,
  },
  {
    id: "headline-tfjs",
    workload: "headline",
    title: "headline vs TensorFlow.js",
    numerator: TFJS_WASM,
    denominator: BEST,
    op: ">=",
    goal: 5,
  },
  {
    id: "headline-tfjs-js",
    workload: "headline",
    title: "headline vs TensorFlow.js, typed arrays",
    numerator: TFJS_WASM,
    denominator: BEST_JS,
    op: ">=",
    goal: 2,
  },
  {
    id: "headline-tfjs-js-1t",
    workload: "headline",
    title: "headline vs TensorFlow.js, typed arrays, one thread",
    numerator: TFJS_WASM,
    denominator: BEST_JS_ONE,
    op: ">=",
    goal: 2,
  },
  {
    id: "wide-f64",
    workload: "wide",
    title: "wide float64",
    numerator: BEST_F64,
    denominator: NUMPY,
    op: "<=",
    goal: 2,
  },
  // Not issue 9's: guards that skipping dead ReLU units never slows the engine down, and the
  // paired before/after ratio of that change in every run.
  {
    id: "headline-skip-f64",
    workload: "headline",
    title: "dead-unit skipping (a guard), headline float64",
    numerator: { kind: "candidate", id: "plainnet-wasm-f64", text: "plainnet wasm-simd f64" },
    denominator: {
      kind: "candidate",
      id: "plainnet-wasm-f64-dense",
      text: "the same without skipping",
    },
    op: "<=",
    goal: 1,
  },
  {
    id: "headline-skip-f32",
    workload: "headline",
    title: "dead-unit skipping (a guard), headline float32",
    numerator: { kind: "candidate", id: "plainnet-wasm-f32", text: "plainnet wasm-simd f32" },
    denominator: {
      kind: "candidate",
      id: "plainnet-wasm-f32-dense",
      text: "the same without skipping",
    },
    op: "<=",
    goal: 1,
  },
];

const RUNTIME_ORDER: readonly RuntimeName[] = ["node", "bun", "deno"];

/** The first line of a reason, at most `max` characters. */
function short(reason: string | undefined, max = 140): string {
  const line = (reason ?? "").split("\n")[0] ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * The term of a row that has a time: its candidate, label, median and GFLOP/s.
 *
 * @example
 * ```ts
 * targetTerm(row).label; // "plainnet fused wasm-simd f64"
 * ```
 */
export function targetTerm(r: ResultRow): TargetTerm {
  return {
    candidate: r.candidate,
    label: r.label,
    medianMs: r.medianMs as number,
    ...(r.gflops !== undefined ? { gflops: r.gflops } : {}),
  };
}

/** Whether a row has a time: status ok and a positive finite median. */
function isTimed(r: ResultRow): boolean {
  return (
    r.status === "ok" && r.medianMs !== undefined && Number.isFinite(r.medianMs) && r.medianMs > 0
  );
}

/** Whether a row may stand for a "best plainnet" side: a plainnet row of the side's precision
 * (any when none is named), not a data-parallel (`-x2`) one when the side is one-thread, and
 * typed-array JavaScript when the side asks for it. The `-dense` rows (the engine without
 * dead-unit skipping, shown for comparison) never do. */
function fitsSide(side: BestPlainnetSide, r: ResultRow): boolean {
  return (
    r.plainnet &&
    !r.candidate.endsWith("-dense") &&
    (side.precision === undefined || r.precision === side.precision) &&
    (side.oneThread !== true || !/-x\d+$/.test(r.candidate)) &&
    (side.typedArray !== true || /^plainnet-(typed-array$|js-)/.test(r.candidate))
  );
}

/**
 * How much slower than a "best plainnet" side's fastest median (main run) a row may be and still
 * be measured paired as a contender for that side.
 *
 * @example
 * ```ts
 * CONTENDER_SPREAD; // 1.5
 * ```
 */
export const CONTENDER_SPREAD = 1.5;

/**
 * The contenders of a "best plainnet" side among one workload's rows of one runtime: the rows
 * that fit the side (plainnet, its precision, one-thread if asked), have a time, and whose median is at most
 * {@link CONTENDER_SPREAD} times the fastest of them; in the order of `rows` (report order, not
 * the order of the medians), so that noise in the medians changes which rows come, not their
 * order.
 *
 * @example
 * ```ts
 * const side = ISSUE9_TARGETS[0].numerator; // best plainnet float64
 * if (side.kind === "best-plainnet") contenders(side, rows).map((r) => r.candidate);
 * // ["plainnet-wasm-f64", "plainnet-wasm-f64-x2"] when both are within 1.5x of the faster
 * ```
 */
export function contenders(side: BestPlainnetSide, rows: readonly ResultRow[]): ResultRow[] {
  const ok = rows.filter((r) => fitsSide(side, r) && isTimed(r));
  if (ok.length === 0) return [];
  const best = Math.min(...ok.map((r) => r.medianMs as number));
  return ok.filter((r) => (r.medianMs as number) <= CONTENDER_SPREAD * best);
}

/** The row a side resolves to among one workload's rows of one runtime, or why there is none. */
function resolveSide(
  side: TargetSide,
  rows: readonly ResultRow[],
): { term: TargetTerm } | { reason: string } {
  if (side.kind === "candidate") {
    const row = rows.find((r) => r.candidate === side.id);
    if (!row) return { reason: `${side.text} did not run` };
    if (!isTimed(row)) {
      const status = row.status === "failed" ? "FAILED" : row.status;
      const why = short(row.reason);
      return {
        reason: `${row.label} ${status === "ok" ? "has no time" : status}${why ? `: ${why}` : ""}`,
      };
    }
    return { term: targetTerm(row) };
  }
  const ok = rows.filter((r) => fitsSide(side, r) && isTimed(r));
  if (ok.length === 0) {
    const words = [side.oneThread && "one-thread", side.typedArray && "typed-array JS"];
    const kind = [...words, side.precision].map((w) => (w ? `${w} ` : "")).join("");
    return { reason: `no plainnet ${kind}candidate finished` };
  }
  const best = ok.reduce((a, b) => ((b.medianMs as number) < (a.medianMs as number) ? b : a));
  return { term: targetTerm(best) };
}

/**
 * Evaluates targets on every runtime present in `rows` (in the order node, bun, deno): the
 * ratio of the two sides' medians, PASS when it meets the goal, MISS when not, and "n/a" with
 * the reason when a side has no time (not run, not available, skipped or failed).
 *
 * @example
 * ```ts
 * const [t] = evaluateTargets(rows, [ISSUE9_TARGETS[0]]);
 * t.status; // "PASS" when the best plainnet float64 median is at most NumPy's
 * ```
 */
export function evaluateTargets(
  rows: readonly ResultRow[],
  specs: readonly TargetSpec[] = ISSUE9_TARGETS,
): TargetResult[] {
  const runtimes = RUNTIME_ORDER.filter((rt) => rows.some((r) => r.runtime === rt));
  const out: TargetResult[] = [];
  for (const runtime of runtimes) {
    for (const spec of specs) {
      const base = {
        id: spec.id,
        runtime,
        workload: spec.workload,
        basis: "medians" as const,
        title: spec.title,
        formula: `${spec.numerator.text} ÷ ${spec.denominator.text}`,
        op: spec.op,
        goal: spec.goal,
      };
      const mine = rows.filter((r) => r.runtime === runtime && r.workload === spec.workload);
      if (mine.length === 0) {
        out.push({ ...base, status: "n/a", reason: `workload ${spec.workload} did not run` });
        continue;
      }
      const num = resolveSide(spec.numerator, mine);
      const den = resolveSide(spec.denominator, mine);
      if ("reason" in num || "reason" in den) {
        const reasons = [num, den].flatMap((s) => ("reason" in s ? [s.reason] : []));
        out.push({ ...base, status: "n/a", reason: reasons.join("; ") });
        continue;
      }
      const ratio = num.term.medianMs / den.term.medianMs;
      const met = spec.op === "<=" ? ratio <= spec.goal : ratio >= spec.goal;
      out.push({
        ...base,
        status: met ? "PASS" : "MISS",
        ratio,
        numerator: num.term,
        denominator: den.term,
      });
    }
  }
  return out;
}

function termText(t: TargetTerm, unit: string): string {
  const rate = t.gflops !== undefined ? `, ${formatNumber(t.gflops)} GFLOP/s` : "";
  const main = t.mainRunBest
    ? ` (paired choice; the main run's fastest: ${t.mainRunBest.label} ${formatNumber(t.mainRunBest.medianMs)} ${unit})`
    : "";
  return `${t.label} ${formatNumber(t.medianMs)} ${unit}${rate}${main}`;
}

/**
 * The verdict cell: "PASS", "MISS" or "n/a (why)".
 *
 * @example
 * ```ts
 * verdictText({ status: "n/a", reason: "NumPy not available" }); // "n/a (NumPy not available)"
 * ```
 */
export function verdictText(t: Pick<TargetResult, "status" | "reason">): string {
  return t.status === "n/a" ? `n/a (${t.reason ?? "unknown"})` : t.status;
}

/**
 * The paired cell: the median of the per-round ratios, their interquartile range (the middle
 * half of the rounds: steadier than the extremes, which one stalled sample decides) and the
 * rounds. The extremes stay in results.json.
 *
 * @example
 * ```ts
 * pairedText({ ratio: 0.93, q1: 0.9, q3: 0.95, min: 0.88, max: 0.97, rounds: 15, ratios: [] });
 * // "0.930× (IQR 0.900–0.950, 15 rounds)"
 * ```
 */
export function pairedText(p: PairedRatio): string {
  const rounds = `${p.rounds} round${p.rounds === 1 ? "" : "s"}`;
  return `${formatRatio(p.ratio)} (IQR ${formatNumber(p.q1)}–${formatNumber(p.q3)}, ${rounds})`;
}

/**
 * The targets as a Markdown table: one line per target and runtime with the measured ratio,
 * the goal, the verdict and the medians it came from. When a paired measurement decided any
 * verdict, a "paired" column (median of the per-round ratios, their interquartile range and
 * the rounds)
 * comes first and the ratio of medians second.
 *
 * @example
 * ```ts
 * console.log(targetsTable(evaluateTargets(rows)));
 * ```
 */
export function targetsTable(results: readonly TargetResult[]): string {
  const multi = new Set(results.map((r) => r.runtime)).size > 1;
  const paired = results.some((r) => r.basis === "paired");
  const body = results.map((t) => [
    ...(multi ? [t.runtime] : []),
    `${t.title}: ${t.formula}`,
    ...(paired ? [t.paired ? pairedText(t.paired) : "–"] : []),
    t.ratio === undefined ? "–" : formatRatio(t.ratio),
    `${t.op === "<=" ? "≤" : "≥"} ${formatNumber(t.goal, 2)}×`,
    verdictText(t),
    t.numerator && t.denominator
      ? `${termText(t.numerator, "ms/epoch")} ÷ ${termText(t.denominator, "ms/epoch")}`
      : "–",
  ]);
  return renderTable(
    [
      ...(multi ? ["runtime"] : []),
      "target",
      ...(paired ? ["paired (IQR, rounds)", "ratio of medians"] : ["measured"]),
      "goal",
      "result",
      "medians",
    ],
    body,
    [
      ...(multi ? (["left"] as const) : []),
      "left",
      ...(paired ? (["right", "right"] as const) : (["right"] as const)),
      "left",
      "left",
      "left",
    ],
  );
}

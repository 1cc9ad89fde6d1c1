// Issue 9's targets from paired measurements (src/paired.ts): which candidates to pair (every
// contender of a "best plainnet" side), which contender is best by its paired samples, the
// per-round ratios and their median, and the verdicts they give. Pure functions.
import type { PairedSeries } from "./paired.ts";
import { quantile } from "./stats.ts";
import {
  type BestPlainnetSide,
  contenders,
  ISSUE9_TARGETS,
  type TargetResult,
  type TargetSide,
  type TargetSpec,
  type TargetTerm,
  targetTerm,
} from "./targets.ts";
import type { ResultRow, RuntimeName } from "./types.ts";

/** The ratio of a target's two sides from paired samples: the median of the per-round ratios. */
export interface PairedRatio {
  /** Median of the per-round ratios: the value the verdict uses. */
  readonly ratio: number;
  /** Quartiles and extremes of the per-round ratios. */
  readonly q1: number;
  readonly q3: number;
  readonly min: number;
  readonly max: number;
  readonly rounds: number;
  /** numerator_r / denominator_r for every round r. */
  readonly ratios: readonly number[];
}

/** What {@link applyPaired} needs of a paired measurement. */
export interface PairedSamples {
  readonly runtime: RuntimeName;
  readonly workload: string;
  readonly members: readonly PairedSeries[];
}

/**
 * The per-round ratios `numerator[r] / denominator[r]` and their median, quartiles and
 * extremes. Throws a RangeError when the series are empty, differ in length, or hold a time that
 * is not a positive finite number.
 *
 * @example
 * ```ts
 * pairedRatio([1, 2, 3], [2, 2, 2]).ratio; // 1 (the ratios are 0.5, 1, 1.5)
 * ```
 */
export function pairedRatio(
  numerator: readonly number[],
  denominator: readonly number[],
): PairedRatio {
  if (numerator.length === 0 || numerator.length !== denominator.length) {
    throw new RangeError(
      `pairedRatio: expected two series of the same non-zero length, got ${numerator.length} and ${denominator.length} samples`,
    );
  }
  const ratios = numerator.map((n, r) => {
    const d = denominator[r] as number;
    for (const [v, side] of [
      [n, "numerator"],
      [d, "denominator"],
    ] as const) {
      if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
        throw new RangeError(
          `pairedRatio: ${side} time of round ${r} must be a positive finite number, got ${String(v)}`,
        );
      }
    }
    return n / d;
  });
  return {
    ratio: quantile(ratios, 0.5),
    q1: quantile(ratios, 0.25),
    q3: quantile(ratios, 0.75),
    min: Math.min(...ratios),
    max: Math.max(...ratios),
    rounds: ratios.length,
    ratios,
  };
}

/** The spec of a target result, by id. */
function specOf(t: TargetResult, specs: readonly TargetSpec[], where: string): TargetSpec {
  const spec = specs.find((x) => x.id === t.id);
  if (!spec) {
    throw new RangeError(
      `${where}: target "${t.id}" is not among the specs given (${specs.map((x) => x.id).join(", ")})`,
    );
  }
  return spec;
}

/**
 * The candidates a paired measurement of `workload` on `runtime` needs, for every target there
 * that resolved to rows in the main run (targets that are n/a need nothing), each once: a named
 * side's candidate, and for a "best plainnet" side all its {@link contenders} (the plainnet rows
 * that fit it, within 1.5x of its fastest median), so that the paired measurement picks the
 * fastest. In target order, numerator first; contenders in the order of `rows`, not of their
 * medians. `rows` are the main run's (any runtime and workload); `specs` the targets' specs.
 *
 * @example
 * ```ts
 * pairedMembers(evaluateTargets(rows), rows, "bun", "headline");
 * // ["plainnet-wasm-f64", "plainnet-wasm-f64-x2", "numpy", "plainnet-wasm-f32", "plainnet-wasm-f32-x2",
 * //  "tfjs-wasm", "plainnet-js-f64"]
 * ```
 */
export function pairedMembers(
  targets: readonly TargetResult[],
  rows: readonly ResultRow[],
  runtime: RuntimeName,
  workload: string,
  specs: readonly TargetSpec[] = ISSUE9_TARGETS,
): string[] {
  const mine = rows.filter((r) => r.runtime === runtime && r.workload === workload);
  const out: string[] = [];
  for (const t of targets) {
    if (t.runtime !== runtime || t.workload !== workload || !t.numerator || !t.denominator) {
      continue;
    }
    const spec = specOf(t, specs, "pairedMembers");
    const sides: [TargetSide, TargetTerm][] = [
      [spec.numerator, t.numerator],
      [spec.denominator, t.denominator],
    ];
    for (const [side, term] of sides) {
      const ids =
        side.kind === "best-plainnet"
          ? contenders(side, mine).map((r) => r.candidate)
          : [term.candidate];
      for (const id of ids) if (!out.includes(id)) out.push(id);
    }
  }
  return out;
}

/** One side of a target in a paired measurement: its series and term, or why it has none. */
type PairedSide =
  | { readonly series: PairedSeries; readonly term: TargetTerm }
  | { readonly reason: string };

/** A named side: its candidate's series. */
function candidateSide(term: TargetTerm, m: PairedSamples): PairedSide {
  const series = m.members.find((s) => s.candidate === term.candidate);
  if (!series) return { reason: `${term.label} was not measured` };
  if (series.dropped !== undefined) return { reason: `${term.label} ${series.dropped}` };
  return { series, term };
}

/** A "best plainnet" side: of its contenders in the main run (`rows`: one workload and runtime),
 * the one that did not drop out and has the lowest median of its paired samples (the first in
 * the order of `rows` on a tie). */
function bestSide(
  side: BestPlainnetSide,
  mainRun: TargetTerm,
  m: PairedSamples,
  rows: readonly ResultRow[],
): PairedSide {
  const mine = contenders(side, rows).map((row) => ({
    row,
    series: m.members.find((s) => s.candidate === row.candidate),
  }));
  const live = mine.flatMap(({ row, series }) =>
    series && series.dropped === undefined && series.msPerEpoch.length > 0
      ? [{ row, series, median: quantile(series.msPerEpoch, 0.5) }]
      : [],
  );
  if (live.length === 0) {
    const why = mine.map(
      ({ row, series }) =>
        `${row.label} ${series ? (series.dropped ?? "has no samples") : "was not measured"}`,
    );
    return { reason: `every ${side.text} contender dropped out (${why.join("; ")})` };
  }
  const best = live.reduce((a, b) => (b.median < a.median ? b : a));
  const term = targetTerm(best.row);
  return {
    series: best.series,
    term: best.row.candidate === mainRun.candidate ? term : { ...term, mainRunBest: mainRun },
  };
}

/**
 * The targets with the verdicts of paired measurements: a target whose workload and runtime
 * were measured paired gets the median of its per-round ratios (`paired`), and PASS or MISS
 * from it (`basis: "paired"`). A "best plainnet" side is, of its {@link contenders} in the main
 * run, the one that did not drop out and has the lowest median of its paired samples: its term names
 * that candidate (with the main run's medians; `mainRunBest` holds the main run's choice when it
 * differs), and `ratio` is the ratio of the main run's medians of the terms shown. When a named
 * side, or every contender of a best side, dropped out of the paired measurement the target is
 * n/a, with the reasons, and keeps its terms. Targets without a paired measurement keep their
 * verdict from the medians. `rows` are the main run's rows (any runtime and workload), `specs`
 * the targets' specs.
 *
 * @example
 * ```ts
 * const members = pairedMembers(targets, rows, "bun", "headline");
 * const r = applyPaired(targets, [await measurePaired("bun", "headline", members, 15, false)], rows);
 * r[0].paired?.ratio; // 0.93
 * r[0].numerator?.candidate; // "plainnet-wasm-f64-x2", the fastest float64 contender paired
 * ```
 */
export function applyPaired(
  targets: readonly TargetResult[],
  measurements: readonly PairedSamples[],
  rows: readonly ResultRow[],
  specs: readonly TargetSpec[] = ISSUE9_TARGETS,
): TargetResult[] {
  return targets.map((t) => {
    const m = measurements.find((x) => x.runtime === t.runtime && x.workload === t.workload);
    if (!m || !t.numerator || !t.denominator) return t;
    const spec = specOf(t, specs, "applyPaired");
    const mine = rows.filter((r) => r.runtime === t.runtime && r.workload === t.workload);
    const resolve = (side: TargetSide, term: TargetTerm): PairedSide =>
      side.kind === "best-plainnet" ? bestSide(side, term, m, mine) : candidateSide(term, m);
    const num = resolve(spec.numerator, t.numerator);
    const den = resolve(spec.denominator, t.denominator);
    if ("reason" in num || "reason" in den) {
      const why = [num, den].flatMap((s) => ("reason" in s ? [s.reason] : []));
      return {
        ...t,
        basis: "paired" as const,
        status: "n/a" as const,
        reason: `paired measurement: ${why.join("; ")}`,
      };
    }
    const paired = pairedRatio(num.series.msPerEpoch, den.series.msPerEpoch);
    const met = t.op === "<=" ? paired.ratio <= t.goal : paired.ratio >= t.goal;
    return {
      ...t,
      basis: "paired" as const,
      status: met ? "PASS" : "MISS",
      ratio: num.term.medianMs / den.term.medianMs,
      numerator: num.term,
      denominator: den.term,
      paired,
    };
  });
}

// Issue 9's targets from paired measurements (src/paired.ts): which candidates to pair, the
// per-round ratios and their median, and the verdicts they give. Pure functions.
import type { PairedSeries } from "./paired.ts";
import { quantile } from "./stats.ts";
import type { TargetResult } from "./targets.ts";
import type { RuntimeName } from "./types.ts";

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

/**
 * The candidates a paired measurement of `workload` on `runtime` needs: both sides of every
 * target there that resolved to rows in the main run (its "best plainnet" choices included),
 * each once, in the order the targets name them. Targets that are n/a need nothing.
 *
 * @example
 * ```ts
 * pairedMembers(evaluateTargets(rows), "bun", "headline");
 * // ["plainnet-wasm-f64-x2", "numpy", "plainnet-wasm-f64", "plainnet-wasm-f32", "tfjs-wasm", "plainnet-js-f64"]
 * ```
 */
export function pairedMembers(
  targets: readonly TargetResult[],
  runtime: RuntimeName,
  workload: string,
): string[] {
  const out: string[] = [];
  for (const t of targets) {
    if (t.runtime !== runtime || t.workload !== workload) continue;
    for (const term of [t.numerator, t.denominator]) {
      if (term && !out.includes(term.candidate)) out.push(term.candidate);
    }
  }
  return out;
}

/**
 * The targets with the verdicts of paired measurements: a target whose workload and runtime
 * were measured paired gets the median of its per-round ratios (`paired`), and PASS or MISS
 * from it (`basis: "paired"`); its ratio of medians stays in `ratio`. When one of its sides
 * dropped out of the paired measurement the target is n/a, with that reason. Targets without a
 * paired measurement keep their verdict from the medians.
 *
 * @example
 * ```ts
 * const targets = applyPaired(evaluateTargets(rows), [await measurePaired("bun", "headline", members, 15, false)]);
 * targets[0].paired?.ratio; // 0.93
 * ```
 */
export function applyPaired(
  targets: readonly TargetResult[],
  measurements: readonly PairedSamples[],
): TargetResult[] {
  return targets.map((t) => {
    const m = measurements.find((x) => x.runtime === t.runtime && x.workload === t.workload);
    if (!m || !t.numerator || !t.denominator) return t;
    const sides = [t.numerator, t.denominator].map((term) => {
      const series = m.members.find((s) => s.candidate === term.candidate);
      if (!series) return { reason: `${term.label} was not measured` };
      if (series.dropped !== undefined) return { reason: `${term.label} ${series.dropped}` };
      return { series };
    });
    const [num, den] = sides as [(typeof sides)[number], (typeof sides)[number]];
    if (!num.series || !den.series) {
      const why = [num, den].flatMap((s) => (s.reason !== undefined ? [s.reason] : []));
      return {
        ...t,
        basis: "paired" as const,
        status: "n/a" as const,
        reason: `paired measurement: ${why.join("; ")}`,
      };
    }
    const paired = pairedRatio(num.series.msPerEpoch, den.series.msPerEpoch);
    const met = t.op === "<=" ? paired.ratio <= t.goal : paired.ratio >= t.goal;
    return { ...t, basis: "paired" as const, status: met ? "PASS" : "MISS", paired };
  });
}

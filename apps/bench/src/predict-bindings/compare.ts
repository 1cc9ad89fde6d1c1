// The predict comparison (issue 25), run by main.ts: plainnet's predictProba
// against ONNX Runtime (onnxruntime-node) running the model toONNX exports and TensorFlow.js
// running the toTfjsArtifacts model: the same samples, batch 1 and 4096, float32 and float64,
// on the headline network (2-25-50-50-25-1) and the wide one (2-256-256-1). Paired ratios
// (engine time / plainnet time, per round). Targets (issue 25): plainnet at batch 1 no slower
// than session.run; at batch 4096 within 2x of ONNX Runtime in float32. Before timing, every
// engine's outputs are checked against plainnet's (1e-12 float64 ONNX, 1e-5 float32).
import {
  onnxEngine,
  type PredictDtype,
  type PredictEngine,
  plainnetEngine,
  predictSetup,
  tfjsEngine,
} from "./engines.ts";
import { callsFor, type PairedResult, pairedRounds } from "./measure.ts";

/** One configuration of the comparison. */
export interface PredictCase {
  readonly net: "headline" | "wide";
  readonly sizes: readonly number[];
  readonly batch: number;
  readonly dtype: PredictDtype;
}

/** Every configuration, in report order. */
export const PREDICT_CASES: readonly PredictCase[] = (["headline", "wide"] as const).flatMap(
  (net) =>
    [1, 4096].flatMap((batch) =>
      (["float32", "float64"] as const).map((dtype) => ({
        net,
        sizes: net === "headline" ? [2, 25, 50, 50, 25, 1] : [2, 256, 256, 1],
        batch,
        dtype,
      })),
    ),
);

/** Largest |a - e| / max(|e|, 1). */
function maxError(a: ArrayLike<number>, e: ArrayLike<number>): number {
  if (a.length !== e.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < e.length; i++) {
    const err = Math.abs(a[i]! - e[i]!) / Math.max(Math.abs(e[i]!), 1);
    worst = Number.isNaN(err) ? Infinity : Math.max(worst, err);
  }
  return worst;
}

/** The result of one configuration: its rows and the output check. */
export interface CaseResult {
  readonly case: PredictCase;
  readonly rows: PairedResult[];
  readonly maxError: Readonly<Record<string, number>>;
}

/**
 * Checks and times one configuration.
 *
 * @example
 * ```ts
 * await runCase(PREDICT_CASES[0], { rounds: 3, targetMs: 5, warmupMs: 50 });
 * ```
 */
export async function runCase(
  c: PredictCase,
  options: { readonly rounds: number; readonly targetMs: number; readonly warmupMs: number },
): Promise<CaseResult> {
  const { net, X } = predictSetup(c.sizes, c.batch, c.dtype);
  const engines: PredictEngine[] = [
    plainnetEngine(net, X),
    await onnxEngine(net, X, c.dtype),
    await tfjsEngine(net, X),
  ];
  try {
    const reference = await engines[0]!.run();
    const errors: Record<string, number> = {};
    for (const e of engines.slice(1)) {
      const err = maxError(await e.run(), reference);
      const tol = e.id === "onnxruntime" && c.dtype === "float64" ? 1e-12 : 1e-5;
      if (!(err <= tol)) {
        throw new Error(`${e.label}: outputs differ from plainnet's by ${err} (> ${tol})`);
      }
      errors[e.id] = err;
    }
    const calls = await callsFor(engines[0]!, options.targetMs);
    const rows = await pairedRounds(engines, {
      rounds: options.rounds,
      calls,
      warmupMs: options.warmupMs,
    });
    return { case: c, rows, maxError: errors };
  } finally {
    for (const e of engines) e.dispose();
  }
}

const fmt = (v: number): string =>
  v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);

/**
 * The report's lines for one configuration, with the targets.
 *
 * @example
 * ```ts
 * reportLines(result).join("\n");
 * ```
 */
export function reportLines(r: CaseResult): string[] {
  const c = r.case;
  const head = `${c.net} ${c.sizes.join("-")}, batch ${c.batch}, ${c.dtype}`;
  const ort = r.rows.find((x) => x.id === "onnxruntime")!;
  // ratio = onnx / plainnet: plainnet no slower means ratio >= 1; within 2x means >= 0.5.
  const target =
    c.batch === 1
      ? `target plainnet <= ONNX Runtime: ${ort.ratio.median >= 1 ? "met" : "not met"}`
      : c.dtype === "float32"
        ? `target plainnet within 2x of ONNX Runtime: ${ort.ratio.median >= 0.5 ? "met" : "not met"}`
        : "no target";
  const lines = [`${head} (${target})`];
  for (const row of r.rows) {
    lines.push(
      `  ${row.label.padEnd(40)} ${fmt(row.medianUs).padStart(9)} µs/call   ÷ plainnet ${fmt(row.ratio.median)} (IQR ${fmt(row.ratio.q1)}–${fmt(row.ratio.q3)})`,
    );
  }
  return lines;
}

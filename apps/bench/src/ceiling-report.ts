// The ceiling section of the report: the large products' GFLOP/s, and the training rows'
// GFLOP/s next to the ceiling of their precision.
import { FUSED_SPECS } from "./candidates/fused.ts";
import type { GemmMeasurement } from "./ceiling.ts";
import { formatNumber, renderTable } from "./table.ts";
import type { ResultRow, RuntimeName } from "./types.ts";

/** Workloads whose rows are put next to the ceiling (large enough for GFLOP/s to mean much). */
const CEILING_WORKLOADS: readonly string[] = ["headline", "wide"];

const RUNTIME_ORDER: readonly RuntimeName[] = ["node", "bun", "deno"];

/** The rows put next to the ceiling: the fused engine's (and NumPy's, for comparison). */
const FUSED: ReadonlySet<string> = new Set(FUSED_SPECS.map((s) => s.id));

function rate(m: GemmMeasurement | undefined): string {
  if (!m) return "n/a (not measured)";
  return m.gflops !== undefined ? formatNumber(m.gflops) : `n/a (${m.unavailable ?? "no time"})`;
}

/** The fastest measurement of a list (the ceiling of a source), or undefined when none has a time. */
function bestOf(ms: readonly GemmMeasurement[]): GemmMeasurement | undefined {
  let best: GemmMeasurement | undefined;
  for (const m of ms) {
    if (m.gflops !== undefined && (best?.gflops === undefined || m.gflops > best.gflops)) best = m;
  }
  return best;
}

/**
 * The products as a table: one line per source (and runtime, for plainnet's kernel), with
 * float64 and float32 GFLOP/s.
 *
 * @example
 * ```ts
 * console.log(ceilingTable(await measureCeiling(ceilingPlan(false), ["bun"], 60_000)));
 * ```
 */
export function ceilingTable(ms: readonly GemmMeasurement[]): string {
  const groups: { key: string; product: string; engine: string; list: GemmMeasurement[] }[] = [];
  for (const m of ms) {
    const key = `${m.source} ${m.runtime ?? ""} ${m.n}`;
    let g = groups.find((x) => x.key === key);
    if (!g) {
      const engine =
        m.source === "openblas"
          ? `OpenBLAS via NumPy, 1 thread${m.version ? ` (${m.version.replace(/, OPENBLAS_NUM_THREADS=1$/, "")})` : ""}`
          : `plainnet wasm gemm (${m.runtime ?? "?"})`;
      g = { key, product: `${m.n}×${m.n}×${m.n}`, engine, list: [] };
      groups.push(g);
    }
    g.list.push(m);
  }
  const body = groups.map((g) => [
    g.engine,
    g.product,
    rate(g.list.find((m) => m.dtype === "float64")),
    rate(g.list.find((m) => m.dtype === "float32")),
  ]);
  return renderTable(["matrix multiply", "n×n×n", "float64 GFLOP/s", "float32 GFLOP/s"], body, [
    "left",
    "left",
    "right",
    "right",
  ]);
}

/**
 * One line per fused-engine or NumPy training row of the headline and wide workloads: its GFLOP/s
 * and the ceilings of its precision (OpenBLAS; plainnet's wasm gemm under the same runtime, the
 * best of its sizes),
 * e.g. "headline wasm-f64 (bun): 10.2 GFLOP/s (ceiling: OpenBLAS 19.1, plainnet wasm gemm 11.5)".
 *
 * @example
 * ```ts
 * ceilingLines(rows, ceiling).join("\n");
 * ```
 */
export function ceilingLines(
  rows: readonly ResultRow[],
  ceiling: readonly GemmMeasurement[],
): string[] {
  const lines: string[] = [];
  for (const runtime of RUNTIME_ORDER) {
    for (const workload of CEILING_WORKLOADS) {
      const mine = rows.filter(
        (r) =>
          r.runtime === runtime &&
          r.workload === workload &&
          r.gflops !== undefined &&
          r.status === "ok" &&
          (FUSED.has(r.candidate) || r.candidate === "numpy"),
      );
      for (const r of mine) {
        const dtype = r.precision ?? "float64";
        const blas = ceiling.find((m) => m.source === "openblas" && m.dtype === dtype);
        const wasm = bestOf(
          ceiling.filter(
            (m) => m.source === "plainnet-wasm" && m.dtype === dtype && m.runtime === runtime,
          ),
        );
        const short = (m: GemmMeasurement | undefined): string =>
          m?.gflops !== undefined ? formatNumber(m.gflops) : "n/a";
        const name = r.candidate.replace(/^plainnet-/, "");
        lines.push(
          `${workload} ${name} (${runtime}): ${formatNumber(r.gflops as number)} GFLOP/s (ceiling: OpenBLAS ${short(blas)}, plainnet wasm gemm ${short(wasm)}; ${dtype})`,
        );
      }
    }
  }
  return lines;
}

// Text tables of the results: Markdown pipe tables padded to align in a terminal.
import { formatMiB } from "./memory.ts";
import type { ResultRow, RuntimeName, WorkloadKind } from "./types.ts";

/** Column alignment. */
export type Align = "left" | "right";

/**
 * A number with `digits` significant digits, without exponent between 1e-3 and 1e6
 * (e.g. "13.4", "0.0123", "2710"), in exponent form outside ("1.2e-5").
 *
 * @example
 * ```ts
 * formatNumber(13.4567); // "13.5"
 * formatNumber(0.000012); // "1.2e-5"
 * ```
 */
export function formatNumber(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const ax = Math.abs(x);
  if (ax < 1e-3 || ax >= 1e6) {
    const [mant, exp] = x.toExponential(Math.max(0, digits - 2)).split("e");
    return `${mant}e${Number(exp)}`;
  }
  const magnitude = Math.floor(Math.log10(ax));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return x.toFixed(Math.min(decimals, 20));
}

/**
 * A ratio as "4.9×" (3 significant digits, at most one decimal above 10).
 *
 * @example
 * ```ts
 * formatRatio(4.93); // "4.93×"
 * formatRatio(123.4); // "123×"
 * ```
 */
export function formatRatio(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return "–";
  return `${formatNumber(r, 3)}×`;
}

/**
 * The unit of a workload kind's time column.
 *
 * @example
 * ```ts
 * unitOf("libm"); // "ns/call"
 * ```
 */
export function unitOf(kind: WorkloadKind): "ms/epoch" | "ms/pass" | "ns/call" {
  return kind === "train" || kind === "minibatch"
    ? "ms/epoch"
    : kind === "predict"
      ? "ms/pass"
      : "ns/call";
}

/**
 * Renders a Markdown pipe table whose columns are padded to equal width (readable as text and
 * as Markdown). Every row must have as many cells as there are headers.
 *
 * @example
 * ```ts
 * renderTable(["a", "b"], [["1", "22"]], ["left", "right"]);
 * // "| a | b  |\n|:--|---:|\n| 1 | 22 |"
 * ```
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
): string {
  rows.forEach((row, i) => {
    if (row.length !== headers.length) {
      throw new RangeError(
        `renderTable: row ${i} has ${row.length} cells but there are ${headers.length} headers`,
      );
    }
  });
  const width = (s: string): number => [...s].length;
  const widths = headers.map((h, j) =>
    Math.max(3, width(h), ...rows.map((r) => width(r[j] as string))),
  );
  const pad = (s: string, j: number): string => {
    const fill = " ".repeat((widths[j] as number) - width(s));
    return align[j] === "right" ? fill + s : s + fill;
  };
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, j) => pad(c, j)).join(" | ")} |`;
  const rule = `|${widths
    .map((w, j) => (align[j] === "right" ? `${"-".repeat(w + 1)}:` : `:${"-".repeat(w + 1)}`))
    .join("|")}|`;
  return [line(headers), rule, ...rows.map(line)].join("\n");
}

function statusCell(row: ResultRow): string {
  if (row.status === "ok" && row.checked === false) return `UNCHECKED: ${row.check ?? ""}`;
  if (row.status === "ok") return row.check ? `ok: ${row.check}` : "ok";
  return `${row.status === "failed" ? "FAILED" : row.status}${row.reason ? `: ${row.reason}` : ""}`;
}

/**
 * The main results table: one line per job, grouped as given.
 *
 * @example
 * ```ts
 * console.log(resultsTable(rows, { headline: "train" }));
 * ```
 */
export function resultsTable(
  rows: readonly ResultRow[],
  kinds: Readonly<Record<string, WorkloadKind>>,
): string {
  const multiRuntime = new Set(rows.map((r) => r.runtime)).size > 1;
  const headers = [
    "workload",
    "candidate",
    ...(multiRuntime ? ["runtime"] : []),
    "median",
    "min–max",
    "unit",
    "GFLOP/s",
    "peak RSS MiB",
    "vs NumPy",
    "vs best peer",
    "final loss",
    "check",
  ];
  const align: Align[] = [
    "left",
    "left",
    ...(multiRuntime ? (["left"] as Align[]) : []),
    "right",
    "right",
    "left",
    "right",
    "right",
    "right",
    "right",
    "right",
    "left",
  ];
  const body = rows.map((r) => {
    const kind = kinds[r.workload] ?? "train";
    return [
      r.workload,
      r.label,
      ...(multiRuntime ? [r.runtime] : []),
      r.medianMs === undefined ? "–" : formatNumber(r.medianMs),
      r.minMs === undefined || r.maxMs === undefined
        ? "–"
        : `${formatNumber(r.minMs)}–${formatNumber(r.maxMs)}`,
      unitOf(kind),
      r.gflops === undefined ? "–" : formatNumber(r.gflops),
      formatMiB(r.peakRssBytes),
      formatRatio(r.vsNumpy),
      formatRatio(r.vsBestPeer),
      r.finalLoss === undefined ? "–" : formatNumber(r.finalLoss, 6),
      statusCell(r),
    ];
  });
  return renderTable(headers, body, align);
}

/**
 * Medians of one workload as candidates x runtimes (the README's runtime table).
 *
 * @example
 * ```ts
 * console.log(runtimeMatrix(rows, "headline"));
 * ```
 */
export function runtimeMatrix(rows: readonly ResultRow[], workload: string): string {
  const mine = rows.filter((r) => r.workload === workload);
  const runtimes: RuntimeName[] = (["node", "bun", "deno"] as const).filter((rt) =>
    mine.some((r) => r.runtime === rt),
  );
  const candidates: { id: string; label: string }[] = [];
  for (const r of mine) {
    if (!candidates.some((c) => c.id === r.candidate)) {
      candidates.push({ id: r.candidate, label: r.label });
    }
  }
  const body = candidates.map((c) => [
    c.label,
    ...runtimes.map((rt) => {
      const r = mine.find((x) => x.candidate === c.id && x.runtime === rt);
      if (!r) return "–";
      if (r.status !== "ok" || r.medianMs === undefined) return r.status;
      return `${formatNumber(r.medianMs)}${r.checked === false ? " (unchecked)" : ""}`;
    }),
  ]);
  return renderTable(["candidate", ...runtimes], body, [
    "left",
    ...runtimes.map((): Align => "right"),
  ]);
}

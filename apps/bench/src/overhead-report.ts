// The per-batch overhead of the mini-batch workloads (issue 23), as report lines: what a
// gradient step costs besides its arithmetic, for the plainnet rows that measured it.
import { formatNumber } from "./table.ts";
import type { ResultRow } from "./types.ts";

/**
 * How the per-batch overhead is measured, for the report.
 *
 * @example
 * ```ts
 * OVERHEAD_METHOD.startsWith("After its timed samples"); // true
 * ```
 */
export const OVERHEAD_METHOD: string =
  "After its timed samples (outside the paired measurement), the row's job trains two fresh networks from the same initial parameters, one with the workload's batch size and one with a single batch of all samples (the same FLOPs an epoch, one step), one epoch each in turn after two untimed epochs each; the overhead of a batch is (median batched epoch − median full-batch epoch) / (steps − 1). It counts everything a step does besides the epoch's arithmetic: gathering the batch, the optimiser update of every parameter, per-step checks and calls.";

/**
 * One line per row with a measured per-batch overhead, naming the engine the network trained on
 * (what `engine: "auto"` chose).
 *
 * @example
 * ```ts
 * overheadLines(rows);
 * // ["digits (node) plainnet Network.fit, default (...): 790 µs a batch on engine wasm-simd-f64 (100 ms/epoch in 57 steps; one full batch 55.8 ms/epoch)"]
 * ```
 */
export function overheadLines(rows: readonly ResultRow[]): string[] {
  return rows.flatMap((r) => {
    const o = r.batchOverhead;
    if (!o) return [];
    const engine = o.engine === undefined ? "" : ` on engine ${o.engine}`;
    return [
      `${r.workload} (${r.runtime}) ${r.label}: ${formatNumber(o.usPerBatch)} µs a batch${engine} (${formatNumber(o.batchedMsPerEpoch)} ms/epoch in ${o.batches} steps; one full batch ${formatNumber(o.fullBatchMsPerEpoch)} ms/epoch)`,
    ];
  });
}

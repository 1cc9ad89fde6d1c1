import type { Architecture } from "../architecture.ts";
import { type ClassLabel, formatLabels } from "./classes.ts";

/** What {@link networkSummary} describes. */
export interface SummaryInfo {
  readonly architecture: Architecture;
  readonly loss: string;
  readonly task: string;
  /** The engine label, e.g. `"wasm-simd-f64"` or `"reference:typed-array"`. */
  readonly engine: string;
  readonly dtype: string;
  /** e.g. `"standard (fitted on 120 samples)"`; null without a scaler. */
  readonly scaler: string | null;
  readonly classes: readonly ClassLabel[] | null;
  readonly epoch: number;
}

const group = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/**
 * A Keras-like table of a network: one row per layer (name, output shape, activation,
 * parameters), the total, then the loss, engine and dtype, the scaler and the classes when
 * present, and the epochs trained. Plain text (no colours, no terminal codes).
 *
 * @example
 * ```ts
 * console.log(networkSummary({ architecture, loss: "binaryCrossEntropy", task: "binary",
 *   engine: "js-f64", dtype: "float64", scaler: null, classes: null, epoch: 0 }));
 * ```
 */
export function networkSummary(info: SummaryInfo): string {
  const header = ["Layer", "Output shape", "Activation", "Parameters"];
  const rows = [
    ["input", `(n, ${info.architecture[0]!.inputDim})`, "", "0"],
    ...info.architecture.map((l, i) => [
      `dense_${i}`,
      `(n, ${l.outputDim})`,
      l.activation.name,
      group(l.outputDim * (l.inputDim + 1)),
    ]),
  ];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (c === 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join("   ")
      .trimEnd();
  const width = widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1);
  const total = info.architecture.reduce((n, l) => n + l.outputDim * (l.inputDim + 1), 0);
  const out = [
    `Network (${info.task}, loss ${info.loss})`,
    "_".repeat(width),
    line(header),
    "=".repeat(width),
    ...rows.map(line),
    "=".repeat(width),
    `Total parameters: ${group(total)}`,
    `Engine: ${info.engine}, dtype ${info.dtype}`,
  ];
  if (info.scaler !== null) out.push(`Scaler: ${info.scaler}`);
  if (info.classes !== null) out.push(`Classes: ${formatLabels(info.classes, 20)}`);
  out.push(`Epochs trained: ${info.epoch}`);
  return out.join("\n");
}

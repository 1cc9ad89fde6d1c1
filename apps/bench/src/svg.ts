// An SVG bar chart of the medians: one panel per workload, one horizontal bar per candidate,
// on a logarithmic axis (the candidates span two to three orders of magnitude).
import { formatNumber } from "./table.ts";

/** One bar: a candidate's median, or a status text when it has none. */
export interface Bar {
  readonly label: string;
  /** The median (ms or ns); undefined draws no bar, only `note`. */
  readonly value?: number;
  /** Drawn after the value (e.g. "per-sample") or instead of it (e.g. "not available"). */
  readonly note?: string;
  /** plainnet's own backends are drawn in a different colour from the peers. */
  readonly plainnet: boolean;
}

/** One panel of the chart. */
export interface Panel {
  readonly title: string;
  readonly unit: string;
  readonly bars: readonly Bar[];
}

/**
 * Escapes text for XML character data and attribute values.
 *
 * @example
 * ```ts
 * escapeXml('a < b & "c"'); // "a &lt; b &amp; &quot;c&quot;"
 * ```
 */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const WIDTH = 900;
const LABEL_W = 260;
const BAR_H = 18;
const GAP = 6;
const PANEL_HEAD = 44;
const PANEL_GAP = 24;
const PLOT_W = WIDTH - LABEL_W - 150;

/**
 * Renders the panels as a standalone SVG document, with a title and an optional subtitle
 * line. Each panel has its own log10 axis from the power of ten below its smallest value to
 * the one above its largest.
 *
 * @example
 * ```ts
 * const svg = barChart("plainnet bench", [
 *   { title: "headline", unit: "ms/epoch", bars: [{ label: "NumPy", value: 2.5, plainnet: false }] },
 * ]);
 * ```
 */
export function barChart(title: string, panels: readonly Panel[], subtitle = ""): string {
  const parts: string[] = [];
  let y = subtitle ? 56 : 40;
  for (const panel of panels) {
    const values = panel.bars
      .map((b) => b.value)
      .filter((v): v is number => v !== undefined && Number.isFinite(v) && v > 0);
    const lo = values.length ? 10 ** Math.floor(Math.log10(Math.min(...values))) : 1;
    let hi = values.length ? 10 ** Math.ceil(Math.log10(Math.max(...values))) : 10;
    if (hi <= lo) hi = lo * 10;
    const decades = Math.round(Math.log10(hi / lo));
    const xOf = (v: number): number =>
      LABEL_W + (PLOT_W * Math.log10(v / lo)) / Math.log10(hi / lo);
    const height = PANEL_HEAD + panel.bars.length * (BAR_H + GAP);
    parts.push(
      `<text x="10" y="${y + 18}" class="title">${escapeXml(panel.title)} — ${escapeXml(panel.unit)}, log scale</text>`,
    );
    // Axis: a grid line per decade.
    for (let d = 0; d <= decades; d++) {
      const v = lo * 10 ** d;
      const x = xOf(v).toFixed(1);
      parts.push(
        `<line x1="${x}" y1="${y + PANEL_HEAD - 8}" x2="${x}" y2="${y + height}" class="grid"/>`,
        `<text x="${x}" y="${y + PANEL_HEAD - 12}" class="tick">${escapeXml(formatNumber(v, 1))}</text>`,
      );
    }
    panel.bars.forEach((bar, k) => {
      const top = y + PANEL_HEAD + k * (BAR_H + GAP);
      parts.push(
        `<text x="${LABEL_W - 8}" y="${top + BAR_H - 5}" class="label">${escapeXml(bar.label)}</text>`,
      );
      if (bar.value !== undefined && Number.isFinite(bar.value) && bar.value > 0) {
        const w = Math.max(1, xOf(bar.value) - LABEL_W);
        const text = formatNumber(bar.value) + (bar.note ? ` (${bar.note})` : "");
        parts.push(
          `<rect x="${LABEL_W}" y="${top}" width="${w.toFixed(1)}" height="${BAR_H}" class="${bar.plainnet ? "own" : "peer"}"/>`,
          `<text x="${(LABEL_W + w + 6).toFixed(1)}" y="${top + BAR_H - 5}" class="value">${escapeXml(text)}</text>`,
        );
      } else {
        parts.push(
          `<text x="${LABEL_W + 6}" y="${top + BAR_H - 5}" class="value">${escapeXml(bar.note ?? "no value")}</text>`,
        );
      }
    });
    y += height + PANEL_GAP;
  }
  const totalHeight = y + 10;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${totalHeight}" viewBox="0 0 ${WIDTH} ${totalHeight}" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    "<style>",
    "text { font-family: sans-serif; font-size: 12px; fill: #222; }",
    ".title { font-size: 14px; font-weight: bold; }",
    ".label { text-anchor: end; }",
    ".tick { text-anchor: middle; font-size: 10px; fill: #666; }",
    ".grid { stroke: #ddd; stroke-width: 1; }",
    ".own { fill: #2f6fb0; }",
    ".peer { fill: #b0b0b0; }",
    "</style>",
    `<rect width="${WIDTH}" height="${totalHeight}" fill="#fff"/>`,
    `<text x="10" y="22" class="title">${escapeXml(title)}</text>`,
    ...(subtitle
      ? [
          `<text x="10" y="40" class="tick" style="text-anchor: start">${escapeXml(subtitle)}</text>`,
        ]
      : []),
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}

import { axes, escapeXml, type Frame, fmt, px, py, svgDocument } from "./svg.ts";

/** What the training-history picture shows. */
export interface HistoryPicture {
  /** Cost of every epoch (before its update). */
  readonly cost: readonly number[];
  /** Training accuracy of every epoch (before its update). */
  readonly accuracy: readonly number[];
  /** Test accuracy after training, drawn as a marker at the last epoch (optional). */
  readonly testAccuracy?: number;
  readonly title: string;
}

/**
 * At most this many points per curve (longer histories are thinned evenly).
 *
 * @example
 * ```ts
 * thinIndices(10000).length === MAX_CURVE_POINTS; // true
 * ```
 */
export const MAX_CURVE_POINTS = 1000;

/**
 * Indices of at most `max` evenly spread samples of an `n`-long series, always including the
 * first and the last.
 *
 * @example
 * ```ts
 * thinIndices(10, 4); // [0, 3, 6, 9]
 * ```
 */
export function thinIndices(n: number, max: number = MAX_CURVE_POINTS): number[] {
  if (n <= 0) return [];
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let k = 0; k < max; k++) out.push(Math.round((k * (n - 1)) / (max - 1)));
  return out;
}

function curve(values: readonly number[], frame: Frame, colour: string, cls: string): string {
  const idx = thinIndices(values.length);
  const pts = idx.map((i) => `${fmt(px(frame, i + 1))},${fmt(py(frame, values[i] as number))}`);
  return `<polyline class="${cls}" points="${pts.join(" ")}" fill="none" stroke="${colour}" stroke-width="1.8" stroke-linejoin="round"/>`;
}

/**
 * A standalone SVG with two panels, cost and accuracy per epoch (the notebook records both in
 * `cost_history` and `accuracy_history`).
 *
 * @example
 * ```ts
 * const svg = historySvg({ cost: result.costHistory, accuracy: result.accuracyHistory, title: "moons" });
 * ```
 */
export function historySvg(picture: HistoryPicture): string {
  const { cost, accuracy } = picture;
  const n = Math.max(cost.length, accuracy.length, 1);
  const w = 360;
  const h = 240;
  const top = 56;
  let costMax = 0;
  for (const c of cost) if (Number.isFinite(c)) costMax = Math.max(costMax, c);
  const costFrame: Frame = {
    left: 64,
    top,
    width: w,
    height: h,
    xMin: 0,
    xMax: n,
    yMin: 0,
    yMax: costMax > 0 ? costMax * 1.05 : 1,
  };
  const accFrame: Frame = { ...costFrame, left: 64 + w + 84, yMin: 0, yMax: 1.02 };
  const parts: string[] = [
    `<text x="64" y="28" font-size="15" font-weight="bold" fill="#222">${escapeXml(picture.title)}</text>`,
    `<text x="${fmt(costFrame.left)}" y="${top - 8}" font-size="13" fill="#222">cost</text>`,
    `<text x="${fmt(accFrame.left)}" y="${top - 8}" font-size="13" fill="#222">accuracy</text>`,
    axes(costFrame, { x: "epoch", y: "cost" }),
    axes(accFrame, { x: "epoch", y: "accuracy" }),
  ];
  if (cost.length > 0) parts.push(curve(cost, costFrame, "#d53e4f", "cost"));
  if (accuracy.length > 0) parts.push(curve(accuracy, accFrame, "#3288bd", "accuracy"));
  let legendY = top + h + 40;
  const legend = (colour: string, text: string, dashed = false): void => {
    parts.push(
      `<path d="M${fmt(accFrame.left)} ${legendY}h18" stroke="${colour}" stroke-width="1.8"${dashed ? ' stroke-dasharray="4 3"' : ""}/><text x="${fmt(accFrame.left + 24)}" y="${legendY}" font-size="11" fill="#333" dominant-baseline="middle">${escapeXml(text)}</text>`,
    );
    legendY += 16;
  };
  legend("#3288bd", "train accuracy (per epoch)");
  const test = picture.testAccuracy;
  if (test !== undefined && Number.isFinite(test)) {
    const y = fmt(py(accFrame, test));
    parts.push(
      `<path class="test-accuracy" d="M${fmt(accFrame.left)} ${y}H${fmt(accFrame.left + accFrame.width)}" stroke="#5e4fa2" stroke-width="1.2" stroke-dasharray="4 3"/>`,
    );
    legend("#5e4fa2", `test accuracy after training: ${test.toFixed(4)}`, true);
  }
  return svgDocument(accFrame.left + w + 24, legendY + 8, parts.join("\n"), picture.title);
}

// Small helpers shared by the SVG writers: escaping, number formatting, axes.

/**
 * Escapes text for XML content and attribute values.
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

/**
 * A coordinate with at most `digits` decimals and no trailing zeros (`-0` becomes `0`).
 *
 * @example
 * ```ts
 * fmt(12.3456); // "12.35"
 * fmt(3); // "3"
 * ```
 */
export function fmt(value: number, digits = 2): string {
  const s = value.toFixed(digits);
  const t = s.includes(".") ? s.replace(/\.?0+$/, "") : s;
  return t === "-0" ? "0" : t;
}

/**
 * About `count` round tick values (1, 2 or 5 times a power of ten apart) inside [min, max].
 *
 * @example
 * ```ts
 * niceTicks(-1.3, 2.4, 5); // [-1, 0, 1, 2]
 * ```
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const pow = 10 ** Math.floor(Math.log10(raw));
  let step = 10 * pow;
  for (const m of [1, 2, 5, 10]) {
    if (m * pow >= raw) {
      step = m * pow;
      break;
    }
  }
  const ticks: number[] = [];
  for (let k = Math.ceil(min / step); k * step <= max + step * 1e-9; k++) {
    // Round away binary noise such as 0.30000000000000004.
    ticks.push(Number((k * step).toPrecision(12)));
  }
  return ticks;
}

/** Maps a data rectangle onto a pixel rectangle of the SVG (y grows downwards on screen). */
export interface Frame {
  /** Left edge of the plot area, px. */
  readonly left: number;
  /** Top edge of the plot area, px. */
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

/**
 * Pixel x of data x in a frame.
 *
 * @example
 * ```ts
 * px(frame, frame.xMin) === frame.left; // true
 * ```
 */
export function px(frame: Frame, x: number): number {
  return frame.left + ((x - frame.xMin) / (frame.xMax - frame.xMin)) * frame.width;
}

/**
 * Pixel y of data y in a frame.
 *
 * @example
 * ```ts
 * py(frame, frame.yMin) === frame.top + frame.height; // true
 * ```
 */
export function py(frame: Frame, y: number): number {
  return frame.top + frame.height - ((y - frame.yMin) / (frame.yMax - frame.yMin)) * frame.height;
}

/**
 * A frame's border, ticks, tick labels and axis labels, as SVG elements.
 *
 * @example
 * ```ts
 * const svg = axes(frame, { x: "epoch", y: "cost" });
 * ```
 */
export function axes(
  frame: Frame,
  labels: { readonly x?: string; readonly y?: string } = {},
): string {
  const { left, top, width, height } = frame;
  const bottom = top + height;
  const parts: string[] = [
    `<rect x="${fmt(left)}" y="${fmt(top)}" width="${fmt(width)}" height="${fmt(height)}" fill="none" stroke="#444" stroke-width="1"/>`,
  ];
  const tickText: string[] = [];
  const tickPath: string[] = [];
  for (const t of niceTicks(frame.xMin, frame.xMax, Math.max(2, Math.round(width / 80)))) {
    const x = fmt(px(frame, t));
    tickPath.push(`M${x} ${fmt(bottom)}v5`);
    tickText.push(
      `<text x="${x}" y="${fmt(bottom + 17)}" text-anchor="middle">${fmtTick(t)}</text>`,
    );
  }
  for (const t of niceTicks(frame.yMin, frame.yMax, Math.max(2, Math.round(height / 60)))) {
    const y = fmt(py(frame, t));
    tickPath.push(`M${fmt(left)} ${y}h-5`);
    tickText.push(
      `<text x="${fmt(left - 8)}" y="${y}" text-anchor="end" dominant-baseline="middle">${fmtTick(t)}</text>`,
    );
  }
  parts.push(`<path d="${tickPath.join("")}" stroke="#444" stroke-width="1"/>`);
  parts.push(`<g font-size="11" fill="#333">${tickText.join("")}</g>`);
  if (labels.x !== undefined) {
    parts.push(
      `<text x="${fmt(left + width / 2)}" y="${fmt(bottom + 34)}" text-anchor="middle" font-size="12" fill="#333">${escapeXml(labels.x)}</text>`,
    );
  }
  if (labels.y !== undefined) {
    const x = fmt(left - 42);
    const y = fmt(top + height / 2);
    parts.push(
      `<text x="${x}" y="${y}" text-anchor="middle" font-size="12" fill="#333" transform="rotate(-90 ${x} ${y})">${escapeXml(labels.y)}</text>`,
    );
  }
  return parts.join("\n");
}

function fmtTick(t: number): string {
  if (Math.abs(t) >= 10000) return t.toExponential(0).replace("e+", "e");
  return fmt(t, 6);
}

/**
 * Wraps elements into a standalone SVG document.
 *
 * @example
 * ```ts
 * svgDocument(400, 300, "<circle cx=\"1\" cy=\"1\" r=\"1\"/>", "a dot");
 * ```
 */
export function svgDocument(width: number, height: number, body: string, title: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(width)}" height="${fmt(height)}" viewBox="0 0 ${fmt(width)} ${fmt(height)}" font-family="Helvetica, Arial, sans-serif">\n` +
    `<title>${escapeXml(title)}</title>\n` +
    `<rect width="100%" height="100%" fill="#ffffff"/>\n` +
    `${body}\n</svg>\n`
  );
}

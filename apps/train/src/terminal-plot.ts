import type { Bounds, LabelledPoint, ProbabilityGrid } from "./grid.ts";

/** Options of {@link renderTerminalPlot}. */
export interface TerminalPlotOptions {
  /**
   * Probabilities of class 1 at the centres of the plot's pixels: `width x height` in
   * monochrome, `width x 2·height` in colour (two pixels per character, `▀`).
   */
  readonly grid: ProbabilityGrid;
  /** Points drawn on top (e.g. the test set). */
  readonly points: readonly LabelledPoint[];
  /** Columns. */
  readonly width: number;
  /** Lines. */
  readonly height: number;
  /** ANSI 256-colour output; otherwise plain characters. */
  readonly color: boolean;
}

/**
 * Lines of a terminal plot covering `outer` with `width x height` characters: how many lines
 * keep the plane's aspect ratio (a character is about twice as tall as wide).
 *
 * @example
 * ```ts
 * plotHeight({ xMin: 0, xMax: 4, yMin: 0, yMax: 2 }, 60); // 15
 * ```
 */
export function plotHeight(outer: Bounds, width: number): number {
  const aspect = (outer.yMax - outer.yMin) / (outer.xMax - outer.xMin);
  return Math.max(4, Math.round((width * aspect) / 2));
}

/**
 * Pixel rows of the probability grid the renderer expects for `height` lines (two per line in
 * colour, where each character shows two pixels).
 *
 * @example
 * ```ts
 * pixelRows(20, true); // 40
 * ```
 */
export function pixelRows(height: number, color: boolean): number {
  return color ? 2 * height : height;
}

// Background colours (xterm 256-colour indices), from class 0 (red) to class 1 (blue), in the
// spirit of matplotlib's Spectral map; the step at 0.5 shows the decision boundary.
const BANDS: readonly { readonly upTo: number; readonly bg: number }[] = [
  { upTo: 0.2, bg: 174 },
  { upTo: 0.4, bg: 217 },
  { upTo: 0.5, bg: 224 },
  { upTo: 0.6, bg: 194 },
  { upTo: 0.8, bg: 152 },
  { upTo: Number.POSITIVE_INFINITY, bg: 110 },
];
const POINT_FG = [124, 19] as const; // dark red, dark blue
const BOTH_FG = 16; // black

function bandColour(p: number): number {
  for (const b of BANDS) if (p <= b.upTo) return b.bg; // p = 0.5 is class 0, as convertProbIntoClass
  return 110;
}

const SGR_RESET = "\x1b[0m";

/**
 * Draws a decision boundary as text: the network's probability as coloured half blocks
 * (`▀`, two pixels per character) or, in monochrome, `░` where the network says class 1 and
 * blank elsewhere; the points on top (`●` in the class colour; monochrome `o` class 0, `x`
 * class 1, `*` both in one cell). Returns exactly `height` lines, each `width` characters wide
 * (not counting ANSI escapes).
 *
 * @example
 * ```ts
 * const lines = renderTerminalPlot({ grid, points: test, width: 60, height: 20, color: false });
 * lines.length; // 20
 * ```
 */
export function renderTerminalPlot(options: TerminalPlotOptions): string[] {
  const { grid, points, width, height, color } = options;
  const rows = pixelRows(height, color);
  if (grid.nx !== width || grid.ny !== rows) {
    throw new RangeError(
      `renderTerminalPlot: a ${width}x${height} ${color ? "colour" : "monochrome"} plot needs a ${width}x${rows} grid, got ${grid.nx}x${grid.ny}`,
    );
  }
  // Which classes fall in each character cell: bit 0 class 0, bit 1 class 1.
  const marks = new Uint8Array(width * height);
  const { xMin, xMax, yMin, yMax } = grid.bounds;
  const dx = (xMax - xMin) / (grid.nx - 1);
  const dy = (yMax - yMin) / (grid.ny - 1);
  for (const p of points) {
    const i = Math.round((p.x - xMin) / dx);
    const j = Math.round((p.y - yMin) / dy);
    if (i < 0 || i >= grid.nx || j < 0 || j >= grid.ny) continue;
    const line = height - 1 - Math.floor(j / (rows / height));
    marks[line * width + i] = (marks[line * width + i] as number) | (p.label === 1 ? 2 : 1);
  }
  const value = (i: number, j: number): number => grid.values[j * grid.nx + i] as number;
  const lines: string[] = [];
  for (let r = 0; r < height; r++) {
    let s = "";
    let current = "";
    const sgr = (code: string): void => {
      if (code !== current) {
        s += code;
        current = code;
      }
    };
    for (let c = 0; c < width; c++) {
      const mark = marks[r * width + c] as number;
      if (color) {
        const top = value(c, 2 * (height - 1 - r) + 1);
        const bottom = value(c, 2 * (height - 1 - r));
        if (mark === 0) {
          sgr(`\x1b[38;5;${bandColour(top)};48;5;${bandColour(bottom)}m`);
          s += "▀";
        } else {
          const fg = mark === 3 ? BOTH_FG : POINT_FG[mark === 2 ? 1 : 0];
          sgr(`\x1b[1;38;5;${fg};48;5;${bandColour((top + bottom) / 2)}m`);
          s += mark === 3 ? "◐" : "●";
        }
      } else {
        const p = value(c, height - 1 - r);
        s += mark === 0 ? (p > 0.5 ? "░" : " ") : mark === 1 ? "o" : mark === 2 ? "x" : "*";
      }
    }
    if (color) s += SGR_RESET;
    lines.push(s);
  }
  return lines;
}

/**
 * The legend line under the plot.
 *
 * @example
 * ```ts
 * plotLegend(false); // "o class 0   x class 1   ░ network says class 1 (p > 0.5)"
 * ```
 */
export function plotLegend(color: boolean): string {
  if (!color) return "o class 0   x class 1   ░ network says class 1 (p > 0.5)";
  const sw = (bg: number): string => `\x1b[48;5;${bg}m  ${SGR_RESET}`;
  return (
    `\x1b[1;38;5;${POINT_FG[0]}m●${SGR_RESET} class 0   ` +
    `\x1b[1;38;5;${POINT_FG[1]}m●${SGR_RESET} class 1   ` +
    `p: ${BANDS.map((b) => sw(b.bg)).join("")} 0 → 1 (boundary where red meets green)`
  );
}

/**
 * Removes ANSI SGR escapes (to measure or compare rendered text).
 *
 * @example
 * ```ts
 * stripAnsi("\x1b[1mhi\x1b[0m"); // "hi"
 * ```
 */
export function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
  return text.replace(/\x1b\[[0-9;]*m/g, "");
}

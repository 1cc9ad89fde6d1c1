import { CLASS_COLOURS, spectral } from "./colormap.ts";
import { type GridPoint, isoLines, levelRegion } from "./contour.ts";
import type { Bounds, LabelledPoint, ProbabilityGrid } from "./grid.ts";
import { axes, escapeXml, type Frame, fmt, px, py, svgDocument } from "./svg.ts";

/** What a decision-boundary picture shows. */
export interface BoundaryPicture {
  /** Probability of class 1 on a lattice spanning the plot (see `predictGrid`). */
  readonly grid: ProbabilityGrid;
  /** Drawn small and light. */
  readonly trainPoints: readonly LabelledPoint[];
  /** Drawn on top, with black edges (as the notebook's scatter plots). */
  readonly testPoints: readonly LabelledPoint[];
  readonly title: string;
  /** A second, smaller line under the title (optional). */
  readonly subtitle?: string;
}

/**
 * Filled contour levels between 0 and 1 (the notebook's `contourf` used 25).
 *
 * @example
 * ```ts
 * bandFill(CONTOUR_LEVELS - 1); // the colour of p >= 0.95
 * ```
 */
export const CONTOUR_LEVELS = 20;

const LIGHTEN = 0.12;

/**
 * The colour of the probability band `[k/levels, (k+1)/levels)`.
 *
 * @example
 * ```ts
 * bandFill(0, 20); // a red
 * ```
 */
export function bandFill(k: number, levels: number = CONTOUR_LEVELS): string {
  return spectral((k + 0.5) / levels, LIGHTEN);
}

/**
 * Plot area for a plane rectangle: `width` px wide, as tall as the aspect ratio asks
 * (clamped to 0.4–1.4 times the width).
 *
 * @example
 * ```ts
 * plotFrame({ xMin: 0, xMax: 2, yMin: 0, yMax: 1 }, 560, 60, 50); // 560 x 280 at (60, 50)
 * ```
 */
export function plotFrame(bounds: Bounds, width: number, left: number, top: number): Frame {
  const aspect = (bounds.yMax - bounds.yMin) / (bounds.xMax - bounds.xMin);
  const height = Math.round(width * Math.min(1.4, Math.max(0.4, aspect)));
  return { left, top, width, height, ...bounds };
}

function path(
  rings: readonly GridPoint[][],
  grid: ProbabilityGrid,
  frame: Frame,
  close: boolean,
): string {
  const { xMin, xMax, yMin, yMax } = grid.bounds;
  const gx = (i: number): string => fmt(px(frame, xMin + ((xMax - xMin) * i) / (grid.nx - 1)));
  const gy = (j: number): string => fmt(py(frame, yMin + ((yMax - yMin) * j) / (grid.ny - 1)));
  let d = "";
  for (const ring of rings) {
    ring.forEach((p, k) => {
      d += `${k === 0 ? "M" : "L"}${gx(p[0])} ${gy(p[1])}`;
    });
    if (close) d += "Z";
  }
  return d;
}

/**
 * The network's probability inside `frame`: filled bands (one `class="band"` element per
 * level reached) and the p = 0.5 contour (`class="boundary"`).
 *
 * @example
 * ```ts
 * const body = probabilityLayers(grid, frame);
 * ```
 */
export function probabilityLayers(
  grid: ProbabilityGrid,
  frame: Frame,
  levels: number = CONTOUR_LEVELS,
): string {
  const parts: string[] = [];
  parts.push(
    `<rect class="band" x="${fmt(frame.left)}" y="${fmt(frame.top)}" width="${fmt(frame.width)}" height="${fmt(frame.height)}" fill="${bandFill(0, levels)}"/>`,
  );
  for (let k = 1; k < levels; k++) {
    const rings = levelRegion(grid, k / levels);
    if (rings.length === 0) continue;
    parts.push(
      `<path class="band" d="${path(rings, grid, frame, true)}" fill="${bandFill(k, levels)}"/>`,
    );
  }
  const boundary = isoLines(grid, 0.5);
  if (boundary.length > 0) {
    parts.push(
      `<path class="boundary" d="${path(boundary, grid, frame, false)}" fill="none" stroke="#222" stroke-width="1.6" stroke-linejoin="round"/>`,
    );
  }
  return parts.join("\n");
}

/**
 * The points inside `frame`, one group per part and class (`class="train"` small with white
 * edges, `class="test"` larger with black edges, as the notebook's scatter plots).
 *
 * @example
 * ```ts
 * const dots = pointLayers(trainPoints, testPoints, frame);
 * ```
 */
export function pointLayers(
  trainPoints: readonly LabelledPoint[],
  testPoints: readonly LabelledPoint[],
  frame: Frame,
): string {
  const dots = (
    pts: readonly LabelledPoint[],
    r: number,
    cls: string,
    stroke: string,
    width: number,
  ): string =>
    [0, 1]
      .map((label) => {
        const circles = pts
          .filter((p) => (label === 1 ? p.label === 1 : p.label !== 1))
          .map((p) => `<circle cx="${fmt(px(frame, p.x))}" cy="${fmt(py(frame, p.y))}" r="${r}"/>`)
          .join("");
        return `<g class="${cls}" fill="${CLASS_COLOURS[label as 0 | 1]}" stroke="${stroke}" stroke-width="${width}" data-class="${label}">${circles}</g>`;
      })
      .join("\n");
  return `${dots(trainPoints, 2.2, "train", "#ffffff", 0.5)}\n${dots(testPoints, 4.2, "test", "#000", 1)}`;
}

/**
 * The title and, under it, a smaller subtitle.
 *
 * @example
 * ```ts
 * headings(frame, "moons", "test accuracy 0.98");
 * ```
 */
export function headings(frame: Frame, title: string, subtitle?: string): string {
  const t = `<text x="${fmt(frame.left)}" y="24" font-size="15" font-weight="bold" fill="#222">${escapeXml(title)}</text>`;
  if (subtitle === undefined) return t;
  return `${t}\n<text class="subtitle" x="${fmt(frame.left)}" y="43" font-size="12" fill="#444">${escapeXml(subtitle)}</text>`;
}

/**
 * The legend column: a colour bar of P(class 1) with the 0.5 mark, and the point styles.
 *
 * @example
 * ```ts
 * const legend = boundaryLegend(640, 50, 300);
 * ```
 */
export function boundaryLegend(
  x: number,
  top: number,
  height: number,
  levels: number = CONTOUR_LEVELS,
): string {
  const barH = Math.max(120, Math.min(height - 110, 260));
  const barW = 16;
  const parts: string[] = [
    `<text x="${fmt(x)}" y="${fmt(top - 8)}" font-size="12" fill="#333">P(class 1)</text>`,
  ];
  for (let k = 0; k < levels; k++) {
    const y0 = top + barH - ((k + 1) / levels) * barH;
    parts.push(
      `<rect x="${fmt(x)}" y="${fmt(y0)}" width="${barW}" height="${fmt(barH / levels + 0.3)}" fill="${bandFill(k, levels)}"/>`,
    );
  }
  parts.push(
    `<rect x="${fmt(x)}" y="${fmt(top)}" width="${barW}" height="${fmt(barH)}" fill="none" stroke="#444"/>`,
  );
  for (const t of [0, 0.5, 1]) {
    const y = fmt(top + barH - t * barH);
    parts.push(
      `<path d="M${fmt(x + barW)} ${y}h4" stroke="#444"/><text x="${fmt(x + barW + 7)}" y="${y}" font-size="11" fill="#333" dominant-baseline="middle">${t}</text>`,
    );
  }
  const y05 = fmt(top + barH / 2);
  parts.push(`<path d="M${fmt(x - 3)} ${y05}h${barW + 6}" stroke="#222" stroke-width="1.6"/>`);
  let y = top + barH + 26;
  for (const label of [0, 1] as const) {
    parts.push(
      `<circle cx="${fmt(x + 6)}" cy="${fmt(y)}" r="4.2" fill="${CLASS_COLOURS[label]}" stroke="#000"/><text x="${fmt(x + 16)}" y="${fmt(y)}" font-size="11" fill="#333" dominant-baseline="middle">class ${label} (test)</text>`,
    );
    y += 18;
  }
  parts.push(
    `<circle cx="${fmt(x + 6)}" cy="${fmt(y)}" r="2.2" fill="#888"/><text x="${fmt(x + 16)}" y="${fmt(y)}" font-size="11" fill="#333" dominant-baseline="middle">train</text>`,
  );
  y += 18;
  parts.push(
    `<path d="M${fmt(x)} ${fmt(y)}h12" stroke="#222" stroke-width="1.6"/><text x="${fmt(x + 16)}" y="${fmt(y)}" font-size="11" fill="#333" dominant-baseline="middle">p = 0.5</text>`,
  );
  return parts.join("\n");
}

/** Page layout shared by the boundary picture and its animation frames. */
export interface BoundaryLayout {
  readonly frame: Frame;
  readonly width: number;
  readonly height: number;
  readonly legendX: number;
}

/**
 * Where the plot, legend and title go for a plane rectangle.
 *
 * @example
 * ```ts
 * const { frame, width, height } = boundaryLayout(grid.bounds);
 * ```
 */
export function boundaryLayout(bounds: Bounds, plotWidth = 560): BoundaryLayout {
  const left = 56;
  const top = 56;
  const frame = plotFrame(bounds, plotWidth, left, top);
  const legendX = left + frame.width + 24;
  return { frame, width: legendX + 120, height: top + frame.height + 52, legendX };
}

/**
 * A standalone SVG of the decision boundary, as the notebook's plots: the network's probability
 * as filled contours (Spectral colours), the 0.5 contour line, the points coloured by class.
 *
 * @example
 * ```ts
 * const svg = boundarySvg({ grid, trainPoints, testPoints, title: "moons — test accuracy 0.98" });
 * ```
 */
export function boundarySvg(picture: BoundaryPicture): string {
  const layout = boundaryLayout(picture.grid.bounds);
  const { frame } = layout;
  const body = [
    headings(frame, picture.title, picture.subtitle),
    probabilityLayers(picture.grid, frame),
    pointLayers(picture.trainPoints, picture.testPoints, frame),
    axes(frame, { x: "x₁", y: "x₂" }),
    boundaryLegend(layout.legendX, frame.top + 8, frame.height),
  ].join("\n");
  return svgDocument(layout.width, layout.height, body, picture.title);
}

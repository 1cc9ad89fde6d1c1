import type { LabelledPoint, ProbabilityGrid } from "./grid.ts";
import { axes, escapeXml, fmt, svgDocument } from "./svg.ts";
import {
  boundaryLayout,
  boundaryLegend,
  boundarySvg,
  headings,
  pointLayers,
  probabilityLayers,
} from "./svg-boundary.ts";

/** The network's boundary after `epoch` updates (0: the initial parameters). */
export interface Snapshot {
  readonly epoch: number;
  readonly grid: ProbabilityGrid;
  /** Training accuracy of the parameters (optional, shown in the label). */
  readonly accuracy?: number;
}

/**
 * The `count` moments (numbers of updates done) at which to take a snapshot: evenly spread
 * from 0 (before training) to `epochs`, without repeats.
 *
 * @example
 * ```ts
 * snapshotEpochs(10000, 5); // [0, 2500, 5000, 7500, 10000]
 * ```
 */
export function snapshotEpochs(epochs: number, count: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    const e = count === 1 ? epochs : Math.round((k * epochs) / (count - 1));
    if (out[out.length - 1] !== e) out.push(e);
  }
  return out;
}

function label(s: Snapshot, total: number): string {
  const acc = s.accuracy === undefined ? "" : ` — train accuracy ${s.accuracy.toFixed(4)}`;
  return `epoch ${s.epoch} of ${total}${acc}`;
}

/** Options of {@link animatedSvg} and {@link frameSvgs}. */
export interface FramesPicture {
  readonly snapshots: readonly Snapshot[];
  readonly trainPoints: readonly LabelledPoint[];
  readonly testPoints: readonly LabelledPoint[];
  readonly title: string;
  /** Total number of epochs of the run (for the labels). */
  readonly epochs: number;
  /** Seconds each snapshot is shown (default 0.4); the last one stays 2 s more. */
  readonly secondsPerFrame?: number;
}

/**
 * The notebook's "visualisation of the learning process" as one animated SVG: every snapshot's
 * probability in a `<g>` shown in turn by a discrete SMIL `<animate>` of `visibility` (looping),
 * the points drawn once on top; viewers without SMIL show the last snapshot.
 *
 * @example
 * ```ts
 * const svg = animatedSvg({ snapshots, trainPoints, testPoints, title: "moons", epochs: 10000 });
 * ```
 */
export function animatedSvg(picture: FramesPicture): string {
  const { snapshots } = picture;
  if (snapshots.length === 0)
    throw new RangeError("animatedSvg: expected at least one snapshot, got 0");
  const layout = boundaryLayout((snapshots[0] as Snapshot).grid.bounds, 480);
  const { frame } = layout;
  const step = picture.secondsPerFrame ?? 0.4;
  const hold = 2;
  const n = snapshots.length;
  const total = step * n + hold;
  const groups = snapshots.map((s, k) => {
    const start = (k * step) / total;
    const end = k === n - 1 ? 1 : ((k + 1) * step) / total;
    // Discrete animation: hidden, visible during [start, end), hidden again.
    const keyTimes = k === 0 ? `0;${fmt(end, 6)}` : `0;${fmt(start, 6)};${fmt(end, 6)}`;
    const values = k === 0 ? "visible;hidden" : "hidden;visible;hidden";
    const initial = k === n - 1 ? "visible" : "hidden";
    const anim =
      k === n - 1
        ? `<animate attributeName="visibility" dur="${fmt(total, 3)}s" repeatCount="indefinite" calcMode="discrete" keyTimes="0;${fmt(start, 6)}" values="hidden;visible"/>`
        : `<animate attributeName="visibility" dur="${fmt(total, 3)}s" repeatCount="indefinite" calcMode="discrete" keyTimes="${keyTimes}" values="${values}"/>`;
    return (
      `<g class="frame" data-epoch="${s.epoch}" visibility="${initial}">${anim}\n` +
      `${probabilityLayers(s.grid, frame)}\n` +
      `<text class="subtitle" x="${fmt(frame.left)}" y="43" font-size="12" fill="#444">${escapeXml(label(s, picture.epochs))}</text>\n</g>`
    );
  });
  const body = [
    headings(frame, picture.title),
    ...groups,
    // The points do not change during training: drawn once, above every frame.
    pointLayers(picture.trainPoints, picture.testPoints, frame),
    axes(frame, { x: "x₁", y: "x₂" }),
    boundaryLegend(layout.legendX, frame.top + 8, frame.height),
  ].join("\n");
  return svgDocument(layout.width, layout.height, body, picture.title);
}

/**
 * One standalone SVG per snapshot, named `frame-000.svg`, `frame-001.svg`, ... in order.
 *
 * @example
 * ```ts
 * for (const { name, svg } of frameSvgs(picture)) write(`out/frames/${name}`, svg);
 * ```
 */
export function frameSvgs(picture: FramesPicture): { name: string; svg: string }[] {
  const digits = Math.max(3, String(picture.snapshots.length - 1).length);
  return picture.snapshots.map((s, k) => ({
    name: `frame-${String(k).padStart(digits, "0")}.svg`,
    svg: boundarySvg({
      grid: s.grid,
      trainPoints: picture.trainPoints,
      testPoints: picture.testPoints,
      title: picture.title,
      subtitle: label(s, picture.epochs),
    }),
  }));
}

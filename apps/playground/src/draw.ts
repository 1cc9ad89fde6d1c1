// Canvas drawing: the decision boundary (heat map, 0.5 contour, points) and the network
// (each hidden unit's heat map, connections by sign and size).
import { CLASS_COLORS, classColor, css, diverging, MIDDLE } from "./colors.ts";
import type { Domain } from "./data.ts";
import type { HeatMaps } from "./maps.ts";

/**
 * RGBA pixels (size x size) of the output map: P(class 1) on the orange–blue scale for a
 * binary network, the value for regression, a blend of class colours for softmax.
 *
 * @example
 * ```ts
 * const rgba = outputPixels(maps.output, maps.size, maps.channels, 2);
 * ```
 */
export function outputPixels(
  output: Float32Array,
  size: number,
  channels: number,
  classes: number,
): Uint8ClampedArray<ArrayBuffer> {
  const px = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    let rgb: readonly number[];
    if (channels === 1) {
      const v = output[i]!;
      rgb = diverging(classes === 0 ? v : 2 * v - 1);
    } else {
      let r = 0;
      let g = 0;
      let b = 0;
      let best = 0;
      for (let c = 0; c < channels; c++) {
        const p = output[i * channels + c]!;
        const col = CLASS_COLORS[c % CLASS_COLORS.length]!;
        r += p * col[0];
        g += p * col[1];
        b += p * col[2];
        best = Math.max(best, p);
      }
      // Fade towards the middle colour where the network is unsure.
      const a = Math.min(1, Math.max(0, (best - 1 / channels) / (1 - 1 / channels)));
      rgb = [
        MIDDLE[0] + (r - MIDDLE[0]) * a,
        MIDDLE[1] + (g - MIDDLE[1]) * a,
        MIDDLE[2] + (b - MIDDLE[2]) * a,
      ];
    }
    px[4 * i] = rgb[0]!;
    px[4 * i + 1] = rgb[1]!;
    px[4 * i + 2] = rgb[2]!;
    px[4 * i + 3] = 255;
  }
  return px;
}

/**
 * Line segments (in cell units: 0..size-1 on each axis) where a grid crosses `level`
 * (marching squares with linear interpolation).
 *
 * @example
 * ```ts
 * contourSegments(new Float32Array([0, 1, 0, 1]), 2, 0.5); // one vertical segment at x 0.5
 * ```
 */
export function contourSegments(values: Float32Array, size: number, level: number): number[] {
  const out: number[] = [];
  const at = (x: number, y: number): number => values[y * size + x]! - level;
  for (let y = 0; y + 1 < size; y++) {
    for (let x = 0; x + 1 < size; x++) {
      const v = [at(x, y), at(x + 1, y), at(x + 1, y + 1), at(x, y + 1)];
      const corners = [
        [x, y],
        [x + 1, y],
        [x + 1, y + 1],
        [x, y + 1],
      ] as const;
      const hits: number[] = [];
      for (let e = 0; e < 4; e++) {
        const a = v[e]!;
        const b = v[(e + 1) % 4]!;
        if (a < 0 !== b < 0) {
          const t = a / (a - b);
          const p = corners[e]!;
          const q = corners[(e + 1) % 4]!;
          hits.push(p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t);
        }
      }
      for (let k = 0; k + 3 < hits.length; k += 4)
        out.push(hits[k]!, hits[k + 1]!, hits[k + 2]!, hits[k + 3]!);
    }
  }
  return out;
}

/**
 * What {@link drawBoundary} draws besides the heat map.
 *
 * @example
 * ```ts
 * const view: BoundaryView = { domain, trainPoints, yTrain, testPoints, yTest, showTest: true, classes: 2, dark: false };
 * ```
 */
export interface BoundaryView {
  readonly domain: Domain;
  readonly trainPoints: Float64Array;
  readonly yTrain: readonly number[];
  readonly testPoints: Float64Array;
  readonly yTest: readonly number[];
  readonly showTest: boolean;
  readonly classes: number;
}

function pointColor(y: number, classes: number): string {
  return css(classes === 0 ? diverging(y) : classes === 2 ? classColor(y) : classColor(y));
}

/**
 * Draws the output heat map (scaled smoothly to the canvas), the 0.5 contour of a binary
 * network, the training points (white outline) and, when shown, the test points (black
 * outline).
 *
 * @example
 * ```ts
 * drawBoundary(canvas, maps.output, maps.size, maps.channels, view);
 * ```
 */
export function drawBoundary(
  canvas: HTMLCanvasElement,
  output: Float32Array,
  size: number,
  channels: number,
  view: BoundaryView,
): void {
  const ctx = canvas.getContext("2d");
  if (ctx === null) return;
  const w = canvas.width;
  const h = canvas.height;
  const grid = document.createElement("canvas");
  grid.width = size;
  grid.height = size;
  const gctx = grid.getContext("2d")!;
  gctx.putImageData(
    new ImageData(outputPixels(output, size, channels, view.classes), size, size),
    0,
    0,
  );
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(grid, 0, 0, w, h);
  if (channels === 1 && view.classes === 2) {
    const seg = contourSegments(output, size, 0.5);
    const sx = w / size;
    const sy = h / size;
    ctx.strokeStyle = "rgba(20,20,20,0.75)";
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (let k = 0; k < seg.length; k += 4) {
      ctx.moveTo((seg[k]! + 0.5) * sx, (seg[k + 1]! + 0.5) * sy);
      ctx.lineTo((seg[k + 2]! + 0.5) * sx, (seg[k + 3]! + 0.5) * sy);
    }
    ctx.stroke();
  }
  const { min, max } = view.domain;
  const px = (x: number): number => ((x - min) / (max - min)) * w;
  const py = (y: number): number => h - ((y - min) / (max - min)) * h;
  // One path per colour (a fill and a stroke each), not one per point.
  const dots = (pts: Float64Array, ys: readonly number[], outline: string): void => {
    const groups = new Map<string, number[]>();
    for (let i = 0; i < ys.length; i++) {
      const color = pointColor(ys[i]!, view.classes);
      let g = groups.get(color);
      if (g === undefined) groups.set(color, (g = []));
      g.push(i);
    }
    ctx.lineWidth = 1;
    ctx.strokeStyle = outline;
    for (const [color, indices] of groups) {
      ctx.beginPath();
      for (const i of indices) {
        const x = px(pts[2 * i]!);
        const y = py(pts[2 * i + 1]!);
        ctx.moveTo(x + 3, y);
        ctx.arc(x, y, 3, 0, 2 * Math.PI);
      }
      ctx.fillStyle = color;
      ctx.fill();
      ctx.stroke();
    }
  };
  dots(view.trainPoints, view.yTrain, "white");
  if (view.showTest) dots(view.testPoints, view.yTest, "black");
}

/** The most connections {@link drawNetwork} draws (the strongest by |w|). */
export const MAX_LINES = 1500;

/**
 * Draws the network: one column per layer (inputs, hidden layers, output); each hidden unit
 * as its heat map; connections coloured by sign (blue +, orange −), width by |w| (the
 * {@link MAX_LINES} strongest).
 *
 * @example
 * ```ts
 * drawNetwork(canvas, [2, 8, 8, 1], maps, weights, ["x₁", "x₂"], "#222");
 * ```
 */
export function drawNetwork(
  canvas: HTMLCanvasElement,
  sizes: readonly number[],
  maps: HeatMaps,
  weights: readonly Float64Array[],
  inputLabels: readonly string[],
  ink: string,
): void {
  const ctx = canvas.getContext("2d");
  if (ctx === null) return;
  const W = canvas.width;
  const H = canvas.height;
  ctx.clearRect(0, 0, W, H);
  const cols = sizes.length;
  const maxUnits = Math.max(...sizes);
  const box = Math.max(4, Math.min(36, Math.floor((H - 8) / maxUnits) - 2));
  const colX = (l: number): number => 48 + ((W - 60 - box) * l) / Math.max(1, cols - 1);
  const unitY = (l: number, u: number): number => {
    const n = sizes[l]!;
    const total = n * (box + 2);
    return (H - total) / 2 + u * (box + 2);
  };
  // Connections first.
  let wmax = 1e-9;
  for (const w of weights) for (const v of w) wmax = Math.max(wmax, Math.abs(v));
  // The strongest MAX_LINES connections only (a 25-50 layer alone has 1250).
  let total = 0;
  for (const w of weights) total += w.length;
  let floor = 0;
  if (total > MAX_LINES) {
    const all = new Float64Array(total);
    let k = 0;
    for (const w of weights) for (const v of w) all[k++] = Math.abs(v);
    all.sort();
    floor = all[total - MAX_LINES]!;
  }
  // Batched by sign and one of 8 widths: 16 strokes, however many connections.
  const WIDTHS = 8;
  const paths = Array.from({ length: 2 * WIDTHS }, () => new Path2D());
  for (let l = 0; l + 1 < cols; l++) {
    const w = weights[l];
    if (w === undefined) continue;
    const nIn = sizes[l]!;
    const nOut = sizes[l + 1]!;
    for (let o = 0; o < nOut; o++) {
      for (let i = 0; i < nIn; i++) {
        const v = w[o * nIn + i]!;
        if (Math.abs(v) < floor) continue;
        const bucket = Math.min(WIDTHS - 1, Math.floor((Math.abs(v) / wmax) * WIDTHS));
        const path = paths[(v >= 0 ? 0 : WIDTHS) + bucket]!;
        path.moveTo(colX(l) + box, unitY(l, i) + box / 2);
        path.lineTo(colX(l + 1), unitY(l + 1, o) + box / 2);
      }
    }
  }
  paths.forEach((path, k) => {
    const bucket = k % WIDTHS;
    ctx.strokeStyle = k < WIDTHS ? "rgba(8,119,189,0.55)" : "rgba(245,147,34,0.55)";
    ctx.lineWidth = Math.max(0.2, ((bucket + 0.5) / WIDTHS) * 4);
    ctx.stroke(path);
  });
  // Units.
  const n = maps.neuronSize;
  const cell = document.createElement("canvas");
  cell.width = n;
  cell.height = n;
  const cctx = cell.getContext("2d")!;
  ctx.imageSmoothingEnabled = true;
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillStyle = ink;
  ctx.textAlign = "right";
  for (let l = 0; l < cols; l++) {
    for (let u = 0; u < sizes[l]!; u++) {
      const x = colX(l);
      const y = unitY(l, u);
      if (l > 0 && l < cols - 1) {
        const layer = maps.neurons[l - 1];
        if (layer !== undefined) {
          const values = layer.subarray(u * n * n, (u + 1) * n * n);
          const px = new Uint8ClampedArray(n * n * 4);
          for (let k = 0; k < n * n; k++) {
            const c = diverging(Math.tanh(values[k]!));
            px[4 * k] = c[0];
            px[4 * k + 1] = c[1];
            px[4 * k + 2] = c[2];
            px[4 * k + 3] = 255;
          }
          cctx.putImageData(new ImageData(px, n, n), 0, 0);
          ctx.drawImage(cell, x, y, box, box);
        }
      } else {
        ctx.fillStyle = l === 0 ? "#888" : "#444";
        ctx.fillRect(x, y, box, box);
        ctx.fillStyle = ink;
        if (l === 0 && box >= 8) ctx.fillText(inputLabels[u] ?? "", x - 3, y + box / 2 + 4);
      }
    }
  }
}

// What the page exports: the run's history as CSV, the boundary as SVG, files to download.
import { classColor, css, diverging } from "./colors.ts";
import type { BoundaryView } from "./draw.ts";
import type { EpochStats } from "./model.ts";

/**
 * The history as CSV: a header, then one line per epoch (NaN accuracy for regression is an
 * empty field).
 *
 * @example
 * ```ts
 * historyCSV([{ epoch: 1, loss: 0.7, valLoss: 0.71, accuracy: 0.5, valAccuracy: 0.48 }]);
 * // "epoch,loss,test_loss,accuracy,test_accuracy\n1,0.7,0.71,0.5,0.48\n"
 * ```
 */
export function historyCSV(stats: readonly EpochStats[]): string {
  const f = (v: number): string => (Number.isNaN(v) ? "" : String(v));
  const lines = ["epoch,loss,test_loss,accuracy,test_accuracy"];
  for (const s of stats) {
    lines.push([s.epoch, f(s.loss), f(s.valLoss), f(s.accuracy), f(s.valAccuracy)].join(","));
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The boundary as a standalone SVG: the heat map as an embedded PNG (`imageHref`, a data
 * URL), the points as circles.
 *
 * @example
 * ```ts
 * boundarySVG(canvas.toDataURL(), 384, view);
 * ```
 */
export function boundarySVG(imageHref: string, size: number, view: BoundaryView): string {
  const { min, max } = view.domain;
  const px = (x: number): string => (((x - min) / (max - min)) * size).toFixed(2);
  const py = (y: number): string => (size - ((y - min) / (max - min)) * size).toFixed(2);
  const dots = (pts: Float64Array, ys: readonly number[], outline: string): string[] =>
    ys.map((y, i) => {
      const fill = css(view.classes === 0 ? diverging(y) : classColor(y));
      return `<circle cx="${px(pts[2 * i]!)}" cy="${py(pts[2 * i + 1]!)}" r="3" fill="${fill}" stroke="${outline}"/>`;
    });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">`,
    `<image href="${imageHref}" width="${size}" height="${size}"/>`,
    ...dots(view.trainPoints, view.yTrain, "white"),
    ...(view.showTest ? dots(view.testPoints, view.yTest, "black") : []),
    "</svg>",
    "",
  ].join("\n");
}

/**
 * Offers `data` as a file download.
 *
 * @example
 * ```ts
 * download("history.csv", historyCSV(stats), "text/csv");
 * ```
 */
export function download(name: string, data: string | Blob, type: string): void {
  const blob = typeof data === "string" ? new Blob([data], { type }) : data;
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

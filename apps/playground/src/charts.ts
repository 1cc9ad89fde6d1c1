// Loss and accuracy curves (train and test) with uPlot.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { EpochStats } from "./model.ts";

/**
 * The two charts of a run; `add` appends epochs, `clear` starts over.
 *
 * @example
 * ```ts
 * const charts = new Curves(lossDiv, accDiv);
 * charts.add(event.stats);
 * ```
 */
export class Curves {
  readonly #loss: uPlot;
  readonly #acc: uPlot;
  #x: number[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #last = 0;
  #cols: number[][] = [[], [], [], []];

  constructor(lossHost: HTMLElement, accHost: HTMLElement) {
    const width = Math.max(240, Math.min(384, lossHost.clientWidth || 384));
    const make = (title: string, host: HTMLElement, range?: [number, number]): uPlot =>
      new uPlot(
        {
          title,
          width,
          height: 150,
          scales: { x: { time: false }, ...(range ? { y: { range } } : {}) },
          legend: { show: true },
          series: [
            { label: "epoch" },
            { label: "train", stroke: "#0877bd", width: 1.5 },
            { label: "test", stroke: "#f59322", width: 1.5 },
          ],
          axes: [{ stroke: "currentColor" }, { stroke: "currentColor" }],
        },
        [[], [], []],
        host,
      );
    this.#loss = make("Loss", lossHost);
    this.#acc = make("Accuracy", accHost, [0, 1]);
  }

  /** Appends epochs and redraws. */
  add(stats: readonly EpochStats[]): void {
    for (const s of stats) {
      this.#x.push(s.epoch);
      this.#cols[0]!.push(s.loss);
      this.#cols[1]!.push(s.valLoss);
      this.#cols[2]!.push(s.accuracy);
      this.#cols[3]!.push(s.valAccuracy);
    }
    if (stats.length > 0) this.#schedule();
  }

  /** Redraws at most every 200 ms (the arrays grow with every epoch). */
  #schedule(): void {
    if (this.#timer !== null) return;
    const wait = Math.max(0, this.#last + 200 - performance.now());
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#last = performance.now();
      this.redraw();
    }, wait);
  }

  /** Redraws with everything so far. */
  redraw(): void {
    this.#loss.setData([this.#x, this.#cols[0]!, this.#cols[1]!]);
    this.#acc.setData([this.#x, this.#cols[2]!, this.#cols[3]!]);
  }

  /** Forgets all epochs. */
  clear(): void {
    this.#x = [];
    this.#cols = [[], [], [], []];
    this.redraw();
  }
}

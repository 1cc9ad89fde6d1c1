// The replay control: a slider (and a play-back button) over the worker's frame epochs; a
// frame's picture is asked for once and kept.

/**
 * The replay's state and controls. `request(epoch)` asks the worker for a frame's picture;
 * `redraw()` redraws the boundary (which reads {@link Replay.selected}).
 *
 * @example
 * ```ts
 * const replay = new Replay(slider, label, button, (epoch) => send({ type: "frame", epoch }), draw);
 * ```
 */
export class Replay {
  #epochs: readonly number[] = [];
  readonly #cache = new Map<number, Float32Array>();
  readonly #asked = new Set<number>();
  #index: number | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  readonly #slider: HTMLInputElement;
  readonly #label: HTMLElement;
  readonly #request: (epoch: number) => void;
  readonly #redraw: () => void;

  constructor(
    slider: HTMLInputElement,
    label: HTMLElement,
    button: HTMLElement,
    request: (epoch: number) => void,
    redraw: () => void,
  ) {
    this.#slider = slider;
    this.#label = label;
    this.#request = request;
    this.#redraw = redraw;
    slider.addEventListener("input", () => {
      const i = Number(slider.value);
      this.show(i >= this.#epochs.length - 1 ? null : i);
    });
    button.addEventListener("click", () => this.#play());
  }

  /** The frame epochs the worker keeps (after every progress event). */
  setEpochs(epochs: readonly number[]): void {
    this.#epochs = epochs;
    this.#slider.max = String(Math.max(0, epochs.length - 1));
    if (this.#index === null) this.#slider.value = this.#slider.max;
  }

  /** A frame's picture arrived. */
  received(epoch: number, output: Float32Array): void {
    this.#cache.set(epoch, output);
    this.#redraw();
  }

  /** Forgets everything (a new run). */
  clear(): void {
    this.#epochs = [];
    this.#cache.clear();
    this.#asked.clear();
    this.show(null);
  }

  /** Shows frame `index`, or the live picture for null. */
  show(index: number | null): void {
    this.#index = index;
    this.#label.textContent = index === null ? "live" : `epoch ${this.#epochs[index] ?? 0}`;
    this.#redraw();
  }

  /**
   * The frame to draw: undefined when live; `output` null while its picture is on its way
   * (asked for once).
   */
  selected(): { epoch: number; output: Float32Array | null } | undefined {
    const epoch = this.#index === null ? undefined : this.#epochs[this.#index];
    if (epoch === undefined) return undefined;
    const output = this.#cache.get(epoch);
    if (output === undefined && !this.#asked.has(epoch)) {
      this.#asked.add(epoch);
      this.#request(epoch);
    }
    return { epoch, output: output ?? null };
  }

  #play(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    if (this.#epochs.length < 2) return;
    let i = 0;
    this.#timer = setInterval(() => {
      if (i >= this.#epochs.length - 1) {
        if (this.#timer !== null) clearInterval(this.#timer);
        this.#timer = null;
        this.#slider.value = String(this.#epochs.length - 1);
        this.show(null);
        return;
      }
      this.#slider.value = String(i);
      this.show(i++);
    }, 100);
  }
}

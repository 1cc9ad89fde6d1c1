/** Where training stands: `done` epochs of `total` finished after `elapsedMs`. */
export interface ProgressState {
  /** Epochs finished (1..total). */
  readonly done: number;
  readonly total: number;
  /** Cost of the last finished epoch. */
  readonly cost: number;
  /** Training accuracy of the last finished epoch. */
  readonly accuracy: number;
  readonly elapsedMs: number;
  /** Time left, if known better than from the average speed (e.g. leaving out the first epoch). */
  readonly etaMs?: number;
  /** Speed, if known better than from the average (epochs per second). */
  readonly epochsPerSecond?: number;
}

/**
 * A short human duration: `"850ms"`, `"12.3s"`, `"2m05s"`, `"1h02m"`.
 *
 * @example
 * ```ts
 * formatDuration(125_000); // "2m05s"
 * ```
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "--";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m`;
  return `${m}m${String(sec).padStart(2, "0")}s`;
}

/**
 * Epochs per second from a state (0 before any time has passed).
 *
 * @example
 * ```ts
 * epochsPerSecond({ done: 100, total: 1000, cost: 0.5, accuracy: 0.8, elapsedMs: 2000 }); // 50
 * ```
 */
export function epochsPerSecond(state: ProgressState): number {
  if (state.epochsPerSecond !== undefined) return state.epochsPerSecond;
  return state.elapsedMs > 0 ? (state.done * 1000) / state.elapsedMs : 0;
}

/**
 * Estimated time left in milliseconds, from the average speed so far.
 *
 * @example
 * ```ts
 * etaMs({ done: 100, total: 1000, cost: 0.5, accuracy: 0.8, elapsedMs: 2000 }); // 18000
 * ```
 */
export function etaMs(state: ProgressState): number {
  if (state.etaMs !== undefined) return state.etaMs;
  if (state.done <= 0) return Number.POSITIVE_INFINITY;
  return (state.elapsedMs / state.done) * (state.total - state.done);
}

function rate(eps: number): string {
  if (eps >= 100) return eps.toFixed(0);
  if (eps >= 10) return eps.toFixed(1);
  return eps.toFixed(2);
}

/**
 * The live progress line for a terminal, at most `width` columns (the bar shrinks, then the
 * line is cut):
 * `epoch  5000/10000 ████████░░░░░░░░  50% │ cost 0.23821 │ acc 0.8900 │ 78 ep/s │ ETA 1m04s`.
 *
 * @example
 * ```ts
 * progressBarLine({ done: 5, total: 10, cost: 0.5, accuracy: 0.9, elapsedMs: 100 }, 80);
 * ```
 */
export function progressBarLine(state: ProgressState, width: number): string {
  const digits = String(state.total).length;
  const head = `epoch ${String(state.done).padStart(digits)}/${state.total} `;
  const pct = state.total > 0 ? state.done / state.total : 1;
  const finished = state.done >= state.total;
  const tail =
    ` ${String(Math.floor(pct * 100)).padStart(3)}%` +
    ` │ cost ${state.cost.toFixed(5)} │ acc ${state.accuracy.toFixed(4)}` +
    ` │ ${rate(epochsPerSecond(state))} ep/s` +
    (finished ? ` │ ${formatDuration(state.elapsedMs)}` : ` │ ETA ${formatDuration(etaMs(state))}`);
  const barWidth = Math.max(0, Math.min(30, width - head.length - tail.length));
  let bar = "";
  if (barWidth >= 5) {
    const filled = Math.round(pct * barWidth);
    bar = "█".repeat(filled) + "░".repeat(barWidth - filled);
  }
  const line = head + bar + tail;
  return line.length > width ? line.slice(0, Math.max(0, width)) : line;
}

/**
 * One plain log line (for logs and pipes), in the spirit of the notebook's
 * `Iteration: 01000 - cost: ... - accuracy: ...`.
 *
 * @example
 * ```ts
 * progressLogLine({ done: 1000, total: 10000, cost: 0.69, accuracy: 0.5, elapsedMs: 9000 });
 * // "epoch  1000/10000  cost 0.69000  acc 0.5000  111 ep/s  ETA 1m21s"
 * ```
 */
export function progressLogLine(state: ProgressState): string {
  const digits = String(state.total).length;
  const finished = state.done >= state.total;
  return (
    `epoch ${String(state.done).padStart(digits)}/${state.total}` +
    `  cost ${state.cost.toFixed(5)}  acc ${state.accuracy.toFixed(4)}` +
    `  ${rate(epochsPerSecond(state))} ep/s` +
    (finished ? `  ${formatDuration(state.elapsedMs)}` : `  ETA ${formatDuration(etaMs(state))}`)
  );
}

/**
 * Epochs between plain log lines: a round step (1, 2 or 5 times a power of ten) giving about
 * ten lines.
 *
 * @example
 * ```ts
 * logInterval(10000); // 1000
 * logInterval(300); // 50
 * ```
 */
export function logInterval(epochs: number): number {
  const target = epochs / 10;
  if (target <= 1) return 1;
  const pow = 10 ** Math.floor(Math.log10(target));
  for (const m of [1, 2, 5, 10]) {
    if (m * pow >= target) return m * pow;
  }
  return 10 * pow;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  readonly total: number;
  /** Writes text as is (no newline added). */
  readonly write: (text: string) => void;
  /** A terminal: redraw one line in place; otherwise print a line every `every` epochs. */
  readonly tty: boolean;
  /** Epochs between plain log lines (not a terminal). */
  readonly every: number;
  /** Columns available for the live line. */
  readonly width: number;
  /** Milliseconds, monotonic (e.g. `performance.now`). */
  readonly now: () => number;
  /** Minimum milliseconds between two redraws of the live line (default 80). */
  readonly minRedrawMs?: number;
}

/** A progress display fed once per epoch. */
export interface Progress {
  /** Report that epoch `done` (1-based count) finished with this cost and accuracy. */
  update(done: number, cost: number, accuracy: number): void;
  /** Draw the final state and end the line. */
  finish(): void;
  /** Milliseconds since the display was created. */
  elapsedMs(): number;
}

/**
 * A live progress bar on a terminal (redrawn in place, throttled), or a plain log line every
 * `every` epochs otherwise. The first and last epochs are always shown. Speed and time left
 * leave out the first epoch (which includes the JIT's warm-up).
 *
 * @example
 * ```ts
 * const p = createProgress({ total: 300, write: (s) => out.push(s), tty: false, every: 50, width: 80, now: () => performance.now() });
 * p.update(1, 0.69, 0.5);
 * p.finish();
 * ```
 */
export function createProgress(options: ProgressOptions): Progress {
  const start = options.now();
  const minRedraw = options.minRedrawMs ?? 80;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let last: ProgressState | undefined;
  let lastLogged = 0;
  let firstDone = Number.NaN;
  const draw = (state: ProgressState): void => {
    options.write(`\r${progressBarLine(state, options.width)}\x1b[K`);
  };
  return {
    update(done: number, cost: number, accuracy: number): void {
      const t = options.now();
      if (done === 1 || Number.isNaN(firstDone)) firstDone = t;
      const since = t - firstDone;
      const rate = done > 1 && since > 0 ? ((done - 1) * 1000) / since : undefined;
      last = {
        done,
        total: options.total,
        cost,
        accuracy,
        elapsedMs: t - start,
        ...(rate === undefined
          ? { etaMs: Number.POSITIVE_INFINITY }
          : { etaMs: ((options.total - done) * 1000) / rate, epochsPerSecond: rate }),
      };
      if (options.tty) {
        if (t - lastDraw >= minRedraw || done === 1) {
          draw(last);
          lastDraw = t;
        }
      } else if (done === 1 || done % options.every === 0) {
        options.write(`${progressLogLine(last)}\n`);
        lastLogged = done;
      }
    },
    finish(): void {
      if (last === undefined) return;
      if (options.tty) {
        draw(last);
        options.write("\n");
      } else if (lastLogged !== last.done) {
        options.write(`${progressLogLine(last)}\n`);
      }
    },
    elapsedMs(): number {
      return options.now() - start;
    },
  };
}

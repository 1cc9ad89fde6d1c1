import { describe } from "../matrix.ts";

/** What the progress bar shows of an epoch (a subset of `EpochLog`). */
export interface ProgressLog {
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy?: number;
  readonly valLoss?: number;
  readonly valAccuracy?: number;
}

/** Options of {@link createProgressBar}. */
export interface ProgressBarOptions {
  /** Number of epochs of the run (the `N` of `Epoch i/N`). */
  readonly epochs: number;
  /** Where text goes (default `process.stdout.write`; without it and without a `process`, nothing is shown). */
  readonly write?: (s: string) => void;
  /** Redraw one line in place with `\r` (default: `process.stdout.isTTY` when `write` is not given, else `false`). */
  readonly isTTY?: boolean;
  /** Clock in milliseconds (default `performance.now`), for the ETA and the redraw throttle. */
  readonly now?: () => number;
}

/** A progress bar made by {@link createProgressBar}. */
export interface ProgressBar {
  /** Shows the end of one more epoch (the i-th call is epoch i of N). */
  update(log: ProgressLog): void;
  /** Shows the last state if it was throttled and ends the line. Call once, after training. */
  end(): void;
}

const BAR_WIDTH = 30;
/** On a terminal, redraw at most every 50 ms (the last epoch is always drawn). */
const TTY_INTERVAL_MS = 50;
/** When piped, about this many lines per run at most (first and last epoch always). */
const PIPED_LINES = 100;

/**
 * A Keras-like one-line progress bar for training: `Epoch 12/100 [=====>....] - loss: 0.4321
 * - accuracy: 0.8750 - val_loss: 0.5012 - val_accuracy: 0.8000 - ETA: 3s`. On a terminal the
 * line is redrawn in place (`\r`, at most every 50 ms); when output is piped it prints one
 * plain line per epoch (about 100 lines at most for long runs: every k-th epoch, the first and
 * the last); in a browser (no `process.stdout`) and without `write` it does nothing.
 *
 * @example
 * ```ts
 * const bar = createProgressBar({ epochs: 3, write: (s) => out.push(s) });
 * bar.update({ epoch: 0, loss: 0.69 });
 * bar.end();
 * ```
 */
export function createProgressBar(options: ProgressBarOptions): ProgressBar {
  const where = "createProgressBar";
  if (options === null || typeof options !== "object") {
    throw new TypeError(`${where}: expected an options object, got ${describe(options)}`);
  }
  const { epochs } = options;
  if (typeof epochs !== "number" || !Number.isSafeInteger(epochs) || epochs < 1) {
    throw new RangeError(
      `${where}: options.epochs must be a positive integer, got ${describe(epochs)}`,
    );
  }
  for (const key of ["write", "now"] as const) {
    if (options[key] !== undefined && typeof options[key] !== "function") {
      throw new TypeError(
        `${where}: options.${key} must be a function, got ${describe(options[key])}`,
      );
    }
  }
  if (options.isTTY !== undefined && typeof options.isTTY !== "boolean") {
    throw new TypeError(
      `${where}: options.isTTY must be a boolean, got ${describe(options.isTTY)}`,
    );
  }
  const stdout = (
    globalThis as { process?: { stdout?: { write?: (s: string) => unknown; isTTY?: boolean } } }
  ).process?.stdout;
  let write = options.write;
  if (write === undefined) {
    if (typeof stdout?.write !== "function") return { update: () => {}, end: () => {} };
    write = (s) => {
      stdout.write?.(s);
    };
  }
  const tty = options.isTTY ?? (options.write === undefined ? stdout?.isTTY === true : false);
  const now = options.now ?? (() => performance.now());
  const start = now();
  const step = Math.ceil(epochs / PIPED_LINES);
  let count = 0;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let pending: string | null = null;
  let drawnWidth = 0;
  let ended = false;
  const out = write;

  const draw = (line: string): void => {
    if (tty) {
      const pad = drawnWidth > line.length ? " ".repeat(drawnWidth - line.length) : "";
      out(`\r${line}${pad}`);
      drawnWidth = line.length;
    } else {
      out(`${line}\n`);
    }
    pending = null;
  };

  return {
    update(log: ProgressLog): void {
      if (ended) return;
      count++;
      const t = now();
      const line = formatLine(count, epochs, log, t - start);
      const last = count >= epochs;
      const due = tty
        ? count === 1 || last || t - lastDraw >= TTY_INTERVAL_MS
        : count === 1 || last || count % step === 0;
      if (due) {
        draw(line);
        lastDraw = t;
      } else {
        pending = line;
      }
    },
    end(): void {
      if (ended) return;
      ended = true;
      if (pending !== null) draw(pending);
      if (tty && drawnWidth > 0) out("\n");
    },
  };
}

/**
 * One line of the bar: epoch, bar, metrics and the ETA (or, after the last epoch, the total
 * time and the time per epoch).
 *
 * @example
 * ```ts
 * formatLine(1, 2, { epoch: 0, loss: 0.5 }, 1000);
 * // "Epoch 1/2 [==============>...............] - loss: 0.5000 - ETA: 1s"
 * ```
 */
export function formatLine(
  count: number,
  epochs: number,
  log: ProgressLog,
  elapsedMs: number,
): string {
  const width = String(epochs).length;
  const done = Math.min(count, epochs);
  const filled = Math.floor((BAR_WIDTH * done) / epochs);
  const bar =
    done >= epochs
      ? "=".repeat(BAR_WIDTH)
      : `${"=".repeat(Math.max(filled - 1, 0))}${filled > 0 ? ">" : ""}${".".repeat(BAR_WIDTH - filled)}`;
  let line = `Epoch ${String(count).padStart(width)}/${epochs} [${bar}]`;
  line += ` - loss: ${formatValue(log.loss)}`;
  if (log.accuracy !== undefined) line += ` - accuracy: ${formatValue(log.accuracy)}`;
  if (log.valLoss !== undefined) line += ` - val_loss: ${formatValue(log.valLoss)}`;
  if (log.valAccuracy !== undefined) line += ` - val_accuracy: ${formatValue(log.valAccuracy)}`;
  const perEpoch = elapsedMs / count;
  if (count < epochs) {
    line += ` - ETA: ${formatDuration((perEpoch * (epochs - count)) / 1000)}`;
  } else {
    line += ` - ${formatDuration(elapsedMs / 1000)} ${formatPerEpoch(perEpoch)}`;
  }
  return line;
}

/** Keras's number format: 4 decimals, or scientific notation below 1e-3. */
function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(4);
}

/** `7s`, `1:05`, `2:03:04`: Keras's ETA format. */
function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const two = (n: number): string => String(n).padStart(2, "0");
  if (s < 3600) return `${Math.floor(s / 60)}:${two(s % 60)}`;
  return `${Math.floor(s / 3600)}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

function formatPerEpoch(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)}s/epoch`;
  if (ms >= 1) return `${Math.round(ms)}ms/epoch`;
  return `${Math.round(ms * 1000)}us/epoch`;
}

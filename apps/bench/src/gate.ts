// The sample gate: a directory of small files through which the runner of a paired measurement
// (src/paired.ts) tells a job when to take each timed sample, and the job says when it is ready
// and how long each sample took. Both sides only poll for files (awaiting a timer: nothing
// spins; the interval grows from 1 ms to a cap, so a job that waits through the others' samples
// barely wakes) and write them atomically (a temporary name, then a rename).
//
// Files: `ready` (the job finished its warm-up), `skipped` (the warm-up predicted a plan over
// budget; holds the reason), `go-<s>` (the runner: take sample s now), `done-<s>` (the job:
// sample s took this many ms). python/notebook.py speaks the same protocol.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";

/**
 * How long either side waits for a file before giving up: 10 minutes.
 *
 * @example
 * ```ts
 * await waitForGateFile(dir, "go-0", { timeoutMs: GATE_TIMEOUT_MS });
 * ```
 */
export const GATE_TIMEOUT_MS: number = 600_000;

/** Suffix counter: two writes in one process never share a temporary name. */
let serial = 0;

/**
 * Writes `<dir>/<name>` atomically: the text goes to a temporary file in the same directory,
 * which is then renamed, so a reader never sees a partial file.
 *
 * @example
 * ```ts
 * writeGateFile(dir, "done-3", "12.5");
 * ```
 */
export function writeGateFile(dir: string, name: string, text: string): void {
  const tmp = join(dir, `.${name}.${process.pid}.${serial++}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, join(dir, name));
}

/** What {@link waitForGateFile} may also watch while it waits. */
export interface GateWaitOptions {
  /** Give up (throw) after this many ms; default {@link GATE_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
  /** Polled with the file: a non-null value ends the wait early (e.g. the job exited). */
  readonly abort?: () => string | null;
  /**
   * Longest pause between two looks, in ms (default {@link JOB_POLL_MS}): the pause starts at
   * 1 ms and doubles up to this.
   */
  readonly maxIntervalMs?: number;
}

/**
 * A job's longest pause between looks at its gate (16 ms): a job waits through the other
 * members' samples, and every wake-up of it is a context switch on a core that a member being
 * timed (two threads of a data-parallel one) may need. A late start does not bias anything:
 * each sample is timed by the job itself.
 *
 * @example
 * ```ts
 * await waitForGateFile(dir, "go-0", { maxIntervalMs: JOB_POLL_MS });
 * ```
 */
export const JOB_POLL_MS: number = 16;

/**
 * The runner's longest pause between looks (2 ms): it waits for the sample being timed, and
 * only one process polls this often.
 *
 * @example
 * ```ts
 * await waitForGateFile(dir, "done-0", { maxIntervalMs: RUNNER_POLL_MS });
 * ```
 */
export const RUNNER_POLL_MS: number = 2;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until one of `names` exists in `dir` (polling with an awaited timer, every 1 ms at first,
 * then less often up to `maxIntervalMs`) and
 * returns its name and content; `{ aborted }` when `abort` returns a reason first. Throws an
 * Error naming the directory and the files after `timeoutMs`.
 *
 * @example
 * ```ts
 * const r = await waitForGateFile(dir, ["ready", "skipped"]);
 * if ("name" in r && r.name === "skipped") console.log(r.text);
 * ```
 */
export async function waitForGateFile(
  dir: string,
  names: string | readonly string[],
  opts: GateWaitOptions = {},
): Promise<{ readonly name: string; readonly text: string } | { readonly aborted: string }> {
  const list = typeof names === "string" ? [names] : names;
  const timeoutMs = opts.timeoutMs ?? GATE_TIMEOUT_MS;
  const maxInterval = opts.maxIntervalMs ?? JOB_POLL_MS;
  const t0 = performance.now();
  let interval = 1;
  for (;;) {
    for (const name of list) {
      const path = join(dir, name);
      if (existsSync(path)) return { name, text: readFileSync(path, "utf8") };
    }
    const why = opts.abort?.() ?? null;
    if (why !== null) return { aborted: why };
    if (performance.now() - t0 > timeoutMs) {
      throw new Error(
        `sample gate: waited ${(timeoutMs / 1000).toFixed(0)} s for ${list.join(" or ")} in ${dir}`,
      );
    }
    await pause(interval);
    interval = Math.min(maxInterval, interval * 2);
  }
}

// The measuring method: untimed warm-up, then repeated timed samples.
import { waitForGateFile, writeGateFile } from "./gate.ts";
import { now } from "./runtime.ts";
import type { Plan } from "./types.ts";

/**
 * How far over its budget a plan may look during its first {@link COLD_EPOCHS} warm-up epochs
 * and still go on: they carry one-time costs (compilation, and in a paired measurement every
 * member starting at once on the same cores, which once made a 6 ms epoch take 1 s).
 *
 * @example
 * ```ts
 * FIRST_EPOCH_SLACK; // 10
 * ```
 */
export const FIRST_EPOCH_SLACK = 10;

/**
 * Warm-up epochs judged with {@link FIRST_EPOCH_SLACK}; later stages may predict at most twice
 * the budget. (With 2,000 warm-up epochs, the mathjs adapter's first two epochs under Node took
 * five times its later speed, and a check after them alone dropped a candidate that fits.)
 *
 * @example
 * ```ts
 * COLD_EPOCHS; // 8
 * ```
 */
export const COLD_EPOCHS = 8;

/** Timed samples, or why the samples were not taken. */
export type Measurement =
  | { readonly samplesMs: number[]; readonly warmupMs: number }
  | { readonly skipped: string; readonly warmupMs: number };

/**
 * Runs `warmupEpochs` untimed epochs in stages of 1, 1, 2, 4, 8, ... epochs (the last stage
 * what is left), then `samples` timed calls of `step(epochsPerSample)`, and returns each
 * sample's milliseconds. `onWarmupDone` runs after the warm-up, untimed.
 *
 * Gate (`plan.gate`, a directory; see src/gate.ts): after the warm-up `measure` writes
 * `<gate>/ready` (or `<gate>/skipped` with the reason), then waits for `<gate>/go-<s>` before
 * timed sample s and writes its ms to `<gate>/done-<s>` after it, so that a runner can
 * interleave the samples of several jobs (src/paired.ts). Without a gate nothing waits.
 *
 * Budget: the warm-up predicts how long the plan would take, more precisely as compilation
 * and caches settle. After each stage, the fastest per-epoch time so far predicts the whole
 * plan; the plan is abandoned (`skipped` says why) when that prediction is more than
 * {@link FIRST_EPOCH_SLACK} times `plan.budgetMs` within the first {@link COLD_EPOCHS}
 * epochs, or more than twice it later; and after the warm-up, when its last stage predicts the
 * timed samples over the budget. Each of these limits is multiplied by `plan.sharers`
 * (default 1): the members of a paired measurement warm up at the same time on the same cores,
 * so each of their epochs may take that many times longer than alone (on 2 cores, three
 * members' first TensorFlow.js epochs once took 20 times their steady speed).
 *
 * `clock` (milliseconds, default `performance.now`) lets a test simulate time.
 *
 * @example
 * ```ts
 * const m = await measure(plan, (epochs) => { params = trainEpochs(params, epochs); });
 * ```
 */
export async function measure(
  plan: Plan,
  step: (epochs: number) => unknown | Promise<unknown>,
  onWarmupDone?: () => void,
  clock: () => number = now,
): Promise<Measurement> {
  const timed = plan.samples * plan.epochsPerSample;
  const total = plan.warmupEpochs + timed;
  const sharers = plan.sharers ?? 1;
  if (!(Number.isInteger(sharers) && sharers >= 1)) {
    throw new RangeError(
      `measure: plan.sharers must be a positive integer, got ${String(sharers)}`,
    );
  }
  const allowedMs = plan.budgetMs * sharers;
  const budget = `${(plan.budgetMs / 1000).toFixed(0)} s${sharers > 1 ? ` x ${sharers} jobs warming up at once` : ""}`;
  const t0 = clock();
  const gate = plan.gate;
  const skip = (what: string, ms: number, count: number, factor: number): Measurement => {
    const skipped = `${what} took ${ms.toFixed(0)} ms per epoch (or pass), so ${count} would take ~${((ms * count) / 1000).toFixed(0)} s${factor > 1 ? `, over ${factor} times` : ""} (budget ${budget})`;
    if (gate !== undefined) writeGateFile(gate, "skipped", skipped);
    return { skipped, warmupMs: clock() - t0 };
  };
  // The fastest stage so far: one stage slowed down by another process is not a verdict.
  let fastest = Number.POSITIVE_INFINITY;
  let done = 0;
  let stage = 1;
  let last = 0;
  while (done < plan.warmupEpochs) {
    const size = Math.min(stage, plan.warmupEpochs - done);
    const t = clock();
    await step(size);
    last = (clock() - t) / size;
    fastest = Math.min(fastest, last);
    done += size;
    const factor = done <= COLD_EPOCHS ? FIRST_EPOCH_SLACK : 2;
    if (fastest * total > allowedMs * factor) {
      const what = done === 1 ? "epoch 1" : `the fastest of warm-up epochs 1–${done}`;
      return skip(what, fastest, total, factor);
    }
    if (done >= 2) stage *= 2;
  }
  if (plan.warmupEpochs > 2 && last * timed > allowedMs) {
    return skip("the warm-up's last stage", last, timed, 1);
  }
  const warmupMs = clock() - t0;
  onWarmupDone?.();
  if (gate !== undefined) writeGateFile(gate, "ready", "");
  const samplesMs: number[] = [];
  for (let s = 0; s < plan.samples; s++) {
    if (gate !== undefined) await waitForGateFile(gate, `go-${s}`);
    const t = clock();
    await step(plan.epochsPerSample);
    const ms = clock() - t;
    samplesMs.push(ms);
    if (gate !== undefined) writeGateFile(gate, `done-${s}`, String(ms));
  }
  return { samplesMs, warmupMs };
}

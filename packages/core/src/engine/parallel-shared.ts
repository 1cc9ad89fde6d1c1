import type { FusedTrainer } from "./trainer.ts";

/** Slots of the control array shared by the threads of a {@link ParallelTrainer}. */
export const CTRL: {
  readonly GEN: 0;
  readonly DONE: 1;
  readonly STOP: 2;
  readonly ERROR: 3;
  readonly CORRECT: 4;
} = { GEN: 0, DONE: 1, STOP: 2, ERROR: 3, CORRECT: 4 };

/** Bytes of the shared region holding a failed worker's error message (UTF-8). */
export const ERROR_BYTES = 2048;

/**
 * Where each shared quantity lives in the shared float64 array: the parameters (written by the
 * main thread before each epoch), one gradient-sum slot per thread, and the loss's per-element
 * cost terms of the whole batch (`rows x samples`, twice for binary cross-entropy).
 */
export interface SharedLayout {
  /** Parameter count P. */
  readonly P: number;
  readonly threads: number;
  /** Total samples of the batch. */
  readonly samples: number;
  /** Output rows. */
  readonly rows: number;
  readonly params: number;
  readonly grads: number;
  readonly pos: number;
  readonly neg: number;
  /** Float64 values in all. */
  readonly length: number;
}

/**
 * The shared layout for `P` parameters, `threads` threads and a `rows x samples` output.
 *
 * @example
 * ```ts
 * sharedLayout(4101, 2, 900, 1).length; // 4101 * 3 + 1800
 * ```
 */
export function sharedLayout(
  P: number,
  threads: number,
  samples: number,
  rows: number,
): SharedLayout {
  const params = 0;
  const grads = P;
  const pos = grads + threads * P;
  const neg = pos + rows * samples;
  return { P, threads, samples, rows, params, grads, pos, neg, length: neg + rows * samples };
}

/** Views of one thread over the shared float64 array, made once. */
export interface ShardViews {
  readonly shared: Float64Array;
  readonly pos: Float64Array;
  readonly neg: Float64Array;
}

/**
 * The views a thread's {@link shardStep} writes through.
 *
 * @example
 * ```ts
 * const views = shardViews(new Float64Array(sab), layout);
 * ```
 */
export function shardViews(shared: Float64Array, layout: SharedLayout): ShardViews {
  const n = layout.rows * layout.samples;
  return {
    shared,
    pos: shared.subarray(layout.pos, layout.pos + n),
    neg: shared.subarray(layout.neg, layout.neg + n),
  };
}

/**
 * One thread's share of an epoch: load the shared parameters, run its shard forward, write its
 * cost terms at its columns, run backward and write its undivided gradient sums to its slot.
 * Returns the number of its samples predicted right.
 *
 * @example
 * ```ts
 * const correct = shardStep(trainer, views, layout, 1, 450);
 * ```
 */
export function shardStep(
  trainer: FusedTrainer,
  views: ShardViews,
  layout: SharedLayout,
  thread: number,
  column: number,
): number {
  trainer.setParamsFlat(views.shared, layout.params);
  trainer.forward();
  const correct = trainer.costTermsInto(views.pos, views.neg, layout.samples, column);
  trainer.backwardSums();
  trainer.gradientsInto(views.shared, layout.grads + thread * layout.P);
  return correct;
}

/**
 * How long a waiting thread polls shared memory before it sleeps in `Atomics.wait`, in
 * milliseconds. Between two epochs the main thread only reduces and updates (tens of
 * microseconds on the headline network), and a futex sleep and wake-up on a virtual machine
 * costs about as much again, so a thread that polls through that gap is there when work
 * arrives.
 */
export const SPIN_MS = 1;

/**
 * Polls `ctrl[index]` until it differs from `value` or {@link SPIN_MS} have passed; true when
 * it changed.
 *
 * @example
 * ```ts
 * if (!spinWhile(ctrl, CTRL.GEN, gen)) Atomics.wait(ctrl, CTRL.GEN, gen);
 * ```
 */
export function spinWhile(ctrl: Int32Array, index: number, value: number): boolean {
  const deadline = performance.now() + SPIN_MS;
  for (;;) {
    for (let i = 0; i < 512; i++) {
      if (Atomics.load(ctrl, index) !== value) return true;
    }
    if (performance.now() > deadline) return false;
  }
}

import type { Architecture } from "../architecture.ts";
import { TrainingDivergedError } from "../errors.ts";
import { PAIRWISE_BLOCK, pairwiseSplit, pairwiseSum } from "../sum.ts";
import type { FusedTrainer } from "./trainer.ts";

/** Slots of the control array shared by the threads of a {@link ParallelTrainer}. */
export const CTRL: {
  readonly GEN: 0;
  readonly DONE: 1;
  readonly STOP: 2;
  readonly ERROR: 3;
  readonly CORRECT: 4;
} = { GEN: 0, DONE: 1, STOP: 2, ERROR: 3, CORRECT: 4 };

/**
 * Index in the control array of the slot where worker `thread` stores the last generation it
 * finished (after the per-thread correct counts); `doneSlot(threads, threads)` is the length.
 *
 * @example
 * ```ts
 * doneSlot(2, 1); // CTRL.CORRECT + 3
 * ```
 */
export function doneSlot(threads: number, thread: number): number {
  return CTRL.CORRECT + threads + thread;
}

/** Bytes of the shared region holding a failed worker's error message (UTF-8). */
export const ERROR_BYTES = 2048;

/**
 * Where each shared quantity lives in the shared float64 array: the parameters (written by the
 * main thread before each epoch), one gradient-sum slot per thread, then the cost: with
 * `tree`, each thread's two cost sums (its shard is a node of the batch's pairwise-sum tree);
 * otherwise the loss's per-element cost terms of the whole batch (`rows x samples`, twice for
 * binary cross-entropy), which the main thread sums.
 */
export interface SharedLayout {
  /** Parameter count P. */
  readonly P: number;
  readonly threads: number;
  /** Total samples of the batch. */
  readonly samples: number;
  /** Output rows. */
  readonly rows: number;
  /** Whether the shards are nodes of the pairwise-sum tree (see {@link planShards}). */
  readonly tree: boolean;
  readonly params: number;
  readonly grads: number;
  /** Two cost sums per thread (`tree` only). */
  readonly sums: number;
  readonly pos: number;
  readonly neg: number;
  /** Float64 values in all. */
  readonly length: number;
}

/**
 * The shared layout for `P` parameters, `threads` threads and a `rows x samples` output, with
 * the cost sent as sums (`tree`) or as terms.
 *
 * @example
 * ```ts
 * sharedLayout(4101, 2, 900, 1, false).length; // 4101 * 3 + 1800
 * sharedLayout(4101, 2, 900, 1, true).length; // 4101 * 3 + 4
 * ```
 */
export function sharedLayout(
  P: number,
  threads: number,
  samples: number,
  rows: number,
  tree: boolean,
): SharedLayout {
  const params = 0;
  const grads = P;
  const sums = grads + threads * P;
  const pos = sums + (tree ? 2 * threads : 0);
  const terms = tree ? 0 : rows * samples;
  const neg = pos + terms;
  return {
    P,
    threads,
    samples,
    rows,
    tree,
    params,
    grads,
    sums,
    pos,
    neg,
    length: neg + terms,
  };
}

/** A thread's samples: the first column and how many. */
export type Shard = readonly [column: number, size: number];

/**
 * Contiguous shards of `samples` columns for `threads` threads. Where `threads` is a power of
 * two, the output is one row, and the batch's pairwise-sum tree (`pairwiseSum` in `../sum.ts`,
 * split where `pairwiseSplit` says) reaches `threads` nodes,
 * the shards are those nodes (`tree: true`): each thread's cost sums are then a node's, and the
 * main thread adds them up the tree, the whole batch's sums bit for bit. Otherwise the shards
 * are equal, the first ones one sample larger (`tree: false`), and the threads send their
 * per-element cost terms instead.
 *
 * @example
 * ```ts
 * planShards(900, 2, 1); // { shards: [[0, 448], [448, 452]], tree: true }
 * planShards(900, 3, 1); // { shards: [[0, 300], [300, 300], [600, 300]], tree: false }
 * ```
 */
export function planShards(
  samples: number,
  threads: number,
  rows: number,
): { readonly shards: Shard[]; readonly tree: boolean } {
  if ((threads & (threads - 1)) === 0 && rows === 1) {
    let nodes: Shard[] = [[0, samples]];
    while (nodes.length < threads && nodes.every(([, n]) => n > PAIRWISE_BLOCK)) {
      nodes = nodes.flatMap(([c, n]): Shard[] => {
        const half = pairwiseSplit(n);
        return [
          [c, half],
          [c + half, n - half],
        ];
      });
    }
    if (nodes.length === threads) return { shards: nodes, tree: true };
  }
  const base = Math.floor(samples / threads);
  const extra = samples % threads;
  const shards: Shard[] = [];
  let column = 0;
  for (let t = 0; t < threads; t++) {
    const size = base + (t < extra ? 1 : 0);
    shards.push([column, size]);
    column += size;
  }
  return { shards, tree: false };
}

/**
 * Adds the threads' cost sums (`[pos, neg]` per thread, in shard order, at `sums`) up the
 * pairwise-sum tree of {@link planShards}: pairs of neighbours, level by level. `scratch` holds
 * `2 · threads` values. Returns `[pos, neg]` of the whole batch in `scratch[0]`, `scratch[1]`.
 *
 * @example
 * ```ts
 * addTreeSums(shared, layout.sums, 2, scratch); // scratch[0] = pos0 + pos1
 * ```
 */
export function addTreeSums(
  shared: Float64Array,
  sums: number,
  threads: number,
  scratch: Float64Array,
): void {
  for (let q = 0; q < 2 * threads; q++) scratch[q] = shared[sums + q] as number;
  for (let width = threads; width > 1; width >>= 1) {
    for (let i = 0; i < width / 2; i++) {
      scratch[2 * i] = (scratch[4 * i] as number) + (scratch[4 * i + 2] as number);
      scratch[2 * i + 1] = (scratch[4 * i + 1] as number) + (scratch[4 * i + 3] as number);
    }
  }
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
 * two cost sums to its slot (or, without `layout.tree`, its cost terms at its columns), run
 * backward and write its undivided gradient sums to its slot. Returns the number of its
 * samples predicted right.
 *
 * @example
 * ```ts
 * const correct = shardStep(trainer, views, layout, 1, 448);
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
  const correct = layout.tree
    ? trainer.costSumsInto(views.shared, layout.sums + 2 * thread)
    : trainer.costTermsInto(views.pos, views.neg, layout.samples, column);
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

/**
 * Sleeps without blocking the event loop while `ctrl[index]` holds `value`: until another
 * thread changes and notifies it (or this thread notifies it), or `ms` pass. Uses
 * `Atomics.waitAsync`, or a 1 ms timer where the runtime lacks it. A timer runs alongside, which
 * also keeps Node's event loop alive (a pending waitAsync does not).
 *
 * @example
 * ```ts
 * await sleepWhile(ctrl, CTRL.DONE, done, 50);
 * ```
 */
export async function sleepWhile(
  ctrl: Int32Array,
  index: number,
  value: number,
  ms: number,
): Promise<void> {
  const waitAsync = (
    Atomics as unknown as {
      waitAsync?: (
        a: Int32Array,
        i: number,
        v: number,
        t: number,
      ) => { async: boolean; value: Promise<string> | string };
    }
  ).waitAsync;
  const r = waitAsync?.(ctrl, index, value, ms);
  if (r !== undefined && !r.async) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const sleep = new Promise((resolve) => {
    timer = setTimeout(resolve, r === undefined ? 1 : ms);
  });
  await (r === undefined ? sleep : Promise.race([r.value, sleep]));
  clearTimeout(timer);
}

/**
 * The data-parallel reduction of one epoch: `g = (Σ_t sums_t) / m` from every thread's gradient
 * shard in `shared` (thread 0 first), into `g`; throws a {@link TrainingDivergedError} naming
 * the first layer whose `Σ dW + Σ db` is not finite (the reference's check).
 *
 * @example
 * ```ts
 * reduceGradients(shared, layout, 2, g, arch, epoch);
 * ```
 */
export function reduceGradients(
  shared: Float64Array,
  layout: SharedLayout,
  threads: number,
  g: Float64Array,
  arch: Architecture,
  epoch: number,
): void {
  const m = layout.samples;
  const P = layout.P;
  const grads = layout.grads;
  // Also the running sum and largest magnitude of g: a finite sum means every value is, and
  // with every |value| below 2^1000 no layer's sum (of fewer than 2^23 values) overflows, so
  // every layer's check below would pass; otherwise take it.
  let total = 0;
  let largest = 0;
  if (threads === 2) {
    for (let q = 0; q < P; q++) {
      const v = ((shared[grads + q] as number) + (shared[grads + P + q] as number)) / m;
      g[q] = v;
      total += v;
      largest = Math.max(largest, Math.abs(v));
    }
  } else {
    for (let q = 0; q < P; q++) {
      let s = shared[grads + q] as number;
      for (let t = 1; t < threads; t++) s += shared[grads + t * P + q] as number;
      const v = s / m;
      g[q] = v;
      total += v;
      largest = Math.max(largest, Math.abs(v));
    }
  }
  if (!(Number.isFinite(total) && largest < 2 ** 1000 && P < 2 ** 23)) {
    let o = 0;
    for (let l = 0; l < arch.length; l++) {
      const { inputDim, outputDim } = arch[l]!;
      const nW = inputDim * outputDim;
      const s = pairwiseSum(g, o, nW, 1) + pairwiseSum(g, o + nW, outputDim, 1);
      if (!Number.isFinite(s)) throw new TrainingDivergedError(epoch, l, "gradient", s);
      o += nW + outputDim;
    }
  }
}

/**
 * The columns `[c, c + size)` of `src` (rows x cols), as a row-major `rows x size` array: one
 * thread's contiguous shard of samples.
 *
 * @example
 * ```ts
 * shardColumns(X, [450, 450]); // X's second half of 900 samples
 * ```
 */
export function shardColumns(
  src: { readonly rows: number; readonly cols: number; readonly data: Float64Array },
  [c, size]: Shard,
): Float64Array {
  const out = new Float64Array(src.rows * size);
  for (let i = 0; i < src.rows; i++) {
    out.set(src.data.subarray(i * src.cols + c, i * src.cols + c + size), i * size);
  }
  return out;
}

/**
 * The epoch's two cost sums into `out[0]` and `out[1]`: added up the pairwise-sum tree from
 * the threads' partial sums when the shards are its nodes, else the pairwise sums of every
 * thread's cost terms (the second −0, the neutral element of addition, when the loss has one
 * sum: `twoSums` false).
 *
 * @example
 * ```ts
 * reduceCostSums(views, layout, 2, true, sums);
 * ```
 */
export function reduceCostSums(
  views: ShardViews,
  layout: SharedLayout,
  threads: number,
  twoSums: boolean,
  out: Float64Array,
): void {
  if (layout.tree) {
    addTreeSums(views.shared, layout.sums, threads, out);
    return;
  }
  const n = layout.rows * layout.samples;
  out[0] = pairwiseSum(views.pos, 0, n, 1);
  out[1] = twoSums ? pairwiseSum(views.neg, 0, n, 1) : -0;
}

import type { Architecture } from "../architecture.ts";

export type { ParallelOptions } from "./parallel-options.ts";

import type { DivergenceDetector } from "../divergence.ts";
import { TrainingDivergedError, WorkerCrashedError, WorkerStartError } from "../errors.ts";
import { checkElementCount } from "../limits.ts";
import type { Loss } from "../losses/loss.ts";
import { Matrix } from "../matrix.ts";
import { Sgd } from "../optimizers/sgd.ts";
import type { LayerParams, Params } from "../params.ts";
import { type FusedLoss, type FusedLossName, fusedLosses } from "./ops.generated.ts";
import { checkParallelOptions, type ParallelOptions } from "./parallel-options.ts";
import {
  CTRL,
  doneSlot,
  ERROR_BYTES,
  planShards,
  reduceCostSums,
  reduceGradients,
  type ShardViews,
  type SharedLayout,
  shardColumns,
  shardStep,
  shardViews,
  sharedLayout,
  sleepWhile,
  spinWhile,
} from "./parallel-shared.ts";
import {
  type ParallelFault,
  spawnWorker,
  takeInjectedFault,
  type WorkerHandle,
} from "./parallel-spawn.ts";
import type { WorkerInit } from "./parallel-worker.ts";
import { createKernels } from "./select.ts";
import type { FusedEpochStats } from "./trainer.ts";
import { FusedTrainer } from "./trainer.ts";

/**
 * Data-parallel training over worker threads: the batch is split into one contiguous shard of
 * samples per thread (the calling thread computes the first), each thread runs its own fused
 * engine, and the threads meet in shared memory once per epoch. The main thread then sums the
 * gradient shards in a fixed order (thread 0, 1, ...), divides by the sample count and updates
 * the parameters, so a run is deterministic for a given thread count.
 *
 * Forward values, costs and accuracies are exactly the single-thread engine's for the same
 * parameters: each sample's forward pass does not depend on the others, and the cost is the
 * whole batch's pairwise sum, as the reference's. With a power-of-two thread count and one
 * output, the shards are nodes of that sum's tree (448 and 452 of 900 samples on two threads),
 * so each thread sends two sums and the main thread adds them up the tree; otherwise the
 * shards are equal and each thread sends its per-element terms. Gradients add their sums in a
 * different order (shard by shard), so parameters drift from the single-thread run by
 * rounding: about 1e-15 relative per epoch.
 *
 * Node, Bun and Deno only (it blocks the calling thread with `Atomics.wait` while the workers
 * run, which browsers forbid on their main thread). Call {@link close} when done.
 *
 * @example
 * ```ts
 * const pt = await ParallelTrainer.create(arch, X, Y, binaryCrossEntropy, { threads: 2 });
 * pt.setParams(initLayers(arch, 2));
 * for (let e = 0; e < 10000; e++) pt.epoch(e, 0.01);
 * const params = pt.params();
 * pt.close();
 * ```
 */
export class ParallelTrainer {
  /** Threads in all, the calling one included. */
  readonly threads: number;
  /** The main thread's kernel set name (every thread uses the same), e.g. `"wasm-simd-f64"`. */
  readonly engine: string;
  readonly #arch: Architecture;
  /** The loss's per-element face (the fused table's entry of its name). */
  readonly #face: FusedLoss;
  /** The update of each epoch: plain gradient descent, in place on the shared parameters. */
  readonly #sgd: Sgd = new Sgd();
  readonly #main: FusedTrainer;
  readonly #workers: WorkerHandle[];
  readonly #ctrl: Int32Array;
  readonly #errors: Uint8Array;
  readonly #layout: SharedLayout;
  readonly #views: ShardViews;
  readonly #reduced: Float64Array;
  /** The epoch's two cost sums (added up the tree, or from every thread's terms). */
  readonly #treeSums: Float64Array;
  readonly #timeoutMs: number;
  #closed = false;
  /** The first worker death seen by an event listener: thread and reason. */
  #crash: { worker: number; reason: string } | null = null;
  /** The error that stopped the trainer; every later epoch throws it again. */
  #failure: WorkerCrashedError | null = null;
  /** A test-only fault the main thread injects itself (see {@link injectParallelFault}). */
  readonly #fault: ParallelFault | null;

  private constructor(
    arch: Architecture,
    loss: Loss,
    main: FusedTrainer,
    workers: WorkerHandle[],
    ctrl: Int32Array,
    errors: Uint8Array,
    layout: SharedLayout,
    views: ShardViews,
    timeoutMs: number,
    fault: ParallelFault | null,
  ) {
    this.threads = workers.length + 1;
    this.engine = main.kernels.name;
    this.#arch = arch;
    this.#face = fusedLosses[loss.name as FusedLossName];
    this.#main = main;
    this.#workers = workers;
    this.#ctrl = ctrl;
    this.#errors = errors;
    this.#layout = layout;
    this.#views = views;
    this.#reduced = new Float64Array(layout.P);
    this.#treeSums = new Float64Array(2 * layout.threads);
    this.#timeoutMs = timeoutMs;
    this.#fault = fault?.how === "terminate" ? fault : null;
    workers.forEach((w, i) => {
      w.onCrash((reason) => {
        if (this.#closed || this.#crash !== null) return;
        this.#crash = { worker: i + 1, reason };
        // Wake an epochAsync waiting for the workers (Atomics.waitAsync), so it sees the crash.
        Atomics.notify(this.#ctrl, CTRL.DONE);
      });
    });
  }

  /**
   * Plans the shards, starts `threads − 1` workers and waits until every one is ready.
   *
   * @example
   * ```ts
   * const pt = await ParallelTrainer.create(arch, X, Y, binaryCrossEntropy);
   * ```
   */
  static async create(
    arch: Architecture,
    X: Matrix,
    Y: Matrix,
    loss: Loss,
    options: ParallelOptions = {},
  ): Promise<ParallelTrainer> {
    const where = "ParallelTrainer.create";
    const m = X.cols;
    const { threads, engine, dtype, timeoutMs } = checkParallelOptions(
      where,
      arch,
      m,
      loss,
      options,
    );
    const rows = Y.rows;
    // Contiguous shards of columns: nodes of the cost's pairwise-sum tree where they can be.
    const { shards, tree } = planShards(m, threads, rows);
    // Checked before anything is allocated: parameters, one gradient shard per thread, cost.
    const P = arch.reduce((n, l) => n + l.outputDim * (l.inputDim + 1), 0);
    const layout = sharedLayout(P, threads, m, rows, tree);
    checkElementCount(where, `the shared memory of ${threads} threads`, layout.length);
    const [c0, s0] = shards[0]!;
    const fma = options.fma === true;
    const main = new FusedTrainer(arch, s0, createKernels(engine, dtype, where, { fma }), loss);
    main.setData(
      new Matrix(X.rows, s0, shardColumns(X, [c0, s0])),
      new Matrix(rows, s0, shardColumns(Y, [c0, s0])),
    );
    const control = new SharedArrayBuffer(4 * doneSlot(threads, threads));
    const fault = takeInjectedFault();
    const data = new SharedArrayBuffer(8 * layout.length);
    const errors = new SharedArrayBuffer(ERROR_BYTES);
    const layers = arch.map((l) => ({
      inputDim: l.inputDim,
      outputDim: l.outputDim,
      activation: l.activation.name,
    }));
    const workers: WorkerHandle[] = [];
    try {
      for (let t = 1; t < threads; t++) workers.push(await spawnWorker());
      workers.forEach((w, i) => {
        const t = i + 1;
        const [c, size] = shards[t]!;
        const init: WorkerInit = {
          thread: t,
          layers,
          loss: loss.name,
          engine,
          dtype,
          fma,
          samples: m,
          column: c,
          shard: size,
          X: shardColumns(X, [c, size]),
          Y: shardColumns(Y, [c, size]),
          P,
          threads,
          tree,
          control,
          data,
          errors,
          ...(fault !== null && fault.worker === t && fault.how !== "terminate"
            ? { fault: { epoch: fault.epoch, how: fault.how } }
            : {}),
        };
        w.post(init);
      });
      for (const w of workers) {
        const answer = await w.next();
        if (answer.ready !== true) {
          throw new WorkerStartError(where, answer.error ?? "no answer");
        }
      }
    } catch (e) {
      for (const w of workers) w.terminate();
      throw e;
    }
    for (const w of workers) w.unref();
    return new ParallelTrainer(
      arch,
      loss,
      main,
      workers,
      new Int32Array(control),
      new Uint8Array(errors),
      layout,
      shardViews(new Float64Array(data), layout),
      timeoutMs,
      fault,
    );
  }

  /**
   * Sets the parameters (copied into shared memory).
   *
   * @example
   * ```ts
   * pt.setParams(initLayers(arch, 2));
   * ```
   */
  setParams(params: Params<Matrix>): void {
    const shared = this.#views.shared;
    let o = this.#layout.params;
    for (const p of params) {
      shared.set(p.W.data, o);
      o += p.W.data.length;
      shared.set(p.b.data, o);
      o += p.b.data.length;
    }
  }

  /**
   * The current parameters, copied out.
   *
   * @example
   * ```ts
   * pt.params()[0].W.shape; // [25, 2]
   * ```
   */
  params(): Params<Matrix> {
    const shared = this.#views.shared;
    let o = this.#layout.params;
    return this.#arch.map((l): LayerParams<Matrix> => {
      const nW = l.outputDim * l.inputDim;
      const W = new Matrix(l.outputDim, l.inputDim, shared.slice(o, o + nW));
      o += nW;
      const b = new Matrix(l.outputDim, 1, shared.slice(o, o + l.outputDim));
      o += l.outputDim;
      return { W, b };
    });
  }

  /**
   * Copies the current parameters into a flat array (layer by layer, W row-major then b).
   *
   * @example
   * ```ts
   * pt.paramsInto(flat);
   * ```
   */
  paramsInto(out: Float64Array): void {
    const at = this.#layout.params;
    out.set(this.#views.shared.subarray(at, at + this.#layout.P));
  }

  /**
   * Sets the parameters from a flat array laid out as {@link paramsInto}'s.
   *
   * @example
   * ```ts
   * pt.setParamsFlat(flat);
   * ```
   */
  setParamsFlat(src: Float64Array): void {
    this.#views.shared.set(src.subarray(0, this.#layout.P), this.#layout.params);
  }

  /**
   * Fraction of the calling thread's shard of outputs (of the last {@link epoch}) saturated at
   * the output activation's bound: the divergence detector's saturation estimate
   * (the shards are contiguous columns of the same batch).
   *
   * @example
   * ```ts
   * pt.saturatedFraction(detector); // 0 for a healthy network
   * ```
   */
  saturatedFraction(detector: DivergenceDetector): number {
    const main = this.#main;
    const outputs = this.#arch[this.#arch.length - 1]!.outputDim * main.samples;
    return main.saturatedOutputs(detector) / outputs;
  }

  /** Throws if the trainer cannot train: closed, stopped by a failure, or a worker died. */
  #checkUsable(where: string, epoch: number): void {
    if (this.#failure !== null) throw this.#failure;
    if (this.#crash !== null) throw this.#fail(epoch, this.#crash.worker, this.#crash.reason);
    if (this.#closed) {
      throw new TypeError(`${where}: the trainer is closed; create a new ParallelTrainer`);
    }
  }

  /** Records the failure, stops every worker and returns the error to throw. */
  #fail(epoch: number, worker: number, reason: string): WorkerCrashedError {
    const error = new WorkerCrashedError(worker, epoch, reason);
    this.#failure = error;
    this.close();
    return error;
  }

  /** Starts a generation and computes the calling thread's shard; returns its correct count. */
  #begin(epoch: number): number {
    const ctrl = this.#ctrl;
    Atomics.store(ctrl, CTRL.DONE, 0);
    Atomics.add(ctrl, CTRL.GEN, 1);
    Atomics.notify(ctrl, CTRL.GEN);
    const correct = shardStep(this.#main, this.#views, this.#layout, 0, 0);
    const f = this.#fault;
    if (f !== null && f.epoch === epoch) this.#workers[f.worker - 1]?.kill();
    return correct;
  }

  /**
   * Whether the workers are done with this generation (`true`), or one has reported a failure
   * in shared memory (a shard that threw, or a worker that called process.exit): then throws.
   */
  #workersDone(epoch: number): boolean {
    const ctrl = this.#ctrl;
    const failed = Atomics.load(ctrl, CTRL.ERROR);
    if (failed > 0) {
      const bytes = this.#errors;
      const end = bytes.indexOf(0);
      const text = new TextDecoder().decode(bytes.slice(0, end < 0 ? bytes.length : end));
      throw this.#fail(epoch, failed - 1, text);
    }
    return Atomics.load(ctrl, CTRL.DONE) >= this.#workers.length;
  }

  /** The error for workers that stopped answering: names the first that is not done. */
  #timedOut(epoch: number): WorkerCrashedError {
    const ctrl = this.#ctrl;
    const gen = Atomics.load(ctrl, CTRL.GEN);
    let worker = 1;
    while (worker < this.threads && Atomics.load(ctrl, doneSlot(this.threads, worker)) === gen) {
      worker++;
    }
    const late = this.#workers.length - Atomics.load(ctrl, CTRL.DONE);
    return this.#fail(
      epoch,
      worker,
      `it did not answer within ${this.#timeoutMs} ms (options.timeoutMs; ${late} of ${this.#workers.length} workers late)`,
    );
  }

  /**
   * Blocks until every worker has counted itself done with this generation. A worker's death
   * reported in shared memory (a shard that threw, process.exit under Node and Bun) wakes it at
   * once; other deaths arrive as events, which a blocked thread cannot see until it returns:
   * those end the wait at `timeoutMs`. {@link ParallelTrainer.epochAsync} sees them at once.
   */
  #waitForWorkers(epoch: number): void {
    const ctrl = this.#ctrl;
    const deadline = Date.now() + this.#timeoutMs;
    for (;;) {
      const done = Atomics.load(ctrl, CTRL.DONE);
      if (this.#workersDone(epoch)) return;
      // Poll first: the workers usually finish within microseconds of the main shard.
      if (spinWhile(ctrl, CTRL.DONE, done)) continue;
      Atomics.wait(ctrl, CTRL.DONE, done, 50);
      if (Date.now() > deadline) throw this.#timedOut(epoch);
    }
  }

  /** As {@link #waitForWorkers}, but yields to the event loop, where worker deaths arrive. */
  async #waitForWorkersAsync(epoch: number): Promise<void> {
    const ctrl = this.#ctrl;
    const deadline = Date.now() + this.#timeoutMs;
    for (;;) {
      if (this.#crash !== null) throw this.#fail(epoch, this.#crash.worker, this.#crash.reason);
      const done = Atomics.load(ctrl, CTRL.DONE);
      if (this.#workersDone(epoch)) return;
      if (spinWhile(ctrl, CTRL.DONE, done)) continue;
      // Until a worker counts itself done, a crash listener notifies, or 50 ms pass.
      await sleepWhile(ctrl, CTRL.DONE, done, 50);
      if (Date.now() > deadline) throw this.#timedOut(epoch);
    }
  }

  /**
   * One epoch of full-batch gradient descent over every shard: forward, cost and accuracy of
   * the whole batch (before the update), backward, the fixed-order reduction, the divergence
   * checks and the update. A non-finite cost or gradient throws a {@link TrainingDivergedError}
   * before any parameter changes. A worker that fails throws a {@link WorkerCrashedError}
   * (the parameters stay those of the last completed epoch and the trainer is closed); this
   * blocking form notices a worker killed from outside only at `timeoutMs` or at the next call
   * after the event loop ran: prefer {@link ParallelTrainer.epochAsync}, which notices at once.
   *
   * @example
   * ```ts
   * const { cost, accuracy } = pt.epoch(0, 0.01);
   * ```
   */
  epoch(
    epoch: number,
    learningRate: number,
    check?: (cost: number, correct: number) => void,
  ): FusedEpochStats {
    this.#checkUsable("ParallelTrainer.epoch", epoch);
    const correct = this.#begin(epoch);
    this.#waitForWorkers(epoch);
    return this.#finish(epoch, learningRate, correct, check);
  }

  /**
   * {@link ParallelTrainer.epoch}, waiting for the workers without blocking the event loop, so
   * that a worker's death (an uncaught error, an exit, termination, running out of memory) is
   * seen at once: it throws a {@link WorkerCrashedError} naming the worker, terminates the
   * others and leaves the parameters as after the last completed epoch.
   *
   * @example
   * ```ts
   * const { cost, accuracy } = await pt.epochAsync(0, 0.01);
   * ```
   */
  async epochAsync(
    epoch: number,
    learningRate: number,
    check?: (cost: number, correct: number) => void,
  ): Promise<FusedEpochStats> {
    this.#checkUsable("ParallelTrainer.epochAsync", epoch);
    const correct = this.#begin(epoch);
    await this.#waitForWorkersAsync(epoch);
    return this.#finish(epoch, learningRate, correct, check);
  }

  /** Reduces the workers' results and updates the parameters. */
  #finish(
    epoch: number,
    learningRate: number,
    mainCorrect: number,
    check?: (cost: number, correct: number) => void,
  ): FusedEpochStats {
    const { shared } = this.#views;
    const layout = this.#layout;
    const m = layout.samples;
    let correct = mainCorrect;
    for (let t = 1; t < this.threads; t++) correct += Atomics.load(this.#ctrl, CTRL.CORRECT + t);
    const sums = this.#treeSums;
    reduceCostSums(this.#views, layout, this.threads, this.#face.neg !== null, sums);
    const cost = this.#face.cost(sums[0] as number, sums[1] as number, layout.rows, m);
    if (!Number.isFinite(cost)) throw new TrainingDivergedError(epoch, -1, "cost", cost);
    // The caller's divergence checks, before anything changes (may throw).
    check?.(cost, correct);
    // Reduce g = (Σ_t sums_t) / m, thread 0 first (a non-finite layer throws); then plain SGD.
    reduceGradients(shared, layout, this.threads, this.#reduced, this.#arch, epoch);
    this.#sgd.learningRate = learningRate;
    this.#sgd.stepInPlace(shared, layout.params, this.#reduced, 0, layout.P);
    return { cost, accuracy: correct / m };
  }

  /**
   * Stops and terminates the workers (the trainer cannot train afterwards; `params()` still
   * works).
   *
   * @example
   * ```ts
   * pt.close();
   * ```
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    Atomics.store(this.#ctrl, CTRL.STOP, 1);
    Atomics.add(this.#ctrl, CTRL.GEN, 1);
    Atomics.notify(this.#ctrl, CTRL.GEN);
    for (const w of this.#workers) w.terminate();
  }
}

import type { Architecture } from "../architecture.ts";
import type { DivergenceDetector } from "../divergence.ts";
import { TrainingDivergedError } from "../errors.ts";
import { binaryCrossEntropy } from "../losses/binary-cross-entropy.ts";
import type { Loss } from "../losses/loss.ts";
import { Matrix } from "../matrix.ts";
import type { LayerParams, Params } from "../params.ts";
import { pairwiseSum } from "../sum.ts";
import type { Dtype } from "./kernels.ts";
import {
  addTreeSums,
  CTRL,
  ERROR_BYTES,
  planShards,
  type Shard,
  type ShardViews,
  type SharedLayout,
  shardStep,
  shardViews,
  sharedLayout,
  spinWhile,
} from "./parallel-shared.ts";
import type { WorkerInit } from "./parallel-worker.ts";
import { createKernels, type EngineName } from "./select.ts";
import type { FusedEpochStats } from "./trainer.ts";
import { FusedTrainer, fusedUnsupportedReason } from "./trainer.ts";

/**
 * Node's worker module, named through a variable so bundlers for browsers (where parallel
 * training is not offered) leave the import alone instead of failing to resolve it.
 */
const NODE_WORKER_THREADS: string = "node:worker_threads";

/** Options of {@link ParallelTrainer.create}. */
export interface ParallelOptions {
  /** Threads in all, the calling thread included (default 2). */
  readonly threads?: number;
  /** Fused engine of every thread (default `"auto"`). */
  readonly engine?: Exclude<EngineName, "reference">;
  /** Default `"float64"`. */
  readonly dtype?: Dtype;
  /** Relaxed-SIMD fused multiply-add where available (see `TrainOptions.fma`). Default false. */
  readonly fma?: boolean;
  /** Milliseconds to wait for a worker before giving up (default 60,000). */
  readonly timeoutMs?: number;
}

/** The few operations parallel training needs from a worker, in every runtime. */
interface WorkerHandle {
  post(message: unknown): void;
  next(): Promise<{ ready?: boolean; error?: string }>;
  terminate(): void;
  unref(): void;
}

function isNodeWorkerless(): boolean {
  const g = globalThis as {
    Deno?: unknown;
    Bun?: unknown;
    process?: { versions?: { node?: string } };
  };
  return g.Deno === undefined && g.Bun === undefined && g.process?.versions?.node !== undefined;
}

/** Starts a worker running parallel-worker (a Web Worker, or a Node worker_threads Worker). */
async function spawn(): Promise<WorkerHandle> {
  // The same folder holds parallel-worker.ts (sources: Bun, Deno, tsx) or .js (the built package).
  const ext = import.meta.url.endsWith(".ts") ? "ts" : "js";
  const url = new URL(`./parallel-worker.${ext}`, import.meta.url);
  const queue: { ready?: boolean; error?: string }[] = [];
  let wake: (() => void) | null = null;
  const push = (m: { ready?: boolean; error?: string }): void => {
    queue.push(m);
    wake?.();
  };
  const next = async (): Promise<{ ready?: boolean; error?: string }> => {
    while (queue.length === 0) await new Promise<void>((r) => (wake = r));
    return queue.shift()!;
  };
  if (isNodeWorkerless()) {
    const { Worker } = (await import(
      /* @vite-ignore */ NODE_WORKER_THREADS
    )) as typeof import("node:worker_threads");
    // Started through a tiny eval'd script that first registers the parent's `--import` modules
    // as module hooks (Node 20 workers do not inherit customization hooks: tsx, running the
    // TypeScript sources, registers its own on the main thread only), then imports the worker.
    const argv = (globalThis as { process?: { execArgv?: string[] } }).process?.execArgv ?? [];
    const preload = argv.flatMap((a, i) => (a === "--import" && argv[i + 1] ? [argv[i + 1]!] : []));
    // Bare specifiers (`--import tsx`) resolve from the working directory, as Node's own flag does.
    const code = `(async () => { const { register } = await import("node:module"); const { pathToFileURL } = await import("node:url"); const from = pathToFileURL(process.cwd() + "/").href; for (const m of ${JSON.stringify(preload)}) { try { register(m, from); } catch {} } await import(${JSON.stringify(url.href)}); })();`;
    const w = new Worker(code, { eval: true, execArgv: [] });
    w.on("message", (m: { ready?: boolean; error?: string }) => push(m));
    w.on("error", (e: Error) => push({ error: e.message }));
    return {
      post: (m) => w.postMessage(m),
      next,
      terminate: () => void w.terminate(),
      unref: () => w.unref(),
    };
  }
  const WorkerCtor = (globalThis as { Worker?: typeof Worker }).Worker;
  if (WorkerCtor === undefined) {
    throw new RangeError("ParallelTrainer: this runtime has no Worker");
  }
  const w = new WorkerCtor(url, { type: "module" });
  w.addEventListener("message", (e) => push((e as MessageEvent).data));
  w.addEventListener("error", (e) => {
    // Handled here: Deno would otherwise end the whole process on a worker's uncaught error
    // (e.g. a missing read permission for the worker's module), instead of letting create()
    // reject with the reason.
    e.preventDefault();
    push({ error: (e as ErrorEvent).message ?? String(e) });
  });
  return {
    post: (m) => w.postMessage(m),
    next,
    terminate: () => w.terminate(),
    unref: () => (w as unknown as { unref?: () => void }).unref?.(),
  };
}

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
  readonly #loss: Loss;
  readonly #main: FusedTrainer;
  readonly #workers: WorkerHandle[];
  readonly #ctrl: Int32Array;
  readonly #errors: Uint8Array;
  readonly #layout: SharedLayout;
  readonly #views: ShardViews;
  readonly #reduced: Float64Array;
  /** Scratch for adding the threads' cost sums up the tree. */
  readonly #treeSums: Float64Array;
  readonly #timeoutMs: number;
  #closed = false;

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
  ) {
    this.threads = workers.length + 1;
    this.engine = main.kernels.name;
    this.#arch = arch;
    this.#loss = loss;
    this.#main = main;
    this.#workers = workers;
    this.#ctrl = ctrl;
    this.#errors = errors;
    this.#layout = layout;
    this.#views = views;
    this.#reduced = new Float64Array(layout.P);
    this.#treeSums = new Float64Array(2 * layout.threads);
    this.#timeoutMs = timeoutMs;
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
    const threads = options.threads ?? 2;
    const m = X.cols;
    if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
      throw new RangeError(`${where}: threads must be an integer from 1 to 64, got ${threads}`);
    }
    if (threads > m) {
      throw new RangeError(
        `${where}: ${threads} threads need at least ${threads} samples, got ${m}`,
      );
    }
    const reason = fusedUnsupportedReason(arch, loss);
    if (reason !== null) throw new RangeError(`${where}: cannot fuse this network: ${reason}`);
    for (let i = 0; i < arch.length; i++) {
      const name = arch[i]!.activation.name;
      if (!["relu", "sigmoid", "tanh", "leakyRelu", "linear"].includes(name)) {
        throw new RangeError(
          `${where}: layer ${i}'s activation "${name}" is not a built-in one (workers rebuild activations by name)`,
        );
      }
    }
    const g = globalThis as { window?: unknown; document?: unknown };
    if (g.window !== undefined && g.document !== undefined) {
      throw new RangeError(
        `${where}: parallel training needs Node, Bun or Deno (a browser's main thread may not block in Atomics.wait); train on one thread instead`,
      );
    }
    if (typeof SharedArrayBuffer !== "function") {
      throw new RangeError(`${where}: this runtime has no SharedArrayBuffer`);
    }
    const engine = options.engine ?? "auto";
    const dtype = options.dtype ?? "float64";
    const timeoutMs = options.timeoutMs ?? 60_000;
    const rows = Y.rows;
    // Contiguous shards of columns: nodes of the cost's pairwise-sum tree where they can be.
    const { shards, tree } = planShards(m, threads, rows);
    const shardOf = (src: Matrix, [c, size]: Shard): Float64Array => {
      const out = new Float64Array(src.rows * size);
      for (let i = 0; i < src.rows; i++) {
        out.set(src.data.subarray(i * src.cols + c, i * src.cols + c + size), i * size);
      }
      return out;
    };
    const [c0, s0] = shards[0]!;
    const fma = options.fma === true;
    const main = new FusedTrainer(arch, s0, createKernels(engine, dtype, where, { fma }), loss);
    main.setData(
      new Matrix(X.rows, s0, shardOf(X, [c0, s0])),
      new Matrix(rows, s0, shardOf(Y, [c0, s0])),
    );
    const P = main.parameterCount;
    const layout = sharedLayout(P, threads, m, rows, tree);
    const control = new SharedArrayBuffer(4 * (CTRL.CORRECT + threads));
    const data = new SharedArrayBuffer(8 * layout.length);
    const errors = new SharedArrayBuffer(ERROR_BYTES);
    const layers = arch.map((l) => ({
      inputDim: l.inputDim,
      outputDim: l.outputDim,
      activation: l.activation.name,
    }));
    const workers: WorkerHandle[] = [];
    try {
      for (let t = 1; t < threads; t++) workers.push(await spawn());
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
          X: shardOf(X, [c, size]),
          Y: shardOf(Y, [c, size]),
          P,
          threads,
          tree,
          control,
          data,
          errors,
        };
        w.post(init);
      });
      for (const w of workers) {
        const answer = await w.next();
        if (answer.ready !== true) {
          throw new Error(`${where}: a worker failed to start: ${answer.error ?? "no answer"}`);
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
   * Fraction of the calling thread's shard of outputs (of the last {@link epoch}) that sit
   * exactly at the output activation's bound: the divergence detector's saturation estimate
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

  /** Blocks until every worker has counted itself done with this generation. */
  #waitForWorkers(): void {
    const ctrl = this.#ctrl;
    const want = this.#workers.length;
    const deadline = Date.now() + this.#timeoutMs;
    for (;;) {
      const done = Atomics.load(ctrl, CTRL.DONE);
      if (done >= want) break;
      // Poll first: the workers usually finish within microseconds of the main shard.
      if (spinWhile(ctrl, CTRL.DONE, done)) continue;
      Atomics.wait(ctrl, CTRL.DONE, done, 50);
      if (Date.now() > deadline) {
        throw new Error(`ParallelTrainer: workers did not answer within ${this.#timeoutMs} ms`);
      }
    }
    const failed = Atomics.load(ctrl, CTRL.ERROR);
    if (failed !== 0) {
      const bytes = this.#errors;
      const end = bytes.indexOf(0);
      const text = new TextDecoder().decode(bytes.slice(0, end < 0 ? bytes.length : end));
      throw new Error(`ParallelTrainer: ${text}`);
    }
  }

  /**
   * One epoch of full-batch gradient descent over every shard: forward, cost and accuracy of
   * the whole batch (before the update), backward, the fixed-order reduction, the divergence
   * checks and the update. A non-finite cost or gradient throws a {@link TrainingDivergedError}
   * before any parameter changes, and so does `check` (called with the whole batch's cost and
   * number of samples predicted right) when it throws.
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
    if (this.#closed) throw new Error("ParallelTrainer.epoch: the trainer is closed");
    const ctrl = this.#ctrl;
    const layout = this.#layout;
    Atomics.store(ctrl, CTRL.DONE, 0);
    Atomics.add(ctrl, CTRL.GEN, 1);
    Atomics.notify(ctrl, CTRL.GEN);
    let correct = shardStep(this.#main, this.#views, layout, 0, 0);
    this.#waitForWorkers();
    for (let t = 1; t < this.threads; t++) correct += Atomics.load(ctrl, CTRL.CORRECT + t);
    const m = layout.samples;
    const n = layout.rows * m;
    const { shared, pos, neg } = this.#views;
    let posSum: number;
    let negSum: number;
    if (layout.tree) {
      const both = this.#treeSums;
      addTreeSums(shared, layout.sums, this.threads, both);
      posSum = both[0] as number;
      negSum = both[1] as number;
    } else {
      posSum = pairwiseSum(pos, 0, n, 1);
      negSum = this.#loss === binaryCrossEntropy ? pairwiseSum(neg, 0, n, 1) : 0;
    }
    const cost = this.#loss === binaryCrossEntropy ? (-1 / m) * (posSum + negSum) : posSum / n;
    if (!Number.isFinite(cost)) throw new TrainingDivergedError(epoch, -1, "cost", cost);
    // The caller's divergence checks, before anything changes (may throw).
    check?.(cost, correct);
    // Reduce: g = (Σ_t sums_t) / m, thread 0 first.
    const P = layout.P;
    const g = this.#reduced;
    const grads = layout.grads;
    // Also the running sum and largest magnitude of g: a finite sum means every value is, and
    // with every |value| below 2^1000 no layer's sum (of fewer than 2^23 values) overflows, so
    // every layer's check below would pass; otherwise take it.
    let total = 0;
    let largest = 0;
    if (this.threads === 2) {
      for (let q = 0; q < P; q++) {
        const v = ((shared[grads + q] as number) + (shared[grads + P + q] as number)) / m;
        g[q] = v;
        total += v;
        largest = Math.max(largest, Math.abs(v));
      }
    } else {
      for (let q = 0; q < P; q++) {
        let s = shared[grads + q] as number;
        for (let t = 1; t < this.threads; t++) s += shared[grads + t * P + q] as number;
        const v = s / m;
        g[q] = v;
        total += v;
        largest = Math.max(largest, Math.abs(v));
      }
    }
    if (!(Number.isFinite(total) && largest < 2 ** 1000 && P < 2 ** 23)) {
      let o = 0;
      for (let l = 0; l < this.#arch.length; l++) {
        const { inputDim, outputDim } = this.#arch[l]!;
        const nW = inputDim * outputDim;
        const s = pairwiseSum(g, o, nW, 1) + pairwiseSum(g, o + nW, outputDim, 1);
        if (!Number.isFinite(s)) throw new TrainingDivergedError(epoch, l, "gradient", s);
        o += nW + outputDim;
      }
    }
    const alpha = -learningRate;
    const p0 = layout.params;
    for (let q = 0; q < P; q++) {
      shared[p0 + q] = alpha * (g[q] as number) + (shared[p0 + q] as number);
    }
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

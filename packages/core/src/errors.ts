/** What went non-finite or exploded during training. */
export type DivergedQuantity = "cost" | "gradient" | "parameter";

/**
 * Why training was judged diverged:
 * - `"non-finite"`: the cost, a gradient or a parameter is NaN or ±Infinity;
 * - `"exploding-loss"`: the loss rose above `divergenceFactor · max(first loss, 1)`;
 * - `"saturated-output"`: at least half of the outputs sit within 2⁻²⁴ of the output
 *   activation's bound (their gradient vanishes, so training cannot recover) while the loss is above
 *   the trivial predictor's (always predicting the mean target) and 1e-3 — what a bounded loss
 *   (clipped cross-entropy, sigmoid + mean squared error) shows instead of exploding.
 */
export type DivergenceReason = "non-finite" | "exploding-loss" | "saturated-output";

/** Extra facts of a {@link TrainingDivergedError} (all optional, for compatibility). */
export interface DivergenceDetails {
  /** Default: `"non-finite"` for a NaN/±Infinity value, else `"exploding-loss"`. */
  readonly reason?: DivergenceReason;
  /**
   * Parameters of the last healthy state (those training resumes from at
   * {@link TrainingDivergedError.resumeEpoch}); set by `train` and `trainParallel`, whose result
   * is otherwise lost (`Network.fit` puts them back into the network instead).
   */
  readonly lastGoodParams?: readonly { readonly W: unknown; readonly b: unknown }[];
  /** The epoch the kept state starts (see {@link TrainingDivergedError.resumeEpoch}). */
  readonly resumeEpoch?: number;
}

/**
 * Thrown when training diverges — a non-finite (or exploding) cost, gradient or parameter, or
 * outputs pinned at their bound with a loss worse than the trivial predictor's — instead of
 * silently continuing. Names the epoch, the layer (when known), the quantity and the
 * {@link DivergenceReason}, and suggests a fix. The state training is left in (the network of
 * `fit`, or {@link lastGoodParams} of `train`) is the last healthy one, at {@link resumeEpoch}.
 *
 * @example
 * ```ts
 * try { train(X, Y, arch, { epochs: 100, learningRate: 1e6 }); }
 * catch (e) { if (e instanceof TrainingDivergedError) console.log(e.epoch, e.reason, e.resumeEpoch); }
 * ```
 */
export class TrainingDivergedError extends Error {
  /** Epoch (0-based) at which the problem was detected. */
  readonly epoch: number;
  /** Layer index (0-based), or -1 when it concerns the whole network (the cost). */
  readonly layer: number;
  readonly quantity: DivergedQuantity;
  /** The offending value (NaN, ±Infinity, the exploding magnitude, or the saturated loss). */
  readonly value: number;
  /** Which signal fired. */
  readonly reason: DivergenceReason;
  /**
   * The epoch whose starting state was kept: the parameters (and optimiser state) training
   * had at the start of this epoch, the last one measured healthy. It is `epoch − 1` when the
   * cost measured at `epoch` was the problem (those parameters are already bad), `epoch` when
   * a gradient or the update was (never before the first epoch of the call).
   */
  readonly resumeEpoch: number;
  /** The kept parameters, when the trainer returns no network (`train`, `trainParallel`). */
  readonly lastGoodParams: readonly { readonly W: unknown; readonly b: unknown }[] | undefined;

  constructor(
    epoch: number,
    layer: number,
    quantity: DivergedQuantity,
    value: number,
    detail = "",
    suggestion: string = "Try a lower learning rate, scale the inputs (e.g. to zero mean and unit variance), " +
      "or a smaller weight initialisation.",
    details: DivergenceDetails = {},
  ) {
    const where = layer >= 0 ? ` in layer ${layer}` : "";
    super(
      `training diverged at epoch ${epoch}: ${quantity}${where} is ${value}${detail ? ` (${detail})` : ""}. ${suggestion}`,
    );
    this.name = "TrainingDivergedError";
    this.epoch = epoch;
    this.layer = layer;
    this.quantity = quantity;
    this.value = value;
    this.reason = details.reason ?? (Number.isFinite(value) ? "exploding-loss" : "non-finite");
    this.resumeEpoch = details.resumeEpoch ?? epoch;
    this.lastGoodParams = details.lastGoodParams;
  }
}

/**
 * Thrown by `Network.fromJSON` (and the serialisation helpers) when a saved network is
 * malformed: `path` points at the offending field (e.g. `"params[1].W.shape"`) and the message
 * says what was expected and what was found.
 *
 * @example
 * ```ts
 * try { Network.fromJSON('{"format":"plainnet.network"}'); }
 * catch (e) { if (e instanceof InvalidModelError) console.log(e.path); }
 * ```
 */
export class InvalidModelError extends TypeError {
  /** Where in the document the problem is, e.g. `"params[1].W.shape"` (`""` for the root). */
  readonly path: string;

  constructor(path: string, message: string) {
    super(`Network.fromJSON: ${path === "" ? "" : `${path}: `}${message}`);
    this.name = "InvalidModelError";
    this.path = path;
  }
}

/**
 * Thrown by parallel training (`trainParallel`, `ParallelTrainer`) when a worker thread dies
 * (an uncaught error, `process.exit`, termination, running out of memory), fails inside its
 * shard, or stops answering. The other workers are terminated at once and the parameters are
 * left as they were after the last completed epoch.
 *
 * @example
 * ```ts
 * try { await trainParallel(X, Y, arch, { epochs: 100, learningRate: 0.01, threads: 4 }); }
 * catch (e) { if (e instanceof WorkerCrashedError) console.log(e.worker, e.epoch, e.reason); }
 * ```
 */
export class WorkerCrashedError extends Error {
  /** The worker's thread number: 1 to threads − 1 (thread 0 is the calling thread). */
  readonly worker: number;
  /** The epoch (0-based) during which the crash was detected; it did not complete. */
  readonly epoch: number;
  /** What happened, e.g. `"exited with code 1"` or `"uncaught error: ..."` (also `cause`). */
  readonly reason: string;

  constructor(worker: number, epoch: number, reason: string, cause?: unknown) {
    super(
      `ParallelTrainer: worker ${worker} crashed during epoch ${epoch}: ${reason}. The other workers were stopped; the parameters are those after the last completed epoch (${epoch - 1 < 0 ? "the initial ones" : `epoch ${epoch - 1}`}).`,
      { cause: cause ?? reason },
    );
    this.name = "WorkerCrashedError";
    this.worker = worker;
    this.epoch = epoch;
    this.reason = reason;
  }
}

/**
 * Thrown by `trainParallel` and `ParallelTrainer.create` when a worker thread cannot start: its
 * module cannot be loaded (e.g. Deno without `--allow-read`), or it reports an error while
 * setting up. Every worker already started is terminated; nothing was trained.
 *
 * @example
 * ```ts
 * try { await trainParallel(X, Y, arch, { epochs: 10, learningRate: 0.01, threads: 2 }); }
 * catch (e) { if (e instanceof WorkerStartError) console.log(e.reason); }
 * ```
 */
export class WorkerStartError extends Error {
  /** Why the worker did not start (also `cause`). */
  readonly reason: string;

  constructor(where: string, reason: string) {
    super(`${where}: a worker failed to start: ${reason}`, { cause: reason });
    this.name = "WorkerStartError";
    this.reason = reason;
  }
}

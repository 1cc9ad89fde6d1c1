/** What went non-finite or exploded during training. */
export type DivergedQuantity = "cost" | "gradient" | "parameter";

/**
 * Thrown when training produces a non-finite (or exploding) cost, gradient or parameter,
 * instead of silently continuing with NaN. Names the epoch, the layer (when known) and the
 * quantity, and suggests a fix.
 *
 * @example
 * ```ts
 * try { train(X, Y, arch, { epochs: 100, learningRate: 1e6 }); }
 * catch (e) { if (e instanceof TrainingDivergedError) console.log(e.epoch, e.quantity); }
 * ```
 */
export class TrainingDivergedError extends Error {
  /** Epoch (0-based) at which the problem was detected. */
  readonly epoch: number;
  /** Layer index (0-based), or -1 when it concerns the whole network (the cost). */
  readonly layer: number;
  readonly quantity: DivergedQuantity;
  /** The offending value (NaN, ±Infinity or the exploding magnitude). */
  readonly value: number;

  constructor(
    epoch: number,
    layer: number,
    quantity: DivergedQuantity,
    value: number,
    detail = "",
    suggestion: string = "Try a lower learning rate, scale the inputs (e.g. to zero mean and unit variance), " +
      "or a smaller weight initialisation.",
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

/**
 * What one epoch produced. `loss` and `accuracy` are measured on the training batches before
 * each batch's update (as the notebook does): with one full batch they are the cost and
 * accuracy before the epoch's step; with mini-batches, their sample-weighted means over the
 * epoch. `valLoss`/`valAccuracy` are measured after the epoch on the validation data.
 */
export interface EpochLog {
  /** 0-based epoch index, counted over the network's whole life (across fits and reloads). */
  readonly epoch: number;
  readonly loss: number;
  /** Classification only. */
  readonly accuracy?: number;
  /** With validation data only. */
  readonly valLoss?: number;
  /** With validation data, classification only. */
  readonly valAccuracy?: number;
  /** Learning rate used during the epoch. */
  readonly learningRate: number;
}

/** What one mini-batch produced (given to `onBatchEnd`). */
export interface BatchLog {
  readonly epoch: number;
  /** 0-based batch index within the epoch. */
  readonly batch: number;
  /** Number of samples in the batch. */
  readonly size: number;
  /** Cost of the batch before its update. */
  readonly loss: number;
}

/** Why a fit ended. */
export type StopReason = "completed" | "earlyStopping" | "callback";

/**
 * The record of a training run, one {@link EpochLog} per epoch, with column views as in Keras's
 * `history.history` (`history.loss`, `history.valAccuracy`, ...).
 *
 * @example
 * ```ts
 * const history = net.fit(X, y, { epochs: 100 });
 * history.loss.at(-1); // final training loss
 * ```
 */
export class History {
  /** One entry per epoch, in order. */
  readonly logs: readonly EpochLog[];
  /** Why training ended. */
  readonly stopReason: StopReason;
  /** With early stopping: the epoch whose monitored value was best. */
  readonly bestEpoch: number | undefined;

  /**
   * Wraps a list of epoch logs (copied).
   *
   * @example
   * ```ts
   * new History([{ epoch: 0, loss: 0.7, learningRate: 0.01 }]).loss; // [0.7]
   * ```
   */
  constructor(logs: readonly EpochLog[], stopReason: StopReason = "completed", bestEpoch?: number) {
    this.logs = Object.freeze(logs.slice());
    this.stopReason = stopReason;
    this.bestEpoch = bestEpoch;
  }

  /** Epoch indices. */
  get epochs(): number[] {
    return this.logs.map((l) => l.epoch);
  }

  /** Training loss per epoch. */
  get loss(): number[] {
    return this.logs.map((l) => l.loss);
  }

  /** Training accuracy per epoch (empty for regression). */
  get accuracy(): number[] {
    return column(this.logs, "accuracy");
  }

  /** Validation loss per epoch (empty without validation data). */
  get valLoss(): number[] {
    return column(this.logs, "valLoss");
  }

  /** Validation accuracy per epoch (empty without validation data or for regression). */
  get valAccuracy(): number[] {
    return column(this.logs, "valAccuracy");
  }

  /** Learning rate per epoch. */
  get learningRate(): number[] {
    return this.logs.map((l) => l.learningRate);
  }
}

function column(logs: readonly EpochLog[], key: "accuracy" | "valLoss" | "valAccuracy"): number[] {
  const out: number[] = [];
  for (const l of logs) {
    const v = l[key];
    if (v !== undefined) out.push(v);
  }
  return out;
}

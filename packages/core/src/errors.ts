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

  constructor(epoch: number, layer: number, quantity: DivergedQuantity, value: number, detail = "") {
    const where = layer >= 0 ? ` in layer ${layer}` : "";
    super(
      `training diverged at epoch ${epoch}: ${quantity}${where} is ${value}${detail ? ` (${detail})` : ""}. ` +
        "Try a lower learning rate, scale the inputs (e.g. to zero mean and unit variance), " +
        "or a smaller weight initialisation.",
    );
    this.name = "TrainingDivergedError";
    this.epoch = epoch;
    this.layer = layer;
    this.quantity = quantity;
    this.value = value;
  }
}

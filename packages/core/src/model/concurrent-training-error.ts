/**
 * Thrown when a network is asked to train (or to change its parameters) while a fit on it is
 * still running: two overlapping `fitAsync` calls, or `fit` called from inside its own
 * `onEpochEnd`. The running fit is not affected.
 *
 * @example
 * ```ts
 * const first = net.fitAsync(X, y, { epochs: 100 });
 * try { await net.fitAsync(X, y, { epochs: 100 }); }
 * catch (e) { if (e instanceof ConcurrentTrainingError) console.log(e.message); }
 * await first;
 * ```
 */
export class ConcurrentTrainingError extends Error {
  constructor(where: string) {
    super(
      `${where}: this network is already training (a fit or fitAsync on it has not finished); await the running fit first, or train a copy made with Network.fromJSON(net.toJSON())`,
    );
    this.name = "ConcurrentTrainingError";
  }
}

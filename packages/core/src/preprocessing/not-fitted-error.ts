/**
 * Thrown when a scaler (or another estimator) is used before `fit`, as scikit-learn's
 * `NotFittedError`. The message names the class and the method that was called.
 *
 * @example
 * ```ts
 * try { new StandardScaler().transform([[1]]); }
 * catch (e) { if (e instanceof NotFittedError) console.log(e.message); }
 * ```
 */
export class NotFittedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotFittedError";
  }
}

import { describe } from "../matrix.ts";
import type { SamplesInput } from "../model/data.ts";
import { notFitted } from "./samples.ts";

/** What every fitted scaler records: the number of samples and features it was fitted on. */
export interface FittedCounts {
  readonly nSamples: number;
  readonly nFeatures: number;
}

/**
 * What every scaler shares: `fit` learns per-feature statistics, `transform` applies them,
 * and `fitTransform` does both on the same data.
 *
 * @example
 * ```ts
 * const scaler: Scaler = new StandardScaler();
 * const Z = scaler.fitTransform(X);
 * ```
 */
export abstract class Scaler<S extends FittedCounts = FittedCounts> {
  /** The class name used in error messages (e.g. `"StandardScaler"`). */
  protected readonly kind: string;
  /** The fitted statistics, or null before `fit`. */
  protected fitted: S | null = null;

  /** Checks that `options` is an object (a `TypeError` names `kind` otherwise). */
  protected constructor(kind: string, options: unknown) {
    if (options === null || typeof options !== "object") {
      throw new TypeError(`${kind}: expected an options object, got ${describe(options)}`);
    }
    this.kind = kind;
  }

  /** Number of features seen in `fit` (scikit-learn's `n_features_in_`); 0 before `fit`. */
  get nFeaturesIn(): number {
    return this.fitted?.nFeatures ?? 0;
  }

  /** Number of samples seen in `fit` (scikit-learn's `n_samples_seen_`); 0 before `fit`. */
  get nSamplesSeen(): number {
    return this.fitted?.nSamples ?? 0;
  }

  /** Learns the per-feature statistics of `X` (samples x features); returns `this`. */
  abstract fit(X: SamplesInput): this;

  /** Applies the fitted statistics to `X`; returns the kind of container passed. */
  abstract transform<T extends SamplesInput>(X: T): T;

  /**
   * `fit(X)` then `transform(X)`.
   *
   * @example
   * ```ts
   * new StandardScaler().fitTransform([[1], [3]]); // [[-1], [1]]
   * new MinMaxScaler().fitTransform([[2], [4]]); // [[0], [1]]
   * ```
   */
  fitTransform<T extends SamplesInput>(X: T): T {
    return this.fit(X).transform(X);
  }

  /** The fitted statistics, or a `NotFittedError` naming `method`. */
  protected state(method: string): S {
    if (this.fitted === null) throw notFitted(`${this.kind}.${method}`);
    return this.fitted;
  }
}

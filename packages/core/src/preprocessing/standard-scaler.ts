import { describe } from "../matrix.ts";
import type { SamplesInput } from "../model/data.ts";
import { mapFeatures, readCount, readHeader, readSamples, readVector } from "./samples.ts";
import { type FittedCounts, Scaler } from "./scaler.ts";

/** Options of {@link StandardScaler} (scikit-learn's `with_mean` / `with_std`). */
export interface StandardScalerOptions {
  /** Subtract the mean of each feature (default `true`). */
  readonly withMean?: boolean;
  /** Divide by the population standard deviation of each feature (default `true`). */
  readonly withStd?: boolean;
}

interface Fitted extends FittedCounts {
  readonly mean: Float64Array;
  readonly var: Float64Array | null;
  readonly scale: Float64Array | null;
}

/** A fitted {@link StandardScaler} as plain JSON (`toJSON` / `fromJSON`). */
export interface StandardScalerJSON {
  readonly type: "StandardScaler";
  readonly withMean: boolean;
  readonly withStd: boolean;
  readonly nFeaturesIn: number;
  readonly nSamplesSeen: number;
  readonly mean: number[];
  /** `null` when `withStd` is false. */
  readonly var: number[] | null;
  /** `null` when `withStd` is false. */
  readonly scale: number[] | null;
}

const EPS = 2 ** -52;

/**
 * Standardises features to zero mean and unit variance, exactly as scikit-learn's
 * `StandardScaler`: `z = (x - mean) / scale` with the population standard deviation
 * (`ddof = 0`) computed by scikit-learn's corrected two-pass algorithm, and near-constant
 * features (variance within rounding error of zero) left unscaled (`scale = 1`).
 * Input and output are samples x features (`number[][]` or a {@link Matrix}; you get back the
 * kind you passed).
 *
 * @example
 * ```ts
 * const scaler = new StandardScaler();
 * const Z = scaler.fitTransform([[0, 10], [2, 10], [4, 10]]);
 * // Z = [[-1.224..., 0], [0, 0], [1.224..., 0]]; scaler.mean = [2, 10], scaler.scale = [1.63..., 1]
 * scaler.inverseTransform(Z); // back to the raw values
 * ```
 */
export class StandardScaler extends Scaler<Fitted> {
  /** Whether `fit` centres the data (scikit-learn's `with_mean`). */
  readonly withMean: boolean;
  /** Whether `fit` scales the data (scikit-learn's `with_std`). */
  readonly withStd: boolean;

  constructor(options: StandardScalerOptions = {}) {
    super("StandardScaler", options);
    for (const key of ["withMean", "withStd"] as const) {
      const v = options[key];
      if (v !== undefined && typeof v !== "boolean") {
        throw new TypeError(
          `StandardScaler: option "${key}" must be a boolean, got ${describe(v)}`,
        );
      }
    }
    this.withMean = options.withMean ?? true;
    this.withStd = options.withStd ?? true;
  }

  /** Per-feature mean (scikit-learn's `mean_`); throws before `fit`. */
  get mean(): number[] {
    return Array.from(this.state("mean").mean);
  }

  /** Per-feature population variance (`var_`), or `null` when `withStd` is false. */
  get var(): number[] | null {
    const v = this.state("var").var;
    return v === null ? null : Array.from(v);
  }

  /** Per-feature divisor (`scale_`: the standard deviation, 1 for constant features). */
  get scale(): number[] | null {
    const s = this.state("scale").scale;
    return s === null ? null : Array.from(s);
  }

  /**
   * Computes the mean and standard deviation of every feature of `X` (samples x features).
   * Replaces any previous fit. Returns `this`.
   *
   * @example
   * ```ts
   * new StandardScaler().fit([[1], [3]]).mean; // [2]
   * ```
   */
  fit(X: SamplesInput): this {
    const m = readSamples(X, "StandardScaler.fit");
    const n = m.rows;
    const f = m.cols;
    const d = m.data;
    // np.sum(X, axis=0) on a C-ordered array: rows accumulated in order, from the first row.
    const sum = d.slice(0, f);
    for (let i = 1; i < n; i++) for (let j = 0; j < f; j++) sum[j] = sum[j]! + d[i * f + j]!;
    const mean = new Float64Array(f);
    for (let j = 0; j < f; j++) mean[j] = (0 + sum[j]!) / n;
    let variance: Float64Array | null = null;
    let scale: Float64Array | null = null;
    if (this.withStd) {
      // Corrected two-pass algorithm (Chan, Golub & LeVeque), as sklearn's
      // _incremental_mean_and_var on a first call.
      const t = new Float64Array(f);
      for (let j = 0; j < f; j++) t[j] = sum[j]! / n;
      const correction = new Float64Array(f);
      const squares = new Float64Array(f);
      for (let j = 0; j < f; j++) {
        const e = d[j]! - t[j]!;
        correction[j] = e;
        squares[j] = e * e;
      }
      for (let i = 1; i < n; i++) {
        for (let j = 0; j < f; j++) {
          const e = d[i * f + j]! - t[j]!;
          correction[j] = correction[j]! + e;
          squares[j] = squares[j]! + e * e;
        }
      }
      variance = new Float64Array(f);
      scale = new Float64Array(f);
      for (let j = 0; j < f; j++) {
        const v = (squares[j]! - (correction[j]! * correction[j]!) / n) / n;
        variance[j] = v;
        const bound = n * EPS * v + (n * mean[j]! * EPS) ** 2;
        scale[j] = v <= bound ? 1 : Math.sqrt(v);
      }
    }
    this.fitted = { nSamples: n, nFeatures: f, mean, var: variance, scale };
    return this;
  }

  /**
   * Standardises `X` with the fitted statistics: `(x - mean) / scale`. Returns a new
   * array or Matrix of the kind passed.
   *
   * @example
   * ```ts
   * new StandardScaler().fit([[1], [3]]).transform([[5]]); // [[3]]
   * ```
   */
  transform<T extends SamplesInput>(X: T): T {
    const { mean, scale } = this.state("transform");
    const center = this.withMean;
    return mapFeatures(X, mean.length, "StandardScaler.transform", (v, j) => {
      const c = center ? v - mean[j]! : v;
      return scale === null ? c : c / scale[j]!;
    });
  }

  /**
   * Maps standardised values back to the original units: `z * scale + mean`.
   *
   * @example
   * ```ts
   * new StandardScaler().fit([[1], [3]]).inverseTransform([[1]]); // [[3]]
   * ```
   */
  inverseTransform<T extends SamplesInput>(X: T): T {
    const { mean, scale } = this.state("inverseTransform");
    const center = this.withMean;
    return mapFeatures(X, mean.length, "StandardScaler.inverseTransform", (v, j) => {
      const u = scale === null ? v : v * scale[j]!;
      return center ? u + mean[j]! : u;
    });
  }

  /**
   * The fitted scaler as plain JSON (numbers round-trip exactly through `JSON.stringify`).
   * Throws a `NotFittedError` before `fit`.
   *
   * @example
   * ```ts
   * StandardScaler.fromJSON(new StandardScaler().fit([[1], [3]]).toJSON()).mean; // [2]
   * ```
   */
  toJSON(): StandardScalerJSON {
    const s = this.state("toJSON");
    return {
      type: "StandardScaler",
      withMean: this.withMean,
      withStd: this.withStd,
      nFeaturesIn: s.mean.length,
      nSamplesSeen: s.nSamples,
      mean: Array.from(s.mean),
      var: s.var === null ? null : Array.from(s.var),
      scale: s.scale === null ? null : Array.from(s.scale),
    };
  }

  /**
   * Rebuilds a fitted scaler from {@link StandardScaler.toJSON}'s output (validated: a
   * `TypeError` names the bad field).
   *
   * @example
   * ```ts
   * const s = StandardScaler.fromJSON(JSON.parse(text));
   * ```
   */
  static fromJSON(json: unknown): StandardScaler {
    const where = "StandardScaler.fromJSON";
    const o = readHeader(json, "StandardScaler", where);
    if (typeof o.withMean !== "boolean" || typeof o.withStd !== "boolean") {
      throw new TypeError(`${where}: "withMean" and "withStd" must be booleans`);
    }
    const f = readCount(o.nFeaturesIn, where, "nFeaturesIn");
    const nSamples = readCount(o.nSamplesSeen, where, "nSamplesSeen");
    const mean = readVector(o.mean, f, where, "mean");
    let variance: Float64Array | null = null;
    let scale: Float64Array | null = null;
    if (o.withStd) {
      variance = readVector(o.var, f, where, "var");
      scale = readVector(o.scale, f, where, "scale");
      const bad = scale.findIndex((v) => !(v > 0));
      if (bad >= 0) {
        throw new TypeError(`${where}: "scale"[${bad}] must be positive, got ${scale[bad]!}`);
      }
    }
    const scaler = new StandardScaler({ withMean: o.withMean, withStd: o.withStd });
    scaler.fitted = { nSamples, nFeatures: f, mean, var: variance, scale };
    return scaler;
  }
}

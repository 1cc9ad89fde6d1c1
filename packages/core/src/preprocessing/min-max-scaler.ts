import { describe } from "../matrix.ts";
import type { SamplesInput } from "../model/data.ts";
import { mapFeatures, readCount, readHeader, readSamples, readVector } from "./samples.ts";
import { type FittedCounts, Scaler } from "./scaler.ts";

/** Options of {@link MinMaxScaler} (scikit-learn's `feature_range` / `clip`). */
export interface MinMaxScalerOptions {
  /** The range `[min, max]` the training data is mapped to (default `[0, 1]`; min < max). */
  readonly featureRange?: readonly [number, number];
  /** Clip transformed values to `featureRange` (default `false`). */
  readonly clip?: boolean;
}

/** A fitted {@link MinMaxScaler} as plain JSON (`toJSON` / `fromJSON`). */
export interface MinMaxScalerJSON {
  readonly type: "MinMaxScaler";
  readonly featureRange: [number, number];
  readonly clip: boolean;
  readonly nFeaturesIn: number;
  readonly nSamplesSeen: number;
  readonly dataMin: number[];
  readonly dataMax: number[];
}

const EPS = 2 ** -52;

interface Fitted extends FittedCounts {
  readonly dataMin: Float64Array;
  readonly dataMax: Float64Array;
  readonly dataRange: Float64Array;
  readonly scale: Float64Array;
  readonly min: Float64Array;
}

/**
 * Scales each feature to a range (default `[0, 1]`), exactly as scikit-learn's
 * `MinMaxScaler`: `x * scale + min` with `scale = (hi - lo) / (dataMax - dataMin)` and
 * `min = lo - dataMin * scale`; a constant feature (range below 10 machine epsilons) gets
 * `scale = hi - lo`. Input and output are samples x features (`number[][]` or a
 * {@link Matrix}; you get back the kind you passed).
 *
 * @example
 * ```ts
 * const scaler = new MinMaxScaler({ featureRange: [-1, 1] });
 * scaler.fitTransform([[0], [5], [10]]); // [[-1], [0], [1]]
 * scaler.dataMax; // [10]
 * ```
 */
export class MinMaxScaler extends Scaler<Fitted> {
  /** The target range `[lo, hi]` (scikit-learn's `feature_range`). */
  readonly featureRange: readonly [number, number];
  /** Whether `transform` clips to `featureRange`. */
  readonly clip: boolean;

  constructor(options: MinMaxScalerOptions = {}) {
    super("MinMaxScaler", options);
    const range = options.featureRange ?? [0, 1];
    if (
      !Array.isArray(range) ||
      range.length !== 2 ||
      typeof range[0] !== "number" ||
      typeof range[1] !== "number" ||
      !Number.isFinite(range[0]) ||
      !Number.isFinite(range[1])
    ) {
      throw new TypeError(
        `MinMaxScaler: option "featureRange" must be two finite numbers [min, max], got ${describe(range)}`,
      );
    }
    if (!(range[0] < range[1])) {
      throw new RangeError(
        `MinMaxScaler: option "featureRange" needs min < max, got [${range[0]}, ${range[1]}]`,
      );
    }
    if (options.clip !== undefined && typeof options.clip !== "boolean") {
      throw new TypeError(
        `MinMaxScaler: option "clip" must be a boolean, got ${describe(options.clip)}`,
      );
    }
    this.featureRange = [range[0], range[1]];
    this.clip = options.clip ?? false;
  }

  /** Per-feature minimum of the training data (`data_min_`). */
  get dataMin(): number[] {
    return Array.from(this.state("dataMin").dataMin);
  }

  /** Per-feature maximum of the training data (`data_max_`). */
  get dataMax(): number[] {
    return Array.from(this.state("dataMax").dataMax);
  }

  /** Per-feature `dataMax - dataMin` (`data_range_`). */
  get dataRange(): number[] {
    return Array.from(this.state("dataRange").dataRange);
  }

  /** Per-feature multiplier (`scale_`). */
  get scale(): number[] {
    return Array.from(this.state("scale").scale);
  }

  /** Per-feature offset added after scaling (`min_`). */
  get min(): number[] {
    return Array.from(this.state("min").min);
  }

  /**
   * Records the minimum and maximum of every feature of `X` (samples x features).
   * Replaces any previous fit. Returns `this`.
   *
   * @example
   * ```ts
   * new MinMaxScaler().fit([[1], [3]]).dataRange; // [2]
   * ```
   */
  fit(X: SamplesInput): this {
    const m = readSamples(X, "MinMaxScaler.fit");
    const f = m.cols;
    const d = m.data;
    const dataMin = d.slice(0, f);
    const dataMax = d.slice(0, f);
    for (let k = f; k < d.length; k++) {
      const j = k % f;
      if (d[k]! < dataMin[j]!) dataMin[j] = d[k]!;
      if (d[k]! > dataMax[j]!) dataMax[j] = d[k]!;
    }
    this.fitted = fromMinMax(this.featureRange, m.rows, dataMin, dataMax);
    return this;
  }

  /**
   * Scales `X` with the fitted range: `x * scale + min` (then clipped when `clip`).
   *
   * @example
   * ```ts
   * new MinMaxScaler().fit([[0], [4]]).transform([[1]]); // [[0.25]]
   * ```
   */
  transform<T extends SamplesInput>(X: T): T {
    const { scale, min } = this.state("transform");
    const [lo, hi] = this.featureRange;
    const clip = this.clip;
    return mapFeatures(X, scale.length, "MinMaxScaler.transform", (v, j) => {
      const u = v * scale[j]! + min[j]!;
      return clip ? Math.min(Math.max(u, lo), hi) : u;
    });
  }

  /**
   * Maps scaled values back to the original units: `(x - min) / scale`.
   *
   * @example
   * ```ts
   * new MinMaxScaler().fit([[2], [4]]).inverseTransform([[0.5]]); // [[3]]
   * ```
   */
  inverseTransform<T extends SamplesInput>(X: T): T {
    const { scale, min } = this.state("inverseTransform");
    return mapFeatures(X, scale.length, "MinMaxScaler.inverseTransform", (v, j) => {
      return (v - min[j]!) / scale[j]!;
    });
  }

  /**
   * The fitted scaler as plain JSON; `scale`, `min` and `dataRange` are recomputed by
   * `fromJSON` with the same arithmetic, so they round-trip bit for bit.
   *
   * @example
   * ```ts
   * MinMaxScaler.fromJSON(new MinMaxScaler().fit([[1], [3]]).toJSON()).dataMin; // [1]
   * ```
   */
  toJSON(): MinMaxScalerJSON {
    const s = this.state("toJSON");
    return {
      type: "MinMaxScaler",
      featureRange: [this.featureRange[0], this.featureRange[1]],
      clip: this.clip,
      nFeaturesIn: s.dataMin.length,
      nSamplesSeen: s.nSamples,
      dataMin: Array.from(s.dataMin),
      dataMax: Array.from(s.dataMax),
    };
  }

  /**
   * Rebuilds a fitted scaler from {@link MinMaxScaler.toJSON}'s output (validated: a
   * `TypeError` names the bad field).
   *
   * @example
   * ```ts
   * const s = MinMaxScaler.fromJSON(JSON.parse(text));
   * ```
   */
  static fromJSON(json: unknown): MinMaxScaler {
    const where = "MinMaxScaler.fromJSON";
    const o = readHeader(json, "MinMaxScaler", where);
    const range = readVector(o.featureRange, 2, where, "featureRange");
    if (typeof o.clip !== "boolean") {
      throw new TypeError(`${where}: "clip" must be a boolean, got ${describe(o.clip)}`);
    }
    const f = readCount(o.nFeaturesIn, where, "nFeaturesIn");
    const nSamples = readCount(o.nSamplesSeen, where, "nSamplesSeen");
    const dataMin = readVector(o.dataMin, f, where, "dataMin");
    const dataMax = readVector(o.dataMax, f, where, "dataMax");
    const bad = dataMin.findIndex((v, j) => !(v <= dataMax[j]!));
    if (bad >= 0) {
      throw new TypeError(
        `${where}: "dataMin"[${bad}] = ${dataMin[bad]!} exceeds "dataMax"[${bad}] = ${dataMax[bad]!}`,
      );
    }
    const scaler = new MinMaxScaler({ featureRange: [range[0]!, range[1]!], clip: o.clip });
    scaler.fitted = fromMinMax(scaler.featureRange, nSamples, dataMin, dataMax);
    return scaler;
  }
}

function fromMinMax(
  range: readonly [number, number],
  nSamples: number,
  dataMin: Float64Array,
  dataMax: Float64Array,
): Fitted {
  const f = dataMin.length;
  const dataRange = new Float64Array(f);
  const scale = new Float64Array(f);
  const min = new Float64Array(f);
  const width = range[1]! - range[0]!;
  for (let j = 0; j < f; j++) {
    const r = dataMax[j]! - dataMin[j]!;
    dataRange[j] = r;
    scale[j] = width / (r < 10 * EPS ? 1 : r);
    min[j] = range[0]! - dataMin[j]! * scale[j]!;
  }
  return { nSamples, nFeatures: f, dataMin, dataMax, dataRange, scale, min };
}

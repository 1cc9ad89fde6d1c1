import { Matrix } from "@plainnet/core";
import { describe } from "@plainnet/core/engine";
import {
  checkBoolean,
  checkCount,
  checkDatasetSize,
  checkFiniteNumber,
  checkFiniteValues,
  checkNonNegative,
  checkOptions,
  checkSampleCount,
} from "./checks.ts";
import { checkRandomState } from "./random-state.ts";
import { shuffleRows } from "./shuffle-rows.ts";
import type { Dataset, RandomStateInput } from "./types.ts";

/**
 * Options of {@link makeBlobs} (scikit-learn's `make_blobs`, camelCased).
 *
 * @example
 * ```ts
 * const options: BlobsOptions = { nSamples: 60, centers: 3, randomState: 2 };
 * ```
 */
export interface BlobsOptions {
  /** Total samples split evenly over the centers (the first get one more), or one count per center. Default 100. */
  nSamples?: number | readonly number[];
  /** Features per sample when the centers are drawn. Default 2. */
  nFeatures?: number;
  /** Number of centers to draw (default 3, or one per `nSamples` entry), or the centers themselves (one row each). */
  centers?: number | readonly (readonly number[])[];
  /** Standard deviation of every cluster, or one per center. Default 1. */
  clusterStd?: number | readonly number[];
  /** Bounds [low, high) of the drawn centers' coordinates. Default [-10, 10]. */
  centerBox?: readonly [number, number];
  /** Shuffle the rows (draws a permutation after the points). Default true. */
  shuffle?: boolean;
  /** Seed or `RandomState`. Default: non-deterministic. */
  randomState?: RandomStateInput;
}

/**
 * A {@link Dataset} plus the centers used (scikit-learn's `return_centers=True`).
 *
 * @example
 * ```ts
 * const { centers }: BlobsDataset = makeBlobs({ centers: 3, randomState: 0 });
 * centers.shape; // [3, 2]
 * ```
 */
export interface BlobsDataset extends Dataset {
  /** Centers x features. */
  centers: Matrix;
}

const KEYS = [
  "nSamples",
  "nFeatures",
  "centers",
  "clusterStd",
  "centerBox",
  "shuffle",
  "randomState",
] as const;

/**
 * Isotropic Gaussian blobs, exactly as scikit-learn's `make_blobs`: centers (when not given)
 * are `rng.uniform(centerBox[0], centerBox[1])` per coordinate, drawn first; then each center
 * i in turn draws its rows as `center[j] + std_i * gauss` (row-major) with label i; then the
 * rows are shuffled with `rng.permutation(n)`.
 *
 * @example
 * ```ts
 * const { X, y } = makeBlobs({ nSamples: 60, centers: 3, randomState: 2 });
 * X.shape; // [60, 2]
 * new Set(y).size; // 3
 * ```
 */
export function makeBlobs(options: BlobsOptions = {}): BlobsDataset {
  const fn = "makeBlobs";
  checkOptions(fn, options, KEYS);
  const nSamples = options.nSamples ?? 100;
  let nFeatures = checkSampleCount(fn, "nFeatures", options.nFeatures ?? 2);
  const box = options.centerBox ?? [-10, 10];
  if (!Array.isArray(box) || box.length !== 2) {
    throw new TypeError(`${fn}: expected centerBox to be a pair [low, high], got ${describe(box)}`);
  }
  const low = checkFiniteNumber(fn, "centerBox[0]", box[0]);
  const high = checkFiniteNumber(fn, "centerBox[1]", box[1]);
  if (!Number.isFinite(high - low)) {
    throw new RangeError(
      `${fn}: centerBox [${low}, ${high}] gives a non-finite width (high - low = ${high - low}); use a narrower box`,
    );
  }
  const shuffle = checkBoolean(fn, "shuffle", options.shuffle ?? true);
  const rng = checkRandomState(options.randomState, fn);

  // Counts per center and the centers (drawn or given), in scikit-learn's order.
  let perCenter: number[] | undefined;
  let nCenters: number;
  let given: number[][] | undefined;
  const centersOption = options.centers;
  if (typeof nSamples === "number") {
    const n = checkSampleCount(fn, "nSamples", nSamples);
    checkDatasetSize(fn, "nSamples", n, nFeatures);
    if (centersOption === undefined || typeof centersOption === "number") {
      nCenters = checkSampleCount(fn, "centers", centersOption ?? 3);
      checkDatasetSize(fn, "centers", nCenters, nFeatures);
    } else {
      given = checkCenters(fn, centersOption);
      nCenters = given.length;
    }
    perCenter = new Array<number>(nCenters).fill(Math.floor(n / nCenters));
    for (let i = 0; i < n % nCenters; i++) perCenter[i] = (perCenter[i] as number) + 1;
  } else if (Array.isArray(nSamples)) {
    if (nSamples.length === 0) {
      throw new RangeError(
        `${fn}: expected nSamples to list at least one count, got an empty array`,
      );
    }
    perCenter = nSamples.map((v: unknown, i: number) => checkCount(fn, `nSamples[${i}]`, v));
    if (perCenter.reduce((a, b) => a + b, 0) === 0) {
      throw new RangeError(
        `${fn}: expected the nSamples counts to add up to at least 1, got all zeros`,
      );
    }
    nCenters = perCenter.length;
    checkDatasetSize(
      fn,
      "nSamples (their sum)",
      perCenter.reduce((a, b) => a + b, 0),
      nFeatures,
    );
    checkDatasetSize(fn, "centers", nCenters, nFeatures);
    if (typeof centersOption === "number") {
      throw new TypeError(
        `${fn}: when nSamples is an array of counts, centers must be undefined or an array of ${nCenters} centers, got ${centersOption}`,
      );
    }
    if (centersOption !== undefined) {
      given = checkCenters(fn, centersOption);
      if (given.length !== nCenters) {
        throw new RangeError(
          `${fn}: nSamples has ${nCenters} counts but centers has ${given.length} rows; they must match`,
        );
      }
    }
  } else {
    throw new TypeError(
      `${fn}: expected nSamples to be a positive integer or an array of counts, got ${describe(nSamples)}`,
    );
  }

  let centers: Float64Array;
  if (given === undefined) {
    centers = rng.uniform(low, high, [nCenters, nFeatures]);
  } else {
    nFeatures = (given[0] as number[]).length;
    checkDatasetSize(
      fn,
      "nSamples",
      perCenter.reduce((a, b) => a + b, 0),
      nFeatures,
    );
    centers = new Float64Array(given.flat());
  }

  const std = options.clusterStd ?? 1.0;
  let stds: number[];
  if (typeof std === "number") {
    stds = new Array<number>(nCenters).fill(checkNonNegative(fn, "clusterStd", std));
  } else if (Array.isArray(std)) {
    if (std.length !== nCenters) {
      throw new RangeError(
        `${fn}: clusterStd has ${std.length} values but there are ${nCenters} centers; they must match`,
      );
    }
    stds = std.map((v: unknown, i: number) => checkNonNegative(fn, `clusterStd[${i}]`, v));
  } else {
    throw new TypeError(
      `${fn}: expected clusterStd to be a number or an array of numbers, got ${describe(std)}`,
    );
  }

  const n = perCenter.reduce((a, b) => a + b, 0);
  let data: Float64Array = new Float64Array(n * nFeatures);
  let y = new Array<number>(n);
  let row = 0;
  for (let i = 0; i < nCenters; i++) {
    const s = stds[i] as number;
    for (let r = 0; r < (perCenter[i] as number); r++, row++) {
      for (let j = 0; j < nFeatures; j++) {
        data[row * nFeatures + j] = rng.normal(centers[i * nFeatures + j] as number, s);
      }
      y[row] = i;
    }
  }
  const stdText = typeof std === "number" ? `${std}` : `[${stds.join(", ")}]`;
  checkFiniteValues(fn, data, nFeatures, `clusterStd ${stdText}`);
  if (shuffle) ({ data, y } = shuffleRows(data, nFeatures, y, rng));
  return {
    X: new Matrix(n, nFeatures, data),
    y,
    centers: new Matrix(nCenters, nFeatures, centers),
  };
}

function checkCenters(fn: string, centers: unknown): number[][] {
  if (!Array.isArray(centers) || centers.length === 0) {
    throw new TypeError(
      `${fn}: expected centers to be a positive integer or a non-empty array of centers (number[][]), got ${describe(centers)}`,
    );
  }
  // Matrix.from checks the shape and values and names the offending entry.
  return Matrix.from(centers as number[][], `${fn}: centers`).toArray();
}

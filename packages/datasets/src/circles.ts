import { Matrix } from "@plainnet/core";
import {
  checkBoolean,
  checkDatasetSize,
  checkFiniteNumber,
  checkFiniteValues,
  checkNoise,
  checkOptions,
  samplePair,
} from "./checks.ts";
import { addGaussianNoiseInPlace } from "./gaussian-noise.ts";
import { linspace } from "./linspace.ts";
import { checkRandomState } from "./random-state.ts";
import { shuffleRows } from "./shuffle-rows.ts";
import { cos, sin } from "./trig.ts";
import type { Dataset, RandomStateInput } from "./types.ts";

/**
 * Options of {@link makeCircles} (scikit-learn's `make_circles`, camelCased).
 *
 * @example
 * ```ts
 * const options: CirclesOptions = { nSamples: 100, noise: 0.05, factor: 0.5, randomState: 1 };
 * ```
 */
export interface CirclesOptions {
  /** Total samples (outer circle gets floor(n/2)), or a pair [outer, inner]. Default 100. */
  nSamples?: number | readonly [number, number];
  /** Shuffle the rows (draws a permutation first). Default true. */
  shuffle?: boolean;
  /** Standard deviation of Gaussian noise added to every coordinate. Default: none. */
  noise?: number;
  /** Seed or `RandomState`. Default: non-deterministic. */
  randomState?: RandomStateInput;
  /** Inner radius over outer radius, in [0, 1). Default 0.8. */
  factor?: number;
}

const KEYS = ["nSamples", "shuffle", "noise", "randomState", "factor"] as const;

/**
 * A large circle (label 0) around a smaller one (label 1), exactly as scikit-learn's
 * `make_circles`: angles t = linspace(0, 2 pi, n, endpoint=False), outer `(cos t, sin t)`,
 * inner `(cos t * factor, sin t * factor)`; then shuffle and Gaussian noise as
 * {@link makeMoons}.
 *
 * @example
 * ```ts
 * const { X, y } = makeCircles({ nSamples: 100, noise: 0.05, factor: 0.5, randomState: 1 });
 * X.shape; // [100, 2]
 * ```
 */
export function makeCircles(options: CirclesOptions = {}): Dataset {
  const fn = "makeCircles";
  checkOptions(fn, options, KEYS);
  const factor = checkFiniteNumber(fn, "factor", options.factor ?? 0.8);
  if (factor < 0 || factor >= 1) {
    throw new RangeError(`${fn}: expected factor in [0, 1), got ${factor}`);
  }
  const [nOut, nIn] = samplePair(fn, options.nSamples ?? 100);
  const shuffle = checkBoolean(fn, "shuffle", options.shuffle ?? true);
  const noise = checkNoise(fn, options.noise);
  const rng = checkRandomState(options.randomState, fn);

  const n = nOut + nIn;
  checkDatasetSize(fn, "nSamples", n, 2);
  let data: Float64Array = new Float64Array(n * 2);
  let y = new Array<number>(n);
  const tOut = linspace(0, 2 * Math.PI, nOut, false);
  for (let i = 0; i < nOut; i++) {
    const t = tOut[i] as number;
    data[2 * i] = cos(t);
    data[2 * i + 1] = sin(t);
    y[i] = 0;
  }
  const tIn = linspace(0, 2 * Math.PI, nIn, false);
  for (let k = 0; k < nIn; k++) {
    const t = tIn[k] as number;
    const i = nOut + k;
    data[2 * i] = cos(t) * factor;
    data[2 * i + 1] = sin(t) * factor;
    y[i] = 1;
  }
  if (shuffle) ({ data, y } = shuffleRows(data, 2, y, rng));
  if (noise !== undefined) {
    addGaussianNoiseInPlace(data, noise, rng);
    checkFiniteValues(fn, data, 2, `noise ${noise}`);
  }
  return { X: new Matrix(n, 2, data), y };
}

import { Matrix } from "@plainnet/core";
import {
  checkBoolean,
  checkDatasetSize,
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
 * Options of {@link makeMoons} (scikit-learn's `make_moons`, camelCased).
 *
 * @example
 * ```ts
 * const options: MoonsOptions = { nSamples: 1000, noise: 0.2, randomState: 100 };
 * ```
 */
export interface MoonsOptions {
  /** Total samples (class 0 gets floor(n/2)), or a pair [outer, inner]. Default 100. */
  nSamples?: number | readonly [number, number];
  /** Shuffle the rows (draws a permutation first). Default true. */
  shuffle?: boolean;
  /** Standard deviation of Gaussian noise added to every coordinate. Default: none. */
  noise?: number;
  /** Seed or `RandomState`. Default: non-deterministic. */
  randomState?: RandomStateInput;
}

const KEYS = ["nSamples", "shuffle", "noise", "randomState"] as const;

/**
 * Two interleaving half circles, exactly as scikit-learn's `make_moons`: the outer moon
 * (label 0) is `(cos t, sin t)` and the inner one (label 1) `(1 - cos t, 1 - sin t - 0.5)`
 * for t = linspace(0, pi, n); then the rows are shuffled with `rng.permutation(n)` and
 * `rng.normal(0, noise)` is added to every coordinate (row-major), drawn from the same
 * generator, so a seed gives scikit-learn's points.
 *
 * @example
 * ```ts
 * const { X, y } = makeMoons({ nSamples: 1000, noise: 0.2, randomState: 100 });
 * X.shape; // [1000, 2]
 * ```
 */
export function makeMoons(options: MoonsOptions = {}): Dataset {
  const fn = "makeMoons";
  checkOptions(fn, options, KEYS);
  const [nOut, nIn] = samplePair(fn, options.nSamples ?? 100);
  const shuffle = checkBoolean(fn, "shuffle", options.shuffle ?? true);
  const noise = checkNoise(fn, options.noise);
  const rng = checkRandomState(options.randomState, fn);

  const n = nOut + nIn;
  checkDatasetSize(fn, "nSamples", n, 2);
  let data: Float64Array = new Float64Array(n * 2);
  let y = new Array<number>(n);
  const tOut = linspace(0, Math.PI, nOut);
  for (let i = 0; i < nOut; i++) {
    const t = tOut[i] as number;
    data[2 * i] = cos(t);
    data[2 * i + 1] = sin(t);
    y[i] = 0;
  }
  const tIn = linspace(0, Math.PI, nIn);
  for (let k = 0; k < nIn; k++) {
    const t = tIn[k] as number;
    const i = nOut + k;
    data[2 * i] = 1 - cos(t);
    data[2 * i + 1] = 1 - sin(t) - 0.5;
    y[i] = 1;
  }
  if (shuffle) ({ data, y } = shuffleRows(data, 2, y, rng));
  if (noise !== undefined) {
    addGaussianNoiseInPlace(data, noise, rng);
    checkFiniteValues(fn, data, 2, `noise ${noise}`);
  }
  return { X: new Matrix(n, 2, data), y };
}

// Shared pieces of the TensorFlow Playground generators.
import type { RandomState } from "@plainnet/core";
import { Matrix } from "@plainnet/core";
import {
  checkBoolean,
  checkDatasetSize,
  checkFiniteValues,
  checkNonNegative,
  checkOptions,
  checkSampleCount,
} from "../checks.ts";
import { checkRandomState } from "../random-state.ts";
import { shuffleRows } from "../shuffle-rows.ts";
import type { Dataset, RandomStateInput } from "../types.ts";

/**
 * Options shared by the Playground generators.
 *
 * @example
 * ```ts
 * const options: PlaygroundOptions = { nSamples: 500, noise: 0.1, randomState: 0 };
 * ```
 */
export interface PlaygroundOptions {
  /** Number of points. Default 500 (Playground's). */
  nSamples?: number;
  /**
   * Noise in Playground's meaning (its slider 0..50% is noise 0..0.5; any value >= 0 is
   * accepted): see each generator. Default 0.
   */
  noise?: number;
  /** Shuffle the rows at the end (with `rng.permutation(n)`). Default true. */
  shuffle?: boolean;
  /** Seed or `RandomState`. Default: non-deterministic. */
  randomState?: RandomStateInput;
}

/**
 * Validated Playground options, with the generator to draw from.
 *
 * @example
 * ```ts
 * const setup: PlaygroundSetup = playgroundSetup("playgroundGauss", { nSamples: 10 });
 * ```
 */
export interface PlaygroundSetup {
  fn: string;
  n: number;
  noise: number;
  shuffle: boolean;
  rng: RandomState;
}

/**
 * Validates the common options (plus `extra` keys the caller checks itself).
 *
 * @example
 * ```ts
 * const { n, noise, rng } = playgroundSetup("playgroundXor", { randomState: 0 });
 * ```
 */
export function playgroundSetup(
  fn: string,
  options: PlaygroundOptions,
  extra: readonly string[] = [],
): PlaygroundSetup {
  checkOptions(fn, options, ["nSamples", "noise", "shuffle", "randomState", ...extra]);
  const n = checkSampleCount(fn, "nSamples", options.nSamples ?? 500);
  checkDatasetSize(fn, "nSamples", n, 2);
  const noise = checkNonNegative(fn, "noise", options.noise ?? 0);
  const shuffle = checkBoolean(fn, "shuffle", options.shuffle ?? true);
  const rng = checkRandomState(options.randomState, fn);
  return { fn, n, noise, shuffle, rng };
}

/**
 * Playground's `randUniform(a, b)`: `random() * (b - a) + a`, here with `rng.randomSample()`
 * in place of `Math.random()`.
 *
 * @example
 * ```ts
 * randUniform(new RandomState(0), -5, 5); // in [-5, 5)
 * ```
 */
export function randUniform(rng: RandomState, a: number, b: number): number {
  return rng.randomSample() * (b - a) + a;
}

/**
 * Class sizes for `n` points over `k` classes: floor(n / k) each, the first n mod k classes
 * one more (Playground's even split when n is even and k = 2).
 *
 * @example
 * ```ts
 * classSizes(5, 2); // [3, 2]
 * ```
 */
export function classSizes(n: number, k: number): number[] {
  const sizes = new Array<number>(k).fill(Math.floor(n / k));
  for (let i = 0; i < n % k; i++) sizes[i] = (sizes[i] as number) + 1;
  return sizes;
}

/**
 * Wraps generated rows (row-major, 2 columns) as a {@link Dataset}, shuffling them first when
 * asked.
 *
 * @example
 * ```ts
 * finishPlayground(new Float64Array([0, 0]), [1], setup);
 * ```
 */
export function finishPlayground(data: Float64Array, y: number[], setup: PlaygroundSetup): Dataset {
  checkFiniteValues(setup.fn, data, 2, `noise ${setup.noise}`);
  if (setup.shuffle) ({ data, y } = shuffleRows(data, 2, y, setup.rng));
  return { X: new Matrix(y.length, 2, data), y };
}

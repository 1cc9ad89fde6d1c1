import { RandomState } from "@plainnet/core";
import { describe } from "@plainnet/core/engine";
import type { RandomStateInput } from "./types.ts";

/**
 * scikit-learn's `check_random_state`: a seed gives a new `RandomState(seed)`, a
 * `RandomState` is used as is (its stream advances), `undefined` gives a fresh
 * non-deterministically seeded generator.
 *
 * @example
 * ```ts
 * checkRandomState(42, "makeMoons").randomSample(); // same as new RandomState(42)
 * ```
 */
export function checkRandomState(randomState: RandomStateInput, fn: string): RandomState {
  if (randomState === undefined) return new RandomState();
  if (randomState instanceof RandomState) return randomState;
  if (typeof randomState !== "number") {
    throw new TypeError(
      `${fn}: expected randomState to be an integer seed, a RandomState or undefined, got ${describe(randomState)}`,
    );
  }
  if (!Number.isInteger(randomState) || randomState < 0 || randomState >= 2 ** 32) {
    throw new RangeError(
      `${fn}: expected randomState to be an integer seed 0..2**32-1, got ${randomState}`,
    );
  }
  return new RandomState(randomState);
}

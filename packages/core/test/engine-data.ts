// Deterministic data for the fused-engine tests: a small LCG and two noisy interleaved classes.
import { Matrix } from "../src/index.ts";

/**
 * A linear congruential generator of numbers in [0, 1), the same sequence in every runtime.
 *
 * @example
 * ```ts
 * const r = lcg(7);
 * r(); // a number in [0, 1)
 * ```
 */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Two noisy interleaved classes, features x samples (targets 0/1, one row per output).
 *
 * @example
 * ```ts
 * const [X, Y] = data(2, 97, 1, 3); // X: 2 x 97, Y: 1 x 97
 * ```
 */
export function data(
  features: number,
  samples: number,
  outputs: number,
  seed: number,
): [Matrix, Matrix] {
  const r = lcg(seed);
  const X = new Matrix(features, samples);
  const Y = new Matrix(outputs, samples);
  for (let j = 0; j < samples; j++) {
    let s = 0;
    for (let i = 0; i < features; i++) {
      const v = 4 * r() - 2;
      X.data[i * samples + j] = v;
      s += Math.sin(1.3 * v + i);
    }
    for (let o = 0; o < outputs; o++) Y.data[o * samples + j] = s + 0.3 * o > 0 ? 1 : 0;
  }
  return [X, Y];
}

import { trig } from "./trig.ts";

/**
 * The cosine, correctly rounded (round-to-nearest-even) for every float64, with the same bits
 * on every JavaScript engine.
 *
 * `Math.cos` is not specified to be correctly rounded and engines differ. plainnet's dataset
 * generators (two moons, circles) need `cos` of `linspace` points to match NumPy, whose glibc
 * `cos` is correctly rounded; this `cos` gives those bits on Node, Bun and Deno. Fast path for
 * |x| <= 2^20; beyond it, and for the rare hard cases, an exact BigInt evaluation (slower) keeps
 * every finite argument correctly rounded.
 *
 * Special cases: cos(+-0) = 1, cos(+-Infinity) = NaN, cos(NaN) = NaN.
 *
 * @example
 * ```ts
 * import { cos } from "@plainnet/core";
 * cos(0); // 1
 * cos(Math.PI); // -1
 * ```
 */
export function cos(x: number): number {
  return trig(x, true);
}

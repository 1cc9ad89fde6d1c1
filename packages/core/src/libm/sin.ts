import { trig } from "./trig.ts";

/**
 * The sine, correctly rounded (round-to-nearest-even) for every float64, with the same bits
 * on every JavaScript engine.
 *
 * `Math.sin` is not specified to be correctly rounded and engines differ. plainnet's dataset
 * generators (two moons, circles) need `sin`/`cos` of `linspace` points to match NumPy, whose
 * glibc `sin`/`cos` are correctly rounded; this `sin` gives those bits on Node, Bun and Deno.
 * Only IEEE-754 +, -, * are used on the fast path (|x| <= 2^20, Cody–Waite reduction with a
 * four-part pi/2); larger arguments and the rare cases the fast path cannot round with
 * certainty go to an exact BigInt evaluation that reduces with as many bits of pi as needed,
 * so every finite argument is correctly rounded (slower, tens to hundreds of microseconds).
 *
 * Special cases: sin(+-0) = +-0, sin(+-Infinity) = NaN, sin(NaN) = NaN.
 *
 * @example
 * ```ts
 * import { sin } from "@plainnet/core";
 * sin(Math.PI / 2); // 1
 * sin(Math.PI); // 1.2246467991473532e-16
 * ```
 */
export function sin(x: number): number {
  return trig(x, false);
}

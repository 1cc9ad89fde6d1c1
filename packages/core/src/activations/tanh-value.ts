import { exp } from "../libm/exp.ts";

/**
 * Hyperbolic tangent computed from plainnet's correctly rounded `exp` and basic arithmetic
 * only, so it gives the same bits on every runtime (`Math.tanh` does not). Error ≤ 2 ulp.
 *
 * @example
 * ```ts
 * tanhValue(0.5); // 0.46211715726000974
 * ```
 */
export function tanhValue(z: number): number {
  if (Number.isNaN(z)) return z;
  const a = z < 0 ? -z : z;
  let t: number;
  if (a > 22) {
    t = 1; // tanh(22) = 1 - 1.6e-19 rounds to 1
  } else if (a >= 0.5) {
    t = 1 - 2 / (exp(2 * a) + 1);
  } else {
    // Lambert's continued fraction: tanh a = a / (1 + a²/(3 + a²/(5 + ...))),
    // truncated where it has converged to double precision for a < 0.5.
    const a2 = a * a;
    let f = 29;
    for (let k = 27; k >= 1; k -= 2) f = k + a2 / f;
    t = a / f;
  }
  return z < 0 ? -t : t;
}

import type { MatmulOptions } from "../backend.ts";
import { checkElementCount } from "../limits.ts";

/** Dimensions of op(a)·op(b): op(a) is m x k, op(b) is k x n. */
export interface MatmulShape {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

/**
 * The shape of a (possibly transposed) matrix product, shared by every backend's `matmul`.
 * Throws a `RangeError` naming both operand shapes when the inner dimensions differ, and one
 * naming the product's shape when it would exceed {@link MAX_ELEMENTS}.
 *
 * @example
 * ```ts
 * matmulShape([50, 900], [50, 900], { transposeB: true }); // { m: 50, k: 900, n: 50, ... }
 * ```
 */
export function matmulShape(
  [ar, ac]: readonly [number, number],
  [br, bc]: readonly [number, number],
  options: MatmulOptions = {},
): MatmulShape {
  const transposeA = options.transposeA === true;
  const transposeB = options.transposeB === true;
  const m = transposeA ? ac : ar;
  const k = transposeA ? ar : ac;
  const k2 = transposeB ? bc : br;
  const n = transposeB ? br : bc;
  if (k !== k2) {
    throw new RangeError(
      `matmul: inner dimensions differ: ${transposeA ? "aᵀ" : "a"} is ${m}x${k} and ${transposeB ? "bᵀ" : "b"} is ${k2}x${n}`,
    );
  }
  checkElementCount("matmul", `the ${m}x${n} product`, m * n);
  return { m, k, n, transposeA, transposeB };
}

/**
 * `x^k` for a non-negative integer k by square-and-multiply: a fixed sequence of IEEE
 * multiplications, so it gives the same bits on every JavaScript engine (`Math.pow` and `**`
 * are not required to be correctly rounded and differ between engines).
 *
 * @example
 * ```ts
 * powInt(0.9, 2); // 0.81 (= 0.9 * 0.9)
 * powInt(2, 10); // 1024
 * ```
 */
export function powInt(x: number, k: number): number {
  if (!Number.isInteger(k) || k < 0) {
    throw new RangeError(`powInt: exponent must be a non-negative integer, got ${k}`);
  }
  let result = 1;
  // `x * 1` is x itself (also for ±0, ±Infinity and NaN); it makes `base` a float64 from the
  // start, which keeps the loop's values unboxed in V8 (no allocation per call).
  let base = x * 1;
  let n = k;
  while (n > 0) {
    if (n % 2 === 1) result *= base;
    n = Math.floor(n / 2);
    if (n > 0) base *= base;
  }
  return result;
}

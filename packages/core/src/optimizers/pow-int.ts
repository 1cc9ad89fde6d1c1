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
  let base = x;
  let n = k;
  while (n > 0) {
    if (n % 2 === 1) result *= base;
    n = Math.floor(n / 2);
    if (n > 0) base *= base;
  }
  return result;
}

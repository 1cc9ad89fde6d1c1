import { describe } from "../matrix.ts";

/**
 * Validates a number option of an optimiser: finite and within `[min, max)` (or `(min, max)`
 * when `minExclusive`); throws a `RangeError` naming the option.
 *
 * @example
 * ```ts
 * checkRange("adam", "beta1", 0.9, 0, 1, false); // 0.9
 * ```
 */
export function checkRange(
  where: string,
  name: string,
  value: unknown,
  min: number,
  max: number,
  minExclusive: boolean,
): number {
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (minExclusive ? value > min : value >= min) &&
    value < max;
  if (!ok) {
    const lo = minExclusive ? `> ${min}` : `>= ${min}`;
    const hi = max === Infinity ? "" : ` and < ${max}`;
    throw new RangeError(
      `${where}: ${name} must be a finite number ${lo}${hi}, got ${describe(value)}`,
    );
  }
  return value as number;
}

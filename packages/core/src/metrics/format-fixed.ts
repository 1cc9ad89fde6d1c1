/**
 * Formats a non-negative number with `digits` decimals as Python's `format(x, ".{digits}f")`:
 * correctly rounded, and an exact tie rounded to even (`0.125` -> `"0.12"`), where
 * JavaScript's `toFixed` rounds ties up.
 *
 * @example
 * ```ts
 * formatFixed(0.125, 2); // "0.12"
 * formatFixed(0.375, 2); // "0.38"
 * ```
 */
export function formatFixed(x: number, digits: number): string {
  const rounded = x.toFixed(digits);
  if (!(x >= 0) || x >= 1e21) return rounded;
  // Enough further digits to see an exact tie: a double >= 1e-30 that is not a tie differs
  // from one long before the 60th extra digit.
  const extra = Math.min(100, digits + 60) - digits;
  const long = x.toFixed(digits + extra);
  const tail = long.slice(long.length - extra);
  if (!/^50*$/.test(tail)) return rounded;
  const truncated = long.slice(0, long.length - extra - (digits === 0 ? 1 : 0));
  const last = Number(truncated[truncated.length - 1]);
  return last % 2 === 0 ? truncated : rounded;
}

/**
 * Right-aligns `s` in `width` characters (Unicode code points, as Python's `{:>width}`).
 *
 * @example
 * ```ts
 * padLeft("ab", 4); // "  ab"
 * ```
 */
export function padLeft(s: string, width: number): string {
  const n = [...s].length;
  return n >= width ? s : " ".repeat(width - n) + s;
}

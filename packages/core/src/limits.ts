/**
 * The most values (elements) plainnet allocates for one tensor, dataset or parameter set:
 * 50,000,000 float64 values are 400 MB. Every allocation whose size comes from user input
 * (matrix shapes, layer sizes, dataset sizes, saved networks) is checked against it before
 * anything is allocated, so an oversized request fails at once with a `RangeError` instead of
 * exhausting memory.
 *
 * @example
 * ```ts
 * MAX_ELEMENTS; // 50_000_000
 * ```
 */
export const MAX_ELEMENTS = 50_000_000;

/** `50,000,000`: the limit as printed in messages (locale-independent). */
const MAX_TEXT = "50,000,000";

/**
 * Throws a `RangeError` unless `0 <= count <= MAX_ELEMENTS` (a non-finite or NaN count is
 * rejected too). The message names `where` (the function), `what` (the tensor, layer or
 * option), the count and the limit, e.g. `new Network: layer 0 W (1000000000x2) would hold
 * 2000000000 values, above plainnet's limit of 50,000,000 (MAX_ELEMENTS)`. Call it before
 * allocating.
 *
 * @example
 * ```ts
 * checkElementCount("Matrix", "a 1000x1000 matrix", 1e6); // fine
 * checkElementCount("Matrix", "a 1000000x1000000 matrix", 1e12); // throws RangeError
 * ```
 */
export function checkElementCount(where: string, what: string, count: number): void {
  if (typeof count === "number" && count >= 0 && count <= MAX_ELEMENTS) return;
  if (typeof count !== "number" || Number.isNaN(count) || count < 0) {
    throw new RangeError(
      `${where}: ${what} would hold ${String(count)} values, which is not a valid count (expected 0 to ${MAX_TEXT}, plainnet's limit MAX_ELEMENTS)`,
    );
  }
  throw new RangeError(
    `${where}: ${what} would hold ${formatCount(count)} values, above plainnet's limit of ${MAX_TEXT} (MAX_ELEMENTS)`,
  );
}

/** Integers below 1e21 in full digits (`String` would switch to exponent notation later). */
function formatCount(count: number): string {
  if (!Number.isFinite(count)) return String(count);
  return count < 1e21 ? count.toFixed(0) : String(count);
}

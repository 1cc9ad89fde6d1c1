// Interim copy of @plainnet/core's shared size limit (`MAX_ELEMENTS`, `checkElementCount`),
// same signature and messages, until core exports them; then this file re-exports core's.

/**
 * The most values plainnet allocates for one tensor or dataset (core's `MAX_ELEMENTS`).
 *
 * @example
 * ```ts
 * MAX_ELEMENTS; // 50_000_000
 * ```
 */
export const MAX_ELEMENTS = 50_000_000;

/**
 * Throws a `RangeError` naming `where`, `what` and the count unless
 * `0 <= count <= MAX_ELEMENTS` (core's `checkElementCount`).
 *
 * @example
 * ```ts
 * checkElementCount("makeMoons", "nSamples 1000000000 (x 2 features)", 2e9); // throws
 * ```
 */
export function checkElementCount(where: string, what: string, count: number): void {
  if (typeof count === "number" && count >= 0 && count <= MAX_ELEMENTS) return;
  throw new RangeError(
    `${where}: ${what} would hold ${String(count)} values, above plainnet's limit of 50,000,000 (MAX_ELEMENTS)`,
  );
}

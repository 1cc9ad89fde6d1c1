import { InvalidOnnxError } from "./errors.ts";

/**
 * The most values `fromONNX` allocates for one tensor or for all weights together: plainnet's
 * shared limit (`MAX_ELEMENTS` of `@plainnet/core`, 50,000,000 float64 values, 400 MB).
 *
 * @example
 * ```ts
 * ONNX_MAX_ELEMENTS; // 50_000_000
 * ```
 */
export const ONNX_MAX_ELEMENTS = 50_000_000;

/**
 * Throws an {@link InvalidOnnxError} unless `0 <= count <= ONNX_MAX_ELEMENTS`; call it before
 * allocating.
 *
 * @example
 * ```ts
 * checkOnnxElements("tensor W0 [3, 2]", 6); // fine
 * ```
 */
export function checkOnnxElements(what: string, count: number): void {
  if (Number.isSafeInteger(count) && count >= 0 && count <= ONNX_MAX_ELEMENTS) return;
  throw new InvalidOnnxError(
    `fromONNX: ${what} would hold ${count < 1e21 ? count.toFixed(0) : String(count)} values, above plainnet's limit of 50,000,000 (MAX_ELEMENTS)`,
  );
}

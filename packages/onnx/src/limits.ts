import { MAX_ELEMENTS } from "@plainnet/core";
import { checkElementCount } from "@plainnet/core/engine";
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
export const ONNX_MAX_ELEMENTS: number = MAX_ELEMENTS;

/**
 * Throws an {@link InvalidOnnxError} unless `0 <= count <= MAX_ELEMENTS` (the core's
 * `checkElementCount`, its message kept); call it before allocating.
 *
 * @example
 * ```ts
 * checkOnnxElements("tensor W0 [3, 2]", 6); // fine
 * ```
 */
export function checkOnnxElements(what: string, count: number): void {
  try {
    checkElementCount("fromONNX", what, count);
  } catch (e) {
    throw new InvalidOnnxError((e as Error).message);
  }
}

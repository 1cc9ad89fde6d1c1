/**
 * The version of @plainnet/tfjs (kept equal to package.json's by a test), written into the
 * artifacts' `generatedBy`.
 *
 * @example
 * ```ts
 * VERSION; // "0.0.0"
 * ```
 */
export const VERSION: string = "0.0.0";

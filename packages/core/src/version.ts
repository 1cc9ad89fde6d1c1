/**
 * The version of @plainnet/core (kept equal to package.json's by a test), written into every
 * saved network's training record.
 *
 * @example
 * ```ts
 * VERSION; // "0.0.0"
 * ```
 */
export const VERSION: string = "0.0.0";

import { binaryCrossEntropy } from "./binary-cross-entropy.ts";
import { categoricalCrossEntropy } from "./categorical-cross-entropy.ts";
import type { Loss, LossName } from "./loss.ts";
import { meanSquaredError } from "./mean-squared-error.ts";

/**
 * Every built-in loss by name.
 *
 * @example
 * ```ts
 * losses.binaryCrossEntropy.name; // "binaryCrossEntropy"
 * ```
 */
export const losses: Readonly<Record<LossName, Loss>> = Object.freeze({
  binaryCrossEntropy,
  categoricalCrossEntropy,
  meanSquaredError,
});

const ALIASES: Record<string, LossName> = {
  bce: "binaryCrossEntropy",
  binary_crossentropy: "binaryCrossEntropy",
  binary_cross_entropy: "binaryCrossEntropy",
  cce: "categoricalCrossEntropy",
  categorical_crossentropy: "categoricalCrossEntropy",
  categorical_cross_entropy: "categoricalCrossEntropy",
  mse: "meanSquaredError",
  mean_squared_error: "meanSquaredError",
};

/**
 * Looks a loss up by name or alias (`"bce"`, `"binary_crossentropy"`, `"mse"`, ...), or passes a
 * {@link Loss} object through. Throws a `RangeError` listing the valid names.
 *
 * @example
 * ```ts
 * getLoss("mse").name; // "meanSquaredError"
 * ```
 */
export function getLoss(name: unknown, where = "loss"): Loss {
  if (typeof name === "object" && name !== null && "cost" in name && "gradient" in name) {
    return name as Loss;
  }
  if (typeof name === "string") {
    const key = ALIASES[name] ?? name;
    if (Object.hasOwn(losses, key)) return losses[key as LossName];
  }
  throw new RangeError(
    `${where}: unknown loss ${typeof name === "string" ? JSON.stringify(name) : String(name)}; expected one of "binaryCrossEntropy" ("bce"), "categoricalCrossEntropy" ("cce"), "meanSquaredError" ("mse")`,
  );
}

import type { Architecture } from "../architecture.ts";
import type { Dtype } from "../engine/kernels.ts";
import { checkDtype, checkEngine, type EngineName } from "../engine/select.ts";
import { InvalidModelError } from "../errors.ts";
import type { Loss } from "../losses/loss.ts";
import { type ClassLabel, checkClassList, classCount } from "./classes.ts";
import { checkScale, type NetworkScaler, readScaler, type ScaleName } from "./scaling.ts";
import { taskOf } from "./task.ts";

/** The settings a saved network carries beside its layers and weights (all optional on read). */
export interface SavedSettings {
  /** The `engine` option the network was made with (`"auto"` when the file has none). */
  readonly engine: EngineName;
  /** Element type of the fused engine (`"float64"` when the file has none). */
  readonly dtype: Dtype;
  /** The class labels (null: none recorded). */
  readonly classes: readonly ClassLabel[] | null;
  /** The `scale` option (null: none). */
  readonly scale: ScaleName | null;
  /** The fitted scaler (null: none, or not fitted yet). */
  readonly scaler: NetworkScaler | null;
}

/**
 * The optional top-level keys of a saved network that {@link readSavedSettings} reads.
 *
 * @example
 * ```ts
 * SAVED_SETTINGS_KEYS.includes("dtype"); // true
 * ```
 */
export const SAVED_SETTINGS_KEYS: readonly string[] = [
  "engine",
  "dtype",
  "classes",
  "scale",
  "scaler",
];

/**
 * Reads and validates the optional settings of a saved network document (`engine`, `dtype`,
 * `classes`, `scale`, `scaler`); files written before they existed get the defaults. A bad value throws an
 * `InvalidModelError` naming the field.
 *
 * @example
 * ```ts
 * readSavedSettings({ dtype: "float32" }, architecture, loss).dtype; // "float32"
 * ```
 */
export function readSavedSettings(
  doc: Readonly<Record<string, unknown>>,
  architecture: Architecture,
  loss: Loss,
): SavedSettings {
  const engine =
    doc.engine === undefined ? "auto" : field("engine", () => checkEngine(doc.engine, "expected"));
  const dtype =
    doc.dtype === undefined ? "float64" : field("dtype", () => checkDtype(doc.dtype, "expected"));
  if (engine === "reference" && dtype !== "float64") {
    throw new InvalidModelError(
      "dtype",
      `"${dtype}" needs a fused engine, but engine is "reference"`,
    );
  }
  let classes: readonly ClassLabel[] | null = null;
  if (doc.classes !== undefined && doc.classes !== null) {
    const outputDim = architecture[architecture.length - 1]!.outputDim;
    const k = classCount(taskOf(loss, outputDim), outputDim);
    const problem = checkClassList(doc.classes, k);
    if (problem !== null) throw new InvalidModelError("classes", problem);
    classes = (doc.classes as ClassLabel[]).slice();
  }
  const scale =
    doc.scale === undefined || doc.scale === null
      ? null
      : field("scale", () => checkScale(doc.scale, "expected"));
  let scaler: NetworkScaler | null = null;
  if (doc.scaler !== undefined && doc.scaler !== null) {
    if (scale === null) {
      throw new InvalidModelError(
        "scaler",
        'a fitted scaler needs "scale" ("standard" or "minmax")',
      );
    }
    const inputDim = architecture[0]!.inputDim;
    scaler = field("scaler", () => readScaler(doc.scaler, scale, inputDim));
  }
  return { engine, dtype, classes, scale, scaler };
}

function field<T>(path: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new InvalidModelError(path, error instanceof Error ? error.message : String(error));
  }
}

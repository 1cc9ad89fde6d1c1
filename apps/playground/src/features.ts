// Input features computed from the two raw coordinates, as TensorFlow Playground offers them.
import { sin } from "@plainnet/core";

/** The input features, in their canonical order. */
export const FEATURE_NAMES = ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"] as const;
/** One input feature. */
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Labels shown for each feature. */
export const FEATURE_LABELS: Readonly<Record<FeatureName, string>> = Object.freeze({
  x1: "x₁",
  x2: "x₂",
  x1sq: "x₁²",
  x2sq: "x₂²",
  x1x2: "x₁·x₂",
  sinx1: "sin x₁",
  sinx2: "sin x₂",
});

/**
 * One feature's value at a point. `sin` is plainnet's correctly rounded sine, so the features
 * (and everything trained on them) are the same bits on every engine.
 *
 * @example
 * ```ts
 * featureValue("x1x2", 2, 3); // 6
 * ```
 */
export function featureValue(name: FeatureName, x1: number, x2: number): number {
  switch (name) {
    case "x1":
      return x1;
    case "x2":
      return x2;
    case "x1sq":
      return x1 * x1;
    case "x2sq":
      return x2 * x2;
    case "x1x2":
      return x1 * x2;
    case "sinx1":
      return sin(x1);
    case "sinx2":
      return sin(x2);
    default:
      throw new RangeError(`featureValue: unknown feature ${JSON.stringify(name)}`);
  }
}

/**
 * The selected features of each point: `points` is n x 2 (row-major, x1 then x2); the result
 * is n x features.length (row-major).
 *
 * @example
 * ```ts
 * transformFeatures(new Float64Array([1, 2]), ["x1", "x1x2"]); // Float64Array [1, 2]
 * ```
 */
export function transformFeatures(
  points: Float64Array,
  features: readonly FeatureName[],
): Float64Array {
  if (points.length % 2 !== 0) {
    throw new RangeError(
      `transformFeatures: points must hold x1, x2 pairs, got ${points.length} values`,
    );
  }
  if (features.length === 0) {
    throw new RangeError("transformFeatures: select at least one feature, got none");
  }
  const n = points.length / 2;
  const k = features.length;
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const x1 = points[2 * i]!;
    const x2 = points[2 * i + 1]!;
    for (let j = 0; j < k; j++) out[i * k + j] = featureValue(features[j]!, x1, x2);
  }
  return out;
}

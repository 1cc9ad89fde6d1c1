import { describe, type Matrix } from "../matrix.ts";
import { MinMaxScaler } from "../preprocessing/min-max-scaler.ts";
import { NotFittedError } from "../preprocessing/not-fitted-error.ts";
import { StandardScaler } from "../preprocessing/standard-scaler.ts";

/** The `scale` option of `new Network`: which scaler the network fits in `fit` and applies. */
export type ScaleName = "standard" | "minmax";

/** A scaler a network carries: scikit-learn's `StandardScaler` or `MinMaxScaler`. */
export type NetworkScaler = StandardScaler | MinMaxScaler;

const SCALES: readonly ScaleName[] = ["standard", "minmax"];

/**
 * Validates the `scale` option.
 *
 * @example
 * ```ts
 * checkScale("standard", "new Network: scale"); // "standard"
 * ```
 */
export function checkScale(value: unknown, where: string): ScaleName {
  if (typeof value !== "string" || !(SCALES as readonly string[]).includes(value)) {
    const hint =
      typeof value === "string" && /^(standard|standardi[sz]e|z-?score|normal)$/i.test(value)
        ? '; did you mean "standard"?'
        : typeof value === "string" && /^min[-_ ]?max(imum)?$/i.test(value)
          ? '; did you mean "minmax"?'
          : "";
    throw new RangeError(
      `${where} must be "standard" (zero mean, unit variance) or "minmax" (each feature to [0, 1]), got ${describe(value)}${hint}`,
    );
  }
  return value as ScaleName;
}

/**
 * A new, unfitted scaler for a `scale` option.
 *
 * @example
 * ```ts
 * createScaler("minmax").fit([[0], [10]]).transform([[5]]); // [[0.5]]
 * ```
 */
export function createScaler(name: ScaleName): NetworkScaler {
  return name === "standard" ? new StandardScaler() : new MinMaxScaler();
}

/**
 * The scaler of a saved network (the scaler's own JSON), validated against the `scale` name
 * and the input layer; throws a `TypeError` or `RangeError` saying what is wrong.
 *
 * @example
 * ```ts
 * readScaler(doc.scaler, "standard", 4);
 * ```
 */
export function readScaler(json: unknown, name: ScaleName, inputDim: number): NetworkScaler {
  const scaler = name === "standard" ? StandardScaler.fromJSON(json) : MinMaxScaler.fromJSON(json);
  if (scaler.nFeaturesIn !== inputDim) {
    throw new RangeError(
      `the scaler was fitted on ${scaler.nFeaturesIn} features but the input layer has ${inputDim}`,
    );
  }
  return scaler;
}

/**
 * The network's fitted scaler (null without `scale`); a network made with `scale` but not
 * fitted yet throws a `NotFittedError` naming `where`.
 *
 * @example
 * ```ts
 * const scaler = fittedScaler(state.scale, state.scaler, "toFunction");
 * ```
 */
export function fittedScaler(
  scale: ScaleName | null,
  scaler: NetworkScaler | null,
  where: string,
): NetworkScaler | null {
  if (scale !== null && scaler === null) {
    throw new NotFittedError(
      `${where}: this network scales its inputs (scale: "${scale}"), and its scaler is fitted by fit on the training data; call fit first`,
    );
  }
  return scaler;
}

/**
 * Applies a network's scaler to samples x features (unchanged without one). A network made
 * with `scale` but not fitted yet throws a `NotFittedError`.
 *
 * @example
 * ```ts
 * const xs = scaleSamples("standard", scaler, checked, "predict");
 * ```
 */
export function scaleSamples(
  scale: ScaleName | null,
  scaler: NetworkScaler | null,
  X: Matrix,
  where: string,
): Matrix {
  const fitted = fittedScaler(scale, scaler, where);
  return fitted === null ? X : fitted.transform(X);
}

/**
 * One line about the scaler for `summary()`.
 *
 * @example
 * ```ts
 * describeScaler("standard", scaler); // "standard (StandardScaler fitted on 120 samples)"
 * ```
 */
export function describeScaler(scale: ScaleName, scaler: NetworkScaler | null): string {
  if (scaler === null) return `${scale} (not fitted yet: fit fits it on the training data)`;
  const kind = scaler instanceof StandardScaler ? "StandardScaler" : "MinMaxScaler";
  return `${scale} (${kind} fitted on ${scaler.nSamplesSeen} samples)`;
}

/**
 * The arithmetic of a fitted scaler as a standalone JavaScript expression (for
 * `toFunctionSource`): a function `(x, j)` that scales feature `j` with the same operations,
 * in the same order, as the scaler's `transform`, so the generated function sees the same
 * inputs bit for bit.
 *
 * @example
 * ```ts
 * scalerSource(new StandardScaler().fit([[1], [3]])); // "(function () { ... })()"
 * ```
 */
export function scalerSource(scaler: NetworkScaler): string {
  const list = (values: readonly number[]): string =>
    `[${values.map((v) => (Object.is(v, -0) ? "-0" : String(v))).join(", ")}]`;
  const lines: string[] = ["(function () {"];
  if (scaler instanceof StandardScaler) {
    const scale = scaler.scale;
    lines.push(`    var mean = ${list(scaler.mean)};`);
    if (scale !== null) lines.push(`    var scale = ${list(scale)};`);
    lines.push("    return function (x, j) {");
    if (scaler.withMean) lines.push("      x -= mean[j];");
    if (scale !== null) lines.push("      x /= scale[j];");
    lines.push("      return x;");
  } else {
    const [lo, hi] = scaler.featureRange;
    lines.push(`    var scale = ${list(scaler.scale)}, min = ${list(scaler.min)};`);
    lines.push("    return function (x, j) {");
    lines.push("      var v = x * scale[j];");
    lines.push("      v += min[j];");
    if (scaler.clip) lines.push(`      v = Math.min(Math.max(v, ${lo}), ${hi});`);
    lines.push("      return v;");
  }
  lines.push("    };", "  })()");
  return lines.join("\n");
}

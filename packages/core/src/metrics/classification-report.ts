import { describe } from "../matrix.ts";
import { pairwiseSum } from "../sum.ts";
import { formatFixed, padLeft } from "./format-fixed.ts";
import type { Label, LabelsInput } from "./labels.ts";
import { labelName, readClassification, uniqueLabels } from "./labels.ts";

/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions {
  /** The classes to report and their order; default the sorted distinct labels. */
  readonly labels?: readonly Label[];
  /** Display names of the classes, one per label (default the labels as text). */
  readonly targetNames?: readonly string[];
  /** Decimals in `toString()` (default 2, as scikit-learn). */
  readonly digits?: number;
}

/** Precision, recall, F1 score and support of one class or one average. */
export interface ClassScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1Score: number;
  /** Number of samples whose true label is the class (for an average: the total). */
  readonly support: number;
}

/** One class's row of a {@link ClassificationReport}. */
export interface ClassReport extends ClassScores {
  readonly label: Label;
  /** The display name (`targetNames[i]`, or the label as text). */
  readonly name: string;
}

/** The result of {@link classificationReport}. */
export interface ClassificationReport {
  /** One row per class, in the order of `labels`. */
  readonly classes: readonly ClassReport[];
  /**
   * Fraction of samples predicted correctly; `undefined` when `options.labels` leaves some
   * class of the data out (then `microAvg` is reported instead, as scikit-learn does).
   */
  readonly accuracy: number | undefined;
  /** Micro average over the listed classes, only when `accuracy` is `undefined`. */
  readonly microAvg: ClassScores | undefined;
  /** Unweighted mean of the per-class scores. */
  readonly macroAvg: ClassScores;
  /** Mean of the per-class scores weighted by support. */
  readonly weightedAvg: ClassScores;
  /** The report as scikit-learn's `classification_report` prints it. */
  toString(): string;
}

/**
 * Precision, recall, F1 score and support for every class, with accuracy and the macro and
 * weighted averages: the same numbers and the same text layout as scikit-learn's
 * `classification_report`. A ratio with a zero denominator (a class never predicted, or
 * never true) is 0, as scikit-learn's default, without a warning.
 *
 * @example
 * ```ts
 * const report = classificationReport(["a", "b", "b"], ["a", "b", "a"]);
 * report.accuracy; // 0.666...
 * report.classes[0]; // { label: "a", name: "a", precision: 0.5, recall: 1, f1Score: 0.666..., support: 1 }
 * console.log(report.toString());
 * ```
 */
export function classificationReport(
  yTrue: LabelsInput,
  yPred: LabelsInput,
  options: ClassificationReportOptions = {},
): ClassificationReport {
  const where = "classificationReport";
  const {
    yTrue: t,
    yPred: p,
    labels,
    index,
  } = readClassification(yTrue, yPred, options?.labels, where);
  const digits = options?.digits ?? 2;
  if (typeof digits !== "number" || !Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new RangeError(
      `${where}: options.digits must be an integer in [0, 20], got ${describe(digits)}`,
    );
  }
  const names = targetNames(options?.targetNames, labels, where);
  const k = labels.length;
  const tp = new Float64Array(k);
  const predSum = new Float64Array(k);
  const trueSum = new Float64Array(k);
  for (let s = 0; s < t.length; s++) {
    const i = index.get(t[s] as Label);
    const j = index.get(p[s] as Label);
    if (i !== undefined) trueSum[i] = (trueSum[i] as number) + 1;
    if (j !== undefined) predSum[j] = (predSum[j] as number) + 1;
    if (i !== undefined && i === j) tp[i] = (tp[i] as number) + 1;
  }
  const precision = tp.map((v, i) => divide(v, predSum[i] as number));
  const recall = tp.map((v, i) => divide(v, trueSum[i] as number));
  const f1 = tp.map((v, i) => divide(2 * v, (trueSum[i] as number) + (predSum[i] as number)));
  const total = sum(trueSum);
  const classes: ClassReport[] = labels.map((label, i) => ({
    label,
    name: names[i] as string,
    precision: precision[i] as number,
    recall: recall[i] as number,
    f1Score: f1[i] as number,
    support: trueSum[i] as number,
  }));
  const macroAvg: ClassScores = {
    precision: sum(precision) / k,
    recall: sum(recall) / k,
    f1Score: sum(f1) / k,
    support: total,
  };
  const weightedAvg: ClassScores = {
    precision: weighted(precision, trueSum),
    recall: weighted(recall, trueSum),
    f1Score: weighted(f1, trueSum),
    support: total,
  };
  const tpAll = sum(tp);
  const predAll = sum(predSum);
  const micro: ClassScores = {
    precision: divide(tpAll, predAll),
    recall: divide(tpAll, total),
    f1Score: divide(2 * tpAll, total + predAll),
    support: total,
  };
  const listed = new Set(labels);
  const microIsAccuracy =
    options?.labels === undefined || uniqueLabels(t, p).every((l) => listed.has(l));
  const accuracy = microIsAccuracy ? micro.f1Score : undefined;
  const microAvg = microIsAccuracy ? undefined : micro;
  return {
    classes,
    accuracy,
    microAvg,
    macroAvg,
    weightedAvg,
    toString: () => formatReport(classes, accuracy, microAvg, macroAvg, weightedAvg, digits),
  };
}

function targetNames(names: unknown, labels: readonly Label[], where: string): string[] {
  const k = labels.length;
  if (names === undefined) return labels.map(labelName);
  if (!Array.isArray(names) || names.some((n) => typeof n !== "string")) {
    throw new TypeError(
      `${where}: options.targetNames must be an array of strings, got ${describe(names)}`,
    );
  }
  if (names.length !== k) {
    throw new RangeError(
      `${where}: options.targetNames has ${names.length} names for ${k} classes; give one name per class (or set options.labels)`,
    );
  }
  return names as string[];
}

const divide = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const sum = (a: Float64Array): number => pairwiseSum(a, 0, a.length, 1);

function weighted(values: Float64Array, weights: Float64Array): number {
  const w = sum(weights);
  if (w === 0) return sum(values) / values.length;
  return sum(values.map((v, i) => v * (weights[i] as number))) / w;
}

function formatReport(
  classes: readonly ClassReport[],
  accuracy: number | undefined,
  microAvg: ClassScores | undefined,
  macroAvg: ClassScores,
  weightedAvg: ClassScores,
  digits: number,
): string {
  const width = Math.max(...classes.map((c) => [...c.name].length), "weighted avg".length, digits);
  const num = (x: number): string => ` ${padLeft(formatFixed(x, digits), 9)}`;
  const int = (x: number): string => ` ${padLeft(String(x), 9)}`;
  const row = (name: string, s: ClassScores): string =>
    `${padLeft(name, width)} ${num(s.precision)}${num(s.recall)}${num(s.f1Score)}${int(s.support)}\n`;
  let out = `${padLeft("", width)} ${["precision", "recall", "f1-score", "support"].map((h) => ` ${padLeft(h, 9)}`).join("")}\n\n`;
  for (const c of classes) out += row(c.name, c);
  out += "\n";
  if (accuracy !== undefined) {
    out += `${padLeft("accuracy", width)} ${" ".repeat(20)}${num(accuracy)}${int(macroAvg.support)}\n`;
  } else if (microAvg !== undefined) {
    out += row("micro avg", microAvg);
  }
  out += row("macro avg", macroAvg);
  out += row("weighted avg", weightedAvg);
  return out;
}

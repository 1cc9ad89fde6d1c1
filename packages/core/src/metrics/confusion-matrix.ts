import type { Label, LabelsInput } from "./labels.ts";
import { readClassification } from "./labels.ts";

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /**
   * The classes and their order (rows and columns); default the sorted distinct labels of
   * `yTrue` and `yPred`. Samples whose true or predicted label is not listed are left out.
   */
  readonly labels?: readonly Label[];
}

/** The result of {@link confusionMatrix}. */
export interface ConfusionMatrix {
  /** The class of each row and column. */
  readonly labels: Label[];
  /** `matrix[i][j]`: how many samples of class `labels[i]` were predicted as `labels[j]`. */
  readonly matrix: number[][];
}

/**
 * Counts true against predicted classes, as scikit-learn's `confusion_matrix`: rows are the
 * true classes, columns the predicted ones, both in the order of `labels`. Labels may be
 * integers or strings.
 *
 * @example
 * ```ts
 * confusionMatrix(["cat", "dog", "dog"], ["cat", "cat", "dog"]);
 * // { labels: ["cat", "dog"], matrix: [[1, 0], [1, 1]] }
 * ```
 */
export function confusionMatrix(
  yTrue: LabelsInput,
  yPred: LabelsInput,
  options: ConfusionMatrixOptions = {},
): ConfusionMatrix {
  const given = options?.labels;
  const c = readClassification(yTrue, yPred, given, "confusionMatrix");
  const { labels, index } = c;
  if (given !== undefined && !c.yTrue.some((v) => index.has(v))) {
    throw new RangeError(
      `confusionMatrix: none of options.labels (${labels.map((l) => JSON.stringify(l)).join(", ")}) occurs in yTrue`,
    );
  }
  const k = labels.length;
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let s = 0; s < c.yTrue.length; s++) {
    const i = index.get(c.yTrue[s] as Label);
    const j = index.get(c.yPred[s] as Label);
    if (i !== undefined && j !== undefined) {
      const row = matrix[i] as number[];
      row[j] = (row[j] as number) + 1;
    }
  }
  return { labels, matrix };
}

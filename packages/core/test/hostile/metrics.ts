import {
  classificationReport,
  confusionMatrix,
  Matrix,
  meanAbsoluteError,
  meanSquaredError,
  r2Score,
  rocAucScore,
} from "../../src/index.ts";
import type { HostileCase } from "./case.ts";

/** confusionMatrix, classificationReport, rocAucScore and the regression metrics. */
export const cases: HostileCase[] = [
  {
    name: "confusionMatrix with yTrue and yPred of different lengths",
    run: () => confusionMatrix([0, 1, 1], [0, 1]),
    error: RangeError,
    message: "confusionMatrix: yTrue has 3 labels but yPred has 2",
  },
  {
    name: "confusionMatrix on empty arrays",
    run: () => confusionMatrix([], []),
    error: RangeError,
    message: "confusionMatrix: yTrue is empty",
  },
  {
    name: "confusionMatrix given probabilities instead of labels",
    run: () => confusionMatrix([0, 1], [0.2, 0.9]),
    error: RangeError,
    message: "confusionMatrix: yPred[0] is 0.2, a continuous value",
  },
  {
    name: "confusionMatrix with NaN labels",
    run: () => confusionMatrix([0, Number.NaN], [0, 1]),
    error: RangeError,
    message: "confusionMatrix: yTrue[1] must be a finite label, got NaN",
  },
  {
    name: "confusionMatrix mixing strings and numbers",
    run: () => confusionMatrix(["a", 1] as never, ["a", "a"]),
    error: TypeError,
    message: "confusionMatrix: yTrue mixes numbers and strings",
  },
  {
    name: "confusionMatrix with string truths and numeric predictions",
    run: () => confusionMatrix(["a", "b"], [0, 1]),
    error: TypeError,
    message: "confusionMatrix: yTrue holds strings but yPred holds numbers",
  },
  {
    name: "confusionMatrix with null labels",
    run: () => confusionMatrix(null as never, [0]),
    error: TypeError,
    message: "confusionMatrix: expected yTrue to be an array of labels, got null",
  },
  {
    name: "confusionMatrix with a boolean label",
    run: () => confusionMatrix([true] as never, [1]),
    error: TypeError,
    message: "confusionMatrix: yTrue[0] must be a number or a string label, got boolean",
  },
  {
    name: "confusionMatrix with labels none of which occurs in yTrue",
    run: () => confusionMatrix([0, 1], [0, 1], { labels: [5, 6] }),
    error: RangeError,
    message: "confusionMatrix: none of options.labels (5, 6) occurs in yTrue",
  },
  {
    name: "confusionMatrix with a duplicated label",
    run: () => confusionMatrix([0, 1], [0, 1], { labels: [0, 1, 0] }),
    error: RangeError,
    message: "confusionMatrix: options.labels lists 0 twice",
  },
  {
    name: "classificationReport with too few target names",
    run: () => classificationReport([0, 1, 2], [0, 1, 2], { targetNames: ["a", "b"] }),
    error: RangeError,
    message: "classificationReport: options.targetNames has 2 names for 3 classes",
  },
  {
    name: "classificationReport with digits -1",
    run: () => classificationReport([0, 1], [0, 1], { digits: -1 }),
    error: RangeError,
    message: "classificationReport: options.digits must be an integer in [0, 20], got -1",
  },
  {
    name: "classificationReport with numeric labels option for string data",
    run: () => classificationReport(["a", "b"], ["a", "b"], { labels: [0, 1] }),
    error: TypeError,
    message: "classificationReport: options.labels holds numbers but yTrue holds strings",
  },
  {
    name: "rocAucScore with one class only",
    run: () => rocAucScore([1, 1, 1], [0.2, 0.5, 0.9]),
    error: RangeError,
    message: "rocAucScore: only one class (1) is present in yTrue",
  },
  {
    name: "rocAucScore with three classes",
    run: () => rocAucScore([0, 1, 2], [0.2, 0.5, 0.9]),
    error: RangeError,
    message: "rocAucScore: yTrue has 3 classes; rocAucScore is for binary problems",
  },
  {
    name: "rocAucScore with a NaN score",
    run: () => rocAucScore([0, 1], [0.2, Number.NaN]),
    error: RangeError,
    message: "rocAucScore: scores[1] must be finite, got NaN",
  },
  {
    name: "rocAucScore with fewer scores than labels",
    run: () => rocAucScore([0, 1, 1], [0.2, 0.3]),
    error: RangeError,
    message: "rocAucScore: yTrue has 3 labels but scores has 2",
  },
  {
    name: "rocAucScore with a two-column score Matrix",
    run: () => rocAucScore([0, 1], Matrix.zeros(2, 2)),
    error: RangeError,
    message: "rocAucScore: scores is a 2x2 Matrix; expected one score per sample",
  },
  {
    name: "rocAucScore with two scores per nested row",
    run: () =>
      rocAucScore(
        [0, 1],
        [
          [0.1, 0.9],
          [0.8, 0.2],
        ],
      ),
    error: RangeError,
    message: "rocAucScore: scores[0] has 2 values; nested scores need one column",
  },
  {
    name: "meanSquaredError with different shapes",
    run: () => meanSquaredError([[1, 2]], [[1, 2, 3]]),
    error: RangeError,
    message: "meanSquaredError: yTrue is 1x2 (samples x outputs) but yPred is 1x3",
  },
  {
    name: "meanAbsoluteError with Infinity",
    run: () => meanAbsoluteError([1, Infinity], [1, 2]),
    error: RangeError,
    message: "meanAbsoluteError: yTrue[1] must be finite, got Infinity",
  },
  {
    name: "meanSquaredError on empty arrays",
    run: () => meanSquaredError([], []),
    error: RangeError,
    message: "meanSquaredError: yTrue is empty",
  },
  {
    name: "meanSquaredError with a string value",
    run: () => meanSquaredError([1, "2"] as never, [1, 2]),
    error: TypeError,
    message: 'meanSquaredError: yTrue[1] must be a number, got string "2"',
  },
  {
    name: "r2Score with one sample",
    run: () => r2Score([1], [2]),
    error: RangeError,
    message: "r2Score: needs at least two samples, got 1",
  },
];

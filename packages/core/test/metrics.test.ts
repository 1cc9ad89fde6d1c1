// Metrics against scikit-learn: fixtures/metrics.json, written by scripts/gen-metrics-fixture.py
// (confusion_matrix, classification_report as a dict and as text, roc_auc_score,
// mean_squared_error, mean_absolute_error, r2_score). Numbers to 1e-12, text exactly.
import { describe, expect, it } from "vitest";
import fixtureJson from "../../../fixtures/metrics.json" with { type: "json" };
import {
  type ClassScores,
  classificationReport,
  confusionMatrix,
  type Label,
  Matrix,
  meanAbsoluteError,
  meanSquaredError,
  r2Score,
  rocAucScore,
} from "../src/index.ts";
import { formatFixed } from "../src/metrics/format-fixed.ts";

interface SkScores {
  precision: number;
  recall: number;
  "f1-score": number;
  support: number;
}
interface ClassificationCase {
  name: string;
  y_true: Label[];
  y_pred: Label[];
  labels: Label[] | null;
  target_names: string[] | null;
  digits: number;
  confusion_matrix: number[][];
  report: Record<string, SkScores | number>;
  text: string;
}
interface RocCase {
  name: string;
  y_true: Label[];
  scores: number[];
  auc: number;
}
interface RegressionCase {
  name: string;
  y_true: number[] | number[][];
  y_pred: number[] | number[][];
  mse: number;
  mae: number;
  r2: number;
}
const fixture = fixtureJson as unknown as {
  classification: ClassificationCase[];
  roc_auc: RocCase[];
  regression: RegressionCase[];
};

const TOL = 1e-12;
function close(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(TOL * Math.max(1, Math.abs(expected)));
}
function closeScores(actual: ClassScores, expected: SkScores): void {
  close(actual.precision, expected.precision);
  close(actual.recall, expected.recall);
  close(actual.f1Score, expected["f1-score"]);
  expect(actual.support).toBe(expected.support);
}

describe("confusionMatrix and classificationReport match scikit-learn", () => {
  it("has the label sets the issue asks for", () => {
    const names = fixture.classification.map((c) => c.name);
    for (const want of ["binary", "string labels", "a class never predicted", "labels subset"]) {
      expect(names.some((n) => n.includes(want))).toBe(true);
    }
  });
  for (const c of fixture.classification) {
    const options = {
      ...(c.labels ? { labels: c.labels } : {}),
      ...(c.target_names ? { targetNames: c.target_names } : {}),
      digits: c.digits,
    };
    it(`${c.name}: confusion matrix`, () => {
      const cm = confusionMatrix(c.y_true, c.y_pred, c.labels ? { labels: c.labels } : {});
      expect(cm.matrix).toEqual(c.confusion_matrix);
      if (c.labels) expect(cm.labels).toEqual(c.labels);
    });
    it(`${c.name}: report numbers`, () => {
      const r = classificationReport(c.y_true, c.y_pred, options);
      for (const row of r.classes) closeScores(row, c.report[row.name] as SkScores);
      expect(r.classes.length).toBe(Object.keys(c.report).length - 3);
      closeScores(r.macroAvg, c.report["macro avg"] as SkScores);
      closeScores(r.weightedAvg, c.report["weighted avg"] as SkScores);
      if ("accuracy" in c.report) {
        close(r.accuracy as number, c.report.accuracy as number);
        expect(r.microAvg).toBeUndefined();
      } else {
        expect(r.accuracy).toBeUndefined();
        closeScores(r.microAvg as ClassScores, c.report["micro avg"] as SkScores);
      }
    });
    it(`${c.name}: report text`, () => {
      expect(classificationReport(c.y_true, c.y_pred, options).toString()).toBe(c.text);
      expect(String(classificationReport(c.y_true, c.y_pred, options))).toBe(c.text);
    });
  }
  it("keeps labels in np.unique's order (numbers numerically, strings by code point)", () => {
    expect(confusionMatrix([10, 2, 9], [2, 2, 2]).labels).toEqual([2, 9, 10]);
    expect(confusionMatrix(["b", "B", "a"], ["a", "a", "a"]).labels).toEqual(["B", "a", "b"]);
  });
  it("accepts typed arrays of labels", () => {
    const cm = confusionMatrix(new Int32Array([0, 1, 1]), new Float64Array([0, 1, 0]));
    expect(cm.matrix).toEqual([
      [1, 0],
      [1, 1],
    ]);
  });
});

describe("formatFixed rounds as Python's format()", () => {
  it("rounds exact ties to even and everything else to nearest", () => {
    expect(formatFixed(0.125, 2)).toBe("0.12");
    expect(formatFixed(0.375, 2)).toBe("0.38");
    expect(formatFixed(0.5, 0)).toBe("0");
    expect(formatFixed(1.5, 0)).toBe("2");
    expect(formatFixed(2.5, 0)).toBe("2");
    // 0.615 is stored below the tie (0.61499999...), so both languages print 0.61.
    expect(formatFixed(0.615, 2)).toBe("0.61");
    expect(formatFixed(2 / 3, 4)).toBe("0.6667");
  });
});

describe("rocAucScore matches scikit-learn", () => {
  it("has ties and string labels among its cases", () => {
    const names = fixture.roc_auc.map((c) => c.name);
    expect(names).toContain("ties in scores");
    expect(names).toContain("string labels");
  });
  for (const c of fixture.roc_auc) {
    it(c.name, () => {
      close(rocAucScore(c.y_true, c.scores), c.auc);
    });
  }
  it("takes scores as one Matrix column or row, or nested one-value rows", () => {
    const c = fixture.roc_auc.find((k) => k.name === "ties in scores") as RocCase;
    close(rocAucScore(c.y_true, Matrix.row(c.scores)), c.auc);
    close(rocAucScore(c.y_true, Matrix.row(c.scores).transpose()), c.auc);
    close(
      rocAucScore(
        c.y_true,
        c.scores.map((v) => [v]),
      ),
      c.auc,
    );
  });
});

describe("regression metrics match scikit-learn", () => {
  for (const c of fixture.regression) {
    it(c.name, () => {
      close(meanSquaredError(c.y_true, c.y_pred), c.mse);
      close(meanAbsoluteError(c.y_true, c.y_pred), c.mae);
      close(r2Score(c.y_true, c.y_pred), c.r2);
    });
  }
  it("take a Matrix (samples x outputs) as nested arrays", () => {
    const c = fixture.regression.find((k) => k.name === "multi-output") as RegressionCase;
    const t = Matrix.from(c.y_true as number[][]);
    const p = Matrix.from(c.y_pred as number[][]);
    close(meanSquaredError(t, p), c.mse);
    close(r2Score(t, c.y_pred), c.r2);
  });
});

// Works as a user would (issue 22, "Must show"): iris and wine exactly as scikit-learn writes
// them to CSV (a header row, a string class column), read with readCSV, the label picked by
// name, a Network that standardises its own inputs, test accuracy >= 0.9, saved and reloaded,
// predicting the class strings, and scikit-learn's classification report.
import { readFileSync } from "node:fs";
import { classificationReport, Network } from "@plainnet/core";
import { describe, expect, it } from "vitest";
import { readCSV, trainTestSplit } from "../src/index.ts";

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/${name}`, import.meta.url), "utf8");

const journeys = [
  { file: "iris.csv", hidden: 16, classes: ["setosa", "versicolor", "virginica"] },
  { file: "wine.csv", hidden: 16, classes: ["class_0", "class_1", "class_2"] },
];

describe("from a CSV file to a saved model and a report", () => {
  for (const { file, hidden, classes } of journeys) {
    it(`${file}: readCSV -> Network({ scale: "standard" }) -> fit -> save -> load -> predict`, () => {
      // 1. Read the file; the label column by its name.
      const { X, y, featureNames } = readCSV(fixture(file), { label: "target" });
      const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, {
        testSize: 0.25,
        randomState: 42,
        stratify: y,
      });

      // 2. A network that scales its own inputs, trained on the class strings.
      const net = new Network<string | number>([featureNames.length, hidden, classes.length], {
        scale: "standard",
        seed: 1,
      });
      net.fit(XTrain, yTrain, {
        epochs: 100,
        batchSize: 16,
        optimizer: "adam",
        learningRate: 0.01,
      });
      expect(net.classes).toEqual(classes);
      const { accuracy } = net.evaluate(XTest, yTest);
      expect(accuracy).toBeGreaterThanOrEqual(0.9);

      // 3. Save, reload: the copy takes raw features and predicts the class strings.
      const copy = Network.fromJSON<string | number>(JSON.stringify(net));
      const predicted = copy.predict(XTest);
      expect(predicted.every((p) => typeof p === "string" && classes.includes(p))).toBe(true);
      expect(predicted).toEqual(net.predict(XTest));

      // 4. The report, as scikit-learn prints it.
      const report = classificationReport(yTest, predicted);
      console.log(`${file}\n${copy.summary()}\n\n${report.toString()}`);
      expect(report.accuracy).toBe(accuracy);
      expect(report.classes.map((c) => c.label)).toEqual(classes);
    });
  }
});

import { describe, expect, it } from "vitest";
import fixture from "../../../fixtures/stratified-split.json" with { type: "json" };
import { trainTestSplit } from "../src/index.ts";

// fixtures/stratified-split.json: scikit-learn's train_test_split(np.arange(n), stratify=labels)
// written by scripts/gen-split-fixture.py (its header says why 1.9.1 and 1.2 draw alike).
interface Case {
  name: string;
  labels: (number | string)[];
  options: { testSize?: number; trainSize?: number; randomState: number };
  train: number[];
  test: number[];
}

describe("stratified trainTestSplit equals scikit-learn's indices", () => {
  const cases = fixture.cases as Case[];

  it("covers several class balances, sizes and label kinds", () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
    expect(cases.some((c) => typeof c.labels[0] === "string")).toBe(true);
    expect(cases.some((c) => c.labels.length >= 1000)).toBe(true);
  });

  for (const c of cases) {
    it(`${c.name} (n ${c.labels.length}, ${JSON.stringify(c.options)})`, () => {
      const n = c.labels.length;
      const X = Array.from({ length: n }, (_, i) => [i]);
      const y = Array.from({ length: n }, (_, i) => i);
      const split = trainTestSplit(X, y, { ...c.options, stratify: c.labels });
      expect(split.trainIndices).toEqual(c.train);
      expect(split.testIndices).toEqual(c.test);
      expect(split.XTest.map((row) => row[0])).toEqual(c.test);
      expect(split.yTrain).toEqual(c.train);
    });
  }
});

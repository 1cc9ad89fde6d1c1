import { Matrix, RandomState } from "@plainnet/core";
import { describe, expect, it } from "vitest";
import { toColumns, trainTestSplit } from "../src/index.ts";

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const rowsOf = (n: number): number[][] => range(n).map((i) => [i, 10 * i]);

function counts(labels: readonly number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const l of labels) m.set(l, (m.get(l) ?? 0) + 1);
  return m;
}

describe("trainTestSplit sizes (scikit-learn's rules)", () => {
  const sizeCases: [number, { testSize?: number; trainSize?: number }, number, number][] = [
    [10, {}, 7, 3], // default testSize 0.25: ceil(2.5) = 3
    [10, { testSize: 0.25 }, 7, 3],
    [13, { testSize: 0.3 }, 9, 4], // ceil(3.9)
    [10, { testSize: 3 }, 7, 3], // an integer >= 1 is a count
    [10, { trainSize: 0.55 }, 5, 5], // floor(5.5) for train, the rest for test
    [10, { trainSize: 6 }, 6, 4],
    [10, { testSize: 0.3, trainSize: 0.5 }, 5, 3], // both given: the rest is left out
    [1000, { testSize: 0.1 }, 900, 100],
  ];
  for (const [n, opts, nTrain, nTest] of sizeCases) {
    it(`n ${n}, ${JSON.stringify(opts)} -> ${nTrain}/${nTest}`, () => {
      const s = trainTestSplit(rowsOf(n), range(n), { ...opts, randomState: 0 });
      expect(s.trainIndices).toHaveLength(nTrain);
      expect(s.testIndices).toHaveLength(nTest);
      const all = [...s.trainIndices, ...s.testIndices];
      expect(new Set(all).size).toBe(all.length); // disjoint
      for (const i of all) expect(i >= 0 && i < n).toBe(true);
    });
  }

  it("parts follow the indices, for number[][] (copied rows) and Matrix inputs", () => {
    const X = rowsOf(12);
    const y = range(12).map((i) => i * 3);
    const s = trainTestSplit(X, y, { testSize: 0.25, randomState: 5 });
    expect(s.XTrain).toEqual(s.trainIndices.map((i) => X[i]));
    expect(s.XTest).toEqual(s.testIndices.map((i) => X[i]));
    expect(s.yTrain).toEqual(s.trainIndices.map((i) => y[i]));
    expect(s.yTest).toEqual(s.testIndices.map((i) => y[i]));
    expect(s.XTrain[0]).not.toBe(X[s.trainIndices[0]!]); // a copy
    const m = trainTestSplit(Matrix.from(X), y, { testSize: 0.25, randomState: 5 });
    expect(m.XTrain).toBeInstanceOf(Matrix);
    expect(m.XTrain.toArray()).toEqual(s.XTrain);
    expect(m.XTest.toArray()).toEqual(s.XTest);
  });

  it("unstratified split is test = perm[:nTest], train = perm[nTest:] of rng.permutation(n)", () => {
    const perm = new RandomState(42).permutation(20);
    const s = trainTestSplit(rowsOf(20), range(20), { testSize: 0.25, randomState: 42 });
    expect(s.testIndices).toEqual(perm.slice(0, 5));
    expect(s.trainIndices).toEqual(perm.slice(5));
  });

  it("a RandomState instance is used (and advanced) as is", () => {
    const rng = new RandomState(3);
    const a = trainTestSplit(rowsOf(20), range(20), { randomState: rng });
    const b = trainTestSplit(rowsOf(20), range(20), { randomState: rng });
    const fresh = trainTestSplit(rowsOf(20), range(20), { randomState: 3 });
    expect(a.testIndices).toEqual(fresh.testIndices);
    expect(b.testIndices).not.toEqual(a.testIndices);
  });

  it("shuffle: false takes the first rows for training, the next for testing", () => {
    const s = trainTestSplit(rowsOf(10), range(10), { testSize: 0.3, shuffle: false });
    expect(s.trainIndices).toEqual(range(7));
    expect(s.testIndices).toEqual([7, 8, 9]);
  });
});

describe("stratified trainTestSplit keeps the class ratios", () => {
  const stratCases: [string, number[], number][] = [
    [
      "10/25/15, testSize 0.3",
      [...Array(10).fill(0), ...Array(25).fill(1), ...Array(15).fill(2)],
      0.3,
    ],
    ["imbalanced 90/10, testSize 0.2", range(100).map((i) => (i % 10 === 0 ? 1 : 0)), 0.2],
    ["4 classes interleaved, testSize 0.25", range(37).map((i) => i % 4), 0.25],
    ["two labels 7/5, testSize 4", [...Array(7).fill(5), ...Array(5).fill(-1)], 4],
  ];
  for (const [name, labels, testSize] of stratCases) {
    it(name, () => {
      const n = labels.length;
      const X = rowsOf(n);
      for (const seed of [0, 1, 2, 42]) {
        const s = trainTestSplit(X, labels, { testSize, stratify: labels, randomState: seed });
        const nTest = testSize < 1 ? Math.ceil(testSize * n) : testSize;
        expect(s.testIndices).toHaveLength(nTest);
        expect(s.trainIndices).toHaveLength(n - nTest);
        const all = [...s.trainIndices, ...s.testIndices].sort((a, b) => a - b);
        expect(all).toEqual(range(n)); // a partition
        const total = counts(labels);
        const inTest = counts(s.yTest);
        const inTrain = counts(s.yTrain);
        for (const [label, c] of total) {
          // Each class gets floor or ceil of its proportional share (never off by one or more).
          const share = (c / n) * nTest;
          const got = inTest.get(label) ?? 0;
          expect(Math.abs(got - share)).toBeLessThan(1);
          expect(got + (inTrain.get(label) ?? 0)).toBe(c);
        }
      }
    });
  }

  it("string labels work and are stratified too", () => {
    const labels = [...Array(6).fill("cat"), ...Array(12).fill("dog")];
    const s = trainTestSplit(rowsOf(18), range(18), {
      testSize: 0.5,
      stratify: labels,
      randomState: 1,
    });
    const testLabels = s.testIndices.map((i) => labels[i]);
    expect(testLabels.filter((l) => l === "cat")).toHaveLength(3);
    expect(testLabels.filter((l) => l === "dog")).toHaveLength(6);
  });

  it("is deterministic for a seed", () => {
    const labels = range(30).map((i) => i % 3);
    const a = trainTestSplit(rowsOf(30), labels, { stratify: labels, randomState: 9 });
    const b = trainTestSplit(rowsOf(30), labels, { stratify: labels, randomState: 9 });
    expect(a.trainIndices).toEqual(b.trainIndices);
    expect(a.testIndices).toEqual(b.testIndices);
  });
});

describe("toColumns", () => {
  it("gives features x samples and a 1 x samples label row", () => {
    const X = Matrix.from([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const { X: cols, Y } = toColumns({ X, y: [0, 1, 1] });
    expect(cols.toArray()).toEqual([
      [1, 3, 5],
      [2, 4, 6],
    ]);
    expect(Y.toArray()).toEqual([[0, 1, 1]]);
  });
});

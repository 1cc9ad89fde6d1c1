import { Matrix, RandomState } from "@plainnet/core";
import { describe, expect, it } from "vitest";
import fixture from "../../../fixtures/datasets.json" with { type: "json" };
import type { Dataset } from "../src/index.ts";
import { makeBlobs, makeCircles, makeMoons, toColumns, trainTestSplit } from "../src/index.ts";

interface CaseParams {
  n_samples: number;
  noise?: number;
  random_state?: number;
  shuffle?: boolean;
  factor?: number;
  centers?: number;
}
interface Case {
  kind: string;
  params: CaseParams;
  X: number[][];
  y: number[];
}
interface Split {
  n: number;
  test_size: number;
  random_state: number;
  X: number[][];
  y: number[];
  X_train: number[][];
  X_test: number[][];
  y_train: number[];
  y_test: number[];
}

const cases = fixture.cases as Case[];
const splits = fixture.splits as Split[];

function generate(c: Case, randomState?: RandomState): Dataset {
  const p = c.params;
  const common = {
    nSamples: p.n_samples,
    ...(p.shuffle !== undefined ? { shuffle: p.shuffle } : {}),
    ...(randomState !== undefined
      ? { randomState }
      : p.random_state !== undefined
        ? { randomState: p.random_state }
        : {}),
  };
  switch (c.kind) {
    case "moons":
      return makeMoons({ ...common, ...(p.noise !== undefined ? { noise: p.noise } : {}) });
    case "circles":
      return makeCircles({
        ...common,
        ...(p.noise !== undefined ? { noise: p.noise } : {}),
        ...(p.factor !== undefined ? { factor: p.factor } : {}),
      });
    case "blobs":
      return makeBlobs({ ...common, ...(p.centers !== undefined ? { centers: p.centers } : {}) });
    default:
      throw new Error(`unknown fixture kind ${c.kind}`);
  }
}

/** Max |got - expected| over X and the number of bitwise-equal values. */
function compareX(
  X: Matrix,
  expected: number[][],
): { maxErr: number; bitwise: number; total: number } {
  const flat = expected.flat();
  let maxErr = 0;
  let bitwise = 0;
  flat.forEach((v, i) => {
    const g = X.data[i] as number;
    maxErr = Math.max(maxErr, Math.abs(g - v));
    if (Object.is(g, v)) bitwise++;
  });
  return { maxErr, bitwise, total: flat.length };
}

const bitwiseTally: string[] = [];

describe("generators reproduce scikit-learn 1.2 (fixtures/datasets.json)", () => {
  for (const c of cases) {
    it(`${c.kind} ${JSON.stringify(c.params)}: X within 1e-12, y exact`, () => {
      const ds = generate(c);
      expect(ds.X.shape).toEqual([c.X.length, (c.X[0] as number[]).length]);
      const { maxErr, bitwise, total } = compareX(ds.X, c.X);
      bitwiseTally.push(
        `${c.kind} ${JSON.stringify(c.params)}: ${bitwise}/${total} bitwise, max |err| ${maxErr}`,
      );
      expect(maxErr).toBeLessThanOrEqual(1e-12);
      expect(ds.y).toEqual(c.y);
    });
  }

  it("a RandomState instance gives the same data as its seed (check_random_state)", () => {
    for (const c of cases.filter((k) => k.params.random_state !== undefined)) {
      const fromSeed = generate(c);
      const fromInstance = generate(c, new RandomState(c.params.random_state));
      expect(Array.from(fromInstance.X.data)).toEqual(Array.from(fromSeed.X.data));
      expect(fromInstance.y).toEqual(fromSeed.y);
    }
  });

  it("reports how many X values are bitwise equal to scikit-learn's", () => {
    // Informational (printed); the 1e-12 bound above is the requirement.
    expect(bitwiseTally).toHaveLength(cases.length);
    console.log(`datasets.json bitwise tally:\n  ${bitwiseTally.join("\n  ")}`);
  });
});

/** Index in `X` of each row of `rows` (rows are unique in the fixtures: X = arange). */
function rowIndices(X: number[][], rows: number[][]): number[] {
  const key = new Map(X.map((r, i) => [r.join(","), i]));
  return rows.map((r) => key.get(r.join(",")) as number);
}

describe("trainTestSplit reproduces scikit-learn 1.2 (fixtures/datasets.json)", () => {
  for (const s of splits) {
    it(`n ${s.n}, testSize ${s.test_size}, randomState ${s.random_state}: parts and indices exact`, () => {
      const trainIdx = rowIndices(s.X, s.X_train);
      const testIdx = rowIndices(s.X, s.X_test);

      const arrays = trainTestSplit(s.X, s.y, {
        testSize: s.test_size,
        randomState: s.random_state,
      });
      expect(arrays.XTrain).toEqual(s.X_train);
      expect(arrays.XTest).toEqual(s.X_test);
      expect(arrays.yTrain).toEqual(s.y_train);
      expect(arrays.yTest).toEqual(s.y_test);
      expect(arrays.trainIndices).toEqual(trainIdx);
      expect(arrays.testIndices).toEqual(testIdx);

      const matrix = trainTestSplit(Matrix.from(s.X), s.y, {
        testSize: s.test_size,
        randomState: s.random_state,
      });
      expect(matrix.XTrain).toBeInstanceOf(Matrix);
      expect(matrix.XTrain.toArray()).toEqual(s.X_train);
      expect(matrix.XTest.toArray()).toEqual(s.X_test);
      expect(matrix.trainIndices).toEqual(trainIdx);
      expect(matrix.testIndices).toEqual(testIdx);
    });
  }
});

describe("the notebook's data (fixtures/training.json cases), data side only", () => {
  it("headline: makeMoons(1000, 0.2, 100) + split(0.1, 42) gives 900/100 with the fixture's split", () => {
    const ds = makeMoons({ nSamples: 1000, noise: 0.2, randomState: 100 });
    const split = trainTestSplit(ds.X, ds.y, { testSize: 0.1, randomState: 42 });
    expect(split.XTrain.shape).toEqual([900, 2]);
    expect(split.XTest.shape).toEqual([100, 2]);
    expect(split.yTrain).toHaveLength(900);
    expect(split.yTest).toHaveLength(100);
    // The permutation depends only on n and the seed: the fixture's n = 1000 split has it.
    const ref = splits.find((s) => s.n === 1000 && s.random_state === 42 && s.test_size === 0.1);
    expect(ref).toBeDefined();
    expect(split.testIndices).toEqual(rowIndices(ref!.X, ref!.X_test));
    expect(split.trainIndices).toEqual(rowIndices(ref!.X, ref!.X_train));
    const cols = toColumns({ X: split.XTrain, y: split.yTrain });
    expect(cols.X.shape).toEqual([2, 900]);
    expect(cols.Y.shape).toEqual([1, 900]);
  });

  it("small: makeMoons(60, 0.1, 3) + split(0.2, 1) gives 48/12", () => {
    const ds = makeMoons({ nSamples: 60, noise: 0.1, randomState: 3 });
    const split = trainTestSplit(ds.X, ds.y, { testSize: 0.2, randomState: 1 });
    expect(split.XTrain.shape).toEqual([48, 2]);
    expect(split.XTest.shape).toEqual([12, 2]);
    expect([...split.trainIndices, ...split.testIndices].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 60 }, (_, i) => i),
    );
  });
});

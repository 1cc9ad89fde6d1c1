// StandardScaler and MinMaxScaler against scikit-learn: fixtures/preprocessing.json, written by
// scripts/gen-preprocessing-fixture.py. Every attribute and every transformed value must be
// bitwise equal to scikit-learn's (same operations in the same order: column sums over the
// rows in order, the corrected two-pass variance, elementwise transforms).
import { describe, expect, it } from "vitest";
import fixtureJson from "../../../fixtures/preprocessing.json" with { type: "json" };
import {
  Matrix,
  MinMaxScaler,
  NotFittedError,
  StandardScaler,
  scalerFromJSON,
} from "../src/index.ts";

interface StdRef {
  with_mean: boolean;
  with_std: boolean;
  mean: number[];
  var: number[] | null;
  scale: number[] | null;
  n_samples_seen: number;
  fit_transform: number[][] | null;
  transform: number[][];
  inverse_transform: number[][];
}
interface MinMaxRef {
  feature_range: [number, number];
  clip: boolean;
  data_min: number[];
  data_max: number[];
  data_range: number[];
  scale: number[];
  min: number[];
  n_samples_seen: number;
  fit_transform: number[][] | null;
  transform: number[][];
  inverse_transform: number[][];
}
interface Case {
  name: string;
  X: number[][];
  X_test: number[][];
  Z: number[][];
  standard: Record<string, StdRef>;
  minmax: MinMaxRef[];
}
const cases = (fixtureJson as unknown as { cases: Case[] }).cases;

/** Indices where `a` and `b` differ bitwise (Object.is; 0 and -0 are different). */
function bitDiffs(a: readonly number[], b: readonly number[]): string[] {
  expect(a.length).toBe(b.length);
  const out: string[] = [];
  for (let i = 0; i < a.length; i++)
    if (!Object.is(a[i], b[i])) out.push(`[${i}] ${a[i]} vs ${b[i]}`);
  return out;
}
const flat = (m: readonly (readonly number[])[]): number[] => m.flat();

describe("StandardScaler matches scikit-learn bit for bit", () => {
  it("covers every fixture case", () => {
    expect(cases.map((c) => c.name)).toEqual([
      "iris",
      "wine",
      "offsets",
      "constant",
      "single-sample",
    ]);
  });
  for (const c of cases) {
    for (const ref of Object.values(c.standard)) {
      it(`${c.name}, withMean ${ref.with_mean}, withStd ${ref.with_std}`, () => {
        const s = new StandardScaler({ withMean: ref.with_mean, withStd: ref.with_std }).fit(c.X);
        expect(bitDiffs(s.mean, ref.mean)).toEqual([]);
        if (ref.var === null) expect(s.var).toBeNull();
        else expect(bitDiffs(s.var as number[], ref.var)).toEqual([]);
        if (ref.scale === null) expect(s.scale).toBeNull();
        else expect(bitDiffs(s.scale as number[], ref.scale)).toEqual([]);
        expect(s.nSamplesSeen).toBe(ref.n_samples_seen);
        expect(s.nFeaturesIn).toBe(c.X[0]?.length);
        expect(bitDiffs(flat(s.transform(c.X_test)), flat(ref.transform))).toEqual([]);
        expect(bitDiffs(flat(s.inverseTransform(c.Z)), flat(ref.inverse_transform))).toEqual([]);
        if (ref.fit_transform !== null) {
          const fresh = new StandardScaler();
          expect(bitDiffs(flat(fresh.fitTransform(c.X)), flat(ref.fit_transform))).toEqual([]);
        }
      });
    }
  }
  it("leaves constant and near-constant columns unscaled (scale 1), as _handle_zeros_in_scale", () => {
    const c = cases.find((k) => k.name === "constant") as Case;
    const ref = c.standard["11"] as StdRef;
    // The reference itself has the near-constant column: non-zero variance, scale 1.
    expect(ref.var?.[1]).toBeGreaterThan(0);
    expect(ref.scale?.[1]).toBe(1);
    const s = new StandardScaler().fit(c.X);
    expect(s.scale?.[0]).toBe(1);
    expect(s.scale?.[1]).toBe(1);
  });
});

describe("MinMaxScaler matches scikit-learn bit for bit", () => {
  for (const c of cases) {
    for (const ref of c.minmax) {
      it(`${c.name}, featureRange [${ref.feature_range}], clip ${ref.clip}`, () => {
        const s = new MinMaxScaler({ featureRange: ref.feature_range, clip: ref.clip }).fit(c.X);
        expect(bitDiffs(s.dataMin, ref.data_min)).toEqual([]);
        expect(bitDiffs(s.dataMax, ref.data_max)).toEqual([]);
        expect(bitDiffs(s.dataRange, ref.data_range)).toEqual([]);
        expect(bitDiffs(s.scale, ref.scale)).toEqual([]);
        expect(bitDiffs(s.min, ref.min)).toEqual([]);
        expect(s.nSamplesSeen).toBe(ref.n_samples_seen);
        expect(bitDiffs(flat(s.transform(c.X_test)), flat(ref.transform))).toEqual([]);
        expect(bitDiffs(flat(s.inverseTransform(c.Z)), flat(ref.inverse_transform))).toEqual([]);
        if (ref.fit_transform !== null) {
          const fresh = new MinMaxScaler();
          expect(bitDiffs(flat(fresh.fitTransform(c.X)), flat(ref.fit_transform))).toEqual([]);
        }
      });
    }
  }
});

describe("scalers: containers, JSON, errors", () => {
  const X = [
    [1, 10, -3],
    [2, 10, 4],
    [6, 10, 0.5],
  ];
  it("return a Matrix for a Matrix and nested arrays for arrays, without touching the input", () => {
    const copy = X.map((r) => r.slice());
    for (const scaler of [new StandardScaler(), new MinMaxScaler()]) {
      const fromArrays = scaler.fitTransform(X);
      expect(Array.isArray(fromArrays)).toBe(true);
      const fromMatrix = scaler.fitTransform(Matrix.from(X));
      expect(fromMatrix).toBeInstanceOf(Matrix);
      expect(fromMatrix.toArray()).toEqual(fromArrays);
      expect(scaler.inverseTransform(fromMatrix)).toBeInstanceOf(Matrix);
    }
    expect(X).toEqual(copy);
  });
  it("round-trip through JSON text with the same bits", () => {
    const c = cases.find((k) => k.name === "offsets") as Case;
    const std = new StandardScaler().fit(c.X);
    const std2 = StandardScaler.fromJSON(JSON.parse(JSON.stringify(std)));
    expect(bitDiffs(flat(std2.transform(c.X_test)), flat(std.transform(c.X_test)))).toEqual([]);
    expect(std2.nSamplesSeen).toBe(std.nSamplesSeen);
    const noStd = StandardScaler.fromJSON(
      JSON.parse(JSON.stringify(new StandardScaler({ withStd: false }).fit(X))),
    );
    expect(noStd.transform([[1, 10, -3]])).toEqual([[-2, 0, -3.5]]);
    const mm = new MinMaxScaler({ featureRange: [-2, 3], clip: true }).fit(c.X);
    const mm2 = MinMaxScaler.fromJSON(JSON.parse(JSON.stringify(mm)));
    expect(mm2.featureRange).toEqual([-2, 3]);
    expect(mm2.clip).toBe(true);
    expect(bitDiffs(mm2.scale, mm.scale)).toEqual([]);
    expect(bitDiffs(mm2.min, mm.min)).toEqual([]);
    expect(bitDiffs(flat(mm2.transform(c.X_test)), flat(mm.transform(c.X_test)))).toEqual([]);
  });
  it("scalerFromJSON rebuilds either kind", () => {
    const std = scalerFromJSON(JSON.parse(JSON.stringify(new StandardScaler().fit(X))));
    expect(std).toBeInstanceOf(StandardScaler);
    const mm = scalerFromJSON(JSON.parse(JSON.stringify(new MinMaxScaler().fit(X))));
    expect(mm).toBeInstanceOf(MinMaxScaler);
    expect(mm.transform([[1, 10, -3]])).toEqual([[0, 0, 0]]);
  });
  it("clip keeps transformed values inside featureRange", () => {
    const s = new MinMaxScaler({ clip: true }).fit([[0], [10]]);
    expect(s.transform([[-5], [5], [15]])).toEqual([[0], [0.5], [1]]);
    expect(new MinMaxScaler().fit([[0], [10]]).transform([[-5], [15]])).toEqual([[-0.5], [1.5]]);
  });
  it("throw NotFittedError before fit, naming the method", () => {
    expect(() => new StandardScaler().transform(X)).toThrow(NotFittedError);
    expect(() => new StandardScaler().transform(X)).toThrow(/StandardScaler\.transform/);
    expect(() => new MinMaxScaler().inverseTransform(X)).toThrow(/MinMaxScaler\.inverseTransform/);
    expect(() => new MinMaxScaler().toJSON()).toThrow(NotFittedError);
    expect(new StandardScaler().nSamplesSeen).toBe(0);
  });
});

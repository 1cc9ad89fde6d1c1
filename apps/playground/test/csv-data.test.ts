import { describe, expect, it } from "vitest";
import {
  csvToRaw,
  guessColumns,
  headerColumns,
  MAX_CLASSES,
  standardize,
} from "../src/csv-data.ts";

const table = (y: (number | string)[]) => ({
  X: y.map((_, i) => [i, -i]),
  y,
  featureNames: ["u", "v"],
  labelName: "label",
});

describe("CSV data", () => {
  it("string labels become sorted class indices", () => {
    const raw = csvToRaw(table(["wide", "tall", "tall", "wide", "mid"]));
    expect(raw.classes).toBe(3);
    expect(raw.classNames).toEqual(["mid", "tall", "wide"]);
    expect(raw.targets).toEqual([2, 1, 1, 2, 0]);
    expect(Array.from(raw.points)).toEqual([0, -0, 1, -1, 2, -2, 3, -3, 4, -4]);
  });

  it("few distinct integers are classes; other numbers a regression target", () => {
    expect(csvToRaw(table([1, 0, 0, 1])).targets).toEqual([1, 0, 0, 1]);
    expect(csvToRaw(table([5, 3, 3, 5])).targets).toEqual([1, 0, 0, 1]);
    const reg = csvToRaw(table([0.5, -1.25, 3, 2]));
    expect(reg.classes).toBe(0);
    expect(reg.targets).toEqual([0.5, -1.25, 3, 2]);
    const many = csvToRaw(table(Array.from({ length: MAX_CLASSES + 1 }, (_, i) => i)));
    expect(many.classes).toBe(0);
  });

  it("rejects one class, wrong widths, too few rows and non-finite features", () => {
    expect(() => csvToRaw(table(["a", "a", "a", "a"]))).toThrow(/one class/);
    expect(() => csvToRaw({ ...table([0, 1, 0, 1]), featureNames: ["u"] })).toThrow(
      /2 feature columns/,
    );
    expect(() => csvToRaw(table([0, 1]))).toThrow(/at least 4 rows/);
    const bad = table([0, 1, 0, 1]);
    expect(() => csvToRaw({ ...bad, X: [[0, Number.NaN], ...bad.X.slice(1)] })).toThrow(/row 1/);
    expect(() =>
      csvToRaw(table(Array.from({ length: MAX_CLASSES + 1 }, (_, i) => `c${i}`))),
    ).toThrow(/at most 10/);
  });

  it("reads the header and guesses the columns", () => {
    expect(headerColumns('a,"b", c\n1,2,3')).toEqual(["a", "b", "c"]);
    expect(headerColumns("\uFEFFa;b;c\n1;2;3")).toEqual(["a", "b", "c"]);
    expect(guessColumns("u\tv\tclass\n1\t2\tx\n")).toEqual({ label: "class", x1: "u", x2: "v" });
    expect(guessColumns("id,kind,w,h\n1,a,0.5,2\n")).toEqual({ label: "kind", x1: "w", x2: "h" });
    expect(guessColumns("p,q,class\n1,2,0\n")).toEqual({ label: "class", x1: "p", x2: "q" });
    expect(guessColumns("p,q,r\n1,2,0\n")).toEqual({ label: "r", x1: "p", x2: "q" });
    expect(guessColumns("p,label\n1,0\n")).toBeNull();
  });

  it("standardises x1 and x2 to zero mean and unit variance (population, as StandardScaler)", () => {
    const raw = csvToRaw({
      X: [
        [1000, 1],
        [2000, 3],
        [3000, 5],
        [4000, 7],
      ],
      y: [0, 1, 0, 1],
      featureNames: ["u", "v"],
      labelName: "c",
    });
    const z = standardize(raw);
    // Column u: mean 2500, population sd 1118.0339887498948 (sqrt(1.25e6)).
    const sd = Math.sqrt(1.25e6);
    expect(z.points[0]).toBeCloseTo(-1500 / sd, 14);
    expect(z.points[6]).toBeCloseTo(1500 / sd, 14);
    expect(z.points[1]).toBeCloseTo(-3 / Math.sqrt(5), 14);
    expect(z.targets).toEqual(raw.targets);
  });
});

import { describe, expect, it } from "vitest";
import { Matrix } from "../src/index.ts";

describe("Matrix", () => {
  it("stores row-major float64 values", () => {
    const m = Matrix.from([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.shape).toEqual([2, 3]);
    expect(m.data).toBeInstanceOf(Float64Array);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(m.get(1, 0)).toBe(4);
    expect(m.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it("zeros, set, clone and transpose", () => {
    const z = Matrix.zeros(2, 2);
    z.set(0, 1, 7);
    const c = z.clone();
    c.set(0, 1, 8);
    expect(z.get(0, 1)).toBe(7);
    expect(z.transpose().toArray()).toEqual([
      [0, 0],
      [7, 0],
    ]);
    expect(Matrix.row([1, 2]).shape).toEqual([1, 2]);
  });

  it("toArray copies", () => {
    const m = Matrix.from([[1]]);
    m.toArray()[0]![0] = 5;
    expect(m.get(0, 0)).toBe(1);
  });

  const bad: [string, () => unknown, ErrorConstructor, RegExp][] = [
    [
      "ragged rows",
      () => Matrix.from([[1, 2], [3]]),
      RangeError,
      /ragged rows: row 0 has 2 values but row 1 has 1/,
    ],
    [
      "NaN",
      () => Matrix.from([[1, Number.NaN]]),
      RangeError,
      /finite number at \[0\]\[1\], got NaN/,
    ],
    [
      "Infinity",
      () => Matrix.from([[Infinity]]),
      RangeError,
      /finite number at \[0\]\[0\], got Infinity/,
    ],
    [
      "string value",
      () => Matrix.from([[1, "2" as unknown as number]]),
      TypeError,
      /number at \[0\]\[1\], got string "2"/,
    ],
    ["empty", () => Matrix.from([]), RangeError, /at least one row/],
    ["empty row", () => Matrix.from([[]]), RangeError, /at least one column/],
    ["not an array", () => Matrix.from(5 as unknown as number[][]), TypeError, /array of rows/],
    [
      "row not an array",
      () => Matrix.from([1, 2] as unknown as number[][]),
      TypeError,
      /row 0 to be an array/,
    ],
    [
      "wrong data length",
      () => new Matrix(2, 2, new Float64Array(3)),
      RangeError,
      /needs 4 values, got 3/,
    ],
    [
      "wrong data type",
      () => new Matrix(1, 1, [1] as unknown as Float64Array),
      TypeError,
      /Float64Array/,
    ],
    ["zero rows", () => Matrix.zeros(0, 2), RangeError, /rows must be a positive integer, got 0/],
    [
      "fractional cols",
      () => Matrix.zeros(2, 1.5),
      RangeError,
      /cols must be a positive integer, got 1.5/,
    ],
    [
      "get out of range",
      () => Matrix.zeros(2, 2).get(2, 0),
      RangeError,
      /row index 2 is out of range \[0, 2\)/,
    ],
    ["set out of range", () => Matrix.zeros(2, 2).set(0, -1, 1), RangeError, /column index -1/],
  ];
  it.each(bad)("rejects %s", (_name, fn, type, message) => {
    expect(fn).toThrow(type);
    expect(fn).toThrow(message);
  });
});

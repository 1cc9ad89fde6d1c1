import { Matrix } from "@plainnet/core";
import { describe, expect, it } from "vitest";
import { fromCSV, makeBlobs, makeMoons, toCSV } from "../src/index.ts";

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

describe("toCSV / fromCSV", () => {
  it("writes the x1,x2,label header and one line per sample", () => {
    const text = toCSV({
      X: Matrix.from([
        [0.5, -1],
        [3, 0.1],
      ]),
      y: [1, 0],
    });
    expect(text).toBe("x1,x2,label\n0.5,-1,1\n3,0.1,0\n");
  });

  it("round-trips a noisy dataset bit for bit (float64 shortest round-trip)", () => {
    const ds = makeMoons({ nSamples: 500, noise: 0.3, randomState: 7 });
    const back = fromCSV(toCSV(ds));
    expect(back.X.shape).toEqual(ds.X.shape);
    expect(sameBits(back.X.data, ds.X.data)).toBe(true);
    expect(back.y).toEqual(ds.y);
  });

  it("round-trips more features, extreme magnitudes, subnormals and -0", () => {
    const values = [
      [Number.MIN_VALUE, -Number.MAX_VALUE, 1e-300, 0.1 + 0.2],
      [-0, 123456789.12345679, 2 ** -1074 * 3, -1 / 3],
    ];
    const ds = { X: Matrix.from(values), y: [3, -2] };
    const text = toCSV(ds);
    expect(text.split("\n")[0]).toBe("x1,x2,x3,x4,label");
    const back = fromCSV(text);
    expect(sameBits(back.X.data, ds.X.data)).toBe(true);
    expect(back.y).toEqual([3, -2]);
    const blobs = makeBlobs({ nSamples: 40, nFeatures: 5, randomState: 1 });
    expect(sameBits(fromCSV(toCSV(blobs)).X.data, blobs.X.data)).toBe(true);
  });

  it("accepts CRLF line ends, surrounding spaces and trailing empty lines", () => {
    const ds = fromCSV("x1,x2,label\r\n 1.5 ,-2e-3, 1\r\n0,4,0\r\n\r\n");
    expect(ds.X.toArray()).toEqual([
      [1.5, -0.002],
      [0, 4],
    ]);
    expect(ds.y).toEqual([1, 0]);
  });

  const malformed: [string, string, RegExp][] = [
    ["empty text", "", /line 1: expected a header/],
    [
      "wrong header",
      "a,b,label\n1,2,0\n",
      /line 1: expected a header like x1,x2,label, got "a,b,label"/,
    ],
    ["header without features", "label\n1\n", /line 1: expected a header/],
    ["header only", "x1,x2,label\n", /at least one data line/],
    ["too few values", "x1,x2,label\n1,2,0\n3,4\n", /line 3: expected 3 values .* got 2/],
    ["too many values", "x1,x2,label\n1,2,0,9\n", /line 2: expected 3 values .* got 4/],
    [
      "empty line inside",
      "x1,x2,label\n1,2,0\n\n3,4,1\n",
      /line 3: expected 3 values .* got an empty line/,
    ],
    [
      "not a number",
      "x1,x2,label\n1,2,0\n1,abc,1\n",
      /line 3: x2 must be a finite decimal number, got "abc"/,
    ],
    ["empty value", "x1,x2,label\n,2,0\n", /line 2: x1 must be a finite decimal number, got ""/],
    ["NaN value", "x1,x2,label\nNaN,2,0\n", /line 2: x1 .*"NaN"/],
    ["overflowing value", "x1,x2,label\n1e400,2,0\n", /line 2: x1 .*"1e400"/],
    ["hex value", "x1,x2,label\n0x10,2,0\n", /line 2: x1 .*"0x10"/],
    ["fractional label", "x1,x2,label\n1,2,0.5\n", /line 2: label must be an integer, got "0.5"/],
    ["missing label", "x1,x2,label\n1,2,\n", /line 2: label must be an integer, got ""/],
  ];
  for (const [name, text, message] of malformed) {
    it(`rejects ${name}, naming the line`, () => {
      expect(() => fromCSV(text)).toThrow(RangeError);
      expect(() => fromCSV(text)).toThrow(message);
    });
  }

  it("rejects non-text input and non-integer labels on write", () => {
    expect(() => fromCSV(42 as never)).toThrow(TypeError);
    expect(() => toCSV({ X: Matrix.from([[1, 2]]), y: [0.5] })).toThrow(/y\[0\].*integer label/);
  });
});

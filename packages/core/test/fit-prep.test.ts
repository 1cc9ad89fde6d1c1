// The fixed cost of Network.fit: the one-pass sample conversion (same matrices and the same
// errors as Matrix.from), the converted samples kept between fits on unchanged arrays (a change
// is always seen), the row-major largeFeatures and the divergence detector's trivial cost
// computed from per-row terms (the same bits as the loss's cost on a matrix of means).
import { describe, expect, it } from "vitest";
import { sigmoid } from "../src/activations/sigmoid.ts";
import { softmax } from "../src/activations/softmax.ts";
import { typedArrayBackend } from "../src/backends/typed-array.ts";
import { DivergenceDetector } from "../src/divergence.ts";
import { Matrix, Network, type Params } from "../src/index.ts";
import { binaryCrossEntropy } from "../src/losses/binary-cross-entropy.ts";
import { categoricalCrossEntropy } from "../src/losses/categorical-cross-entropy.ts";
import type { Loss } from "../src/losses/loss.ts";
import { meanSquaredError } from "../src/losses/mean-squared-error.ts";
import { largeFeatures, toSamples } from "../src/model/data.ts";
import {
  cachedLargeFeatures,
  cachedSamples,
  rememberSamples,
  SAMPLE_CACHE_LIMIT,
} from "../src/model/sample-cache.ts";
import { cachedTrivialCost, rememberTrivialCost } from "../src/model/target-cache.ts";
import { RandomState } from "../src/random.ts";

/** What a call throws (class and message), or null. */
function thrown(f: () => unknown): { type: string; message: string } | null {
  try {
    f();
    return null;
  } catch (e) {
    return { type: (e as Error).constructor.name, message: (e as Error).message };
  }
}

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>): boolean =>
  a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

const grid = (rows: number, cols: number, seed = 3): number[][] => {
  const rng = new RandomState(seed);
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => Math.round(rng.randomSample() * 16) / 16),
  );
};

describe("toSamples: one pass, Matrix.from's results and errors", () => {
  const bad: [string, unknown][] = [
    ["ragged row", [[1, 2], [3]]],
    [
      "longer row",
      [
        [1, 2],
        [3, 4, 5],
      ],
    ],
    ["null row", [[1, 2], null]],
    ["string row", [[1, 2], "ab"]],
    ["number row", [[1, 2], 7]],
    ["typed-array row then ragged", [[1, 2], new Float64Array(3)]],
    ["first row not an array", [{ length: 2 }, [1, 2]]],
    ["empty", []],
    ["empty first row", [[], [1]]],
    [
      "NaN",
      [
        [1, 2],
        [3, Number.NaN],
      ],
    ],
    ["Infinity", [[Number.POSITIVE_INFINITY, 2]]],
    [
      "-Infinity",
      [
        [1, 2],
        [3, 4],
        [Number.NEGATIVE_INFINITY, 0],
      ],
    ],
    ["string value", [[1, "2"]]],
    [
      "null value",
      [
        [1, 2],
        [null, 2],
      ],
    ],
    [
      "undefined value (hole)",
      [
        [1, 2],
        [3, undefined],
      ],
    ],
    [
      "object value",
      [
        [1, 2],
        [3, { valueOf: () => 4 }],
      ],
    ],
    ["boolean value", [[true, 2]]],
    ["bigint value", [[1n, 2]]],
  ];
  for (const [name, X] of bad) {
    it(`${name}: the same error as Matrix.from`, () => {
      const ours = thrown(() => toSamples(X, "fit: X"));
      const reference = thrown(() => Matrix.from(X as number[][], "fit: X"));
      expect(reference).not.toBeNull();
      expect(ours).toEqual(reference);
    });
  }

  it("an array with a getter that throws: the getter's error", () => {
    const row = [1, 2];
    Object.defineProperty(row, 1, {
      get: () => {
        throw new SyntaxError("getter");
      },
    });
    expect(thrown(() => toSamples([[0, 0], row], "fit: X"))).toEqual({
      type: "SyntaxError",
      message: "getter",
    });
  });

  it("gives Matrix.from's values, -0 and subnormals included, and typed-array rows", () => {
    const X = [...grid(40, 7), [-0, 5e-324, -1e300, 1e-310, 0, 2, 3]];
    const m = toSamples(X, "x");
    const r = Matrix.from(X, "x");
    expect(m.shape).toEqual(r.shape);
    expect(sameBits(m.data, r.data)).toBe(true);
    const typed = [new Float64Array([1, -0]), new Float64Array([3, 4])];
    expect(sameBits(toSamples(typed, "x").data, [1, -0, 3, 4])).toBe(true);
  });
});

describe("largeFeatures", () => {
  it("matches a column-by-column scan", () => {
    const X = grid(30, 9).map((row, i) => row.map((v, j) => (j % 3 === 0 ? -v * 10 * i : v)));
    X[4]![8] = 101;
    const m = Matrix.from(X);
    const expected: [number, number][] = [];
    for (let j = 0; j < 9; j++) {
      const max = Math.max(...X.map((row) => Math.abs(row[j]!)));
      if (max > 100) expected.push([j, max]);
    }
    expect(expected.length).toBeGreaterThan(1);
    expect(largeFeatures(m)).toEqual(expected);
    expect(largeFeatures(m, 1e9)).toEqual([]);
  });
});

describe("converted samples kept between fits", () => {
  it("a hit only while every value is the same (sign of zero included)", () => {
    const X = grid(20, 4);
    X[3]![1] = 0;
    const m = toSamples(X, "x");
    rememberSamples(X, m);
    expect(cachedSamples(X)).toBe(m);
    X[3]![1] = -0;
    expect(cachedSamples(X)).toBeNull();
    rememberSamples(X, toSamples(X, "x"));
    X[19]![3] = (X[19]![3] as number) + 2 ** -40;
    expect(cachedSamples(X)).toBeNull();
    for (const change of [
      (A: unknown[][]) => A.push([1, 2, 3, 4]),
      (A: unknown[][]) => A.pop(),
      (A: unknown[][]) => A[5]!.push(1),
      (A: unknown[][]) => {
        A[5] = [1, 2, 3, 4];
      },
      (A: unknown[][]) => {
        A[0]![0] = String(A[0]![0]);
      },
      (A: unknown[][]) => {
        A[7]![2] = Number.NaN;
      },
    ]) {
      const B: unknown[][] = grid(20, 4);
      const mb = toSamples(B, "x");
      rememberSamples(B, mb);
      expect(cachedSamples(B)).toBe(mb);
      change(B);
      expect(cachedSamples(B)).toBeNull();
    }
  });

  it("a Matrix or a data set above the limit is not kept", () => {
    const m = Matrix.from(grid(3, 2));
    rememberSamples(m, m);
    expect(cachedSamples(m)).toBeNull();
    const rows = Math.floor(SAMPLE_CACHE_LIMIT / 64) + 1;
    const big = Array.from({ length: rows }, () => new Array<number>(64).fill(0.5));
    rememberSamples(big, toSamples(big, "x"));
    expect(cachedSamples(big)).toBeNull();
  });

  it("cachedLargeFeatures returns largeFeatures, also from a kept matrix, as a fresh array", () => {
    const X = grid(10, 3).map((row) => [row[0]! * 300, row[1]!, row[2]!]);
    X[0]![0] = 250;
    const m = toSamples(X, "x");
    rememberSamples(X, m);
    const a = cachedLargeFeatures(X, m);
    expect(a).toEqual(largeFeatures(m));
    a.pop();
    expect(cachedLargeFeatures(X, m)).toEqual(largeFeatures(m));
  });

  const sameParams = (a: Params, b: Params): boolean =>
    a.every((p, i) => sameBits(p.W.data, b[i]!.W.data) && sameBits(p.b.data, b[i]!.b.data));
  const opts = { epochs: 2, batchSize: 8, optimizer: "adam", warn: false } as const;

  it("repeated fits on the same (possibly mutated) arrays equal fits on fresh copies", () => {
    const X = grid(50, 5, 9);
    const y = X.map((row) => (row[0]! + row[1]! > 1 ? 1 : 0));
    const a = new Network([5, 6, 1], { seed: 4 });
    const b = new Network([5, 6, 1], { seed: 4 });
    const copy = (): number[][] => X.map((row) => row.slice());
    a.fit(X, y, opts);
    b.fit(copy(), y, opts);
    a.fit(X, y, opts);
    b.fit(copy(), y, opts);
    expect(sameParams(a.params, b.params)).toBe(true);
    X[10]![2] = 0.123;
    X[49] = [1, 1, 1, 1, 1];
    a.fit(X, y, opts);
    b.fit(copy(), y, opts);
    expect(sameParams(a.params, b.params)).toBe(true);
  });

  it("a value made bad after a fit gives the usual error on the next fit, and changes nothing", () => {
    const X: unknown[][] = grid(30, 3, 2);
    const y = X.map((_, i) => i % 2);
    const net = new Network([3, 4, 1], { seed: 1 });
    net.fit(X as number[][], y, opts);
    for (const [set, type, message] of [
      [
        () => (X[12]![1] = Number.POSITIVE_INFINITY),
        RangeError,
        "fit: X: expected a finite number at [12][1], got Infinity",
      ],
      [() => (X[12]![1] = "0.5"), TypeError, "fit: X: expected a number at [12][1], got"],
      [() => X[12]!.pop(), RangeError, "ragged rows: row 0 has 3 values but row 12 has 2"],
      [() => (X[12] = [1, 2, 3, 4]), RangeError, "row 12 has 4"],
    ] as const) {
      const before = JSON.stringify(net);
      set();
      expect(() => net.fit(X as number[][], y, opts)).toThrow(type);
      expect(() => net.fit(X as number[][], y, opts)).toThrow(message);
      expect(JSON.stringify(net)).toBe(before);
      X[12] = [0.25, 0.5, 0.75];
      net.fit(X as number[][], y, opts);
    }
  });

  it("the unscaled-features warning comes on every fit", () => {
    const X = grid(20, 3).map((row) => [row[0]! * 1000 + 200, row[1]!, row[2]!]);
    const y = X.map((_, i) => i % 2);
    const net = new Network([3, 2, 1], { seed: 1 });
    const warnings: string[] = [];
    for (let i = 0; i < 2; i++) net.fit(X, y, { ...opts, warn: (m) => warnings.push(m) });
    expect(warnings.length).toBe(2);
    expect(warnings[1]).toBe(warnings[0]);
    expect(warnings[0]).toContain("1 of 3 features look unscaled (feature 0 reaches |x| =");
  });
});

describe("DivergenceDetector.trivialCost: the loss of the mean on matrices, bit for bit", () => {
  /** The definition: the loss's cost for a matrix whose every row holds its row's mean. */
  function reference(loss: Loss, Y: Matrix): number {
    const mean = new Float64Array(Y.rows * Y.cols);
    for (let i = 0; i < Y.rows; i++) {
      let s = 0;
      for (let j = 0; j < Y.cols; j++) s += Y.get(i, j);
      mean.fill(s / Y.cols, i * Y.cols, (i + 1) * Y.cols);
    }
    return loss.cost(typedArrayBackend, new Matrix(Y.rows, Y.cols, mean), Y);
  }
  const rng = new RandomState(7);
  const targets = (rows: number, cols: number, kind: string): Matrix => {
    const data = new Float64Array(rows * cols);
    for (let j = 0; j < cols; j++) {
      const c = Math.floor(rng.randomSample() * rows);
      for (let i = 0; i < rows; i++) {
        const k = i * cols + j;
        if (kind === "onehot") data[k] = i === c ? 1 : 0;
        else if (kind === "binary")
          data[k] = rng.randomSample() < 0.3 ? 1 : rng.randomSample() < 0.5 ? -0 : 0;
        else if (kind === "soft") data[k] = rng.randomSample() < 0.2 ? 1 : rng.randomSample();
        else data[k] = (rng.randomSample() - 0.5) * 40;
      }
    }
    return new Matrix(rows, cols, data);
  };
  const cases: [Loss, typeof sigmoid, string][] = [
    [categoricalCrossEntropy, softmax, "onehot"],
    [categoricalCrossEntropy, softmax, "soft"],
    [binaryCrossEntropy, sigmoid, "binary"],
    [binaryCrossEntropy, sigmoid, "soft"],
    [meanSquaredError, sigmoid, "soft"],
    [meanSquaredError, sigmoid, "values"],
    [meanSquaredError, sigmoid, "binary"],
  ];
  for (const [loss, output, kind] of cases) {
    it(`${loss.name}, ${kind} targets`, () => {
      for (const [rows, cols] of [
        [1, 1],
        [1, 7],
        [1, 300],
        [3, 129],
        [10, 1797],
      ] as const) {
        const Y = targets(rows, cols, kind);
        const got = new DivergenceDetector({ loss, output, targets: Y }).trivialCost;
        expect(Object.is(got, reference(loss, Y)), `${rows}x${cols}`).toBe(true);
        expect(Number.isFinite(got)).toBe(true);
      }
    });
  }

  it("a custom loss goes through its own cost", () => {
    const custom: Loss = { ...meanSquaredError, cost: () => 0.125 };
    const Y = targets(2, 50, "soft");
    expect(new DivergenceDetector({ loss: custom, output: sigmoid, targets: Y }).trivialCost).toBe(
      0.125,
    );
  });
});

describe("the trivial loss kept between fits on the same targets", () => {
  const Y = new Matrix(6, 2, new Float64Array([1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1]));
  it("a hit only for the same owner, loss, output and target values", () => {
    const owner = {};
    expect(cachedTrivialCost(owner, Y, categoricalCrossEntropy, softmax)).toBeUndefined();
    rememberTrivialCost(owner, Y, categoricalCrossEntropy, softmax, 0.5);
    expect(cachedTrivialCost(owner, Y, categoricalCrossEntropy, softmax)).toBe(0.5);
    const copy = new Matrix(6, 2, Y.data.slice());
    expect(cachedTrivialCost(owner, copy, categoricalCrossEntropy, softmax)).toBe(0.5);
    expect(cachedTrivialCost({}, Y, categoricalCrossEntropy, softmax)).toBeUndefined();
    expect(cachedTrivialCost(owner, Y, binaryCrossEntropy, softmax)).toBeUndefined();
    expect(cachedTrivialCost(owner, Y, categoricalCrossEntropy, sigmoid)).toBeUndefined();
    expect(
      cachedTrivialCost(owner, new Matrix(4, 3, Y.data), categoricalCrossEntropy, softmax),
    ).toBeUndefined();
    for (const [k, v] of [
      [1, -0],
      [11, 0.5],
      [0, 0],
    ] as const) {
      const changed = Y.data.slice();
      changed[k] = v;
      expect(
        cachedTrivialCost(owner, new Matrix(6, 2, changed), categoricalCrossEntropy, softmax),
      ).toBeUndefined();
    }
  });

  it("not kept for a custom loss", () => {
    const owner = {};
    const custom: Loss = { ...meanSquaredError };
    rememberTrivialCost(owner, Y, custom, sigmoid, 0.25);
    expect(cachedTrivialCost(owner, Y, custom, sigmoid)).toBeUndefined();
  });

  it("DivergenceDetector takes a known trivialCost, and needs targets or it", () => {
    const d = new DivergenceDetector({ loss: meanSquaredError, output: sigmoid, trivialCost: 0.3 });
    expect(d.trivialCost).toBe(0.3);
    expect(() => new DivergenceDetector({ loss: meanSquaredError, output: sigmoid })).toThrow(
      TypeError,
    );
  });

  it("fits on changed labels equal fits of a fresh network", () => {
    const X = grid(40, 3, 5);
    const y: number[] = X.map((row) => (row[0]! > 0.5 ? 2 : row[1]! > 0.5 ? 1 : 0));
    const settings = { epochs: 2, batchSize: 8, optimizer: "adam", warn: false } as const;
    const a = new Network([3, 5, 3], { seed: 2 });
    const b = new Network([3, 5, 3], { seed: 2 });
    a.fit(X, y, settings);
    b.fit(X, y.slice(), settings);
    y[3] = (y[3]! + 1) % 3;
    a.fit(X, y, settings);
    b.fit(X, y.slice(), settings);
    expect(
      a.params.every(
        (p, i) =>
          sameBits(p.W.data, b.params[i]!.W.data) && sameBits(p.b.data, b.params[i]!.b.data),
      ),
    ).toBe(true);
  });
});

describe("toSamples on a Matrix", () => {
  it("names the first non-finite value, as before", () => {
    for (const [k, v] of [
      [0, Number.NaN],
      [5, Number.POSITIVE_INFINITY],
      [11, Number.NEGATIVE_INFINITY],
    ] as const) {
      const m = Matrix.from(grid(4, 3));
      m.data[k] = v;
      m.data[11] = k === 11 ? v : Number.NaN;
      expect(() => toSamples(m, "fit: X")).toThrow(
        `fit: X: expected finite numbers, found ${v} at sample ${Math.floor(k / 3)}, feature ${k % 3}`,
      );
    }
    const ok = Matrix.from(grid(4, 3));
    expect(toSamples(ok, "x")).toBe(ok);
  });
});

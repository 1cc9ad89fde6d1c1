// The MatrixBackend conformance suite: every backend in ./backends.ts against a naive oracle
// written here on number[][] (independent of the typed-array backend's code).
//
// Tolerances: an op that rounds once per element (add, sub, mul, div, scale, addColumn, map,
// zip, activate, activateBackward) and axpy (`alpha * x + y`, two roundings in a fixed order)
// must be bitwise equal to the oracle. Reductions (matmul, rowSum, sum) may add their terms in
// any order (the reference sums rows pairwise as NumPy does, mathjs left to right), so they are
// held to the classical error bound of a k-term sum, which holds for every order:
// |computed − exact| ≤ γ_k · Σ|terms| with γ_k = k·u / (1 − k·u), u = 2⁻⁵³. Two computed sums
// are therefore within 2·γ_k·Σ|terms| of each other (plus k·2⁻¹⁰⁷⁴ for subnormal products).
// Non-finite results (NaN, ±Infinity) do not depend on the order and must match exactly.
import { describe, expect, it } from "vitest";
import type { Activation, MatrixBackend } from "../src/index.ts";
import { activations, Matrix, relu, sigmoid, tanh } from "../src/index.ts";
import { exp } from "../src/libm/exp.ts";
import { backends } from "./backends.ts";

type Grid = number[][];
type Be = MatrixBackend<unknown>;

// --- deterministic generator (xorshift32), independent of the library's RandomState ---------

function generator(seed: number): { next: () => number; int: (lo: number, hi: number) => number } {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  return { next, int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)) };
}

const SPECIALS = [Number.NaN, Infinity, -Infinity, 0, -0, 1, -2.5, 1e-310, -3e-320];

function randomValue(g: ReturnType<typeof generator>): number {
  const r = g.next();
  if (r < 0.7) return (g.next() - 0.5) * 20;
  if (r < 0.8) return (g.next() - 0.5) * 1e-300; // tiny, some subnormal after products
  if (r < 0.9) return (g.next() - 0.5) * 1e100;
  const exact = [0, -0, 1, -1, 0.5, 3];
  return exact[g.int(0, exact.length - 1)] as number;
}

function randomGrid(
  g: ReturnType<typeof generator>,
  rows: number,
  cols: number,
  specials = false,
): Grid {
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () =>
      specials && g.next() < 0.4
        ? (SPECIALS[g.int(0, SPECIALS.length - 1)] as number)
        : randomValue(g),
    ),
  );
}

// --- the oracle -----------------------------------------------------------------------------

const shapeOf = (a: Grid): [number, number] => [a.length, (a[0] as number[]).length];
const transpose = (a: Grid): Grid => {
  const [r, c] = shapeOf(a);
  return Array.from({ length: c }, (_, j) => Array.from({ length: r }, (_, i) => a[i]![j]!));
};
const mapGrid = (a: Grid, f: (v: number, i: number, j: number) => number): Grid =>
  a.map((row, i) => row.map((v, j) => f(v, i, j)));

/** A reduction result with the sum of |terms| it came from (for the error bound). */
interface Reduced {
  value: number;
  absSum: number;
  terms: number;
}

function reduce(terms: number[]): Reduced {
  let value = 0;
  let absSum = 0;
  for (const t of terms) {
    value += t;
    absSum += Math.abs(t);
  }
  return { value, absSum, terms: terms.length };
}

function oracleMatmul(a: Grid, b: Grid, ta: boolean, tb: boolean): Reduced[][] {
  const A = ta ? transpose(a) : a;
  const B = tb ? transpose(b) : b;
  const [m, k] = shapeOf(A);
  const n = shapeOf(B)[1];
  return Array.from({ length: m }, (_, i) =>
    Array.from({ length: n }, (_, j) =>
      reduce(Array.from({ length: k }, (_, p) => A[i]![p]! * B[p]![j]!)),
    ),
  );
}

// --- conversion and comparison helpers --------------------------------------------------------

/** A plainnet Matrix from a grid, keeping NaN/±Infinity (Matrix.from rejects them). */
function plain(a: Grid): Matrix {
  const [r, c] = shapeOf(a);
  return new Matrix(r, c, Float64Array.from(a.flat()));
}
const put = (be: Be, a: Grid): unknown => be.fromMatrix(plain(a));
const get = (be: Be, m: unknown): Grid => be.toMatrix(m).toArray();

function firstBitwiseMismatch(got: Grid, want: Grid): string | undefined {
  if (got.length !== want.length || got[0]?.length !== want[0]?.length) {
    return `shape ${got.length}x${got[0]?.length} instead of ${want.length}x${want[0]?.length}`;
  }
  for (let i = 0; i < want.length; i++) {
    for (let j = 0; j < want[i]!.length; j++) {
      if (!Object.is(got[i]![j], want[i]![j]))
        return `[${i}][${j}]: got ${got[i]![j]}, want ${want[i]![j]}`;
    }
  }
  return undefined;
}

function expectBitwise(got: Grid, want: Grid): void {
  expect(firstBitwiseMismatch(got, want)).toBeUndefined();
}

const U = 2 ** -53;
function withinSumBound(got: number, want: Reduced): boolean {
  if (!Number.isFinite(want.value)) return Object.is(got, want.value);
  const gamma = (want.terms * U) / (1 - want.terms * U);
  return Math.abs(got - want.value) <= 2 * gamma * want.absSum + want.terms * 2 ** -1074;
}

function expectSums(got: Grid, want: Reduced[][]): void {
  expect(shapeOf(got)).toEqual([want.length, want[0]!.length]);
  const bad: string[] = [];
  want.forEach((row, i) => {
    row.forEach((w, j) => {
      if (!withinSumBound(got[i]![j]!, w)) {
        bad.push(`[${i}][${j}]: got ${got[i]![j]}, want ${w.value}`);
      }
    });
  });
  expect(bad).toEqual([]);
}

/** Runs `op`, then checks that every input still holds the same bits and the result is new. */
function pure<R>(be: Be, inputs: readonly unknown[], op: () => R): R {
  const before = inputs.map((m) => get(be, m));
  const out = op();
  inputs.forEach((m, k) => {
    expect(firstBitwiseMismatch(get(be, m), before[k]!), `input ${k} changed`).toBeUndefined();
    expect(out).not.toBe(m);
  });
  return out;
}

// --- shapes -----------------------------------------------------------------------------------

const DIMS = [1, 1, 2, 3, 5, 8, 9, 17, 130];
const g0 = generator(20240601);
const pick = (): number => DIMS[g0.int(0, DIMS.length - 1)] as number;

/** rows x cols: the edge shapes first, then random ones. */
const SHAPES: [number, number][] = [
  [1, 1],
  [1, 7],
  [7, 1],
  [1, 130],
  [130, 1],
  [4, 3],
  ...Array.from({ length: 10 }, (): [number, number] => [pick(), Math.min(pick(), 17)]),
];

/** m x k times k x n. */
const PRODUCTS: [number, number, number][] = [
  [1, 1, 1],
  [1, 5, 1],
  [5, 1, 5],
  [1, 5, 7],
  [7, 5, 1],
  [3, 130, 2],
  ...Array.from({ length: 8 }, (): [number, number, number] => [
    Math.min(pick(), 17),
    pick(),
    Math.min(pick(), 17),
  ]),
];

const ELEMENTWISE: readonly {
  op: "add" | "sub" | "mul" | "div";
  f: (x: number, y: number) => number;
}[] = [
  { op: "add", f: (x, y) => x + y },
  { op: "sub", f: (x, y) => x - y },
  { op: "mul", f: (x, y) => x * y },
  { op: "div", f: (x, y) => x / y },
];

const ACTIVATIONS: readonly Activation[] = Object.values(activations);

/** Softmax of each column as the contract defines it (max, plainnet's exp, top-to-bottom sum). */
function oracleSoftmax(z: Grid): Grid {
  const t = transpose(z).map((col) => {
    let max = col[0]!;
    for (const v of col) if (v > max) max = v;
    const e = col.map((v) => exp(v - max));
    let s = 0;
    for (const v of e) s += v;
    return e.map((v) => v / s);
  });
  return transpose(t);
}

// --- the suite ------------------------------------------------------------------------------

describe.each(backends)("$name backend conformance", ({ backend: be }) => {
  describe("conversion and construction", () => {
    it("fromMatrix/toMatrix round-trip every value bitwise (NaN, ±0, ±Infinity, subnormals)", () => {
      const g = generator(1);
      for (const shape of SHAPES) {
        const a = randomGrid(g, shape[0], shape[1], true);
        const m = be.fromMatrix(plain(a));
        expect(be.isMatrix(m)).toBe(true);
        expect(be.shape(m)).toEqual(shape);
        expectBitwise(get(be, m), a);
      }
    });

    it("fromMatrix and toMatrix copy (no shared storage)", () => {
      const p = plain([[1, 2]]);
      const m = be.fromMatrix(p);
      p.data[0] = 99;
      expectBitwise(get(be, m), [[1, 2]]);
      const back = be.toMatrix(m);
      back.data[1] = 99;
      expectBitwise(get(be, m), [[1, 2]]);
    });

    it("zeros(rows, cols) for edge and random shapes; RangeError for sizes < 1 or non-integers", () => {
      for (const [r, c] of SHAPES) {
        const z = be.zeros(r, c);
        expect(be.shape(z)).toEqual([r, c]);
        expectBitwise(
          get(be, z),
          Array.from({ length: r }, () => new Array<number>(c).fill(0)),
        );
      }
      expect(() => be.zeros(0, 1)).toThrow(RangeError);
      expect(() => be.zeros(1, 0)).toThrow(RangeError);
      expect(() => be.zeros(1.5, 1)).toThrow(RangeError);
    });

    it("isMatrix is false for numbers, arrays, null and plain objects", () => {
      for (const x of [1, [[1]], null, undefined, {}, "m", new Float64Array(1)]) {
        expect(be.isMatrix(x)).toBe(false);
      }
    });
  });

  describe("matmul", () => {
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      it(`op(a)·op(b) with transposeA=${ta}, transposeB=${tb} on edge and random shapes`, () => {
        const g = generator(100 + Number(ta) * 2 + Number(tb));
        for (const [m, k, n] of PRODUCTS) {
          const a = randomGrid(g, ta ? k : m, ta ? m : k);
          const b = randomGrid(g, tb ? n : k, tb ? k : n);
          const A = put(be, a);
          const B = put(be, b);
          const out = pure(be, [A, B], () => be.matmul(A, B, { transposeA: ta, transposeB: tb }));
          expect(be.shape(out)).toEqual([m, n]);
          expectSums(get(be, out), oracleMatmul(a, b, ta, tb));
        }
      });
    }

    it("integer-valued products are exact (every order gives the same sum)", () => {
      const g = generator(7);
      for (const [m, k, n] of PRODUCTS) {
        const a = mapGrid(randomGrid(g, m, k), () => g.int(-9, 9));
        const b = mapGrid(randomGrid(g, k, n), () => g.int(-9, 9));
        const out = get(be, be.matmul(put(be, a), put(be, b)));
        expect(out.flat().map((v) => v + 0)).toEqual(
          oracleMatmul(a, b, false, false)
            .flat()
            .map((r) => r.value + 0),
        );
      }
    });

    it("NaN and ±Infinity: non-finite results match the oracle exactly", () => {
      const g = generator(8);
      for (const [m, k, n] of PRODUCTS.slice(0, 8)) {
        const a = randomGrid(g, m, k, true);
        const b = randomGrid(g, k, n, true);
        expectSums(get(be, be.matmul(put(be, a), put(be, b))), oracleMatmul(a, b, false, false));
      }
    });

    it("a NaN in row i of a makes row i of a·b NaN, and only that row", () => {
      const a = [
        [1, 2],
        [Number.NaN, 0],
        [3, 4],
      ];
      const b = [
        [1, 0, -1],
        [0, 1, 2],
      ];
      const out = get(be, be.matmul(put(be, a), put(be, b)));
      expectBitwise(out, [
        [1, 2, 3],
        [Number.NaN, Number.NaN, Number.NaN],
        [3, 4, 5],
      ]);
    });

    it("throws a RangeError naming matmul and both shapes when inner dimensions differ", () => {
      const a = put(be, [
        [1, 2, 3],
        [4, 5, 6],
      ]);
      expect(() => be.matmul(a, a)).toThrow(RangeError);
      expect(() => be.matmul(a, a)).toThrow(/matmul.*2x3.*2x3/);
      expect(() => be.matmul(a, a, { transposeA: true, transposeB: true })).toThrow(
        /matmul.*3x2.*3x2/,
      );
      expect(be.shape(be.matmul(a, a, { transposeB: true }))).toEqual([2, 2]);
      expect(be.shape(be.matmul(a, a, { transposeA: true }))).toEqual([3, 3]);
    });
  });

  describe("addColumn (bias broadcast)", () => {
    it("adds the r x 1 column to every column of a, bitwise, including NaN and ±Infinity", () => {
      const g = generator(200);
      for (const [r, c] of SHAPES) {
        const a = randomGrid(g, r, c, true);
        const col = randomGrid(g, r, 1, true);
        const A = put(be, a);
        const C = put(be, col);
        const out = pure(be, [A, C], () => be.addColumn(A, C));
        expectBitwise(
          get(be, out),
          mapGrid(a, (v, i) => v + col[i]![0]!),
        );
      }
    });

    it("throws a RangeError naming addColumn and the shapes for a wrong column", () => {
      const a = put(be, randomGrid(generator(3), 2, 3));
      for (const bad of [
        [[1], [2], [3]],
        [
          [1, 2],
          [3, 4],
        ],
        [[1, 2, 3]],
      ]) {
        const [r, c] = shapeOf(bad);
        expect(() => be.addColumn(a, put(be, bad))).toThrow(RangeError);
        expect(() => be.addColumn(a, put(be, bad))).toThrow(new RegExp(`addColumn.*${r}x${c}`));
      }
    });
  });

  describe("element-wise ops", () => {
    for (const { op, f } of ELEMENTWISE) {
      it(`${op} is bitwise equal to the scalar operator, with NaN/±Infinity/±0 inputs`, () => {
        const g = generator(300 + op.length);
        for (const [r, c] of SHAPES) {
          const a = randomGrid(g, r, c, true);
          const b = randomGrid(g, r, c, true);
          const A = put(be, a);
          const B = put(be, b);
          const out = pure(be, [A, B], () => be[op](A, B));
          expectBitwise(
            get(be, out),
            mapGrid(a, (v, i, j) => f(v, b[i]![j]!)),
          );
        }
      });

      it(`${op} throws a RangeError naming ${op} and both shapes on a mismatch`, () => {
        const a = put(be, [[1, 2, 3]]);
        const b = put(be, [[1], [2], [3]]);
        expect(() => be[op](a, b)).toThrow(RangeError);
        expect(() => be[op](a, b)).toThrow(new RegExp(`${op}.*1x3.*3x1`));
      });
    }

    it("div follows IEEE division: 1/0 = Infinity, 1/-0 = -Infinity, 0/0 = NaN", () => {
      const out = get(be, be.div(put(be, [[1, 1, 0, -1]]), put(be, [[0, -0, 0, 0]])));
      expectBitwise(out, [[Infinity, -Infinity, Number.NaN, -Infinity]]);
    });

    it("scale(a, s) is bitwise s·a, including s = 0, -1 and NaN inputs", () => {
      const g = generator(400);
      for (const [r, c] of SHAPES) {
        const a = randomGrid(g, r, c, true);
        for (const s of [randomValue(g), 0, -1, 0.1]) {
          const A = put(be, a);
          const out = pure(be, [A], () => be.scale(A, s));
          expectBitwise(
            get(be, out),
            mapGrid(a, (v) => v * s),
          );
        }
      }
    });

    it("axpy(alpha, x, y) is bitwise alpha·x + y (two roundings, no fused multiply-add)", () => {
      const g = generator(500);
      for (const [r, c] of SHAPES) {
        const x = randomGrid(g, r, c, true);
        const y = randomGrid(g, r, c, true);
        const alpha = -randomValue(g);
        const X = put(be, x);
        const Y = put(be, y);
        const out = pure(be, [X, Y], () => be.axpy(alpha, X, Y));
        expectBitwise(
          get(be, out),
          mapGrid(x, (v, i, j) => alpha * v + y[i]![j]!),
        );
      }
      // A case where a fused multiply-add would round differently: 0.1·3 − 0.3.
      expectBitwise(get(be, be.axpy(0.1, put(be, [[3]]), put(be, [[-0.3]]))), [[0.1 * 3 - 0.3]]);
      expect(() => be.axpy(1, put(be, [[1, 2]]), put(be, [[1], [2]]))).toThrow(/axpy.*1x2.*2x1/);
    });

    it("map(a, f) applies f to every element and keeps NaN where f does", () => {
      const g = generator(600);
      const f = (v: number): number => (Number.isNaN(v) ? -7 : v * v - 1);
      for (const [r, c] of SHAPES) {
        const a = randomGrid(g, r, c, true);
        const A = put(be, a);
        const out = pure(be, [A], () => be.map(A, f));
        expectBitwise(get(be, out), mapGrid(a, f));
        expectBitwise(
          get(
            be,
            be.map(A, (v) => v),
          ),
          a,
        );
      }
    });

    it("zip(a, b, f) applies f pairwise; a shape mismatch is a RangeError naming zip", () => {
      const g = generator(700);
      const f = (x: number, y: number): number => x * 2 - y;
      for (const [r, c] of SHAPES) {
        const a = randomGrid(g, r, c, true);
        const b = randomGrid(g, r, c, true);
        const A = put(be, a);
        const B = put(be, b);
        const out = pure(be, [A, B], () => be.zip(A, B, f));
        expectBitwise(
          get(be, out),
          mapGrid(a, (v, i, j) => f(v, b[i]![j]!)),
        );
      }
      expect(() => be.zip(put(be, [[1, 2]]), put(be, [[1]]), f)).toThrow(RangeError);
      expect(() => be.zip(put(be, [[1, 2]]), put(be, [[1]]), f)).toThrow(/zip.*1x2.*1x1/);
    });
  });

  describe("reductions", () => {
    it("rowSum gives the r x 1 column of row sums within the summation bound", () => {
      const g = generator(800);
      for (const [r, c] of SHAPES) {
        const a = randomGrid(g, r, c);
        const A = put(be, a);
        const out = pure(be, [A], () => be.rowSum(A));
        expect(be.shape(out)).toEqual([r, 1]);
        expectSums(
          get(be, out),
          a.map((row) => [reduce(row)]),
        );
      }
    });

    it("rowSum: a NaN in row i gives NaN in row i only; +Infinity and -Infinity give NaN", () => {
      const out = get(
        be,
        be.rowSum(
          put(be, [
            [1, Number.NaN, 2],
            [1, 2, 3],
            [Infinity, 1, -Infinity],
            [Infinity, 1, 1],
          ]),
        ),
      );
      expectBitwise(out, [[Number.NaN], [6], [Number.NaN], [Infinity]]);
    });

    it("sum adds every element within the summation bound; NaN anywhere gives NaN", () => {
      const g = generator(900);
      for (const [r, c] of SHAPES) {
        const a = randomGrid(g, r, c);
        const A = put(be, a);
        const s = pure(be, [A], () => be.sum(A));
        expect(typeof s).toBe("number");
        expect(withinSumBound(s, reduce(a.flat()))).toBe(true);
      }
      expect(be.sum(put(be, [[1, 2, 3, Number.NaN, 5, 6, 7, 8, 9, 10]]))).toBeNaN();
      expect(be.sum(put(be, [[1], [Infinity]]))).toBe(Infinity);
    });
  });

  describe("activations", () => {
    const specials = [[...SPECIALS, 710, -710, 1000, -1000, 745, -745, 37, -37, 1e-300, -1e-300]];
    for (const act of ACTIVATIONS) {
      it(`activate(z, ${act.name}) is bitwise ${act.name}.forward per element`, () => {
        const g = generator(1000 + act.name.length);
        for (const z of [...SHAPES.map(([r, c]) => randomGrid(g, r, c, true)), specials]) {
          const Z = put(be, z);
          const out = pure(be, [Z], () => be.activate(Z, act));
          expectBitwise(
            get(be, out),
            mapGrid(z, (v) => act.forward(v)),
          );
        }
      });

      it(`activateBackward(dA, z, ${act.name}) is bitwise ${act.name}.backward per element`, () => {
        const g = generator(2000 + act.name.length);
        for (const z of [...SHAPES.map(([r, c]) => randomGrid(g, r, c, true)), specials]) {
          const [r, c] = shapeOf(z);
          const dA = randomGrid(g, r, c, true);
          const DA = put(be, dA);
          const Z = put(be, z);
          const out = pure(be, [DA, Z], () => be.activateBackward(DA, Z, act));
          expectBitwise(
            get(be, out),
            mapGrid(dA, (d, i, j) => act.backward(d, z[i]![j]!)),
          );
        }
        expect(() => be.activateBackward(put(be, [[1, 2]]), put(be, [[1], [2]]), act)).toThrow(
          /activateBackward.*1x2.*2x1/,
        );
      });
    }

    it("sigmoid saturates to exactly 0 and 1 for |z| ≥ 710 (never NaN), NaN stays NaN", () => {
      const z = put(be, [[-710, 710, -1000, 1000, -Infinity, Infinity, Number.NaN]]);
      expectBitwise(get(be, be.activate(z, sigmoid)), [[0, 1, 0, 1, 0, 1, Number.NaN]]);
      const ones = put(be, [[1, 1, 1, 1, 1, 1, 1]]);
      expectBitwise(get(be, be.activateBackward(ones, z, sigmoid)), [
        [0, 0, 0, 0, 0, 0, Number.NaN],
      ]);
      // Independent check away from saturation: σ(0) = 1/2, σ'(0) = 1/4.
      expectBitwise(get(be, be.activate(put(be, [[0]]), sigmoid)), [[0.5]]);
      expectBitwise(get(be, be.activateBackward(put(be, [[1]]), put(be, [[0]]), sigmoid)), [
        [0.25],
      ]);
    });

    it("tanh saturates to exactly ±1 at ±1000", () => {
      expectBitwise(get(be, be.activate(put(be, [[-1000, 1000]]), tanh)), [[-1, 1]]);
    });

    it("relu: NaN stays NaN forward; backward passes dA where z > 0 or z is NaN (NumPy's dZ[Z <= 0] = 0)", () => {
      const z = put(be, [[Number.NaN, -1, 0, -0, 2]]);
      expectBitwise(get(be, be.activate(z, relu)), [[Number.NaN, 0, 0, 0, 2]]);
      const dA = put(be, [[5, 5, 5, 5, Number.NaN]]);
      expectBitwise(get(be, be.activateBackward(dA, z, relu)), [[5, 0, 0, 0, Number.NaN]]);
    });
  });

  describe("softmaxColumns", () => {
    it("is bitwise the contract's column softmax on edge and random shapes, with NaN/±Infinity", () => {
      const g = generator(3000);
      for (const [r, c] of SHAPES) {
        for (const specials of [false, true]) {
          const z = mapGrid(randomGrid(g, r, c, specials), (v) => (Math.abs(v) > 1e3 ? v % 50 : v));
          const Z = put(be, z);
          const out = pure(be, [Z], () => be.softmaxColumns(Z));
          expectBitwise(get(be, out), oracleSoftmax(z));
        }
      }
    });

    it("columns sum to 1, large logits do not overflow, and a NaN makes its column NaN", () => {
      const out = get(
        be,
        be.softmaxColumns(
          put(be, [
            [1000, 0, Number.NaN, 1],
            [1000, -Infinity, 2, 1],
          ]),
        ),
      );
      expectBitwise(out, [
        [0.5, 1, Number.NaN, 0.5],
        [0.5, 0, Number.NaN, 0.5],
      ]);
      expectBitwise(get(be, be.softmaxColumns(put(be, [[-7, 3]]))), [[1, 1]]);
    });
  });

  describe("input of the wrong type", () => {
    const others = backends.filter((o) => o.backend !== be);

    it("a matrix of another backend is a TypeError naming this backend", () => {
      for (const { backend: other } of others) {
        const foreign = other.fromMatrix(plain([[1, 2]]));
        const own = put(be, [[1, 2]]);
        expect(be.isMatrix(foreign)).toBe(false);
        for (const run of [
          () => be.shape(foreign),
          () => be.toMatrix(foreign),
          () => be.add(own, foreign),
          () => be.matmul(own, foreign, { transposeB: true }),
          () => be.activate(foreign, relu),
          () => be.sum(foreign),
        ]) {
          expect(run).toThrow(TypeError);
          expect(run).toThrow(be.name);
        }
      }
    });

    it("nested arrays are a TypeError", () => {
      const arrays = [[1, 2]] as unknown;
      expect(() => be.shape(arrays)).toThrow(TypeError);
      expect(() => be.map(arrays, (v) => v)).toThrow(TypeError);
    });
  });
});

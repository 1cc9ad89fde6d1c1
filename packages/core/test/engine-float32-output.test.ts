// The float32 kernel sets' output layer in float32 arithmetic (src/engine/float32-output.ts):
// exp32, log32 and sigmoid32 against the correctly rounded values (plainnet's libm, rounded to
// float32), the cross-entropy terms' shortcuts, and the WebAssembly float32 set against the
// TypeScript functions bit for bit (Object.is on the whole heap).
import { describe, expect, it } from "vitest";
import { bceTerms32, EXP_LIMIT, exp32, log32, sigmoid32 } from "../src/engine/float32-output.ts";
import type { Kernels } from "../src/engine/kernels.ts";
import { FusedTrainer } from "../src/engine/trainer.ts";
import { architectureFromSizes, binaryCrossEntropy, exp, initLayers, log } from "../src/index.ts";
import { pairwiseSum } from "../src/sum.ts";
import { data, lcg } from "./engine-data.ts";
import { kernelSets } from "./engine-kernel-sets.ts";

const f = Math.fround;
const F32 = new Float32Array(1);
const I32 = new Int32Array(F32.buffer);
/** Distance in float32 steps between two finite float32 values of the same sign. */
function ulps(a: number, b: number): number {
  F32[0] = a;
  const ia = I32[0] as number;
  F32[0] = b;
  return Math.abs(ia - (I32[0] as number));
}

/** The largest ulp distance of `fn` from `exact` over `n` float32 arguments drawn by `arg`. */
function worstUlps(
  fn: (x: number) => number,
  exact: (x: number) => number,
  arg: (r: () => number) => number,
  n: number,
  seed: number,
): { worst: number; at: number } {
  const r = lcg(seed);
  let worst = 0;
  let at = Number.NaN;
  for (let i = 0; i < n; i++) {
    const x = f(arg(r));
    const d = ulps(fn(x), f(exact(x)));
    if (d > worst) {
      worst = d;
      at = x;
    }
  }
  return { worst, at };
}

describe("exp32, log32, sigmoid32: float32 arithmetic, checked against correctly rounded values", () => {
  it("exp32 is within 1 ulp on [−87, 88] (normal results)", () => {
    const { worst, at } = worstUlps(exp32, exp, (r) => r() * 175 - 87, 200_000, 1);
    expect(worst, `at ${at}`).toBeLessThanOrEqual(1);
    // It is not exact everywhere (so the sweep does measure something).
    expect(worst).toBeGreaterThan(0);
  });

  it("log32 is within 1 ulp on [2⁻⁵², 1] and (1, 4]", () => {
    const small = worstUlps(log32, log, (r) => 2 ** (-52 * r()), 200_000, 2);
    const near = worstUlps(log32, log, (r) => 1 - 0.3 * r(), 100_000, 3);
    const above = worstUlps(log32, log, (r) => 1 + 3 * r(), 100_000, 4);
    expect(small.worst, `at ${small.at}`).toBeLessThanOrEqual(1);
    expect(near.worst, `at ${near.at}`).toBeLessThanOrEqual(1);
    expect(above.worst, `at ${above.at}`).toBeLessThanOrEqual(1);
  });

  it("sigmoid32 is within 2 ulp on [−40, 40]", () => {
    const exact = (z: number): number => 1 / (1 + exp(-z));
    const { worst, at } = worstUlps(sigmoid32, exact, (r) => (r() - 0.5) * 80, 200_000, 5);
    expect(worst, `at ${at}`).toBeLessThanOrEqual(2);
  });

  it("special arguments", () => {
    expect(exp32(0)).toBe(1);
    expect(exp32(Number.NaN)).toBeNaN();
    expect(exp32(1000)).toBe(exp32(EXP_LIMIT));
    expect(Number.isFinite(exp32(EXP_LIMIT))).toBe(true);
    expect(exp32(-1000)).toBe(0);
    expect(sigmoid32(0)).toBe(0.5);
    expect(sigmoid32(-0)).toBe(0.5);
    expect(sigmoid32(Number.NaN)).toBeNaN();
    expect(sigmoid32(100)).toBe(1);
    // Past −88 the sigmoid stays at its value there: tiny and positive, not 0 or NaN.
    expect(sigmoid32(-1000)).toBe(sigmoid32(-88));
    expect(sigmoid32(-1000)).toBeGreaterThan(0);
    expect(sigmoid32(-1000)).toBeLessThan(1e-38);
    expect(log32(1)).toBe(0);
    expect(log32(Number.NaN)).toBeNaN();
    expect(log32(2 ** -52)).toBe(f(log(2 ** -52)));
    expect(log32(0.5)).toBe(f(-Math.LN2));
  });
});

describe("bceTerms32: binary cross-entropy's two terms", () => {
  const terms = (p: number, t: number): [number, number] => {
    const out = new Float64Array(2);
    bceTerms32(p, t, out);
    return [out[0] as number, out[1] as number];
  };

  it("targets 0 and 1 take one log and −0 (the reference's shortcuts); others take both", () => {
    const p = f(0.25);
    expect(terms(p, 1)).toEqual([log32(p), -0]);
    expect(Object.is(terms(p, 1)[1], -0)).toBe(true);
    expect(terms(p, 0)).toEqual([-0, log32(f(1 - p))]);
    expect(Object.is(terms(p, 0)[0], -0)).toBe(true);
    const t = f(0.3);
    expect(terms(p, t)).toEqual([f(t * log32(p)), f(f(1 - t) * log32(f(1 - p)))]);
  });

  it("clips as the reference: 1 − p is 2⁻⁵² at p = 1, p is 2⁻⁵² below it", () => {
    expect(terms(1, 0)[1]).toBe(log32(2 ** -52));
    expect(terms(0, 1)[0]).toBe(log32(2 ** -52));
    expect(terms(0, 0)[1]).toBe(0);
    expect(terms(1, 1)[0]).toBe(0);
  });

  it("a NaN prediction gives NaN in every term that reads it", () => {
    expect(terms(Number.NaN, 1)[0]).toBeNaN();
    expect(terms(Number.NaN, 0)[1]).toBeNaN();
    expect(terms(Number.NaN, 0.5).every(Number.isNaN)).toBe(true);
    expect(terms(0.5, Number.NaN).every(Number.isNaN)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// The kernel sets

const float32Sets = kernelSets.filter((c) => c.make()?.bceTerms !== undefined);

/** Pre-activations and predictions with the edge cases mixed in. */
function value(r: () => number, kind: "z" | "p"): number {
  const u = r();
  if (u < 0.02) return Number.NaN;
  if (u < 0.04) return kind === "z" ? (r() < 0.5 ? -200 : 200) : r() < 0.5 ? 0 : 1;
  if (u < 0.06) return r() < 0.5 ? 0 : -0;
  if (u < 0.08) return kind === "z" ? (r() - 0.5) * 180 : 2 ** (-60 * r());
  return kind === "z" ? (r() - 0.5) * 30 : r();
}

function target(r: () => number): number {
  const u = r();
  return u < 0.45 ? 0 : u < 0.9 ? 1 : u < 0.95 ? 0.3 : u < 0.97 ? -0 : Number.NaN;
}

/** The first index where two arrays differ (Object.is), or null. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): string | null {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (!Object.is(a[i], b[i])) return `index ${i}: ${a[i]} vs ${b[i]}`;
  }
  return null;
}

describe("which kernel sets compute the output layer in float32", () => {
  it("the JavaScript float32 set, and the WebAssembly one where SIMD runs", () => {
    const names = float32Sets.map((c) => c.name);
    expect(names).toContain("js-f32");
    if (kernelSets.find((c) => c.name === "wasm-simd-f32")?.make() != null) {
      expect(names).toContain("wasm-simd-f32");
    }
    expect(names.some((n) => n.includes("f64"))).toBe(false);
  });
});

describe.each(float32Sets)("$name: sigmoid and bceTerms, as float32-output.ts", ({ make }) => {
  const sizes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 900, 901];

  it("sigmoid: sigmoid32 of every value, nothing past the output written", () => {
    for (const n of sizes) {
      const k = make() as Kernels;
      const z = k.alloc(n);
      const a = k.alloc(n + 4);
      const h = k.heap();
      const r = lcg(n);
      for (let q = 0; q < n; q++) h[z + q] = value(r, "z");
      h.fill(12345, a, a + n + 4);
      const expected = [...Array.from(h.subarray(z, z + n), sigmoid32), 12345, 12345, 12345, 12345];
      k.sigmoid!(z, a, n);
      expect(firstDifference(k.heap().subarray(a, a + n + 4), expected), `n = ${n}`).toBeNull();
    }
  });

  it("sigmoid in place (a = z), with the values last in the heap", () => {
    for (const n of [7, 900, 903]) {
      const k = make() as Kernels;
      const z = k.alloc(n);
      const h = k.heap();
      const r = lcg(3 * n);
      for (let q = 0; q < n; q++) h[z + q] = value(r, "z");
      const expected = Array.from(h.subarray(z, z + n), sigmoid32);
      k.sigmoid!(z, z, n);
      expect(firstDifference(k.heap().subarray(z, z + n), expected), `n = ${n}`).toBeNull();
    }
  });

  it("bceTerms: bceTerms32 of every prediction and target, nothing else written", () => {
    for (const n of sizes) {
      const k = make() as Kernels;
      const p = k.alloc(n);
      const y = k.alloc(n);
      const pos = k.alloc(n + 4);
      const neg = k.alloc(n + 4); // the heap's last values
      const h = k.heap();
      const r = lcg(100 + n);
      for (let q = 0; q < n; q++) {
        h[p + q] = value(r, "p");
        h[y + q] = target(r);
      }
      h.fill(7, pos, pos + n + 4);
      h.fill(7, neg, neg + n + 4);
      const two = new Float32Array(2);
      const ePos: number[] = [];
      const eNeg: number[] = [];
      for (let q = 0; q < n; q++) {
        bceTerms32(h[p + q] as number, h[y + q] as number, two);
        ePos.push(two[0] as number);
        eNeg.push(two[1] as number);
      }
      k.bceTerms!(p, y, n, pos, neg);
      const got = k.heap();
      expect(
        firstDifference(got.subarray(pos, pos + n + 4), [...ePos, 7, 7, 7, 7]),
        `pos, n = ${n}`,
      ).toBeNull();
      expect(
        firstDifference(got.subarray(neg, neg + n + 4), [...eNeg, 7, 7, 7, 7]),
        `neg, n = ${n}`,
      ).toBeNull();
    }
  });

  it("an epoch calls sigmoid and bceTerms once, and its cost is −(Σ pos + Σ neg)/m, pairwise in float64", () => {
    const k = make() as Kernels;
    const calls = { sigmoid: 0, bceTerms: 0 };
    const counted: Kernels = {
      ...k,
      sigmoid(...a) {
        calls.sigmoid++;
        k.sigmoid!(...a);
      },
      bceTerms(...a) {
        calls.bceTerms++;
        k.bceTerms!(...a);
      },
    };
    const arch = architectureFromSizes([2, 4, 1]);
    const [X, Y] = data(2, 51, 1, 2);
    const t = new FusedTrainer(arch, 51, counted, binaryCrossEntropy);
    t.setData(X, Y);
    t.setParams(initLayers(arch, 3));
    t.forward();
    const out = t.output().data;
    const pos: number[] = [];
    const neg: number[] = [];
    const two = new Float32Array(2);
    out.forEach((pv, q) => {
      bceTerms32(pv, Y.data[q] as number, two);
      pos.push(two[0] as number);
      neg.push(two[1] as number);
    });
    const expected = (-1 / 51) * (pairwiseSum(pos, 0, 51, 1) + pairwiseSum(neg, 0, 51, 1));
    calls.sigmoid = 0;
    const { cost } = t.epoch(0, 0.1);
    expect(cost).toBe(expected);
    expect(calls).toEqual({ sigmoid: 1, bceTerms: 1 });
  });
});

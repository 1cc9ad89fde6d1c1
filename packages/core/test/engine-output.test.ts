// The fused engine's optional output-layer kernels (kernels.ts: sigmoid, bceSum, bceSigmoidDz,
// countCorrect) and the WebAssembly exp/log fast paths under them. The oracle is the TypeScript
// the trainer runs without them: sigmoid.forward, plainnet's exp and log, NumPy's pairwise sum,
// every result compared bit for bit (Object.is), on the whole heap where a kernel writes.
import { describe, expect, it } from "vitest";
import libm from "../../../fixtures/libm.json" with { type: "json" };
import { sigmoid } from "../src/activations/sigmoid.ts";
import type { Heap, Kernels } from "../src/engine/kernels.ts";
import { FusedTrainer } from "../src/engine/trainer.ts";
import { wasmLibm } from "../src/engine/wasm-kernels.ts";
import {
  architectureFromSizes,
  BCE_EPSILON,
  binaryCrossEntropy,
  exp,
  initLayers,
  log,
} from "../src/index.ts";
import { meanSquaredError } from "../src/losses/mean-squared-error.ts";
import { pairwiseSum } from "../src/sum.ts";
import { data, lcg } from "./engine-data.ts";
import { kernelSets } from "./engine-kernel-sets.ts";

// ---------------------------------------------------------------------------------------------
// The exp and log fast paths

/** Arguments for exp: the fixture's, plus a spread over the whole fast-path range. */
function expArguments(): number[] {
  const r = lcg(11);
  const xs = [...libm.exp.x];
  for (let i = 0; i < 20_000; i++) xs.push((r() - 0.5) * 1500 * (r() < 0.5 ? 1 : r() * 1e-3));
  xs.push(0, -0, 709.78, 709.79, -708.39, -708.4, -745.1, -746, 710, Infinity, -Infinity, NaN);
  return xs;
}

/** Arguments for log: the fixture's, plus random bit patterns and values near 1. */
function logArguments(): number[] {
  const r = lcg(12);
  const f = new Float64Array(1);
  const w = new Uint32Array(f.buffer);
  const xs = [...libm.log.x];
  for (let i = 0; i < 20_000; i++) {
    w[0] = Math.floor(r() * 2 ** 32);
    w[1] = Math.floor(r() * 2 ** 32);
    xs.push(Math.abs(f[0] as number), 1 + (r() - 0.5) * 1e-6, r());
  }
  xs.push(1, 0, -0, -1, 5e-324, 2.2250738585072014e-308, Infinity, NaN, 2 ** -52, 1 - 2 ** -52);
  return xs;
}

/**
 * Runs a fast path over `xs` against the TypeScript function: the arguments where it gives a
 * number that is not the TypeScript bits, how many it decides (a number, not NaN), and how many
 * lie in `domain` (where it should decide nearly all).
 */
function compareFastPath(
  fast: (x: number) => number,
  reference: (x: number) => number,
  xs: readonly number[],
  domain: (x: number) => boolean,
): { wrong: number[]; decided: number; inDomain: number } {
  const wrong: number[] = [];
  let decided = 0;
  let inDomain = 0;
  for (const x of xs) {
    const y = fast(x);
    if (domain(x)) inDomain++;
    if (Number.isNaN(y)) continue;
    decided++;
    if (!Object.is(y, reference(x))) wrong.push(x);
  }
  return { wrong, decided, inDomain };
}

describe("the WebAssembly exp and log fast paths (float64 modules)", () => {
  const fast = wasmLibm();

  it.runIf(fast !== null)("give exp's bits wherever they give a number", () => {
    // The fast path covers normal results: e^x in [2^-1022, 2^1024).
    const r = compareFastPath(fast!.exp, exp, expArguments(), (x) => x > -708.39 && x < 709.78);
    expect(r.wrong).toEqual([]);
    // It decides nearly every argument whose result is normal (the rest go to TypeScript).
    expect(r.decided).toBeGreaterThan(r.inDomain * 0.999);
    expect(Number.isNaN(fast!.exp(Number.NaN))).toBe(true);
  });

  it.runIf(fast !== null)("give log's bits wherever they give a number", () => {
    const r = compareFastPath(
      fast!.log,
      log,
      logArguments(),
      (x) => x >= 2 ** -1022 && x < Infinity,
    );
    expect(r.wrong).toEqual([]);
    expect(r.decided).toBeGreaterThan(r.inDomain * 0.999);
    // Zero, negative, subnormal and infinite arguments are left to TypeScript.
    for (const x of [0, -1, 5e-324, Infinity]) expect(Number.isNaN(fast!.log(x))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// The output-layer kernels against the trainer's TypeScript

const clip = (p: number): number => (p < BCE_EPSILON ? BCE_EPSILON : Math.min(p, 1 - BCE_EPSILON));

/** A prediction: mostly in (0, 1), sometimes at or past its ends, NaN or clipped. */
function prediction(r: () => number): number {
  const u = r();
  if (u < 0.03) return [0, 1, -0, Number.NaN, 1e-300, 1 - 1e-17, 2 ** -53][Math.floor(r() * 7)]!;
  if (u < 0.06) return r() * 1e-12;
  if (u < 0.09) return 1 - r() * 1e-12;
  return r();
}

/** A target: 0 or 1, sometimes soft (0.3) or NaN. */
function target(r: () => number): number {
  const u = r();
  return u < 0.45 ? 0 : u < 0.9 ? 1 : u < 0.98 ? 0.3 : Number.NaN;
}

/** A pre-activation: mostly moderate, sometimes past exp's range, special or subnormal. */
function preActivation(r: () => number): number {
  const u = r();
  if (u < 0.05) {
    return [Number.NaN, Infinity, -Infinity, 0, -0, 800, -800, 745.2, -709.9, 5e-324][
      Math.floor(r() * 10)
    ]!;
  }
  return (r() - 0.5) * 2 ** Math.floor(r() * 8 - 2);
}

function firstDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): string | null {
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      return `element ${i}: got ${String(actual[i])}, expected ${String(expected[i])}`;
    }
  }
  return null;
}

/** The sets with the float64 output layer (correctly rounded exp and log): sigmoid, bceSum. */
const withOutput = kernelSets.filter((c) => c.make()?.bceSum !== undefined);
/** The sets with the gradient and accuracy kernels (the same contract in both precisions). */
const withGradient = kernelSets.filter((c) => c.make()?.bceSigmoidDz !== undefined);

describe("which kernel sets have the output-layer kernels", () => {
  it("float64: every WebAssembly set where WebAssembly SIMD runs, no JavaScript set; float32: sigmoid and bceTerms in both", () => {
    const names = withOutput.map((c) => c.name);
    expect(names.some((n) => n.startsWith("js") || n.includes("f32"))).toBe(false);
    const js32 = kernelSets.find((c) => c.name === "js-f32")!.make()!;
    expect([js32.sigmoid, js32.bceTerms].every((f) => typeof f === "function")).toBe(true);
    expect(js32.bceSum).toBeUndefined();
    if (kernelSets.find((c) => c.name === "wasm-simd-f64")?.make() != null) {
      expect(names).toContain("wasm-simd-f64");
      expect(withGradient.map((c) => c.name)).toContain("wasm-simd-f32");
      const w32 = kernelSets.find((c) => c.name === "wasm-simd-f32")!.make()!;
      expect([w32.sigmoid, w32.bceTerms].every((f) => typeof f === "function")).toBe(true);
      expect(w32.bceSum).toBeUndefined();
    }
  });
});

describe.each(withGradient)("$name: output-layer kernels", ({ make }) => {
  // The float32 sets' sigmoid and cost terms are float32 arithmetic (engine-float32-output
  // .test.ts); the float64 ones are checked here against the TypeScript loops.
  const float64 = make()?.bceSum !== undefined;
  const sizes = [1, 7, 8, 9, 16, 127, 128, 129, 300, 900, 1000];

  /** A kernel set with `n` values at each of p, y, out (and a guard band after out). */
  function setUp(n: number, seed: number, fillP: (r: () => number) => number) {
    const k = make() as Kernels;
    const r = lcg(seed);
    const p = k.alloc(n);
    const y = k.alloc(n);
    const out = k.alloc(n + 4);
    const h = k.heap();
    for (let q = 0; q < n; q++) {
      h[p + q] = fillP(r);
      h[y + q] = target(r);
    }
    for (let q = 0; q < n + 4; q++) h[out + q] = 12345;
    return { k, h: k.heap(), p, y, out, read: (at: number) => Array.from(h.subarray(at, at + n)) };
  }

  /** The value a store into this heap keeps (float32 rounds once). */
  const stored = (h: Heap, v: number): number => (h instanceof Float32Array ? Math.fround(v) : v);

  if (float64) {
    it("sigmoid: sigmoid.forward's bits, also past exp's fast path (NaN, |z| > 709)", () => {
      for (const n of sizes) {
        const { k, h, p, out, read } = setUp(n, n, preActivation);
        const expected = Array.from(h.subarray(p, p + n), (z) => stored(h, sigmoid.forward(z)));
        k.sigmoid!(p, out, n);
        expect(firstDifference(read(out), expected), `n = ${n}`).toBe(null);
        expect(Array.from(h.subarray(out + n, out + n + 4))).toEqual([12345, 12345, 12345, 12345]);
      }
      // Among these are arguments the WebAssembly exp leaves to TypeScript.
      const { h, p } = setUp(1000, 1000, preActivation);
      const fast = wasmLibm()!;
      expect(Array.from(h.subarray(p, p + 1000)).some((z) => Number.isNaN(fast.exp(-z)))).toBe(
        true,
      );
    });

    it("sigmoid: an exp the fast path cannot round, in either lane of a pair", () => {
      // Arguments whose exp the WebAssembly fast path leaves undecided (about 1 in 130,000),
      // found among pseudo-random ones; each goes first and second in a pair of the SIMD loop.
      const fast = wasmLibm()!;
      const r = lcg(77);
      const hard: number[] = [];
      while (hard.length < 2) {
        const z = (r() - 0.5) * 60;
        if (Number.isNaN(fast.exp(-z))) hard.push(z);
      }
      const { k, h, p, out, read } = setUp(8, 3, (rr) => rr() - 0.5);
      const zs = [hard[0]!, 0.5, -0.25, hard[1]!, hard[0]!, hard[1]!, 3, 4];
      zs.forEach((z, q) => {
        h[p + q] = z;
      });
      const expected = Array.from(h.subarray(p, p + 8), (z) => stored(h, sigmoid.forward(z)));
      k.sigmoid!(p, out, 8);
      expect(firstDifference(read(out), expected)).toBe(null);
    });

    it("sigmoid in place (a = z), as the trainer calls it", () => {
      const { k, h, p } = setUp(900, 5, (r) => (r() - 0.5) * 20);
      const expected = Array.from(h.subarray(p, p + 900), (z) => stored(h, sigmoid.forward(z)));
      k.sigmoid!(p, p, 900);
      expect(firstDifference(Array.from(h.subarray(p, p + 900)), expected)).toBe(null);
    });

    it("bceSum and bceSums: the two pairwise sums of the reference's terms, bit for bit", () => {
      for (const n of sizes) {
        for (const finite of [true, false]) {
          const { k, h, p, y } = setUp(n, 100 + n, finite ? (r) => r() : prediction);
          if (finite) for (let q = 0; q < n; q++) h[y + q] = q % 3 === 0 ? 0.3 : q % 2;
          const pos: number[] = [];
          const neg: number[] = [];
          for (let q = 0; q < n; q++) {
            const t = h[y + q] as number;
            const c = clip(h[p + q] as number);
            pos.push(t === 0 ? -0 : t === 1 ? log(c) : t * log(c));
            neg.push(t === 1 ? -0 : t === 0 ? log(1 - c) : (1 - t) * log(1 - c));
          }
          const expected = pairwiseSum(pos, 0, n, 1) + pairwiseSum(neg, 0, n, 1);
          const got = k.bceSum!(p, y, n);
          expect(
            Object.is(got, expected) || (Number.isNaN(got) && Number.isNaN(expected)),
            `n = ${n}: ${got} vs ${expected}`,
          ).toBe(true);
          // bceSums: the same two sums apart, at the asked index, nothing else written.
          const apart = new Float64Array([7, 7, 7, 7]);
          k.bceSums!(p, y, n, apart, 1);
          const same = (a: number, b: number): boolean =>
            Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
          expect(same(apart[1]!, pairwiseSum(pos, 0, n, 1)), `n = ${n}: pos`).toBe(true);
          expect(same(apart[2]!, pairwiseSum(neg, 0, n, 1)), `n = ${n}: neg`).toBe(true);
          expect([apart[0], apart[3]]).toEqual([7, 7]);
          if (finite) expect(Number.isFinite(got)).toBe(true);
        }
      }
    });

    it("bceSum: logs the two-lane fast path cannot round, in either lane of a pair", () => {
      // Predictions (with their targets) whose log the fast path cannot round: each was found by
      // a search where the two-lane log without its rounding test gave the wrong bits, so they
      // fail if a pair ever skips the test (float64; a float32 heap rounds them first).
      const hard: [number, number][] = [
        [0.5508274340536445, 0],
        [0.13165902765467763, 1],
        [0.40954544954001904, 1],
        [0.10199743509292603, 1],
        [0.16004961566068232, 0],
        [0.03558416338637471, 1],
      ];
      const fast = wasmLibm()!;
      for (const [pv, t] of hard) {
        const c = clip(pv);
        expect(fast.log(t === 1 ? c : 1 - c), `log for ${pv}`).toBeNaN();
      }
      // Each in a pair of its own (a one-ulp error in a term would vanish in a longer sum), in
      // the first lane and in the second, beside p = 0.5, t = 1.
      const { k, h, p, y } = setUp(2, 5, (rr) => rr());
      for (const [pv, t] of hard) {
        for (const lane of [0, 1]) {
          h[p + lane] = pv;
          h[y + lane] = t;
          h[p + 1 - lane] = 0.5;
          h[y + 1 - lane] = 1;
          const pos: number[] = [];
          const neg: number[] = [];
          for (let q = 0; q < 2; q++) {
            const tq = h[y + q] as number;
            const c = clip(h[p + q] as number);
            pos.push(tq === 0 ? -0 : log(c));
            neg.push(tq === 1 ? -0 : log(1 - c));
          }
          const expected = pairwiseSum(pos, 0, 2, 1) + pairwiseSum(neg, 0, 2, 1);
          expect(Object.is(k.bceSum!(p, y, 2), expected), `${pv} in lane ${lane}`).toBe(true);
        }
      }
    });
  }

  it("bceSigmoidDz: the output layer's gradient, bit for bit", () => {
    for (const n of sizes) {
      const { k, h, p, y, out, read } = setUp(n, 200 + n, prediction);
      const expected = Array.from({ length: n }, (_, q) => {
        const t = h[y + q] as number;
        const a = h[p + q] as number;
        const c = clip(a);
        return stored(h, sigmoid.backwardFromOutput!(-(t / c - (1 - t) / (1 - c)), a));
      });
      k.bceSigmoidDz!(p, y, out, n);
      expect(firstDifference(read(out), expected), `n = ${n}`).toBe(null);
      expect(h[out + n]).toBe(12345);
    }
  });

  it("countCorrect: samples whose every thresholded output equals its target", () => {
    // One row (vectors of samples, then a scalar tail) at every size, and three rows; targets
    // 0, 1, 0.3 and NaN, predictions NaN, ±0, exactly 0.5 and near it.
    const cases = [...sizes.map((m) => [1, m] as const), [3, 301] as const, [3, 2] as const];
    for (const [rows, m] of cases) {
      const { k, h, p, y } = setUp(rows * m, rows * 1000 + m, prediction);
      // Some exact hits, so that both outcomes occur in every row.
      for (let q = 0; q < rows * m; q += 2) h[y + q] = (h[p + q] as number) > 0.5 ? 1 : 0;
      for (let q = 3; q < rows * m; q += 11) h[p + q] = q % 2 === 0 ? 0.5 : Math.fround(0.5000001);
      for (let q = 5; q < rows * m; q += 13) h[y + q] = -0;
      let expected = 0;
      for (let j = 0; j < m; j++) {
        let all = true;
        for (let i = 0; i < rows; i++) {
          if (((h[p + i * m + j] as number) > 0.5 ? 1 : 0) !== h[y + i * m + j]) all = false;
        }
        if (all) expected++;
      }
      if (m >= 7) {
        expect(expected).toBeGreaterThan(0);
        expect(expected).toBeLessThan(m);
      }
      expect(k.countCorrect!(p, y, rows, m), `rows ${rows}, m ${m}`).toBe(expected);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Training with and without them

describe.each(withOutput)("$name: training with the output-layer kernels", ({ make }) => {
  /** The same kernel set without its optional output-layer kernels: the TypeScript loops. */
  const plain = (): Kernels => {
    const {
      sigmoid: _s,
      bceSum: _b,
      bceSums: _bs,
      bceSigmoidDz: _d,
      countCorrect: _c,
      ...rest
    } = make() as Kernels;
    return rest;
  };
  const cases = [
    { name: "2-4-6-6-4-1, cross-entropy", sizes: [2, 4, 6, 6, 4, 1], loss: binaryCrossEntropy },
    { name: "3-8-2 sigmoid outputs, cross-entropy", sizes: [3, 8, 2], loss: binaryCrossEntropy },
    { name: "2-5-1, squared error", sizes: [2, 5, 1], loss: meanSquaredError },
  ] as const;

  it("a saturated output (z past exp's range, outputs 0 and 1 clipped): the same outputs and cost", () => {
    const arch = architectureFromSizes([2, 1]);
    const [X, Y] = data(2, 257, 1, 4);
    const params = initLayers(arch, 5);
    // Huge weights: |z| runs far past 709 (the WebAssembly exp calls TypeScript's for those),
    // and predictions of exactly 0 and 1 meet the clipping bounds.
    params[0]!.W.data.set([3000, 2000]);
    params[0]!.b.data[0] = 0;
    const [a, b] = [make() as Kernels, plain()].map((k) => {
      const t = new FusedTrainer(arch, 257, k, binaryCrossEntropy);
      t.setData(X, Y);
      t.setParams(params);
      t.forward();
      return t;
    }) as [FusedTrainer, FusedTrainer];
    const out = a.output().data;
    expect(out.some((v) => v === 1) && out.some((v) => v === 0)).toBe(true);
    expect(out.some((v) => v > 0 && v < 1)).toBe(true);
    expect(firstDifference(out, b.output().data)).toBe(null);
    const [ea, eb] = [a.evaluate(), b.evaluate()];
    expect(Object.is(ea.cost, eb.cost)).toBe(true);
    expect(Number.isFinite(ea.cost)).toBe(true);
    expect(ea.correct).toBe(eb.correct);
    a.backward();
    b.backward();
    a.gradients().forEach((g, l) => {
      expect(firstDifference(g.dW.data, b.gradients()[l]!.dW.data), `dW${l}`).toBe(null);
    });
  });

  it("an epoch of a sigmoid output under cross-entropy calls each output kernel once", () => {
    const k = make() as Kernels;
    const calls = { sigmoid: 0, bceSum: 0, bceSigmoidDz: 0, countCorrect: 0 };
    const counted: Kernels = {
      ...k,
      sigmoid(...a) {
        calls.sigmoid++;
        k.sigmoid!(...a);
      },
      bceSum(...a) {
        calls.bceSum++;
        return k.bceSum!(...a);
      },
      bceSigmoidDz(...a) {
        calls.bceSigmoidDz++;
        k.bceSigmoidDz!(...a);
      },
      countCorrect(...a) {
        calls.countCorrect++;
        return k.countCorrect!(...a);
      },
    };
    const arch = architectureFromSizes([2, 4, 1]);
    const [X, Y] = data(2, 50, 1, 2);
    const t = new FusedTrainer(arch, 50, counted, binaryCrossEntropy);
    t.setData(X, Y);
    t.setParams(initLayers(arch, 1));
    for (let e = 0; e < 3; e++) t.epoch(e, 0.1);
    expect(calls).toEqual({ sigmoid: 3, bceSum: 3, bceSigmoidDz: 3, countCorrect: 3 });
  });

  it.each(cases)(
    "$name: costSumsInto gives evaluate()'s sums, with the kernels and without",
    (c) => {
      const arch = architectureFromSizes(c.sizes);
      const rows = c.sizes[c.sizes.length - 1]!;
      const [X, Y] = data(c.sizes[0], 333, rows, 10);
      const sums = [make() as Kernels, plain()].map((k) => {
        const t = new FusedTrainer(arch, 333, k, c.loss);
        t.setData(X, Y);
        t.setParams(initLayers(arch, 4));
        t.forward();
        const out = new Float64Array([9, 9, 9, 9]);
        const correct = t.costSumsInto(out, 1);
        const { cost, correct: expected } = t.evaluate();
        expect(correct).toBe(expected);
        const fromSums =
          c.loss === binaryCrossEntropy ? (-1 / 333) * (out[1]! + out[2]!) : out[1]! / (rows * 333);
        expect(Object.is(fromSums, cost), `${fromSums} vs ${cost}`).toBe(true);
        expect([out[0], out[3]]).toEqual([9, 9]);
        if (c.loss === meanSquaredError) expect(out[2]).toBe(0);
        return Array.from(out);
      });
      expect(firstDifference(sums[0]!, sums[1]!)).toBe(null);
    },
  );

  it.each(cases)("$name: the same costs, accuracies and parameters, bit for bit", (c) => {
    const arch = architectureFromSizes(c.sizes);
    const [X, Y] = data(c.sizes[0], 333, c.sizes[c.sizes.length - 1]!, 9);
    const a = new FusedTrainer(arch, 333, make() as Kernels, c.loss);
    const b = new FusedTrainer(arch, 333, plain(), c.loss);
    expect(b.kernels.sigmoid).toBeUndefined();
    for (const t of [a, b]) {
      t.setData(X, Y);
      t.setParams(initLayers(arch, 3));
    }
    for (let e = 0; e < 60; e++) {
      const ra = a.epoch(e, 0.5);
      const rb = b.epoch(e, 0.5);
      expect(Object.is(ra.cost, rb.cost), `epoch ${e}: ${ra.cost} vs ${rb.cost}`).toBe(true);
      expect(ra.accuracy).toBe(rb.accuracy);
    }
    const pa = a.params();
    const pb = b.params();
    pa.forEach((p, l) => {
      expect(firstDifference(p.W.data, pb[l]!.W.data), `W${l}`).toBe(null);
      expect(firstDifference(p.b.data, pb[l]!.b.data), `b${l}`).toBe(null);
    });
  });
});

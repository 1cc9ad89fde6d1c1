// The fused table (scripts/engine-ops.mjs -> src/engine/ops.generated.ts) is the one definition
// of every element-wise formula: the generated files are current, the activations and losses
// are built from it, and every kernel set agrees with it bit for bit on NaN, ±0, ±Infinity,
// subnormals and ordinary values (the products' ReLU epilogues, and where a set has them, the
// output layer's sigmoid, its gradient under binary cross-entropy and the cost's sums).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  columnwise,
  evaluate,
  letsOf,
  activations as tableActivations,
  losses as tableLosses,
} from "../../../scripts/engine-ops.mjs";
import { activations } from "../src/activations/registry.ts";
import { tanhValue } from "../src/activations/tanh-value.ts";
import { normalizeArchitecture } from "../src/architecture.ts";
import type { Heap, Kernels } from "../src/engine/kernels.ts";
import { exp32, log32 } from "../src/engine/libm32.ts";
import {
  CLASS_THRESHOLD,
  fusedActivations,
  fusedForward32,
  fusedLoss32,
  fusedLosses,
  fusedSoftmax,
} from "../src/engine/ops.generated.ts";
import { OutputLayer } from "../src/engine/output-layer.ts";
import { planBuffers } from "../src/engine/plan.ts";
import { hasRelaxedSimd } from "../src/engine/select.ts";
import { softmaxBackwardInPlace, softmaxColumnsInPlace } from "../src/engine/softmax.ts";
import { wasmKernels } from "../src/engine/wasm-kernels.ts";
import { Matrix, typedArrayBackend } from "../src/index.ts";
import { exp } from "../src/libm/exp.ts";
import { log } from "../src/libm/log.ts";
import { losses } from "../src/losses/registry.ts";
import { pairwiseSum } from "../src/sum.ts";
import { lcg } from "./engine-data.ts";
import { kernelSets } from "./engine-kernel-sets.ts";

const script = fileURLToPath(new URL("../../../scripts/gen-js-kernels.mjs", import.meta.url));

/** float64 specials: NaN, ±0, ±Infinity, subnormals, the smallest normal, ordinary values. */
const SPECIALS64 = [
  Number.NaN,
  0,
  -0,
  Infinity,
  -Infinity,
  5e-324,
  -5e-324,
  1e-310,
  -1e-310,
  2.2250738585072014e-308,
  -2.2250738585072014e-308,
  1,
  -1,
  0.5,
  -0.75,
  3,
  37,
  -709.5,
  745.2,
  -800,
  1e308,
  -1e308,
];
/** float32 specials (every value exactly a float32): subnormals near 2⁻¹⁴⁹ and 2⁻¹³⁰. */
const SPECIALS32 = [
  Number.NaN,
  0,
  -0,
  Infinity,
  -Infinity,
  2 ** -149,
  -(2 ** -149),
  2 ** -130,
  -(2 ** -130),
  2 ** -126,
  1,
  -1,
  0.5,
  -0.75,
  3,
  37,
  -80,
  3e38,
  -3e38,
];

const show = (x: number): string => (Object.is(x, -0) ? "-0" : String(x));

/** The first index where `got` and `want` differ (Object.is), described, or null. */
function mismatch(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  inputs: (q: number) => string,
): string | null {
  for (let q = 0; q < want.length; q++) {
    if (!Object.is(got[q], want[q])) {
      return `${inputs(q)}: kernel ${show(got[q] as number)}, table ${show(want[q] as number)}`;
    }
  }
  return null;
}

describe("the fused table", () => {
  it("ops.generated.ts and js-gemm.generated.ts are current (node scripts/gen-js-kernels.mjs --check)", () => {
    const out = execFileSync(process.execPath, [script, "--check"], { encoding: "utf8" });
    expect(out).toContain("current");
  });

  it("every built-in element-wise activation is its table entry, and no other", () => {
    expect(Object.keys(activations).sort()).toEqual(Object.keys(fusedActivations).sort());
    for (const [name, act] of Object.entries(activations)) {
      const op = fusedActivations[name as keyof typeof fusedActivations];
      expect(act.forward, name).toBe(op.forward);
      expect(act.backward, name).toBe(op.backward);
      expect(act.backwardFromOutput, name).toBe(op.backwardFromOutput);
    }
  });

  it("every built-in loss carries its table entry as its per-element face", () => {
    expect(Object.keys(losses).sort()).toEqual(Object.keys(fusedLosses).sort());
    expect(losses.binaryCrossEntropy.elementwise).toBe(fusedLosses.binaryCrossEntropy);
    expect(losses.meanSquaredError.elementwise).toBe(fusedLosses.meanSquaredError);
    expect(losses.categoricalCrossEntropy.elementwise).toBe(fusedLosses.categoricalCrossEntropy);
  });

  it("each activation's derivative from its output is its derivative from z, on specials", () => {
    for (const op of Object.values(fusedActivations)) {
      for (const z of SPECIALS64) {
        for (const da of SPECIALS64) {
          const fromZ = op.backward(da, z);
          const fromA = op.backwardFromOutput(da, op.forward(z));
          expect(Object.is(fromZ, fromA), `${op.name} da=${show(da)} z=${show(z)}`).toBe(true);
        }
      }
    }
  });
});

describe.each(kernelSets)("$name agrees with the fused table", ({ make }) => {
  const make1 = (): Kernels => {
    const k = make();
    if (k === null) throw new Error("kernel set unavailable");
    return k;
  };

  it("gemm's relu epilogue: forward and derivative from the output on every pair of specials", () => {
    const k = make1();
    const f32 = k.dtype === "float32";
    const specials = f32 ? SPECIALS32 : SPECIALS64;
    const r = f32 ? Math.fround : (x: number) => x;
    const n = specials.length * specials.length;
    const a = k.alloc(1);
    const b = k.alloc(n);
    const c = k.alloc(n);
    const mask = k.alloc(n);
    const out = k.alloc(n);
    let h: Heap = k.heap();
    h[a] = 1;
    for (let i = 0; i < specials.length; i++) {
      for (let j = 0; j < specials.length; j++) {
        h[b + i * specials.length + j] = specials[i] as number;
        h[mask + i * specials.length + j] = specials[j] as number;
      }
    }
    const relu = fusedActivations.relu;
    // The product's sum of one term: s = 0 + 1·x (so −0 arrives as +0, as in any product).
    const sums = Array.from({ length: n }, (_, q) => r(0 + r(1 * (h[b + q] as number))));
    const describeIn = (q: number): string =>
      `s=${show(sums[q] as number)} mask=${show(specials[q % specials.length] as number)}`;

    k.gemm(a, 1, 1, b, c, 1, 1, n, { kind: "relu", mask });
    h = k.heap();
    const wantMasked = sums.map((s, q) => relu.backwardFromOutput(s, h[mask + q] as number));
    expect(mismatch(h.subarray(c, c + n), wantMasked, describeIn)).toBeNull();

    k.gemm(a, 1, 1, b, c, 1, 1, n, { kind: "relu", out });
    h = k.heap();
    const wantRelu = sums.map((s) => relu.forward(s));
    expect(mismatch(h.subarray(out, out + n), wantRelu, describeIn)).toBeNull();
    expect(mismatch(h.subarray(c, c + n), sums, describeIn)).toBeNull();

    k.gemm(a, 1, 1, b, c, 1, 1, n, { kind: "relu", out: c });
    h = k.heap();
    expect(mismatch(h.subarray(c, c + n), wantRelu, describeIn)).toBeNull();
  });

  it("an epilogue of an unknown kind is a TypeError naming the kernel set", () => {
    const k = make1();
    const a = k.alloc(1);
    const bad = { kind: "gelu" } as unknown as Parameters<Kernels["gemm"]>[8];
    expect(() => k.gemm(a, 1, 1, a, a, 1, 1, 1, bad)).toThrow(
      /gemm: epilogue\.kind must be "none" or "relu", got "gelu"/,
    );
  });
});

/** Every kernel set, with the relaxed-SIMD (fma) ones where the runtime has them. */
const allSets = [
  ...kernelSets,
  { name: "wasm-simd-f64-fma", make: (): Kernels | null => wasmKernels("float64", { fma: true }) },
  { name: "wasm-simd-f32-fma", make: (): Kernels | null => wasmKernels("float32", { fma: true }) },
].filter(({ make }) => make() !== null);

/** The float64 sets with the output layer's kernels (the WebAssembly ones). */
const outputSets = allSets.filter(({ make }) => {
  const k = make();
  return k !== null && k.dtype === "float64" && k.sigmoid !== undefined;
});

describe.each(outputSets)("$name's output layer agrees with the fused table", ({ make }) => {
  it.each(["small", "large"] as const)(
    "sigmoid, its gradient under binary cross-entropy and the cost's sums, on specials (%s sums)",
    (size) => {
      const k = make()!;
      if (k.sigmoid === undefined) throw new Error("no sigmoid kernel");
      const sigmoid = fusedActivations.sigmoid;
      const bce = fusedLosses.binaryCrossEntropy;
      const zs = SPECIALS64;
      const n = zs.length;
      const z = k.alloc(n);
      const p = k.alloc(320);
      const y = k.alloc(320);
      const dz = k.alloc(n * 4);
      let h: Heap = k.heap();
      h.set(zs, z);
      k.sigmoid(z, z + 0, n);
      h = k.heap();
      const wantSigmoid = zs.map((x) => sigmoid.forward(x));
      expect(
        mismatch(h.subarray(z, z + n), wantSigmoid, (q) => `sigmoid(${show(zs[q]!)})`),
      ).toBeNull();
      // Predictions: the specials and probabilities (0, 1, ε, 1 − ε ...), each with t = 0, 1,
      // 0.5 and NaN.
      const preds = [...zs, 2 ** -52, 1 - 2 ** -52, 2 ** -53, 0.25];
      const targets = [0, 1, 0.5, Number.NaN];
      const pairs = preds.flatMap((pv) => targets.map((tv) => [pv, tv] as const)).slice(0, n * 4);
      pairs.forEach(([pv, tv], q) => {
        h[p + q] = pv;
        h[y + q] = tv;
      });
      const count = pairs.length;
      const label = (q: number): string => `t=${show(pairs[q]![1])} a=${show(pairs[q]![0])}`;
      if (k.bceSigmoidDz !== undefined) {
        k.bceSigmoidDz(p, y, dz, count);
        h = k.heap();
        const want = pairs.map(([a, t]) => sigmoid.backwardFromOutput(bce.gradient(t, a, 1), a));
        expect(mismatch(h.subarray(dz, dz + count), want, label)).toBeNull();
      }
      const labelled = pairs.filter(([, t]) => !Number.isNaN(t));
      // Past 128 values the sums split in halves: the labelled pairs again, shuffled, to 301.
      const finite =
        size === "small"
          ? labelled
          : Array.from({ length: 301 }, (_, q) => labelled[(q * 7) % labelled.length]!);
      // The cost's two sums, over pairs with a label (a NaN label only makes both NaN).
      finite.forEach(([pv, tv], q) => {
        h[p + q] = pv;
        h[y + q] = tv;
      });
      const posTerms = finite.map(([a, t]) => bce.pos(t, a));
      const negTerms = finite.map(([a, t]) => bce.neg!(t, a));
      const wantPos = pairwiseSum(posTerms, 0, posTerms.length, 1);
      const wantNeg = pairwiseSum(negTerms, 0, negTerms.length, 1);
      if (k.bceSums !== undefined) {
        const sums = new Float64Array(2);
        k.bceSums(p, y, finite.length, sums, 0);
        expect(mismatch(sums, [wantPos, wantNeg], (q) => (q === 0 ? "pos" : "neg"))).toBeNull();
      }
      if (k.bceSum !== undefined) {
        const got = k.bceSum(p, y, finite.length);
        expect(Object.is(got, wantPos + wantNeg), `bceSum ${got}`).toBe(true);
      }
    },
  );
});

/** The float32 sets (their output layer computes the table's float32 forms). */
const float32Sets = allSets.filter(({ make }) => {
  const k = make();
  return k !== null && k.dtype === "float32" && k.sigmoid !== undefined;
});

describe.each(float32Sets)("$name's float32 sigmoid is the table's float32 form", ({ make }) => {
  it("on float32 specials and the exp32 clamp's edges", () => {
    const k = make()!;
    const zs = [...SPECIALS32, 87.5, 88, 88.5, -87.5, -88, -88.5, 2 ** -20, -(2 ** -20)];
    const n = zs.length;
    const z = k.alloc(n);
    const a = k.alloc(n);
    k.heap().set(zs, z);
    k.sigmoid!(z, a, n);
    const want = zs.map((x) => fusedForward32.sigmoid(Math.fround(x)));
    expect(mismatch(k.heap().subarray(a, a + n), want, (q) => `z=${show(zs[q]!)}`)).toBeNull();
  });
});

describe("the relaxed-SIMD (fma) kernel sets agree with the table's relu epilogue", () => {
  for (const dtype of ["float64", "float32"] as const) {
    it(`${dtype}: mask and output (where the runtime has relaxed SIMD)`, () => {
      const k = wasmKernels(dtype, { fma: true });
      if (k === null) {
        expect(hasRelaxedSimd()).toBe(false);
        return;
      }
      const kk = k;
      const specials = dtype === "float32" ? SPECIALS32 : SPECIALS64;
      const n = specials.length;
      const a = kk.alloc(1);
      const b = kk.alloc(n);
      const c = kk.alloc(n);
      const mask = kk.alloc(n);
      let h = kk.heap();
      h[a] = 1;
      h.set(specials, b);
      h.set([...specials].reverse(), mask);
      const sums = Array.from(h.subarray(b, b + n), (x) => 0 + x);
      kk.gemm(a, 1, 1, b, c, 1, 1, n, { kind: "relu", mask });
      h = kk.heap();
      const want = sums.map((s, q) => fusedActivations.relu.backwardFromOutput(s, h[mask + q]!));
      expect(mismatch(h.subarray(c, c + n), want, (q) => `s=${show(sums[q]!)}`)).toBeNull();
      kk.gemm(a, 1, 1, b, c, 1, 1, n, { kind: "relu", out: c });
      h = kk.heap();
      const wantRelu = sums.map((s) => fusedActivations.relu.forward(s));
      expect(mismatch(h.subarray(c, c + n), wantRelu, (q) => `s=${show(sums[q]!)}`)).toBeNull();
    });
  }
});

// ---------------------------------------------------------------------------------------------
// The generated functions and every kernel against the table's own expressions (evaluated by
// scripts/engine-ops.mjs's `evaluate`, independent of how toJs and toWat render them).

const F64_CALLS = { exp, log, tanhValue };
const F32_FUNCTIONS: Readonly<Record<string, (x: number) => number>> = { exp32, log32 };

/** A table entry's float32 call names (`{ exp: "exp32" }`) as functions. */
function calls32(
  names: Readonly<Record<string, string>> | undefined,
): Record<string, (x: number) => number> {
  const out: Record<string, (x: number) => number> = {};
  for (const [fn, impl] of Object.entries(names ?? {})) {
    const f = F32_FUNCTIONS[impl];
    if (f === undefined) throw new Error(`no float32 function ${impl}`);
    out[fn] = f;
  }
  return out;
}

/** The variables of a loss entry's expressions for target t and prediction p: its locals too. */
function lossEnv(
  lets: ReturnType<typeof letsOf>,
  t: number,
  p: number,
  rows: number,
  calls: Readonly<Record<string, (x: number) => number>>,
  f32 = false,
): Record<string, number> {
  const env: Record<string, number> = { t, p, rows };
  for (const [name, e] of lets) env[name] = evaluate(e, env, calls, f32);
  return env;
}

/** Collects "what: got vs want" for every pair that differs (Object.is). */
function differences(): {
  check: (got: number, want: number, what: string) => void;
  list: string[];
} {
  const list: string[] = [];
  return {
    list,
    check(got, want, what) {
      if (!Object.is(got, want)) list.push(`${what}: got ${show(got)}, table ${show(want)}`);
    },
  };
}

/** Probabilities and the clip's edges, beside the specials. */
const PROBS64 = [2 ** -52, 2 ** -53, 2 ** -60, 1 - 2 ** -52, 1 - 2 ** -53, 0.25, 0.75, 1, 0];
const TARGETS64 = [0, -0, 1, 0.5, 0.3, Number.NaN, Infinity, -Infinity, 5e-324, 2];
const PROBS32 = [2 ** -52, 2 ** -60, 1 - 2 ** -24, 0.25, Math.fround(0.3), 1, 0];
const TARGETS32 = [0, -0, 1, Math.fround(0.3), Number.NaN, Infinity, -Infinity, 2 ** -149, 2];

describe("the generated functions (ops.generated.ts) are the table's expressions", () => {
  it("every activation: forward, backward and derivative from the output, on every pair of specials", () => {
    const d = differences();
    for (const [name, entry] of Object.entries(tableActivations)) {
      const op = fusedActivations[name as keyof typeof fusedActivations];
      expect(op, name).toBeDefined();
      for (const z of SPECIALS64) {
        d.check(
          op.forward(z),
          evaluate(entry.forward, { z }, F64_CALLS),
          `${name}.forward(${show(z)})`,
        );
        for (const da of SPECIALS64) {
          const env: Record<string, number> = { z, da };
          if (entry.backwardLet !== undefined) {
            env[entry.backwardLet[0]] = evaluate(entry.backwardLet[1], env, F64_CALLS);
          }
          const at = `(${show(da)}, ${show(z)})`;
          d.check(
            op.backward(da, z),
            evaluate(entry.backward, env, F64_CALLS),
            `${name}.backward${at}`,
          );
          d.check(
            op.backwardFromOutput(da, z),
            evaluate(entry.fromOutput, { da, a: z }, F64_CALLS),
            `${name}.backwardFromOutput${at}`,
          );
        }
      }
    }
    expect(d.list.slice(0, 5)).toEqual([]);
  });

  it("the float32 forward functions, in float32 arithmetic, on float32 specials", () => {
    const d = differences();
    const forms = Object.entries(tableActivations).filter(([, e]) => e.float32 !== undefined);
    expect(Object.keys(fusedForward32).sort()).toEqual(forms.map(([n]) => n).sort());
    for (const [name, entry] of forms) {
      const f = fusedForward32[name as keyof typeof fusedForward32];
      for (const z of [...SPECIALS32, 87.5, 88, 88.5, -88.5, 2 ** -20]) {
        d.check(
          f(z),
          evaluate(entry.forward, { z }, calls32(entry.float32), true),
          `${name}(${show(z)})`,
        );
      }
    }
    expect(d.list.slice(0, 5)).toEqual([]);
  });

  it("every loss: the cost terms and the gradient on specials x targets, the cost of its sums", () => {
    const d = differences();
    for (const [name, entry] of Object.entries(tableLosses)) {
      const op = fusedLosses[name as keyof typeof fusedLosses];
      expect(op, name).toBeDefined();
      const lets = letsOf(entry.let);
      for (const p of [...SPECIALS64, ...PROBS64]) {
        for (const t of TARGETS64) {
          const env = lossEnv(lets, t, p, 3, F64_CALLS);
          const at = `(t=${show(t)}, p=${show(p)})`;
          d.check(op.pos(t, p), evaluate(entry.pos, env, F64_CALLS), `${name}.pos${at}`);
          if (entry.neg !== null) {
            d.check(op.neg!(t, p), evaluate(entry.neg, env, F64_CALLS), `${name}.neg${at}`);
          }
          d.check(
            op.gradient(t, p, 3),
            evaluate(entry.gradient, env, F64_CALLS),
            `${name}.gradient${at}`,
          );
        }
      }
      for (const pos of [-3.5, -0, 0, Number.NaN, -Infinity]) {
        for (const neg of [-1.25, -0, Number.NaN]) {
          for (const [rows, m] of [
            [1, 900],
            [3, 7],
          ] as const) {
            d.check(
              op.cost(pos, neg, rows, m),
              evaluate(entry.cost, { pos, neg, rows, m }, F64_CALLS),
              `${name}.cost(${show(pos)}, ${show(neg)}, ${rows}, ${m})`,
            );
          }
        }
      }
    }
    expect(d.list.slice(0, 5)).toEqual([]);
  });

  it("the float32 cost terms, in float32 arithmetic with the entry's float32 locals", () => {
    const d = differences();
    const forms = Object.entries(tableLosses).filter(([, e]) => e.float32 !== undefined);
    expect(Object.keys(fusedLoss32).sort()).toEqual(forms.map(([n]) => n).sort());
    for (const [name, entry] of forms) {
      const op = fusedLoss32[name as keyof typeof fusedLoss32];
      const calls = calls32(entry.float32?.calls);
      const lets = letsOf(entry.float32?.let ?? null);
      for (const p of [...SPECIALS32, ...PROBS32]) {
        for (const t of TARGETS32) {
          const env = lossEnv(lets, t, p, 1, calls, true);
          const at = `(t=${show(t)}, p=${show(p)})`;
          d.check(op.pos(t, p), evaluate(entry.pos, env, calls, true), `${name}.pos${at}`);
          d.check(op.neg(t, p), evaluate(entry.neg!, env, calls, true), `${name}.neg${at}`);
        }
      }
    }
    expect(d.list.slice(0, 5)).toEqual([]);
  });
});

describe.each(float32Sets)("$name's float32 output layer is the table's", ({ make }) => {
  const bce = tableLosses.binaryCrossEntropy!;
  const f32Calls = calls32(bce.float32?.calls);
  const f32Lets = letsOf(bce.float32?.let ?? null);

  it.each([
    ["every target", TARGETS32],
    ["targets 0 and 1 only (one log a vector)", [0, 1, -0, 1]],
  ] as const)("bceTerms on float32 specials x %s", (_, targets) => {
    const k = make()!;
    const preds = [...SPECIALS32, ...PROBS32];
    const pairs = preds.flatMap((pv) => targets.map((tv) => [pv, tv] as const));
    const n = pairs.length;
    const p = k.alloc(n);
    const y = k.alloc(n);
    const pos = k.alloc(n);
    const neg = k.alloc(n);
    let h: Heap = k.heap();
    pairs.forEach(([pv, tv], q) => {
      h[p + q] = pv;
      h[y + q] = tv;
    });
    k.bceTerms!(p, y, n, pos, neg);
    h = k.heap();
    const d = differences();
    pairs.forEach(([pv, tv], q) => {
      const env = lossEnv(f32Lets, tv, pv, 1, f32Calls, true);
      const at = `(t=${show(tv)}, p=${show(pv)})`;
      d.check(h[pos + q]!, evaluate(bce.pos, env, f32Calls, true), `pos${at}`);
      d.check(h[neg + q]!, evaluate(bce.neg!, env, f32Calls, true), `neg${at}`);
    });
    expect(d.list.slice(0, 5)).toEqual([]);
  });

  it("bceSigmoidDz: the table's float64 gradient of the widened values, rounded once", () => {
    const k = make()!;
    if (k.bceSigmoidDz === undefined) {
      // Only the JavaScript set leaves it to the output layer's loop over the table's functions.
      expect(k.name).toBe("js-f32");
      return;
    }
    const sigmoid = tableActivations.sigmoid!;
    const pairs = [...SPECIALS32, ...PROBS32].flatMap((pv) =>
      TARGETS32.map((tv) => [pv, tv] as const),
    );
    const n = pairs.length;
    const p = k.alloc(n);
    const y = k.alloc(n);
    const dz = k.alloc(n);
    let h: Heap = k.heap();
    pairs.forEach(([pv, tv], q) => {
      h[p + q] = pv;
      h[y + q] = tv;
    });
    k.bceSigmoidDz(p, y, dz, n);
    h = k.heap();
    const d = differences();
    pairs.forEach(([a, t], q) => {
      const da = evaluate(bce.gradient, lossEnv(letsOf(bce.let), t, a, 1, F64_CALLS), F64_CALLS);
      const want = Math.fround(evaluate(sigmoid.fromOutput, { da, a }, F64_CALLS));
      d.check(h[dz + q]!, want, `(t=${show(t)}, a=${show(a)})`);
    });
    expect(d.list.slice(0, 5)).toEqual([]);
  });
});

describe.each(allSets.filter(({ make }) => make()?.countCorrect !== undefined))(
  "$name's accuracy count thresholds at the table's CLASS_THRESHOLD",
  ({ make }) => {
    it.each([1, 2, 3])("%i output rows, on specials and the threshold's neighbours", (rows) => {
      const k = make()!;
      const f32 = k.dtype === "float32";
      const r = f32 ? Math.fround : (x: number) => x;
      const above = f32 ? CLASS_THRESHOLD + 2 ** -24 : CLASS_THRESHOLD + 2 ** -53;
      const below = f32 ? CLASS_THRESHOLD - 2 ** -25 : CLASS_THRESHOLD - 2 ** -54;
      const preds = [...(f32 ? SPECIALS32 : SPECIALS64), CLASS_THRESHOLD, above, below].map(r);
      const targets = [0, 1, -0, Number.NaN, 0.5];
      // Every (prediction, target) pair in some row of some sample, samples of mixed rows.
      const m = preds.length * targets.length + 3;
      const p = k.alloc(rows * m);
      const y = k.alloc(rows * m);
      const h = k.heap();
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < m; j++) {
          const q = (j * (i + 1) + i * 5) % (preds.length * targets.length);
          h[p + i * m + j] = preds[q % preds.length]!;
          // Mostly the right class, so that whole samples are right too.
          const right = (preds[q % preds.length]! > CLASS_THRESHOLD ? 1 : 0) as number;
          h[y + i * m + j] = (j + i) % 3 === 0 ? targets[q % targets.length]! : right;
        }
      }
      let want = 0;
      for (let j = 0; j < m; j++) {
        let all = true;
        for (let i = 0; i < rows; i++) {
          const cls = (h[p + i * m + j] as number) > CLASS_THRESHOLD ? 1 : 0;
          if (cls !== h[y + i * m + j]) all = false;
        }
        if (all) want++;
      }
      expect(want).toBeGreaterThan(0);
      expect(want).toBeLessThan(m);
      expect(k.countCorrect!(p, y, rows, m)).toBe(want);
    });
  },
);

describe("categorical cross-entropy and softmax in the fused table", () => {
  const EPS = 2 ** -52;
  const preds = [...SPECIALS64, EPS, 2 ** -53, 1 - EPS, 0.25];
  const targets = [0, 1, 0.5, -0, Number.NaN, 2, -1, Infinity, 5e-324];

  it("the CCE entry is the reference's formulas (max(p, ε), −t/c, p − t) on every pair of specials", () => {
    const cce = fusedLosses.categoricalCrossEntropy;
    for (const p of preds) {
      for (const t of targets) {
        const c = Math.max(p, EPS);
        const what = `t=${show(t)} p=${show(p)}`;
        expect(Object.is(cce.pos(t, p), t * log(c)), `pos ${what}`).toBe(true);
        expect(Object.is(cce.gradient(t, p, 3), -(t / c)), `gradient ${what}`).toBe(true);
        expect(Object.is(cce.softmaxDelta!(t, p), p - t), `delta ${what}`).toBe(true);
      }
    }
    expect(cce.neg).toBeNull();
    expect(cce.cost(-6, 0, 3, 4)).toBe(1.5);
    expect(fusedLosses.binaryCrossEntropy.softmaxDelta).toBeNull();
  });

  it.each(kernelSets.filter(({ make }) => make() !== null))(
    "$name's output layer computes the CCE terms, sums and dZ = ŷ − t on specials",
    ({ make }) => {
      const k = make()!;
      const arch = normalizeArchitecture([{ inputDim: 1, outputDim: 2, activation: "softmax" }]);
      const pairs = preds.flatMap((p) => targets.map((t) => [p, t] as const));
      const m = pairs.length / 2;
      const face = fusedLosses.categoricalCrossEntropy;
      const plan = planBuffers(arch, m, k, face);
      const out = new OutputLayer(k, plan, face, m);
      const L = plan.layers[0]!;
      const h = k.heap();
      pairs.forEach(([p, t], q) => {
        h[L.A + q] = p;
        h[plan.Y + q] = t;
      });
      // The values as the heap holds them (a float32 heap rounds them).
      const held = pairs.map((_, q) => [h[L.A + q]!, h[plan.Y + q]!] as const);
      const label = (q: number): string => `t=${show(held[q]![1])} p=${show(held[q]![0])}`;
      const terms = held.map(([p, t]) => face.pos(t, p));
      const sums = new Float64Array(2);
      out.costSums(sums, 0, m);
      expect(Object.is(sums[0], pairwiseSum(terms, 0, terms.length, 1)), `sum ${sums[0]}`).toBe(
        true,
      );
      out.gradient(m);
      const round = k.dtype === "float32" ? Math.fround : (x: number): number => x;
      const want = held.map(([p, t]) => round(p - t));
      expect(mismatch(k.heap().subarray(L.dZ, L.dZ + 2 * m), want, label)).toBeNull();
    },
  );

  it("softmax's generated steps are the table's, in float64 and float32, on specials", () => {
    const entry = columnwise.softmax;
    const pairs = SPECIALS64.flatMap((x) => SPECIALS64.map((y) => [x, y] as const));
    for (const f32 of [false, true]) {
      const steps = f32 ? fusedSoftmax.float32 : fusedSoftmax.float64;
      const calls = f32 ? { exp: exp32 } : { exp };
      const ev = (e: Parameters<typeof evaluate>[0], env: Record<string, number>): number =>
        evaluate(e, env, calls, f32);
      for (const [x, y] of pairs) {
        const at = `${f32 ? "f32" : "f64"} (${show(x)}, ${show(y)})`;
        const same = (got: number, want: number, what: string): void => {
          expect(Object.is(got, want), `${what} ${at}: ${show(got)} vs ${show(want)}`).toBe(true);
        };
        same(steps.shifted(x, y), ev(entry.shifted, { z: x, max: y }), "shifted");
        same(steps.accumulate(x, y), ev(entry.accumulate, { s: x, e: y }), "accumulate");
        same(steps.normalize(x, y), ev(entry.normalize, { e: x, s: y }), "normalize");
        same(steps.dotTerm(x, y), ev(entry.dotTerm, { da: x, a: y }), "dotTerm");
        same(steps.jvp(x, y, 0.5), ev(entry.jvp, { da: x, a: y, dot: 0.5 }), "jvp");
      }
    }
  });

  it.each(kernelSets.filter(({ make }) => make()?.softmaxColumns !== undefined))(
    "$name's softmaxColumns kernel is the column loops' bits on specials (every m mod 4)",
    ({ make }) => {
      const vals = [Number.NaN, 0, -0, Infinity, -Infinity, 5e-324, 1, -1, 37, -745.5, 710, 1e308];
      const cols: number[][] = [];
      for (const x of vals)
        for (const y of vals) for (const z of [0, -2, 1e308, -800]) cols.push([x, y, z]);
      // Ordinary columns too, and random ones (most on the two-lane fast path).
      const r = lcg(3);
      for (let j = 0; j < 101; j++) cols.push([r() * 20 - 10, r() * 20 - 10, r() * 1400 - 700]);
      for (const m of [cols.length, cols.length - 1, cols.length - 2, cols.length - 3, 1, 2, 3]) {
        const k = make()!;
        const z = k.alloc(3 * m);
        const a = k.alloc(3 * m);
        let h = k.heap();
        for (let j = 0; j < m; j++) for (let i = 0; i < 3; i++) h[z + i * m + j] = cols[j]![i]!;
        // The set's own steps over the values as stored (float32: rounded, and every step in
        // float32 arithmetic).
        const f32 = k.dtype === "float32";
        const stored = h.subarray(z, z + 3 * m);
        const want = f32 ? Float32Array.from(stored) : Float64Array.from(stored);
        softmaxColumnsInPlace(want, 0, 0, 3, m, f32 ? fusedSoftmax.float32 : fusedSoftmax.float64);
        k.softmaxColumns!(z, a, 3, m);
        h = k.heap();
        const at = (q: number): string => `m=${m} column ${cols[q % m]!.map(show).join(", ")}`;
        expect(mismatch(h.subarray(a, a + 3 * m), want, at)).toBeNull();
        // In place (a = z), as the engine calls it.
        k.softmaxColumns!(z, z, 3, m);
        expect(mismatch(k.heap().subarray(z, z + 3 * m), want, at)).toBeNull();
      }
    },
  );

  it("softmax's column loops are the reference's (max, exp(z − max), sum from +0, e / s) on specials", () => {
    // Every 3-value column of specials (with repeats), as the original loops compute them.
    const vals = [Number.NaN, 0, -0, Infinity, -Infinity, 5e-324, 1, -1, 37, -745.5, 710, 1e308];
    const cols: number[][] = [];
    for (const a of vals)
      for (const b of vals) for (const c of [0, -2, 1e308]) cols.push([a, b, c]);
    const m = cols.length;
    const Z = new Matrix(3, m);
    cols.forEach((col, j) => {
      for (let i = 0; i < 3; i++) Z.set(i, j, col[i]!);
    });
    const want = new Float64Array(3 * m);
    for (let j = 0; j < m; j++) {
      let max = Z.get(0, j);
      for (let i = 1; i < 3; i++) if (Z.get(i, j) > max) max = Z.get(i, j);
      let s = 0;
      for (let i = 0; i < 3; i++) {
        want[i * m + j] = exp(Z.get(i, j) - max);
        s += want[i * m + j]!;
      }
      for (let i = 0; i < 3; i++) want[i * m + j] = want[i * m + j]! / s;
    }
    const at = (q: number): string => `column ${cols[q % m]!.map(show).join(", ")}`;
    expect(mismatch(typedArrayBackend.softmaxColumns(Z).data, want, at)).toBeNull();
    const heap = Float64Array.from(Z.data);
    softmaxColumnsInPlace(heap, 0, 0, 3, m, fusedSoftmax.float64);
    expect(mismatch(heap, want, at)).toBeNull();
    // The backward pass's Jacobian-vector product, against the reference's backend ops.
    const dA = new Matrix(
      3,
      m,
      Float64Array.from(want, (_, q) => SPECIALS64[q % SPECIALS64.length]!),
    );
    const A = new Matrix(3, m, want);
    const be = typedArrayBackend;
    const ones = be.map(be.zeros(3, 1), () => 1);
    const dots = be.matmul(ones, be.mul(dA, A), { transposeA: true });
    const ref = be.mul(A, be.sub(dA, be.matmul(ones, dots)));
    const dz = new Float64Array(6 * m);
    dz.set(dA.data, 0);
    dz.set(A.data, 3 * m);
    softmaxBackwardInPlace(dz, 0, 3 * m, 0, 3, m, fusedSoftmax.float64);
    expect(mismatch(dz.subarray(0, 3 * m), ref.data, at)).toBeNull();
  });
});

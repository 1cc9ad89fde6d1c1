// The fused table (scripts/engine-ops.mjs -> src/engine/ops.generated.ts) is the one definition
// of every element-wise formula: the generated files are current, the activations and losses
// are built from it, and every kernel set agrees with it bit for bit on NaN, ±0, ±Infinity,
// subnormals and ordinary values (the products' ReLU epilogues, and where a set has them, the
// output layer's sigmoid, its gradient under binary cross-entropy and the cost's sums).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { activations } from "../src/activations/registry.ts";
import { normalizeArchitecture } from "../src/architecture.ts";
import type { Heap, Kernels } from "../src/engine/kernels.ts";
import {
  fusedActivations,
  fusedForward32,
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

/** The float64 sets with the output layer's kernels (the WebAssembly ones). */
const outputSets = kernelSets.filter(({ make }) => {
  const k = make();
  return k !== null && k.dtype === "float64" && k.sigmoid !== undefined;
});

describe.each(outputSets)("$name's output layer agrees with the fused table", ({ make }) => {
  it("sigmoid, its gradient under binary cross-entropy and the cost's sums, on specials", () => {
    const k = make()!;
    if (k.sigmoid === undefined) throw new Error("no sigmoid kernel");
    const sigmoid = fusedActivations.sigmoid;
    const bce = fusedLosses.binaryCrossEntropy;
    const zs = SPECIALS64;
    const n = zs.length;
    const z = k.alloc(n);
    const p = k.alloc(n * 4);
    const y = k.alloc(n * 4);
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
    const finite = pairs.filter(([, t]) => !Number.isNaN(t));
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
  });
});

/** The float32 sets (their output layer computes the table's float32 forms). */
const float32Sets = kernelSets.filter(({ make }) => {
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

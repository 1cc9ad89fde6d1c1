// The dead-unit proof's rounding margin (trainer.ts, #provenDead). A hidden ReLU unit dead in
// one pass is skipped in the next when `b + Σ max(w·lo, w·hi)` plus a margin is <= 0. These
// cases sit exactly where the margin matters: the bound is <= 0 in exact arithmetic, yet the
// kernel's rounded sum is > 0, so the unit is alive in the dense pass. Without the margin
// (`bound <= 0`) the skipping pass would output +0 there and differ from the dense pass; the
// subnormal cases need the margin's absolute part, since a product that underflows is rounded
// by up to half the smallest subnormal, far more than any relative margin of a tiny scale.
import { describe, expect, it } from "vitest";
import { FusedTrainer, normalizeArchitecture } from "../src/engine.ts";
import { Matrix, type Params } from "../src/index.ts";
import { meanSquaredError } from "../src/losses/mean-squared-error.ts";
import { kernelSets } from "./engine-kernel-sets.ts";

// Unit 0 of the hidden layer is the one under test; unit 1 (= x0) keeps the layer alive.
const arch = normalizeArchitecture([
  { inputDim: 4, outputDim: 2, activation: "relu" },
  { inputDim: 2, outputDim: 1, activation: "linear" },
]);

function params(w: number[], b: number): Params {
  return [
    {
      W: new Matrix(2, 4, Float64Array.from([...w, 1, 0, 0, 0])),
      b: new Matrix(2, 1, Float64Array.from([b, 0])),
    },
    { W: new Matrix(1, 2, Float64Array.from([1, 0])), b: new Matrix(1, 1) },
  ];
}

interface Outcome {
  /** The output (= unit 0's activation) on the second sample. */
  readonly out: number;
  /** Live units of the hidden layer after the first pass. */
  readonly liveFirst: number;
  /** Units of the hidden layer proven dead (not computed) in the second pass. */
  readonly proven: number;
}

/**
 * One forward pass on `first` (where unit 0 is dead), then one on `second` (where its bound
 * is the question), with or without dead-unit skipping.
 */
function twoPasses(
  set: (typeof kernelSets)[number],
  skip: boolean,
  p: Params,
  first: number[],
  second: number[],
): Outcome {
  const kernels = set.make();
  if (kernels === null) throw new Error(`${set.name} is not available in this runtime`);
  const t = new FusedTrainer(arch, 1, kernels, meanSquaredError, { skipDeadUnits: skip });
  t.setParams(p);
  t.setData(new Matrix(4, 1, Float64Array.from(first)), Matrix.row([0]));
  t.forward();
  const liveFirst = t.liveUnits()[0]!;
  t.setData(new Matrix(4, 1, Float64Array.from(second)), Matrix.row([0]));
  t.forward();
  return { out: t.output().data[0]!, liveFirst, proven: t.provenDeadUnits()[0]! };
}

/** Expects skipping and dense passes to agree bit for bit, the unit to be alive (> 0). */
function expectAliveAndSame(
  set: (typeof kernelSets)[number],
  p: Params,
  first: number[],
  second: number[],
): void {
  const skip = twoPasses(set, true, p, first, second);
  const dense = twoPasses(set, false, p, first, second);
  expect(skip.liveFirst, "unit 0 must be dead after the first pass").toBe(1);
  expect(dense.out, "the dense pass computes unit 0 alive").toBeGreaterThan(0);
  expect(skip.proven, "the margin must refuse the proof").toBe(0);
  expect(Object.is(skip.out, dense.out), `skip ${skip.out} vs dense ${dense.out}`).toBe(true);
}

describe.each(kernelSets)("$name: the dead-unit margin", (set) => {
  const f32 = set.name.includes("f32");
  // u: the heap type's spacing just above 1.
  const u = f32 ? 2 ** -23 : 2 ** -52;

  it("a bound within rounding of 0 is not taken as a proof", () => {
    // z = 1 + 3t + b with t just above u/2: each add of t rounds up a whole u, so the kernel's
    // z is +u, while the exact z (and the bound) is 1.5u + 3·2⁻⁸u − 2u < 0.
    const t = u / 2 + u / 256;
    const b = -(1 + 2 * u);
    expectAliveAndSame(set, params([1, 1, 1, 1], b), [0.5, 0, 0, 0], [1, t, t, t]);
  });

  it("a bound far below 0 is a proof (the check above is not vacuous)", () => {
    const t = u / 2 + u / 256;
    const p = params([1, 1, 1, 1], -1.001);
    const skip = twoPasses(set, true, p, [0.5, 0, 0, 0], [1, t, t, t]);
    const dense = twoPasses(set, false, p, [0.5, 0, 0, 0], [1, t, t, t]);
    expect(skip.proven).toBe(1);
    expect(Object.is(skip.out, 0)).toBe(true);
    expect(Object.is(dense.out, 0)).toBe(true);
  });

  it("products that underflow to subnormals: the margin keeps an absolute part", () => {
    // Each product (1/2 + 2⁻¹⁰)·tiny rounds up to `tiny` (the smallest subnormal), so the
    // kernel's z is 4·tiny − 3·tiny = tiny > 0 while the exact z is −(1 − 2⁻⁸)·tiny < 0. A
    // margin relative to a scale of a few `tiny` is far below `tiny` (or underflows to 0).
    const tiny = f32 ? 2 ** -149 : 2 ** -1074;
    const w = 0.5 + 2 ** -10;
    const p = params([w, w, w, w], -3 * tiny);
    if (f32) {
      // The float32 kernels round the products to float32; the bound is exact in float64.
      expectAliveAndSame(set, p, [0, 0, 0, 0], [tiny, tiny, tiny, tiny]);
    } else {
      // In float64 the bound's own products round exactly as the kernel's: the bound is +tiny,
      // no proof is attempted past it, and both passes agree.
      const skip = twoPasses(set, true, p, [0, 0, 0, 0], [tiny, tiny, tiny, tiny]);
      const dense = twoPasses(set, false, p, [0, 0, 0, 0], [tiny, tiny, tiny, tiny]);
      expect(dense.out).toBe(tiny);
      expect(Object.is(skip.out, dense.out)).toBe(true);
    }
  });

  it("an exactly-zero bound of subnormal terms is not a proof either", () => {
    // Products round to `tiny` each: kernel z = 4·tiny − 4·tiny = 0 and the bound is 0; the
    // relative margin of such a scale underflows to 0 in float64, the absolute part does not.
    const tiny = f32 ? 2 ** -149 : 2 ** -1074;
    const w = 0.5 + 2 ** -10;
    const p = params([w, w, w, w], -4 * tiny);
    const skip = twoPasses(set, true, p, [0, 0, 0, 0], [tiny, tiny, tiny, tiny]);
    const dense = twoPasses(set, false, p, [0, 0, 0, 0], [tiny, tiny, tiny, tiny]);
    expect(skip.proven).toBe(0);
    expect(Object.is(skip.out, dense.out)).toBe(true);
  });
});

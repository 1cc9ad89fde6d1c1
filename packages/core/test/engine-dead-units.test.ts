// The fused engine skips dead ReLU units (all-zero output rows) in its products. That must
// never change a bit: every kernel set is checked against itself with skipping turned off, on
// training runs that have dead units, on layers where every unit is dead, and on random
// networks with non-finite and overflowing values, where the skipped products would be NaN.
import { describe, expect, it } from "vitest";
import type { Kernels } from "../src/engine/kernels.ts";
import { FusedTrainer, normalizeArchitecture } from "../src/engine.ts";
import {
  type Architecture,
  architectureFromSizes,
  binaryCrossEntropy,
  initLayers,
  type LayerInput,
  type Loss,
  Matrix,
  type Params,
  TrainingDivergedError,
} from "../src/index.ts";
import { meanSquaredError } from "../src/losses/mean-squared-error.ts";
import { data, lcg } from "./engine-data.ts";
import { kernelSets } from "./engine-kernel-sets.ts";

/** Number of values of `a` and `b` that are not the same (Object.is: NaN equals NaN, ±0 differ). */
function differing(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let n = 0;
  for (let q = 0; q < a.length; q++) if (!Object.is(a[q], b[q])) n++;
  return n;
}

function flatParams(p: Params): number[] {
  return p.flatMap((layer) => [...layer.W.data, ...layer.b.data]);
}

function make(set: (typeof kernelSets)[number]): Kernels {
  const k = set.make();
  if (k === null) throw new Error(`${set.name}: make() returned null in this runtime`);
  return k;
}

/** Two trainers on the same data and parameters: one skipping dead units, one not. */
function twins(
  set: (typeof kernelSets)[number],
  arch: Architecture,
  loss: Loss,
  X: Matrix,
  Y: Matrix,
  params: Params,
): [FusedTrainer, FusedTrainer] {
  const [skip, dense] = [true, false].map((s) => {
    const t = new FusedTrainer(arch, X.cols, make(set), loss, { skipDeadUnits: s });
    t.setData(X, Y);
    t.setParams(params);
    return t;
  });
  return [skip!, dense!];
}

/** Runs backward on both and expects every dW and db to be the same bits. */
function expectSameBackward(skip: FusedTrainer, dense: FusedTrainer, label: string): void {
  skip.backward();
  dense.backward();
  const gb = dense.gradients();
  skip.gradients().forEach((g, l) => {
    expect(differing(g.dW.data, gb[l]!.dW.data), `${label} layer ${l} dW`).toBe(0);
    expect(differing(g.db.data, gb[l]!.db.data), `${label} layer ${l} db`).toBe(0);
  });
}

/**
 * Trains each trainer up to `epochs` epochs and expects both to diverge with the same
 * TrainingDivergedError (epoch, layer, quantity and message).
 */
function expectSameDivergence(trainers: FusedTrainer[], epochs: number): void {
  const [a, b] = trainers.map((t) => {
    try {
      for (let e = 0; e < epochs; e++) t.epoch(e, 0.01);
    } catch (error) {
      return error;
    }
    return null;
  }) as [TrainingDivergedError, TrainingDivergedError];
  expect(a).toBeInstanceOf(TrainingDivergedError);
  expect(b).toBeInstanceOf(TrainingDivergedError);
  expect([a.epoch, a.layer, a.quantity, a.message]).toEqual([
    b.epoch,
    b.layer,
    b.quantity,
    b.message,
  ]);
}

const HEADLINE = architectureFromSizes([2, 25, 50, 50, 25, 1]);

describe.each(kernelSets)("dead ReLU units are skipped without changing a bit: $name", (set) => {
  it("a headline-shaped training run: same costs, accuracies and parameters, with dead units", () => {
    const [X, Y] = data(2, 300, 1, 7);
    const [skip, dense] = twins(set, HEADLINE, binaryCrossEntropy, X, Y, initLayers(HEADLINE, 2));
    let skipped = 0;
    for (let e = 0; e < 60; e++) {
      const a = skip.epoch(e, 0.05);
      const live = skip.liveUnits();
      skipped += HEADLINE.reduce((n, layer, l) => n + layer.outputDim - live[l]!, 0);
      const b = dense.epoch(e, 0.05);
      expect(dense.liveUnits()).toEqual(HEADLINE.map((layer) => layer.outputDim));
      expect(Object.is(a.cost, b.cost), `epoch ${e} cost`).toBe(true);
      expect(a.accuracy).toBe(b.accuracy);
    }
    // The run must have exercised the skipping (about a third of the hidden units are dead).
    expect(skipped / 60).toBeGreaterThan(20);
    expect(differing(flatParams(skip.params()), flatParams(dense.params()))).toBe(0);
  });

  it("a layer whose every unit is dead keeps one all-zero row, and still matches", () => {
    const arch = architectureFromSizes([3, 6, 5, 4, 2]);
    const [X, Y] = data(3, 17, 2, 11);
    const params = initLayers(arch, 5);
    params[1]!.b.data.fill(-100); // every unit of layer 1 is 0 for every sample
    const [skip, dense] = twins(set, arch, binaryCrossEntropy, X, Y, params);
    skip.forward();
    dense.forward();
    expect(skip.liveUnits()[1]).toBe(1);
    expect(differing(skip.output().data, dense.output().data)).toBe(0);
    expectSameBackward(skip, dense, "all dead");
    for (let e = 0; e < 5; e++) {
      const a = skip.epoch(e, 0.1);
      const b = dense.epoch(e, 0.1);
      expect(Object.is(a.cost, b.cost), `epoch ${e} cost`).toBe(true);
      // From the second pass on, layer 1's units are proven dead, not computed.
      if (e > 0) expect(skip.provenDeadUnits()[1]).toBe(5);
    }
    expect(differing(flatParams(skip.params()), flatParams(dense.params()))).toBe(0);
    // Every gradient at and below the dead layer is +0 (filled in, not computed).
    skip.forward();
    skip.backward();
    const g = skip.gradients();
    for (const l of [0, 1]) {
      expect([...g[l]!.dW.data, ...g[l]!.db.data].every((v) => Object.is(v, 0))).toBe(true);
    }
  });

  it("the seed notebook's 2-4-6-6-4-1 (a dead fourth layer): units proven dead, same bits", () => {
    const arch = architectureFromSizes([2, 4, 6, 6, 4, 1]);
    const [X, Y] = data(2, 203, 1, 5);
    const [skip, dense] = twins(set, arch, binaryCrossEntropy, X, Y, initLayers(arch, 2));
    let proven = 0;
    for (let e = 0; e < 40; e++) {
      const a = skip.epoch(e, 0.05);
      const b = dense.epoch(e, 0.05);
      expect(Object.is(a.cost, b.cost), `epoch ${e} cost`).toBe(true);
      expect(a.accuracy).toBe(b.accuracy);
      proven += skip.provenDeadUnits().reduce((n, c) => n + c, 0);
    }
    expect(skip.liveUnits()[3]).toBe(1); // every unit of the fourth layer is dead
    expect(proven).toBeGreaterThan(39 * 4);
    expect(differing(flatParams(skip.params()), flatParams(dense.params()))).toBe(0);
  });

  it("a unit live on one sample only (first, last, or past the probe) is never taken for dead", () => {
    const m = 40;
    const arch = architectureFromSizes([1, 5, 2, 1]);
    const X = new Matrix(
      1,
      m,
      Float64Array.from({ length: m }, (_, j) => j),
    );
    const Y = new Matrix(
      1,
      m,
      Float64Array.from({ length: m }, (_, j) => j % 2),
    );
    const params = initLayers(arch, 3);
    // relu(w·x + b) > 0 only at x = 39, nowhere, only at x = 0, only at x = 17, from x = 30 on.
    params[0]!.W.data.set([1, 1, -1, 1, 1]);
    params[0]!.b.data.set([-38.5, -100, 0.5, -16.5, -29.5]);
    const [skip, dense] = twins(set, arch, binaryCrossEntropy, X, Y, params);
    skip.forward();
    dense.forward();
    expect(skip.liveUnits()[0]).toBe(4);
    expect(differing(skip.output().data, dense.output().data)).toBe(0);
    expectSameBackward(skip, dense, "one live sample");
  });

  it("random networks with dead units, infinities, NaNs and overflow: same outputs and gradients", () => {
    const r = lcg(2026);
    const huge = make(set).dtype === "float32" ? 1e30 : 1e200;
    let withDead = 0;
    let deadAndNonFinite = 0;
    let proven = 0;
    for (let trial = 0; trial < 160; trial++) {
      const depth = 2 + Math.floor(r() * 3);
      const sizes = [1 + Math.floor(r() * 4)];
      for (let l = 0; l < depth; l++) sizes.push(1 + Math.floor(r() * 9));
      const specs: LayerInput[] = sizes.slice(1).map((o, l) => ({
        inputDim: sizes[l]!,
        outputDim: o,
        activation:
          l === depth - 1 ? (r() < 0.5 ? "sigmoid" : "linear") : r() < 0.85 ? "relu" : "tanh",
      }));
      const arch = normalizeArchitecture(specs);
      const loss =
        specs[depth - 1]!.activation === "sigmoid" ? binaryCrossEntropy : meanSquaredError;
      const m = 1 + Math.floor(r() * 30);
      const [X, Y] = data(sizes[0]!, m, sizes[depth]!, trial);
      const params = initLayers(arch, trial);
      for (const p of params) {
        for (let q = 0; q < p.b.data.length; q++) if (r() < 0.4) p.b.data[q] = -50; // dead units
        // Odd trials: finite weights that overflow; every fourth: infinite and NaN weights too.
        for (let q = 0; q < p.W.data.length && trial % 2 === 1; q++) {
          const u = r();
          if (u < 0.02 && trial % 4 === 3) p.W.data[q] = Infinity;
          else if (u < 0.03 && trial % 4 === 3) p.W.data[q] = Number.NaN;
          else if (u < 0.08) p.W.data[q] = r() < 0.5 ? huge : -huge;
        }
      }
      if (trial % 2 === 1 && r() < 0.3) X.data[Math.floor(r() * X.data.length)] = -Infinity;
      const [skip, dense] = twins(set, arch, loss, X, Y, params);
      // A first pass marks the dead units; the second (after half the trials move some biases
      // and weights, so that some of those units revive) tries to prove them dead again.
      skip.forward();
      if (trial % 2 === 0) {
        for (const p of params) {
          for (let q = 0; q < p.b.data.length; q++) if (r() < 0.3) p.b.data[q] = r() * 4 - 1;
          for (let q = 0; q < p.W.data.length; q++) if (r() < 0.2) p.W.data[q] = r() * 2 - 1;
        }
        skip.setParams(params);
        dense.setParams(params);
      }
      skip.forward();
      proven += skip.provenDeadUnits().reduce((a, b) => a + b, 0);
      dense.forward();
      const dead = skip.liveUnits().some((n, l) => n < sizes[l + 1]!);
      if (dead) withDead++;
      expect(differing(skip.output().data, dense.output().data), `trial ${trial} output`).toBe(0);
      expectSameBackward(skip, dense, `trial ${trial}`);
      const bad = skip.nonFiniteGradient();
      expect(bad).toEqual(dense.nonFiniteGradient());
      if (bad !== null && dead) deadAndNonFinite++;
    }
    // Skipping ran often, and often where a gradient is not finite (where it must fall back).
    expect(withDead).toBeGreaterThan(40);
    expect(deadAndNonFinite).toBeGreaterThan(5);
    expect(proven).toBeGreaterThan(40);
  });
});

describe("dead units and divergence", () => {
  it("an infinite weight in a dead unit's column diverges exactly as without skipping", () => {
    const [X, Y] = data(2, 40, 1, 3);
    const params = initLayers(HEADLINE, 2);
    params[1]!.b.data[4] = -100; // unit 4 of layer 1 is dead...
    params[2]!.W.data[4] = Infinity; // ...and the next layer's weight on it is infinite
    expectSameDivergence(twins(kernelSets[2]!, HEADLINE, binaryCrossEntropy, X, Y, params), 1);
  });

  it.each(kernelSets)(
    "an overflow below a dead layer still diverges as without skipping: $name",
    (set) => {
      // Layer 0 overflows to +Infinity; every unit of layer 1 sees −Infinity and is dead. Its
      // zero dZ times layer 0's infinite output is NaN in dW, so the gradients below the dead
      // layer are not all +0, and the shortcut must not be taken.
      const arch = architectureFromSizes([2, 3, 2, 1]);
      const [X, Y] = data(2, 12, 1, 4);
      X.data.fill(1e10);
      const huge = make(set).dtype === "float32" ? 1e30 : 1e300;
      const params = initLayers(arch, 1);
      params[0]!.W.data.fill(huge);
      params[0]!.b.data.fill(0);
      params[1]!.W.data.fill(-1);
      params[1]!.b.data.fill(-1);
      expectSameDivergence(twins(set, arch, binaryCrossEntropy, X, Y, params), 3);
    },
  );

  it("names a bad skipDeadUnits option", () => {
    const k = make(kernelSets[0]!);
    expect(
      () =>
        new FusedTrainer(HEADLINE, 4, k, binaryCrossEntropy, {
          skipDeadUnits: "yes" as unknown as boolean,
        }),
    ).toThrow(/options\.skipDeadUnits must be a boolean, got string/);
  });
});

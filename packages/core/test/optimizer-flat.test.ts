// The optimisers' flat, in-place form stepBlocksInPlace over a heap's W/b blocks against the
// matrix form `step`, bit for bit: every rule and setting, float64 and float32 arrays, changing
// learning rates, special values, and one state shared by step, the flat forms, getState and
// setState in any order. (stepInPlace over one span, other backends and custom rules:
// optimizer-flat-span.test.ts.)
import { describe, expect, it } from "vitest";
import type { Params } from "../src/index.ts";
import { Adam } from "../src/optimizers/adam.ts";
import { RmsProp } from "../src/optimizers/rmsprop.ts";
import { Sgd } from "../src/optimizers/sgd.ts";
import {
  COUNT,
  expectGaps,
  expectParams,
  expectSameState,
  fround,
  GAP,
  gather,
  layout,
  RATES,
  RULES,
  SHAPES,
  scatter,
  toParams,
  values,
} from "./optimizer-flat-fixtures.ts";

type Op = "flat" | "step" | "state";

/**
 * Runs `ops` (a flat step, a matrix step, or a getState → setState round trip into a new
 * optimiser of the same rule) against `step` alone, checking the parameters after each step
 * and the state at the end.
 */
function run(
  name: string,
  ops: readonly Op[],
  dtype: "float64" | "float32",
  special: boolean,
  order: "forward" | "reversed" = "forward",
): void {
  const make = RULES[name]!;
  const { blocks, length } = layout(order);
  const Arr = dtype === "float64" ? Float64Array : Float32Array;
  const heap = new Arr(length).fill(GAP);
  let ref: Params = toParams(values(COUNT, 11, special));
  if (dtype === "float32") ref = fround(ref);
  scatter(heap, blocks, ref, false);
  const refOpt = make();
  let opt = make();
  let matrix: Params = ref;
  let r = 0;
  for (const op of ops) {
    if (op === "state") {
      const next = make();
      next.setState(opt.getState());
      opt = next;
      continue;
    }
    const lr = RATES[r % RATES.length] as number;
    let grads = toParams(values(COUNT, 100 + r, special));
    if (dtype === "float32") grads = fround(grads);
    r++;
    refOpt.learningRate = lr;
    opt.learningRate = lr;
    ref = refOpt.step(
      ref,
      grads.map((g) => ({ dW: g.W, db: g.b })),
    );
    if (dtype === "float32") ref = fround(ref);
    scatter(heap, blocks, grads, true);
    if (op === "flat") {
      opt.stepBlocksInPlace(heap, heap, blocks);
    } else {
      // A matrix step from the heap's current values, written back.
      matrix = opt.step(
        toParams(gather(heap, blocks, false)),
        toParams(gather(heap, blocks, true)).map((g) => ({ dW: g.W, db: g.b })),
      );
      if (dtype === "float32") matrix = fround(matrix);
      scatter(heap, blocks, matrix, false);
    }
    expectParams(heap, blocks, ref, `${name} ${dtype} after ${op} step ${r}`);
    expectGaps(heap, blocks);
  }
  expect(opt.iterations).toBe(refOpt.iterations);
  expectSameState(opt.getState(), refOpt.getState());
}

describe("Optimizer.stepBlocksInPlace gives step's bits", () => {
  for (const name of Object.keys(RULES)) {
    for (const dtype of ["float64", "float32"] as const) {
      it(`${name}, ${dtype}, five steps with changing learning rates`, () => {
        run(name, ["flat", "flat", "flat", "flat", "flat"], dtype, false);
      });
      it(`${name}, ${dtype}, NaN, ±0, ±Infinity and subnormals in params and grads`, () => {
        run(name, ["flat", "flat", "flat"], dtype, true);
      });
    }
  }

  it("Adam's late steps, where 1 − β1ᵗ and then 1 − β2ᵗ round to 1 (the divisions by 1 left out)", () => {
    // β1 = 0.9: 1 − β1ᵗ is 1 from t = 356; β2 = 0.5: 1 − β2ᵗ is 1 from t = 55; β2 = 0.999
    // stays below 1, so steps 356–400 take the loop with only the first division left out.
    expect(1 - 0.9 ** 355).toBeLessThan(1);
    expect(1 - 0.9 ** 356).toBe(1);
    const steps = Array.from({ length: 400 }, (): Op => "flat");
    RULES["adam late, beta2 0.5"] = () => new Adam({ learningRate: 0.01, beta1: 0.9, beta2: 0.5 });
    RULES["adam late, beta2 0.999"] = () => new Adam({ learningRate: 0.01, beta1: 0.9 });
    try {
      for (const name of ["adam late, beta2 0.5", "adam late, beta2 0.999"]) {
        for (const dtype of ["float64", "float32"] as const) {
          run(name, steps, dtype, false);
          run(name, steps, dtype, true);
        }
      }
    } finally {
      delete RULES["adam late, beta2 0.5"];
      delete RULES["adam late, beta2 0.999"];
    }
  });

  it("whatever the order of the blocks", () => {
    for (const name of ["adam + weight decay", "sgd momentum sklearn nesterov + weight decay"]) {
      run(name, ["flat", "flat", "flat"], "float64", true, "reversed");
    }
  });

  it("with float32 parameters and float64 gradients", () => {
    const { blocks, length } = layout();
    const p32 = new Float32Array(length).fill(GAP);
    const g64 = new Float64Array(length);
    let ref = fround(toParams(values(COUNT, 3, true)));
    scatter(p32, blocks, ref, false);
    const grads = toParams(values(COUNT, 4, true));
    scatter(g64, blocks, grads, true);
    const a = new Adam({ learningRate: 0.01, weightDecay: 0.1 });
    const b = new Adam({ learningRate: 0.01, weightDecay: 0.1 });
    for (let s = 0; s < 3; s++) {
      a.stepBlocksInPlace(p32, g64, blocks);
      ref = fround(
        b.step(
          ref,
          grads.map((g) => ({ dW: g.W, db: g.b })),
        ),
      );
      expectParams(p32, blocks, ref, `step ${s}`);
    }
    expectGaps(p32, blocks);
  });
});

describe("one optimiser state across step, the flat forms, getState and setState", () => {
  const sequences: Record<string, Op[]> = {
    "flat steps, then step": ["flat", "flat", "step", "step"],
    "step, then flat steps": ["step", "step", "flat", "flat"],
    alternating: ["flat", "step", "flat", "step", "flat"],
    "flat, getState/setState, flat": ["flat", "flat", "state", "flat", "flat"],
    "step, getState/setState, flat, step": ["step", "state", "flat", "step"],
    "flat, getState/setState, step": ["flat", "state", "step", "flat"],
  };
  for (const [label, ops] of Object.entries(sequences)) {
    for (const name of [
      "sgd + weight decay",
      "sgd momentum pytorch nesterov + weight decay",
      "sgd momentum sklearn",
      "adam + weight decay",
      "rmsprop + weight decay",
    ]) {
      it(`${label}: ${name}`, () => {
        run(name, ops, "float64", true);
        run(name, ops, "float32", false);
      });
    }
  }

  it("getState after flat steps gives the matrices step would have, and leaves the state", () => {
    const { blocks, length } = layout();
    const heap = new Float64Array(length);
    scatter(heap, blocks, toParams(values(COUNT, 5, false)), false);
    scatter(heap, blocks, toParams(values(COUNT, 6, false)), true);
    const opt = new Adam();
    opt.stepBlocksInPlace(heap, heap, blocks);
    const first = opt.getState();
    expect(first.slots.length).toBe(SHAPES.length);
    expect([first.slots[1]!.W.m!.rows, first.slots[1]!.W.m!.cols]).toEqual([3, 4]);
    expect([first.slots[1]!.b.v!.rows, first.slots[1]!.b.v!.cols]).toEqual([3, 1]);
    // The state is a copy: changing it changes nothing in the optimiser.
    const again = opt.getState();
    first.slots[0]!.W.m!.data.fill(99);
    expectSameState(opt.getState(), again);
    expect(again.slots[0]!.W.m!.data[0]).not.toBe(99);
  });

  it("a stateless rule's state after flat steps is one empty slot per parameter, as step's", () => {
    const { blocks, length } = layout();
    const heap = new Float64Array(length);
    const opt = new Sgd({ learningRate: 0.5 });
    opt.stepBlocksInPlace(heap, heap, blocks);
    const ref = new Sgd({ learningRate: 0.5 });
    ref.step(
      toParams(new Float64Array(COUNT)),
      toParams(new Float64Array(COUNT)).map((g) => ({ dW: g.W, db: g.b })),
    );
    expectSameState(opt.getState(), ref.getState());
  });

  it("the slot arrays are made once and reused (the same objects after many steps)", () => {
    const seen = new Set<unknown>();
    class Spy extends Adam {
      protected override updateInPlace(...args: Parameters<Adam["updateInPlace"]>): void {
        seen.add(args[5]);
        for (const a of args[5]) seen.add(a);
        super.updateInPlace(...args);
      }
    }
    const { blocks, length } = layout();
    const heap = new Float64Array(length);
    scatter(heap, blocks, toParams(values(COUNT, 7, false)), false);
    scatter(heap, blocks, toParams(values(COUNT, 8, false)), true);
    const opt = new Spy();
    for (let s = 0; s < 200; s++) {
      opt.stepBlocksInPlace(heap, heap, blocks);
      if (s % 50 === 0) opt.getState();
    }
    // One list of slot arrays and its two arrays (m and v).
    expect(seen.size).toBe(3);
    // A matrix step in between, then flat again: the same arrays are filled again.
    opt.step(
      toParams(gather(heap, blocks, false)),
      toParams(gather(heap, blocks, true)).map((g) => ({ dW: g.W, db: g.b })),
    );
    opt.stepBlocksInPlace(heap, heap, blocks);
    expect(seen.size).toBe(3);
    expect(opt.iterations).toBe(202);
  });

  it("blocks of another network after flat steps are a RangeError, and nothing changes", () => {
    const { blocks, length } = layout();
    const heap = new Float64Array(length);
    const opt = new RmsProp();
    opt.stepBlocksInPlace(heap, heap, blocks);
    const before = opt.getState();
    const other = blocks.map((b) =>
      b.layer === 2 && b.key === "W" ? { ...b, rows: 1, cols: 3 } : b,
    );
    expect(() => opt.stepBlocksInPlace(heap, heap, other)).toThrow(
      /rmsprop\.stepBlocksInPlace: this optimiser's meanSquare for layer 2's W is 2x3 but the step has 1x3; use a new optimiser/,
    );
    expect(() => opt.stepBlocksInPlace(heap, heap, blocks.slice(0, 4))).toThrow(
      /holds state for 3 layers but this step has 2/,
    );
    expectSameState(opt.getState(), before);
    // The state is still usable by the original blocks.
    opt.stepBlocksInPlace(heap, heap, blocks);
    expect(opt.iterations).toBe(2);
  });

  it("bad blocks throw before anything changes", () => {
    const { blocks, length } = layout();
    const heap = new Float64Array(length).fill(0.5);
    const opt = new Adam();
    const bad = [...blocks.slice(0, 5), { ...blocks[5]!, param: length }];
    expect(() => opt.stepBlocksInPlace(heap, heap, bad)).toThrow(RangeError);
    expect(opt.iterations).toBe(0);
    expect(heap.every((v) => v === 0.5)).toBe(true);
    expect(opt.getState().slots).toEqual([]);
  });
});

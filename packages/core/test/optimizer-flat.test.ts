// The optimisers' flat, in-place forms (stepBlocksInPlace over a heap's W/b blocks and
// stepInPlace over one span) against the matrix form `step`, bit for bit: every rule and
// setting, float64 and float32 arrays, changing learning rates, special values, and one state
// shared by step, the flat forms, getState and setState in any order.
import { describe, expect, it } from "vitest";
import {
  type FlatBlock,
  Optimizer,
  type OptimizerConfig,
  type OptimizerState,
  type Params,
  type RuleResult,
  type Slot,
  typedArrayBackend,
} from "../src/index.ts";
import { Matrix } from "../src/matrix.ts";
import { Adam } from "../src/optimizers/adam.ts";
import type { FlatArray } from "../src/optimizers/optimizer.ts";
import { RmsProp } from "../src/optimizers/rmsprop.ts";
import { Sgd } from "../src/optimizers/sgd.ts";
import { backends } from "./backends.ts";
import { lcg } from "./engine-data.ts";

/** Every rule and setting, by name. */
const RULES: Record<string, () => Optimizer> = {};
for (const wd of [0, 0.1]) {
  const tag = wd > 0 ? " + weight decay" : "";
  RULES[`sgd${tag}`] = () => new Sgd({ learningRate: 0.1, weightDecay: wd });
  for (const form of ["pytorch", "sklearn"] as const) {
    for (const nesterov of [false, true]) {
      RULES[`sgd momentum ${form}${nesterov ? " nesterov" : ""}${tag}`] = () =>
        new Sgd({
          learningRate: 0.1,
          momentum: 0.9,
          nesterov,
          momentumForm: form,
          weightDecay: wd,
        });
    }
  }
  RULES[`adam${tag}`] = () => new Adam({ learningRate: 0.01, weightDecay: wd });
  RULES[`adam beta2 0.99${tag}`] = () =>
    new Adam({ learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: wd });
  RULES[`rmsprop${tag}`] = () => new RmsProp({ learningRate: 0.01, weightDecay: wd });
}

/** Learning rates of successive steps (a schedule changes it between steps). */
const RATES = [0.1, 0.05, 0.3, 1e-3, 0.02];

/** Layer shapes [rows, cols] of W (b is rows x 1). */
const SHAPES: readonly (readonly [number, number])[] = [
  [4, 3],
  [3, 4],
  [2, 3],
];

const SPECIALS = [Number.NaN, 0, -0, Infinity, -Infinity, 5e-324, -1e-310, 2.2e-308, 1e300];

/** Values with specials (when `special`) and ordinary magnitudes from 2^-20 to 2^20. */
function values(n: number, seed: number, special: boolean): Float64Array {
  const next = lcg(seed);
  return Float64Array.from({ length: n }, (_, q) =>
    special && q % 5 === 1
      ? (SPECIALS[(q * 7 + seed) % SPECIALS.length] as number)
      : (next() - 0.5) * 2 ** ((q % 41) - 20),
  );
}

/** A gap value: must be untouched by every step. */
const GAP = 1234.5;

interface Layout {
  readonly blocks: FlatBlock[];
  /** The heap length. */
  readonly length: number;
}

/** W and b of every layer at increasing offsets with gaps, gradients after a wider gap. */
function layout(order: "forward" | "reversed" = "forward"): Layout {
  const blocks: FlatBlock[] = [];
  let at = 2;
  const sizes = SHAPES.flatMap(([r, c]) => [
    [r, c],
    [r, 1],
  ]);
  const total = sizes.reduce((s, [r, c]) => s + (r as number) * (c as number) + 3, 0);
  SHAPES.forEach(([r, c], layer) => {
    for (const [key, cols] of [
      ["W", c],
      ["b", 1],
    ] as const) {
      blocks.push({ layer, key, rows: r, cols, param: at, grad: at + total + 5 });
      at += r * cols + 3;
    }
  });
  if (order === "reversed") blocks.reverse();
  return { blocks, length: 2 * total + 12 };
}

/** Parameters (or gradients, `grad`) as step's matrices. */
function toParams(flat: Float64Array): Params {
  let at = 0;
  const take = (r: number, c: number): Matrix => {
    const m = new Matrix(r, c, flat.slice(at, at + r * c));
    at += r * c;
    return m;
  };
  return SHAPES.map(([r, c]) => ({ W: take(r, c), b: take(r, 1) }));
}

/** The number of parameters of SHAPES. */
const COUNT = SHAPES.reduce((s, [r, c]) => s + r * c + r, 0);

/** Writes step-form params into the blocks of `arr` (params or grads). */
function scatter(arr: FlatArray, blocks: readonly FlatBlock[], ps: Params, grad: boolean): void {
  for (const blk of blocks) {
    const m = ps[blk.layer]![blk.key];
    arr.set(m.data, grad ? blk.grad : blk.param);
  }
}

/** Expects the blocks of `arr` to hold `ps` bit for bit (after rounding to float32 if asked). */
function expectParams(
  arr: FlatArray,
  blocks: readonly FlatBlock[],
  ps: Params,
  label: string,
): void {
  const f32 = arr instanceof Float32Array;
  for (const blk of blocks) {
    const want = ps[blk.layer]![blk.key].data;
    for (let q = 0; q < want.length; q++) {
      const w = f32 ? Math.fround(want[q] as number) : (want[q] as number);
      const got = arr[blk.param + q] as number;
      if (!Object.is(got, w)) {
        expect.fail(`${label}: layer ${blk.layer} ${blk.key}[${q}] is ${got}, step gives ${w}`);
      }
    }
  }
}

/** Expects every value outside the blocks' parameter ranges (before the gradients) to be GAP. */
function expectGaps(arr: FlatArray, blocks: readonly FlatBlock[]): void {
  const inBlock = new Set<number>();
  for (const blk of blocks) {
    for (let q = 0; q < blk.rows * blk.cols; q++) inBlock.add(blk.param + q);
  }
  const gradStart = Math.min(...blocks.map((b) => b.grad));
  for (let i = 0; i < gradStart; i++) {
    if (!inBlock.has(i)) expect(arr[i], `gap at ${i}`).toBe(GAP);
  }
}

/** Expects two states to be equal bit for bit. */
function expectSameState(got: OptimizerState, want: OptimizerState): void {
  expect(got.iterations).toBe(want.iterations);
  expect(got.learningRate).toBe(want.learningRate);
  expect(got.slots.length).toBe(want.slots.length);
  got.slots.forEach((s, i) => {
    for (const key of ["W", "b"] as const) {
      const g = s[key];
      const w = want.slots[i]![key];
      expect(Object.keys(g).sort()).toEqual(Object.keys(w).sort());
      for (const name of Object.keys(w)) {
        const gm = g[name]!;
        const wm = w[name]!;
        expect([gm.rows, gm.cols]).toEqual([wm.rows, wm.cols]);
        for (let q = 0; q < wm.data.length; q++) {
          expect(Object.is(gm.data[q], wm.data[q]), `slot ${i}.${key}.${name}[${q}]`).toBe(true);
        }
      }
    }
  });
}

/** Rounds step-form params to float32 values (what a float32 heap holds). */
function fround(ps: Params): Params {
  return ps.map((p) => ({
    W: new Matrix(p.W.rows, p.W.cols, p.W.data.map(Math.fround)),
    b: new Matrix(p.b.rows, p.b.cols, p.b.data.map(Math.fround)),
  }));
}

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

/** A layout's values in step order (layer by layer, W then b), from params or grads. */
function gather(arr: FlatArray, blocks: readonly FlatBlock[], grad: boolean): Float64Array {
  const sorted = [...blocks].sort((a, b) => a.layer - b.layer || (a.key === "W" ? -1 : 1));
  const out: number[] = [];
  for (const blk of sorted) {
    const at = grad ? blk.grad : blk.param;
    for (let q = 0; q < blk.rows * blk.cols; q++) out.push(arr[at + q] as number);
  }
  return Float64Array.from(out);
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

describe("Optimizer.stepInPlace over one span", () => {
  const names = Object.keys(RULES).filter((n) => !n.includes("weight decay"));
  for (const name of names) {
    for (const dtype of ["float64", "float32"] as const) {
      it(`${name}, ${dtype}: step's bits, and the state as layer 0's W (n x 1)`, () => {
        const n = 50;
        const Arr = dtype === "float64" ? Float64Array : Float32Array;
        const heap = new Arr(2 * n + 9).fill(GAP);
        const pAt = 3;
        const gAt = n + 7;
        let p = values(n, 21, true);
        if (dtype === "float32") p = p.map(Math.fround);
        heap.set(p, pAt);
        const opt = RULES[name]!();
        const ref = RULES[name]!();
        let want: Params = [{ W: new Matrix(n, 1, p), b: new Matrix(1, 1, new Float64Array(1)) }];
        for (let s = 0; s < 4; s++) {
          const lr = RATES[s] as number;
          opt.learningRate = lr;
          ref.learningRate = lr;
          let g = values(n, 30 + s, true);
          if (dtype === "float32") g = g.map(Math.fround);
          heap.set(g, gAt);
          opt.stepInPlace(heap, pAt, heap, gAt, n);
          want = ref.step(want, [
            { dW: new Matrix(n, 1, g), db: new Matrix(1, 1, new Float64Array(1)) },
          ]);
          if (dtype === "float32") want = fround(want);
          const w = want[0]!.W.data;
          for (let q = 0; q < n; q++) {
            const got = heap[pAt + q] as number;
            if (!Object.is(got, w[q])) expect.fail(`step ${s} value ${q}: ${got} vs ${w[q]}`);
          }
          expect(heap[pAt - 1]).toBe(GAP);
          expect(heap[pAt + n]).toBe(GAP);
        }
        expect(opt.iterations).toBe(4);
        const state = opt.getState();
        const refState = ref.getState();
        if (opt.slotNames.length === 0) {
          expect(state.slots).toEqual([]);
        } else {
          expect(state.slots.length).toBe(1);
          expect(state.slots[0]!.b).toEqual({});
          expectSameState(
            { ...state, slots: [{ W: state.slots[0]!.W, b: {} }] },
            { ...refState, slots: [{ W: refState.slots[0]!.W, b: {} }] },
          );
          // Round trip: a new optimiser continues from the saved span state.
          const next = RULES[name]!();
          next.setState(state);
          const copy = Float64Array.from(heap);
          const c = dtype === "float64" ? copy : Float32Array.from(heap);
          opt.stepInPlace(heap, pAt, heap, gAt, n);
          next.stepInPlace(c, pAt, c, gAt, n);
          for (let q = 0; q < n; q++) {
            expect(Object.is(c[pAt + q], heap[pAt + q]), `round trip ${q}`).toBe(true);
          }
        }
      });
    }
  }

  it("a span state given to stepBlocksInPlace is a RangeError naming the layouts", () => {
    const { blocks, length } = layout();
    const heap = new Float64Array(length);
    const opt = new Adam();
    opt.stepInPlace(heap, 0, heap, COUNT, COUNT);
    expect(() => opt.stepBlocksInPlace(heap, heap, blocks)).toThrow(
      /adam\.stepBlocksInPlace: this optimiser holds state for 1 layers but this step has 3/,
    );
    expect(opt.iterations).toBe(1);
  });
});

describe("the flat forms on other backends and for custom rules", () => {
  for (const { name, backend } of backends) {
    it(`Adam with weight decay on the ${name} backend: flat, step, flat give step's bits`, () => {
      const { blocks, length } = layout();
      const heap = new Float64Array(length).fill(GAP);
      let ref: Params = toParams(values(COUNT, 41, true));
      scatter(heap, blocks, ref, false);
      const refOpt = new Adam({ learningRate: 0.01, weightDecay: 0.1 });
      const opt = new Adam({ learningRate: 0.01, weightDecay: 0.1, backend });
      for (const [s, op] of (["flat", "step", "flat", "step"] as const).entries()) {
        const grads = toParams(values(COUNT, 50 + s, true));
        scatter(heap, blocks, grads, true);
        ref = refOpt.step(
          ref,
          grads.map((g) => ({ dW: g.W, db: g.b })),
        );
        if (op === "flat") {
          opt.stepBlocksInPlace(heap, heap, blocks);
        } else {
          const be = backend;
          const ps = toParams(gather(heap, blocks, false)).map((p) => ({
            W: be.fromMatrix(p.W),
            b: be.fromMatrix(p.b),
          }));
          const gs = toParams(gather(heap, blocks, true)).map((g) => ({
            dW: be.fromMatrix(g.W),
            db: be.fromMatrix(g.b),
          }));
          const next = opt.step(ps, gs).map((p) => ({ W: be.toMatrix(p.W), b: be.toMatrix(p.b) }));
          scatter(heap, blocks, next, false);
        }
        expectParams(heap, blocks, ref, `${name} ${op} ${s}`);
      }
      expectSameState(opt.getState(), refOpt.getState());
    });
  }

  it("a custom rule without an in-place form steps blocks through step; stepInPlace refuses", () => {
    class HalfStep extends Optimizer {
      readonly slotNames: readonly string[] = [];
      constructor() {
        super(0.5, 0);
      }
      config(): OptimizerConfig {
        return { type: "sgd", learningRate: 0.5, momentum: 0, nesterov: false, weightDecay: 0 };
      }
      protected update(
        p: Matrix,
        g: Matrix,
        _s: Slot | undefined,
        _t: number,
        lr: number,
      ): RuleResult {
        return { param: typedArrayBackend.axpy(-lr / 2, g, p) };
      }
    }
    const { blocks, length } = layout();
    const heap = new Float64Array(length);
    const p0 = toParams(values(COUNT, 61, false));
    const g0 = toParams(values(COUNT, 62, false));
    scatter(heap, blocks, p0, false);
    scatter(heap, blocks, g0, true);
    const opt = new HalfStep();
    opt.stepBlocksInPlace(heap, heap, blocks);
    const want = new HalfStep().step(
      p0,
      g0.map((g) => ({ dW: g.W, db: g.b })),
    );
    expectParams(heap, blocks, want, "custom rule");
    expect(opt.iterations).toBe(1);
    expect(() => opt.stepInPlace(heap, 0, heap, COUNT, COUNT)).toThrow(
      /sgd\.stepInPlace: no in-place update over one span for .*; use stepBlocksInPlace/,
    );
  });
});

// Review findings on the flat optimiser steps: setState after flat steps on the same optimiser
// (the restored state rules the next flat step), a bad learning rate set between steps
// (refused before anything changes), and a sparse list of blocks (no scratch memory sized by
// its length).
import { describe, expect, it } from "vitest";
import { type FlatBlock, Network, type Optimizer, type Params } from "../src/index.ts";
import { Matrix } from "../src/matrix.ts";
import { Adam } from "../src/optimizers/adam.ts";
import { RmsProp } from "../src/optimizers/rmsprop.ts";
import { Sgd } from "../src/optimizers/sgd.ts";
import { lcg } from "./engine-data.ts";
import { expectParams } from "./optimizer-flat-fixtures.ts";

/** Two layers: W 3x2, b 3x1, W 1x3, b 1x1, parameters from 0, gradients from 20. */
const BLOCKS: FlatBlock[] = [
  { layer: 0, key: "W", rows: 3, cols: 2, param: 0, grad: 20 },
  { layer: 0, key: "b", rows: 3, cols: 1, param: 6, grad: 26 },
  { layer: 1, key: "W", rows: 1, cols: 3, param: 9, grad: 29 },
  { layer: 1, key: "b", rows: 1, cols: 1, param: 12, grad: 32 },
];

/** A heap with parameters and the gradients of `seed`. */
function heapOf(seed: number): Float64Array {
  const next = lcg(seed);
  return Float64Array.from({ length: 40 }, () => next() - 0.5);
}

/** The heap's parameters (or gradients) as step's matrices. */
function paramsOf(heap: Float64Array, grad: boolean): Params {
  const take = (blk: FlatBlock): Matrix => {
    const at = grad ? blk.grad : blk.param;
    return new Matrix(blk.rows, blk.cols, heap.slice(at, at + blk.rows * blk.cols));
  };
  return [0, 1].map((l) => ({ W: take(BLOCKS[2 * l]!), b: take(BLOCKS[2 * l + 1]!) }));
}

const RULES: Record<string, () => Optimizer> = {
  "sgd momentum": () => new Sgd({ learningRate: 0.1, momentum: 0.9, weightDecay: 0.01 }),
  adam: () => new Adam({ learningRate: 0.01, weightDecay: 0.01 }),
  rmsprop: () => new RmsProp({ learningRate: 0.01 }),
};

describe("setState after flat steps, on the same optimiser", () => {
  for (const [name, make] of Object.entries(RULES)) {
    it(`${name}: the restored state (saved or empty) rules the next flat step`, () => {
      const heap = heapOf(1);
      const opt = make();
      opt.stepBlocksInPlace(heap, heap, BLOCKS);
      const saved = opt.getState();
      const atSave = Float64Array.from(heap);
      opt.stepBlocksInPlace(heap, heap, BLOCKS);
      opt.stepBlocksInPlace(heap, heap, BLOCKS);
      // Back to the saved state: the next flat step is the second step again.
      opt.setState(saved);
      heap.set(atSave);
      opt.stepBlocksInPlace(heap, heap, BLOCKS);
      const ref = make();
      const p1 = ref.step(paramsOf(heapOf(1), false), gradsOf(heapOf(1)));
      const p2 = ref.step(p1, gradsOf(heapOf(1)));
      expectParams(heap, BLOCKS, p2, `${name} after setState(saved)`);
      expect(opt.iterations).toBe(2);
      // An empty state: the next flat step is a first step (zero slots, t = 1).
      opt.setState({ iterations: 0, learningRate: opt.learningRate, slots: [] });
      heap.set(atSave);
      opt.stepBlocksInPlace(heap, heap, BLOCKS);
      const fresh = make().step(paramsOf(atSave, false), gradsOf(atSave));
      expectParams(heap, BLOCKS, fresh, `${name} after setState(empty)`);
      expect(opt.iterations).toBe(1);
    });
  }
});

function gradsOf(heap: Float64Array): { dW: Matrix; db: Matrix }[] {
  return paramsOf(heap, true).map((g) => ({ dW: g.W, db: g.b }));
}

describe("a bad learning rate set between steps", () => {
  for (const lr of [Number.NaN, -0.01, Infinity, -Infinity]) {
    it(`${lr}: every form refuses it before anything changes`, () => {
      const heap = heapOf(2);
      const before = Float64Array.from(heap);
      const opt = new Adam({ learningRate: 0.01 });
      opt.stepBlocksInPlace(heap, heap, BLOCKS);
      const state = opt.getState();
      const after1 = Float64Array.from(heap);
      opt.learningRate = lr;
      expect(() => opt.stepBlocksInPlace(heap, heap, BLOCKS)).toThrow(
        /adam\.stepBlocksInPlace: learningRate must be a finite number >= 0/,
      );
      expect(() => opt.step(paramsOf(heap, false), gradsOf(heap))).toThrow(/adam\.step: /);
      const span = new Sgd({ momentum: 0.5 });
      span.learningRate = lr;
      expect(() => span.stepInPlace(heap, 0, heap, 20, 13)).toThrow(/sgd\.stepInPlace: /);
      expect(Array.from(heap)).toEqual(Array.from(after1));
      expect(before).not.toEqual(after1);
      expect(opt.iterations).toBe(1);
      expect(span.iterations).toBe(0);
      opt.learningRate = 0.01;
      expect(opt.getState()).toEqual(state);
    });
  }

  it("0 (a schedule decayed to nothing) is a step that changes no parameter", () => {
    const heap = heapOf(3);
    const opt = new RmsProp();
    opt.learningRate = 0;
    const before = Float64Array.from(heap);
    opt.stepBlocksInPlace(heap, heap, BLOCKS);
    expect(Array.from(heap)).toEqual(Array.from(before));
    expect(opt.iterations).toBe(1);
  });
});

describe("a sparse list of blocks", () => {
  it("is refused at its first hole without scratch memory sized by its length", () => {
    const blocks: FlatBlock[] = [BLOCKS[0]!, BLOCKS[1]!];
    blocks.length = 2 ** 27;
    const heap = heapOf(4);
    const before = process.memoryUsage().arrayBuffers;
    expect(() => new Adam().stepBlocksInPlace(heap, heap, blocks)).toThrow(
      /adam\.stepBlocksInPlace: blocks\[2\] must be an object .*got undefined/,
    );
    // 2^27 float64 flags would be 1 GiB, kept for the life of the module.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(2 ** 26);
  });
});

describe("a learning rate a schedule decayed to 0", () => {
  it("is a state setState accepts, and a saved network with it loads and resumes bit for bit", () => {
    const X = [
      [0, 1],
      [1, 0],
      [1, 1],
      [0, 0],
      [0.5, 0.2],
      [0.1, 0.9],
    ];
    const y = [1, 1, 0, 0, 1, 0];
    // gamma^epoch underflows to 0 from the third epoch (0.01 · 1e-200² = 0).
    const options = {
      optimizer: "adam" as const,
      learningRate: 0.01,
      batchSize: 2,
      learningRateSchedule: { type: "exponential" as const, gamma: 1e-200 },
    };
    const straight = new Network([2, 3, 1], { seed: 5 });
    straight.fit(X, y, { ...options, epochs: 5 });
    const first = new Network([2, 3, 1], { seed: 5 });
    first.fit(X, y, { ...options, epochs: 3 });
    const saved = JSON.stringify(first);
    expect(JSON.parse(saved).optimizer.state.learningRate).toBe(0);
    const second = Network.fromJSON(saved);
    second.fit(X, y, { ...options, epochs: 2 });
    expect(JSON.stringify(second.params)).toBe(JSON.stringify(straight.params));
    const opt = new Adam();
    opt.setState({ iterations: 3, learningRate: 0, slots: [] });
    expect(opt.learningRate).toBe(0);
    expect(() => opt.setState({ iterations: 3, learningRate: -0.5, slots: [] })).toThrow(
      /adam\.setState: learningRate must be a finite number >= 0, got -0\.5/,
    );
  });
});

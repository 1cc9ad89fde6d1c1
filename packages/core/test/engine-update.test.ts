// The fused engine's update goes through the optimiser (Optimizer.stepInPlace, tinygrad's
// `_step` shape): one update path. Its in-place values are `step`'s bits, in a float64 heap and
// (rounded on the store, as the trainer's float32 heap) a float32 one.
import { describe, expect, it } from "vitest";
import type { FlatBlock, Params } from "../src/index.ts";
import { Matrix } from "../src/matrix.ts";
import { Adam } from "../src/optimizers/adam.ts";
import { Sgd } from "../src/optimizers/sgd.ts";
import { lcg } from "./engine-data.ts";

/** Values with NaN, ±0, ±Infinity, subnormals and ordinary magnitudes. */
function values(n: number, seed: number): Float64Array {
  const next = lcg(seed);
  const specials = [Number.NaN, 0, -0, Infinity, -Infinity, 5e-324, -1e-310, 1e300];
  return Float64Array.from({ length: n }, (_, q) =>
    q < specials.length ? (specials[q] as number) : (next() - 0.5) * 2 ** ((q % 40) - 20),
  );
}

describe("Optimizer.stepInPlace", () => {
  for (const lr of [0.01, 0.5, 3e-7]) {
    it(`plain SGD (lr ${lr}) gives step's bits in a float64 and a float32 heap`, () => {
      const n = 64;
      const p = values(n, 1);
      const g = values(n, 2).reverse();
      const want = new Sgd({ learningRate: lr }).step(
        [{ W: new Matrix(n, 1, p.slice()), b: new Matrix(1, 1, new Float64Array(1)) }],
        [{ dW: new Matrix(n, 1, g.slice()), db: new Matrix(1, 1, new Float64Array(1)) }],
      )[0]!.W.data;
      // The heap: parameters at 3, gradients at 3 + n + 5 (the trainer's one heap).
      const heap = new Float64Array(2 * n + 16);
      heap.set(p, 3);
      heap.set(g, 3 + n + 5);
      const sgd = new Sgd({ learningRate: lr });
      sgd.stepInPlace(heap, 3, heap, 3 + n + 5, n);
      expect(sgd.iterations).toBe(1);
      for (let q = 0; q < n; q++) {
        expect(Object.is(heap[3 + q], want[q]), `value ${q}`).toBe(true);
      }
      const p32 = Float32Array.from(p);
      const g32 = Float32Array.from(g);
      new Sgd({ learningRate: lr }).stepInPlace(p32, 0, g32, 0, n);
      const want32 = new Sgd({ learningRate: lr }).step(
        [
          {
            W: new Matrix(n, 1, Float64Array.from(Float32Array.from(p))),
            b: new Matrix(1, 1, new Float64Array(1)),
          },
        ],
        [
          {
            dW: new Matrix(n, 1, Float64Array.from(g32)),
            db: new Matrix(1, 1, new Float64Array(1)),
          },
        ],
      )[0]!.W.data;
      for (let q = 0; q < n; q++) {
        expect(Object.is(p32[q], Math.fround(want32[q] as number)), `f32 value ${q}`).toBe(true);
      }
    });
  }

  it("weight decay (W blocks only) over one span is a RangeError, and nothing changes", () => {
    const heap = new Float64Array([1, 2, 3, 4]);
    for (const opt of [
      new Sgd({ momentum: 0.9, weightDecay: 0.1 }),
      new Adam({ weightDecay: 1e-4 }),
    ]) {
      expect(() => opt.stepInPlace(heap, 0, heap, 2, 2)).toThrow(
        /stepInPlace: no in-place update over one span for .*weightDecay.*; use stepBlocksInPlace/,
      );
      expect(opt.iterations).toBe(0);
    }
    expect(Array.from(heap)).toEqual([1, 2, 3, 4]);
  });
});

describe("Optimizer.stepBlocksInPlace", () => {
  it("gives step's bits for Adam with weight decay over two layers laid out in one heap", () => {
    const shapes = [
      [3, 2],
      [1, 3],
    ] as const;
    const next = lcg(7);
    const params = shapes.map(([r, c]) => ({
      W: new Matrix(
        r,
        c,
        Float64Array.from({ length: r * c }, () => next() - 0.5),
      ),
      b: new Matrix(
        r,
        1,
        Float64Array.from({ length: r }, () => next() - 0.5),
      ),
    }));
    const grads = shapes.map(([r, c]) => ({
      dW: new Matrix(
        r,
        c,
        Float64Array.from({ length: r * c }, () => next() - 0.5),
      ),
      db: new Matrix(
        r,
        1,
        Float64Array.from({ length: r }, () => next() - 0.5),
      ),
    }));
    const heap = new Float64Array(64);
    const blocks: FlatBlock[] = [];
    let at = 1;
    params.forEach((p, layer) => {
      for (const key of ["W", "b"] as const) {
        const m = p[key];
        const g = key === "W" ? grads[layer]!.dW : grads[layer]!.db;
        blocks.push({ layer, key, rows: m.rows, cols: m.cols, param: at, grad: at + 30 });
        heap.set(m.data, at);
        heap.set(g.data, at + 30);
        at += m.data.length;
      }
    });
    const ref = new Adam({ learningRate: 0.01, weightDecay: 0.1 });
    const flat = new Adam({ learningRate: 0.01, weightDecay: 0.1 });
    let want: Params = params;
    for (let s = 0; s < 3; s++) {
      want = ref.step(want, grads);
      flat.stepBlocksInPlace(heap, heap, blocks);
    }
    expect(flat.iterations).toBe(3);
    for (const blk of blocks) {
      const w = want[blk.layer]![blk.key].data;
      for (let q = 0; q < w.length; q++) {
        expect(Object.is(heap[blk.param + q], w[q]), `${blk.layer}${blk.key}[${q}]`).toBe(true);
      }
    }
    expect(flat.getState().slots[1]!.W.m!.data).toEqual(ref.getState().slots[1]!.W.m!.data);
  });

  it("names a bad block", () => {
    const heap = new Float64Array(8);
    const blk: FlatBlock = { layer: 0, key: "W", rows: 2, cols: 2, param: 6, grad: 0 };
    expect(() =>
      new Sgd().stepBlocksInPlace(heap, heap, [blk, { ...blk, key: "b", param: 0 }]),
    ).toThrow(/sgd.stepBlocksInPlace: blocks\[0\] \(layer 0 W, 2x2\) must lie inside params/);
  });
});

// The optimisers' in-place step over one span (stepInPlace) against `step`, bit for bit, with
// its state as layer 0's W; the flat forms on every matrix backend; and a custom rule without an
// in-place form (fixtures: optimizer-flat-fixtures.ts).
import { describe, expect, it } from "vitest";
import {
  Optimizer,
  type OptimizerConfig,
  type Params,
  type RuleResult,
  type Slot,
  typedArrayBackend,
} from "../src/index.ts";
import { Matrix } from "../src/matrix.ts";
import { Adam } from "../src/optimizers/adam.ts";
import { backends } from "./backends.ts";
import {
  COUNT,
  expectParams,
  expectSameState,
  fround,
  GAP,
  gather,
  layout,
  RATES,
  RULES,
  scatter,
  toParams,
  values,
} from "./optimizer-flat-fixtures.ts";

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

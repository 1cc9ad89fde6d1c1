// Shared fixtures of the flat optimiser step tests (optimizer-flat.test.ts and
// optimizer-flat-span.test.ts): every rule and setting, a three-layer layout with gaps, special
// values, and bitwise comparisons against the matrix form `step`.
import { expect } from "vitest";
import type { FlatBlock, Optimizer, OptimizerState, Params } from "../src/index.ts";
import { Matrix } from "../src/matrix.ts";
import { Adam } from "../src/optimizers/adam.ts";
import type { FlatArray } from "../src/optimizers/optimizer.ts";
import { RmsProp } from "../src/optimizers/rmsprop.ts";
import { Sgd } from "../src/optimizers/sgd.ts";
import { lcg } from "./engine-data.ts";

/** Every rule and setting, by name. */
export const RULES: Record<string, () => Optimizer> = {};
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
export const RATES: readonly number[] = [0.1, 0.05, 0.3, 1e-3, 0.02];

/** Layer shapes [rows, cols] of W (b is rows x 1). */
export const SHAPES: readonly (readonly [number, number])[] = [
  [4, 3],
  [3, 4],
  [2, 3],
];

export const SPECIALS: readonly number[] = [
  Number.NaN,
  0,
  -0,
  Infinity,
  -Infinity,
  5e-324,
  -1e-310,
  2.2e-308,
  1e300,
];

/** Values with specials (when `special`) and ordinary magnitudes from 2^-20 to 2^20. */
export function values(n: number, seed: number, special: boolean): Float64Array {
  const next = lcg(seed);
  return Float64Array.from({ length: n }, (_, q) =>
    special && q % 5 === 1
      ? (SPECIALS[(q * 7 + seed) % SPECIALS.length] as number)
      : (next() - 0.5) * 2 ** ((q % 41) - 20),
  );
}

/** A gap value: must be untouched by every step. */
export const GAP = 1234.5;

export interface Layout {
  readonly blocks: FlatBlock[];
  /** The heap length. */
  readonly length: number;
}

/** W and b of every layer at increasing offsets with gaps, gradients after a wider gap. */
export function layout(order: "forward" | "reversed" = "forward"): Layout {
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
export function toParams(flat: Float64Array): Params {
  let at = 0;
  const take = (r: number, c: number): Matrix => {
    const m = new Matrix(r, c, flat.slice(at, at + r * c));
    at += r * c;
    return m;
  };
  return SHAPES.map(([r, c]) => ({ W: take(r, c), b: take(r, 1) }));
}

/** The number of parameters of SHAPES. */
export const COUNT: number = SHAPES.reduce((s, [r, c]) => s + r * c + r, 0);

/** Writes step-form params into the blocks of `arr` (params or grads). */
export function scatter(
  arr: FlatArray,
  blocks: readonly FlatBlock[],
  ps: Params,
  grad: boolean,
): void {
  for (const blk of blocks) {
    const m = ps[blk.layer]![blk.key];
    arr.set(m.data, grad ? blk.grad : blk.param);
  }
}

/** Expects the blocks of `arr` to hold `ps` bit for bit (after rounding to float32 if asked). */
export function expectParams(
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
export function expectGaps(arr: FlatArray, blocks: readonly FlatBlock[]): void {
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
export function expectSameState(got: OptimizerState, want: OptimizerState): void {
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
export function fround(ps: Params): Params {
  return ps.map((p) => ({
    W: new Matrix(p.W.rows, p.W.cols, p.W.data.map(Math.fround)),
    b: new Matrix(p.b.rows, p.b.cols, p.b.data.map(Math.fround)),
  }));
}

/** A layout's values in step order (layer by layer, W then b), from params or grads. */
export function gather(arr: FlatArray, blocks: readonly FlatBlock[], grad: boolean): Float64Array {
  const sorted = [...blocks].sort((a, b) => a.layer - b.layer || (a.key === "W" ? -1 : 1));
  const out: number[] = [];
  for (const blk of sorted) {
    const at = grad ? blk.grad : blk.param;
    for (let q = 0; q < blk.rows * blk.cols; q++) out.push(arr[at + q] as number);
  }
  return Float64Array.from(out);
}

// The float64 cost module's one-log fast path (cost-f64.wat: elements taken two at a time when
// both targets are 0 or 1, one two-lane log for both) against the fused table's binary
// cross-entropy terms, bit for bit. engine-ops.test.ts's pairs mix in 0.5 and NaN targets and
// special predictions, so few of its pairs take this path: swapping the t = 1 and t = 0 terms
// of the fast path, or dropping its NaN test, went unnoticed there.
import { describe, expect, it } from "vitest";
import type { Kernels } from "../src/engine/kernels.ts";
import { fusedLosses } from "../src/engine/ops.generated.ts";
import { wasmKernels } from "../src/engine/wasm-kernels.ts";
import { pairwiseSum } from "../src/sum.ts";
import { lcg } from "./engine-data.ts";
import { kernelSets } from "./engine-kernel-sets.ts";

const bce = fusedLosses.binaryCrossEntropy;

/** The float64 sets with the cost module, with the fma one where the runtime has it. */
const sets = [
  ...kernelSets,
  { name: "wasm-simd-f64-fma", make: (): Kernels | null => wasmKernels("float64", { fma: true }) },
].filter(({ make }) => {
  const k = make();
  return k !== null && k.dtype === "float64" && k.bceSums !== undefined;
});

/** Predictions in (0, 1) and 0/1 targets; `specials` puts NaN, 0, 1 and ε among them. */
function pairs(n: number, seed: number, specials: boolean): [number[], number[]] {
  const next = lcg(seed);
  const ps: number[] = [];
  const ts: number[] = [];
  const odd = [Number.NaN, 0, 1, 2 ** -52, 1 - 2 ** -52, 0.5];
  for (let q = 0; q < n; q++) {
    ps.push(specials && q % 9 === 4 ? (odd[((q / 9) % odd.length) | 0] as number) : next());
    ts.push(next() < 0.5 ? 0 : 1);
  }
  return [ps, ts];
}

describe.each(sets)("$name: binary cross-entropy sums over targets 0 and 1 only", ({ make }) => {
  it.each([
    [2, false],
    [9, false],
    [64, false],
    [301, false],
    [64, true],
    [301, true],
  ] as const)("%i values (specials: %s): the table's terms, summed pairwise", (n, specials) => {
    const k = make()!;
    const [ps, ts] = pairs(n, 7 * n + (specials ? 1 : 0), specials);
    const p = k.alloc(n);
    const y = k.alloc(n);
    const h = k.heap();
    h.set(ps, p);
    h.set(ts, y);
    const pos = ps.map((a, q) => bce.pos(ts[q]!, a));
    const neg = ps.map((a, q) => bce.neg!(ts[q]!, a));
    const want = [pairwiseSum(pos, 0, n, 1), pairwiseSum(neg, 0, n, 1)];
    const got = new Float64Array(2);
    k.bceSums!(p, y, n, got, 0);
    expect(Object.is(got[0], want[0]), `pos ${got[0]} vs ${want[0]}`).toBe(true);
    expect(Object.is(got[1], want[1]), `neg ${got[1]} vs ${want[1]}`).toBe(true);
    expect(Number.isNaN(want[0]!)).toBe(specials);
    const sum = k.bceSum!(p, y, n);
    expect(Object.is(sum, want[0]! + want[1]!), `bceSum ${sum}`).toBe(true);
  });
});

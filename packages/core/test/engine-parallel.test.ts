// How parallel training splits a batch (parallel-shared.ts): where it can, each thread's shard
// is a node of the cost's pairwise-sum tree, so adding the threads' sums up the tree is the
// whole batch's pairwise sum bit for bit. The threads themselves are tested under Node, Bun and
// Deno by test/runtime/parallel.ts (workers need the runtime's own loader).
import { describe, expect, it } from "vitest";
import { addTreeSums, planShards, sharedLayout } from "../src/engine/parallel-shared.ts";
import { pairwiseSum } from "../src/sum.ts";
import { lcg } from "./engine-data.ts";

/** The shards cover 0..samples in order, without gaps. */
function expectCover(shards: readonly (readonly [number, number])[], samples: number): void {
  let next = 0;
  for (const [c, n] of shards) {
    expect(c).toBe(next);
    expect(n).toBeGreaterThan(0);
    next = c + n;
  }
  expect(next).toBe(samples);
}

describe("planShards", () => {
  it("splits the headline batch where the pairwise sum does", () => {
    expect(planShards(900, 2, 1)).toEqual({
      shards: [
        [0, 448],
        [448, 452],
      ],
      tree: true,
    });
    expect(planShards(900, 1, 1)).toEqual({ shards: [[0, 900]], tree: true });
    const four = planShards(1000, 4, 1);
    expect(four.tree).toBe(true);
    expect(four.shards.map(([, n]) => n)).toEqual([248, 248, 248, 256]);
  });

  it("falls back to equal shards where no tree fits: odd thread counts, rows > 1, small batches", () => {
    expect(planShards(900, 3, 1)).toEqual({
      shards: [
        [0, 300],
        [300, 300],
        [600, 300],
      ],
      tree: false,
    });
    expect(planShards(900, 2, 2).tree).toBe(false);
    // 128 samples or fewer are summed without a split (eight interleaved accumulators).
    expect(planShards(128, 2, 1)).toEqual({
      shards: [
        [0, 64],
        [64, 64],
      ],
      tree: false,
    });
    expect(planShards(129, 2, 1).tree).toBe(true);
    // Four threads need both halves split again: 258 splits into 128 and 130, and 128 does not.
    expect(planShards(258, 4, 1).tree).toBe(false);
    expect(planShards(7, 4, 1)).toEqual({
      shards: [
        [0, 2],
        [2, 2],
        [4, 2],
        [6, 1],
      ],
      tree: false,
    });
  });

  it("always covers the batch, and tree shards sum to the whole batch's pairwise sum bit for bit", () => {
    const r = lcg(5);
    const data = Float64Array.from({ length: 5000 }, () => (r() - 0.5) * 10 ** (12 * r()));
    const scratch = new Float64Array(16);
    let trees = 0;
    for (const samples of [
      1, 2, 8, 100, 129, 130, 255, 256, 300, 451, 600, 900, 1001, 4096, 5000,
    ]) {
      for (const threads of [1, 2, 3, 4, 5, 8]) {
        if (threads > samples) continue;
        const { shards, tree } = planShards(samples, threads, 1);
        expect(shards).toHaveLength(threads);
        expectCover(shards, samples);
        if (!tree) continue;
        trees++;
        // Each thread's [pos, neg]: pos over the data, neg over the data reversed.
        const shared = new Float64Array(2 * threads + 3);
        const neg = data.slice(0, samples).reverse();
        shards.forEach(([c, n], t) => {
          shared[3 + 2 * t] = pairwiseSum(data, c, n, 1);
          shared[3 + 2 * t + 1] = pairwiseSum(neg, c, n, 1);
        });
        addTreeSums(shared, 3, threads, scratch);
        const what = `${samples} samples, ${threads} threads`;
        expect(Object.is(scratch[0], pairwiseSum(data, 0, samples, 1)), what).toBe(true);
        expect(Object.is(scratch[1], pairwiseSum(neg, 0, samples, 1)), what).toBe(true);
      }
    }
    expect(trees).toBeGreaterThan(20);
  });

  it("a sum added in another order would differ: the test above can fail", () => {
    // Four shards of 1000 values added left to right instead of up the tree.
    const r = lcg(6);
    let differs = false;
    for (let trial = 0; trial < 20 && !differs; trial++) {
      const data = Float64Array.from({ length: 1000 }, () => (r() - 0.5) * 10 ** (8 * r()));
      const { shards } = planShards(1000, 4, 1);
      const parts = shards.map(([c, n]) => pairwiseSum(data, c, n, 1));
      const leftToRight = parts.reduce((a, b) => a + b, 0);
      differs = !Object.is(leftToRight, pairwiseSum(data, 0, 1000, 1));
    }
    expect(differs).toBe(true);
  });
});

describe("sharedLayout", () => {
  it("holds two sums per thread with a tree, the per-element terms without", () => {
    const tree = sharedLayout(4101, 2, 900, 1, true);
    expect(tree.sums).toBe(4101 * 3);
    expect(tree.length).toBe(4101 * 3 + 4);
    const terms = sharedLayout(4101, 2, 900, 1, false);
    expect(terms.pos).toBe(4101 * 3);
    expect(terms.neg).toBe(4101 * 3 + 900);
    expect(terms.length).toBe(4101 * 3 + 1800);
  });
});

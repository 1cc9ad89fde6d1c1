// Replays one call of fixtures/random.json on a RandomState. Runner-free, so both the vitest
// suite and the Node/Bun/Deno determinism suite (test/runtime) use it.
import type { RandomState } from "../src/random.ts";

/** One call of a fixtures/random.json seed block. */
export interface FixtureCall {
  call: string;
  shape?: number[];
  n?: number;
  loc?: number;
  scale?: number;
  low?: number;
  high?: number;
  out: unknown;
}

/** Runs one fixture call on `rng` and returns the values drawn, flat. */
export function replay(rng: RandomState, c: FixtureCall): number[] {
  const shape = c.shape ?? [];
  switch (c.call) {
    case "randn":
      return Array.from(rng.randn(...shape));
    case "random_sample":
      return Array.from(rng.randomSample(...shape));
    case "normal":
      return Array.from(rng.normal(c.loc, c.scale, shape));
    case "uniform":
      return Array.from(rng.uniform(c.low, c.high, shape));
    case "permutation":
      return rng.permutation(c.n as number);
    default:
      throw new Error(`unknown fixture call ${c.call}`);
  }
}

// Determinism checks for RandomState: fixtures/random.json (NumPy's legacy RandomState)
// reproduced bit for bit under every runtime.
import fixture from "../../../../fixtures/random.json" with { type: "json" };
import { RandomState } from "../../src/random.ts";
import type { RuntimeCheck } from "./harness.ts";
import { assert, sameBits } from "./harness.ts";

interface FixtureCall {
  call: string;
  shape?: number[];
  n?: number;
  loc?: number;
  scale?: number;
  low?: number;
  high?: number;
  out: unknown;
}

function draw(rng: RandomState, c: FixtureCall): number[] {
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

/** One check per seed block of fixtures/random.json: every call in order, bitwise. */
export const checks: RuntimeCheck[] = fixture.blocks.map((block) => ({
  name: `random.json seed ${block.seed}`,
  run(): void {
    const rng = new RandomState(block.seed);
    block.calls.forEach((c, k) => {
      const expected = (Array.isArray(c.out) ? c.out.flat() : [c.out]) as number[];
      const got = draw(rng, c as FixtureCall);
      assert(
        got.length === expected.length,
        `call ${k} (${c.call}): ${got.length} values, expected ${expected.length}`,
      );
      for (let i = 0; i < expected.length; i++) {
        assert(
          sameBits(got[i] as number, expected[i] as number),
          `call ${k} (${c.call}) [${i}]: got ${got[i]}, expected ${expected[i]}`,
        );
      }
    });
  },
}));

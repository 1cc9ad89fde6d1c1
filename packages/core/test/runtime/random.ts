// Determinism checks for RandomState: fixtures/random.json (NumPy's legacy RandomState)
// reproduced bit for bit under every runtime.
import fixture from "../../../../fixtures/random.json" with { type: "json" };
import { RandomState } from "../../src/random.ts";
import { type FixtureCall, replay } from "../random-replay.ts";
import type { RuntimeCheck } from "./harness.ts";
import { assert, sameBits } from "./harness.ts";

/** One check per seed block of fixtures/random.json: every call in order, bitwise. */
export const checks: RuntimeCheck[] = fixture.blocks.map((block) => ({
  name: `random.json seed ${block.seed}`,
  run(): void {
    const rng = new RandomState(block.seed);
    block.calls.forEach((c, k) => {
      const expected = (Array.isArray(c.out) ? c.out.flat() : [c.out]) as number[];
      const got = replay(rng, c as FixtureCall);
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

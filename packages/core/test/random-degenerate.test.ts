// Degenerate and sparse MT19937 states (issue 21.10). A degenerate key (the generator would only
// ever output 0, so randn's polar method would loop for ever) is rejected by setState; a sparse
// key that is not degenerate must still be accepted and give NumPy's draws bit for bit
// (fixtures/sparse-states.json, from scripts/gen-sparse-state-fixture.py).
import { describe, expect, it } from "vitest";
import fixture from "../../../fixtures/sparse-states.json" with { type: "json" };
import { RandomState } from "../src/index.ts";

const zeroKey = (): number[] => new Array(624).fill(0);

describe("RandomState.setState: degenerate keys", () => {
  it("rejects every all-zero state, whatever pos and the low 31 bits of key[0]", () => {
    for (const pos of [0, 1, 311, 624]) {
      for (const first of [0, 1, 0x7fffffff]) {
        const key = zeroKey();
        key[0] = first;
        const rng = new RandomState(3);
        const before = rng.getState();
        expect(() => rng.setState({ key, pos, hasGauss: false, cachedGaussian: 0 })).toThrow(
          RangeError,
        );
        // The rejected state did not replace the old one: the stream continues as seed 3's.
        expect(rng.getState()).toEqual(before);
        expect(rng.randn()).toBe(new RandomState(3).randn());
      }
    }
  });

  it("accepts the smallest live states: key[0]'s top bit alone, or one bit in key[1..623]", () => {
    const top = zeroKey();
    top[0] = 0x80000000;
    expect(() =>
      new RandomState(0).setState({ key: top, pos: 624, hasGauss: false, cachedGaussian: 0 }),
    ).not.toThrow();
    const low = zeroKey();
    low[623] = 1;
    expect(() =>
      new RandomState(0).setState({ key: low, pos: 624, hasGauss: false, cachedGaussian: 0 }),
    ).not.toThrow();
  });
});

describe("RandomState: sparse but live states give NumPy's draws (fixtures/sparse-states.json)", () => {
  it.each(fixture.states.map((s) => [`key[${s.index}] = ${s.value}, pos ${s.pos}`, s] as const))(
    "%s",
    (_name, s) => {
      const key = zeroKey();
      key[s.index] = s.value;
      const rng = new RandomState(0);
      rng.setState({ key, pos: s.pos, hasGauss: false, cachedGaussian: 0 });
      expect(Array.from(rng.randn(s.randn.length))).toEqual(s.randn);
      expect(Array.from(rng.randomSample(s.randomSample.length))).toEqual(s.randomSample);
      expect(Array.from(rng.randint(0, 1000, s.randint.length))).toEqual(s.randint);
    },
  );
});

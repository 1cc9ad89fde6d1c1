import { describe, expect, it } from "vitest";
import fixture from "../../../fixtures/random.json" with { type: "json" };
import { RandomState } from "../src/index.ts";
import type { RandomStateSnapshot } from "../src/random.ts";
import { type FixtureCall, replay } from "./random-replay.ts";

function flat(out: unknown): number[] {
  return (Array.isArray(out) ? out.flat(Number.POSITIVE_INFINITY) : [out]) as number[];
}

function bitwiseMismatches(got: readonly number[], expected: readonly number[]): string[] {
  const bad: string[] = [];
  if (got.length !== expected.length) bad.push(`length ${got.length} != ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(got[i], expected[i])) bad.push(`[${i}] ${got[i]} != ${expected[i]}`);
  }
  return bad;
}

describe("RandomState reproduces numpy.random.RandomState (fixtures/random.json)", () => {
  for (const block of fixture.blocks) {
    it(`seed ${block.seed}: every call, in sequence, bitwise`, () => {
      const rng = new RandomState(block.seed);
      block.calls.forEach((c, k) => {
        const got = replay(rng, c as FixtureCall);
        expect(bitwiseMismatches(got, flat(c.out)), `call ${k} (${c.call})`).toEqual([]);
      });
    });
  }

  it("scalar draws continue the same stream as shaped draws", () => {
    const block = fixture.blocks[0]!;
    const rng = new RandomState(block.seed);
    const first = flat(block.calls[0]!.out); // randn(5)
    const got = [rng.randn(), rng.standardNormal(), rng.normal(), rng.normal(0, 1), rng.randn()];
    expect(bitwiseMismatches(got, first)).toEqual([]);
  });

  it("seed() re-seeds to the same stream as a new instance", () => {
    const block = fixture.blocks[1]!;
    const rng = new RandomState(0);
    rng.randn(7); // leaves a cached Gaussian behind; seed() must clear it
    rng.seed(block.seed);
    expect(bitwiseMismatches(Array.from(rng.randn(5)), flat(block.calls[0]!.out))).toEqual([]);
  });
});

describe("RandomState MT19937 core (independent reference values)", () => {
  it("init_by_array({0x123, 0x234, 0x345, 0x456}) gives mt19937ar.out's first words", () => {
    // Matsumoto & Nishimura's reference output (mt19937ar.out): genrand_int32() after
    // init_by_array({0x123, 0x234, 0x345, 0x456}). randint over the full 2**32 range returns
    // the raw word offset by low = -2**31.
    const rng = new RandomState([0x123, 0x234, 0x345, 0x456]);
    const words = Array.from(rng.randint(-(2 ** 31), 2 ** 31, 5), (v) => v + 2 ** 31);
    expect(words).toEqual([1067595299, 955945823, 477289528, 4107218783, 4228976476]);
  });

  it("init_genrand(5489) gives MT19937's canonical 10000th output 4123659995", () => {
    // The C++ standard requires std::mt19937 (default seed 5489) to return 4123659995 as its
    // 10000th value.
    const rng = new RandomState(5489);
    const words = rng.randint(-(2 ** 31), 2 ** 31, 10000);
    expect(words[9999]! + 2 ** 31).toBe(4123659995);
  });

  it("randomSample lies in [0, 1) and is a multiple of 2**-53", () => {
    const xs = new RandomState(3).randomSample(5000);
    for (const x of xs) {
      expect(x >= 0 && x < 1).toBe(true);
      expect(Number.isInteger(x * 2 ** 53)).toBe(true);
    }
  });

  it("randint stays in [low, high) and hits every value of a small range", () => {
    const rng = new RandomState(11);
    const xs = rng.randint(-3, 4, 2000);
    const seen = new Set(xs);
    expect([...seen].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(rng.randint(5, 6)).toBe(5);
    const single = rng.randint(10);
    expect(Number.isInteger(single) && single >= 0 && single < 10).toBe(true);
  });

  it("permutation and shuffle are permutations; permutation copies its input", () => {
    const rng = new RandomState(9);
    const p = rng.permutation(50);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const input = ["a", "b", "c", "d", "e"] as const;
    const copy = rng.permutation(input);
    expect(input).toEqual(["a", "b", "c", "d", "e"]);
    expect([...copy].sort()).toEqual(["a", "b", "c", "d", "e"]);
    const typed = new Float64Array([1, 2, 3, 4, 5, 6]);
    rng.shuffle(typed);
    expect(Array.from(typed).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rng.permutation(0)).toEqual([]);
    expect(rng.permutation(1)).toEqual([0]);
  });

  it("permutation(n) equals shuffleInPlace of 0..n-1 on the same stream", () => {
    const a = new RandomState(21).permutation(30);
    const b = Array.from({ length: 30 }, (_, i) => i);
    new RandomState(21).shuffleInPlace(b);
    expect(a).toEqual(b);
  });

  it("no seed gives a working, non-deterministic generator", () => {
    const a = new RandomState().randomSample(4);
    const b = new RandomState().randomSample(4);
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });
});

describe("RandomState getState/setState", () => {
  it("resumes exactly, including a cached Gaussian, through JSON", () => {
    const rng = new RandomState(42);
    rng.randn(3); // odd count: one Gaussian is cached
    const snap = rng.getState();
    expect(snap.hasGauss).toBe(true);
    expect(snap.key).toHaveLength(624);
    const expected = [...rng.randn(700), ...rng.randomSample(5), ...rng.permutation(9)];
    const restored = new RandomState(0);
    restored.setState(JSON.parse(JSON.stringify(snap)) as RandomStateSnapshot);
    const got = [...restored.randn(700), ...restored.randomSample(5), ...restored.permutation(9)];
    expect(bitwiseMismatches(got, expected)).toEqual([]);
    expect(restored.getState()).toEqual(rng.getState());
  });

  it("a fresh seed's state is NumPy's: pos 624, no Gaussian, key[0] = seed", () => {
    const s = new RandomState(12345).getState();
    expect(s.pos).toBe(624);
    expect(s.hasGauss).toBe(false);
    expect(s.cachedGaussian).toBe(0);
    expect(s.key[0]).toBe(12345);
    // init_genrand: key[1] = 1812433253 * (key[0] ^ (key[0] >> 30)) + 1 mod 2**32
    expect(s.key[1]).toBe(Number((1812433253n * 12345n + 1n) % 2n ** 32n));
  });

  it("getState returns a copy", () => {
    const rng = new RandomState(1);
    const s = rng.getState();
    s.key[0] = 7;
    expect(rng.getState().key[0]).toBe(1);
  });
});

describe("RandomState bad input", () => {
  const good = new RandomState(0).getState();
  const cases: [string, () => unknown, typeof RangeError | typeof TypeError, RegExp][] = [
    ["negative seed", () => new RandomState(-1), RangeError, /seed.*0\.\.2\*\*32-1.*-1/],
    ["seed 2**32", () => new RandomState(2 ** 32), RangeError, /4294967296/],
    ["fractional seed", () => new RandomState(1.5), RangeError, /1\.5/],
    ["NaN seed", () => new RandomState(Number.NaN), RangeError, /NaN/],
    ["string seed", () => new RandomState("1" as unknown as number), TypeError, /string/],
    ["empty seed array", () => new RandomState([]), RangeError, /empty/],
    ["bad seed array word", () => new RandomState([1, -2]), RangeError, /seed\[1\]/],
    ["seed() with bad value", () => new RandomState(0).seed(2 ** 40), RangeError, /seed/],
    ["negative shape", () => new RandomState(0).randn(2, -1), RangeError, /shape\[1\].*-1/],
    ["fractional shape", () => new RandomState(0).randomSample(1.5), RangeError, /shape\[0\]/],
    ["negative scale", () => new RandomState(0).normal(0, -1), RangeError, /scale >= 0.*-1/],
    ["NaN loc", () => new RandomState(0).normal(Number.NaN), RangeError, /loc.*NaN/],
    ["infinite uniform bound", () => new RandomState(0).uniform(0, Infinity), RangeError, /high/],
    [
      "overflowing uniform range",
      () => new RandomState(0).uniform(-Number.MAX_VALUE, Number.MAX_VALUE),
      RangeError,
      /overflows/,
    ],
    ["randint low >= high", () => new RandomState(0).randint(3, 3), RangeError, /low < high/],
    ["randint(0)", () => new RandomState(0).randint(0), RangeError, /low < high/],
    ["randint fractional", () => new RandomState(0).randint(0.5, 3), RangeError, /low.*0\.5/],
    ["randint past int32", () => new RandomState(0).randint(0, 2 ** 31 + 1), RangeError, /int32/],
    ["permutation(-1)", () => new RandomState(0).permutation(-1), RangeError, /-1/],
    ["permutation(2.5)", () => new RandomState(0).permutation(2.5), RangeError, /2\.5/],
    [
      "shuffle a non-array",
      () => new RandomState(0).shuffleInPlace({} as unknown as number[]),
      TypeError,
      /shuffleInPlace/,
    ],
    [
      "setState short key",
      () => new RandomState(0).setState({ ...good, key: [1, 2, 3] }),
      RangeError,
      /624/,
    ],
    [
      "setState bad word",
      () =>
        new RandomState(0).setState({ ...good, key: good.key.map((w, i) => (i === 5 ? -1 : w)) }),
      RangeError,
      /key\[5\]/,
    ],
    [
      "setState pos 625",
      () => new RandomState(0).setState({ ...good, pos: 625 }),
      RangeError,
      /pos/,
    ],
    [
      "setState non-boolean hasGauss",
      () => new RandomState(0).setState({ ...good, hasGauss: 1 as unknown as boolean }),
      TypeError,
      /hasGauss/,
    ],
    [
      "setState NaN cachedGaussian",
      () => new RandomState(0).setState({ ...good, cachedGaussian: Number.NaN }),
      RangeError,
      /cachedGaussian/,
    ],
  ];
  for (const [name, fn, type, message] of cases) {
    it(name, () => {
      expect(fn).toThrow(type);
      expect(fn).toThrow(message);
    });
  }

  it("a rejected setState leaves the generator unchanged", () => {
    const rng = new RandomState(3);
    const before = rng.getState();
    expect(() => rng.setState({ ...before, pos: -1 })).toThrow(RangeError);
    expect(rng.getState()).toEqual(before);
  });
});

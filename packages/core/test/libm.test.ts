import { describe, expect, it } from "vitest";
import libm from "../../../fixtures/libm.json" with { type: "json" };
import trig from "../../../fixtures/trig.json" with { type: "json" };
import { cos, exp, log, sin } from "../src/index.ts";
import { cosExact, expExact, logExact, sinExact } from "../src/libm/exact.ts";

const SUBNORMAL_UNIT = 5e-324;

/** Deterministic 64-bit LCG (Knuth's MMIX constants), uniform doubles in [0, 1). */
function lcg(seed: bigint): () => number {
  let state = seed;
  return () => {
    state = (state * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return Number(state >> 11n) / 2 ** 53;
  };
}

/** The float64 with the given raw bits. */
function fromBits(bits: bigint): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, bits);
  return view.getFloat64(0);
}

/** Distance in ulps between two finite doubles of the same sign. */
function ulpDistance(a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  const d = view.getBigInt64(0) - view.getBigInt64(8);
  return Number(d < 0n ? -d : d);
}

function mismatches(
  xs: readonly number[],
  ys: readonly number[],
  f: (x: number) => number,
  skip: readonly number[] = [],
): string[] {
  const out: string[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (skip.includes(i)) continue;
    const got = f(xs[i]!);
    if (!Object.is(got, ys[i])) out.push(`#${i} x=${xs[i]} got ${got} want ${ys[i]}`);
  }
  return out;
}

describe("exp: fixtures/libm.json, bitwise", () => {
  it("reproduces every correctly rounded value", () => {
    expect(libm.exp.x.length).toBe(11010);
    expect(mismatches(libm.exp.x, libm.exp.y, exp)).toEqual([]);
  });

  it("is correctly rounded on the subnormal grid (rounded once, not twice)", () => {
    // exp(-709.1857...) is 2045392683221315.4166... units of 2^-1074 (Python decimal, see
    // scripts/verify-libm-fixture.py): one rounding gives ...315 units; rounding first to 53
    // bits and then to the grid would give ...316.
    expect(exp(-709.1857057342744) / SUBNORMAL_UNIT).toBe(2045392683221315);
    expect(exp(-708.9190405895471) / SUBNORMAL_UNIT).toBe(2670471201819251);
  });

  it("the exact BigInt evaluation agrees on the hard cases and a sample", () => {
    const idx = [...libm.exp.glibc_differs.map(([i]) => i as number), ...Array(300).keys()];
    for (const i of idx) {
      expect(Object.is(expExact(libm.exp.x[i]!), libm.exp.y[i]), `#${i}`).toBe(true);
    }
  });
});

describe("log: fixtures/libm.json, bitwise", () => {
  it("reproduces every correctly rounded value", () => {
    expect(libm.log.x.length).toBe(11007);
    expect(mismatches(libm.log.x, libm.log.y, log)).toEqual([]);
  });

  it("the exact BigInt evaluation agrees on the hard cases and a sample", () => {
    const idx = [...libm.log.glibc_differs.map(([i]) => i as number), ...Array(300).keys()];
    for (const i of idx) {
      expect(Object.is(logExact(libm.log.x[i]!), libm.log.y[i]), `#${i}`).toBe(true);
    }
  });
});

describe("log at binary cross-entropy's clipping bounds", () => {
  it("log(1 - 2^-52), the one hard case near 1, is the exact evaluation's value", () => {
    // -(2^-52 + 2^-104): the exact value is -2^-52 - 2^-105 - 2^-156/3 - ..., just past the
    // midpoint between two doubles. log.ts returns it without its ~20 µs exact evaluation.
    const x = 1 - 2 ** -52;
    expect(Object.is(log(x), logExact(x))).toBe(true);
    expect(log(x)).toBe(-(2 ** -52 + 2 ** -104));
    // Its neighbours and the other bound take the ordinary paths and agree too.
    for (const y of [1 - 2 ** -53, 1 - 3 * 2 ** -53, 1 + 2 ** -52, 2 ** -52]) {
      expect(Object.is(log(y), logExact(y)), `log(${y})`).toBe(true);
    }
  });
});

describe("exp: IEEE special cases", () => {
  it("NaN, infinities, zeros", () => {
    expect(exp(Number.NaN)).toBeNaN();
    expect(Object.is(exp(Number.NEGATIVE_INFINITY), 0)).toBe(true);
    expect(exp(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(exp(0)).toBe(1);
    expect(exp(-0)).toBe(1);
  });

  it("e^1 is Math.E (the spec's correctly rounded e)", () => {
    expect(exp(1)).toBe(Math.E);
  });

  it("overflows to Infinity exactly past ln(DBL_MAX (1 + 2^-54))", () => {
    // ln of the overflow threshold is 709.78271289338399678773..., between these doubles.
    expect(exp(709.782712893384)).toBe(1.7976931348622732e308);
    expect(exp(709.7827128933841)).toBe(Number.POSITIVE_INFINITY);
    expect(exp(710)).toBe(Number.POSITIVE_INFINITY);
    expect(exp(1e308)).toBe(Number.POSITIVE_INFINITY);
  });

  it("rounds into the subnormals and underflows to +0 below half the smallest subnormal", () => {
    // ln(2^-1075) = -745.13321910194120762...: just above it, exp rounds up to 2^-1074;
    // at the double below (-745.1332191019412) it is 0.99999999999998552 * 2^-1075 -> +0.
    expect(exp(-745.1332191019411)).toBe(5e-324);
    expect(Object.is(exp(-745.1332191019412), 0)).toBe(true);
    expect(Object.is(exp(-1e308), 0)).toBe(true);
    // ln(2^-1074) = -744.44007192138126...: exp there is 2^-1074 (1 - tiny) -> 2^-1074.
    expect(exp(-744.4400719213812)).toBe(5e-324);
    // Subnormal results (rounded once, on the 2^-1074 grid) agree with the exact evaluation.
    const rnd = lcg(1n);
    for (let i = 0; i < 300; i++) {
      const x = -708.4 - 36.7 * rnd();
      const y = exp(x);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(2 ** -1022);
      expect(y).toBe(expExact(x));
    }
  });

  it("tiny arguments: exp(x) = 1 below 2^-54 in magnitude, and 1 + 2^-52 at x = 2^-53", () => {
    expect(exp(1e-300)).toBe(1);
    expect(exp(-1e-300)).toBe(1);
    expect(exp(5e-324)).toBe(1);
    // e^(2^-53) = 1 + 2^-53 + 2^-107 + ...: just above the midpoint, so it rounds up.
    expect(exp(2 ** -53)).toBe(1 + 2 ** -52);
    // e^(-2^-53) = 1 - 2^-53 + 2^-107 - ...: next to the double 1 - 2^-53.
    expect(exp(-(2 ** -53))).toBe(1 - 2 ** -53);
  });
});

describe("log: IEEE special cases", () => {
  it("zero, negatives, infinity, NaN, one", () => {
    expect(log(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(log(-0)).toBe(Number.NEGATIVE_INFINITY);
    expect(log(-1)).toBeNaN();
    expect(log(-5e-324)).toBeNaN();
    expect(log(Number.NEGATIVE_INFINITY)).toBeNaN();
    expect(log(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(log(Number.NaN)).toBeNaN();
    expect(Object.is(log(1), 0)).toBe(true);
  });

  it("matches the spec's correctly rounded constants", () => {
    expect(log(2)).toBe(Math.LN2);
    expect(log(10)).toBe(Math.LN10);
    expect(log(Math.E)).toBe(1);
  });

  it("subnormal and extreme arguments", () => {
    // log(2^-1074) = -1074 ln2 = -744.44007192138126231...
    expect(log(5e-324)).toBe(-744.4400719213812);
    // log(2^-1022) = -708.39641853226410622...
    expect(log(2 ** -1022)).toBe(-708.3964185322641);
    // log(DBL_MAX) = 709.78271289338399673...
    expect(log(Number.MAX_VALUE)).toBe(709.782712893384);
  });

  it("near 1: log(1 + 2^-52) = 2^-52 - 2^-105 + ..., log(1 - 2^-53) = -2^-53 - 2^-107 - ...", () => {
    expect(log(1 + 2 ** -52)).toBe(2 ** -52 - 2 ** -105);
    expect(log(1 - 2 ** -53)).toBe(-(2 ** -53));
  });
});

describe("monotonicity and identities", () => {
  it("exp and log are monotone on sorted random arguments", () => {
    const rnd = lcg(7n);
    const xs = Array.from({ length: 4000 }, () => rnd() * 1460 - 750).sort((a, b) => a - b);
    for (let i = 1; i < xs.length; i++) expect(exp(xs[i]!) >= exp(xs[i - 1]!)).toBe(true);
    const ps = Array.from({ length: 4000 }, () => 2 ** (rnd() * 2000 - 1000)).sort((a, b) => a - b);
    for (let i = 1; i < ps.length; i++) expect(log(ps[i]!) >= log(ps[i - 1]!)).toBe(true);
    // Neighbouring doubles around 1 (the most delicate region for log).
    let prev = log(0.999);
    for (let x = 0.999; x < 1.001; x += 1e-6) {
      const y = log(x);
      expect(y >= prev).toBe(true);
      prev = y;
    }
  });

  it("exp(log(x)) is within 2 ulp of x on [0.5, 2]; exp(a) exp(-a) within 2 ulp of 1", () => {
    const rnd = lcg(11n);
    for (let i = 0; i < 2000; i++) {
      const x = 0.5 + 1.5 * rnd();
      expect(ulpDistance(exp(log(x)), x)).toBeLessThanOrEqual(2);
      const a = rnd() * 10 - 5;
      expect(Math.abs(exp(a) * exp(-a) - 1)).toBeLessThanOrEqual(4 * 2 ** -53);
    }
  });

  it("sin is increasing on [0, pi/2] and sin^2 + cos^2 is 1 within 2^-51", () => {
    let prev = -1;
    for (let i = 0; i <= 2000; i++) {
      const x = (i / 2000) * (Math.PI / 2);
      const s = sin(x);
      expect(s >= prev).toBe(true);
      prev = s;
      const c = cos(x);
      expect(Math.abs(s * s + c * c - 1)).toBeLessThanOrEqual(2 ** -51);
    }
  });
});

describe("sin/cos: fixtures/trig.json (correctly rounded, from Python decimal), bitwise", () => {
  const groups = trig.groups as Record<string, { x: number[]; sin: number[]; cos: number[] }>;
  for (const [name, g] of Object.entries(groups)) {
    it(`${name} (${g.x.length} inputs)`, () => {
      expect(g.x.length).toBeGreaterThan(0);
      expect(mismatches(g.x, g.sin, sin)).toEqual([]);
      expect(mismatches(g.x, g.cos, cos)).toEqual([]);
    });
  }

  it("the exact BigInt evaluation agrees with the fixture", () => {
    for (const g of Object.values(groups)) {
      for (let i = 0; i < g.x.length; i += 7) {
        expect(Object.is(sinExact(g.x[i]!), g.sin[i]), `sin ${g.x[i]}`).toBe(true);
        expect(Object.is(cosExact(g.x[i]!), g.cos[i]), `cos ${g.x[i]}`).toBe(true);
      }
    }
  });
});

describe("sin/cos: special cases", () => {
  it("zeros keep their sign, non-finite arguments give NaN", () => {
    expect(Object.is(sin(0), 0)).toBe(true);
    expect(Object.is(sin(-0), -0)).toBe(true);
    expect(cos(0)).toBe(1);
    expect(cos(-0)).toBe(1);
    for (const x of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(sin(x)).toBeNaN();
      expect(cos(x)).toBeNaN();
    }
  });

  it("tiny arguments: sin(x) = x, cos(x) = 1", () => {
    for (const x of [5e-324, -5e-324, 1e-300, -1e-20, 2 ** -27]) {
      expect(Object.is(sin(x), x)).toBe(true);
      expect(cos(x)).toBe(1);
    }
  });

  it("odd and even symmetry", () => {
    const rnd = lcg(3n);
    for (let i = 0; i < 500; i++) {
      const x = (rnd() - 0.5) * 1e4;
      expect(Object.is(sin(-x), -sin(x))).toBe(true);
      expect(Object.is(cos(-x), cos(x))).toBe(true);
    }
  });
});

describe("fast paths agree with the exact BigInt evaluation (seeded random arguments)", () => {
  it("exp: 3000 arguments over the whole finite range and near 0", () => {
    const rnd = lcg(20240611n);
    const bad: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const u = rnd();
      const x = i % 3 === 0 ? u * 1456 - 746 : i % 3 === 1 ? (u - 0.5) * 2 : (u - 0.5) * 2 ** -20;
      if (!Object.is(exp(x), expExact(x))) bad.push(x);
    }
    expect(bad).toEqual([]);
  });

  it("log: 3000 random positive bit patterns (normal and subnormal) and values near 1", () => {
    const rnd = lcg(99n);
    const bad: number[] = [];
    for (let i = 0; i < 3000; i++) {
      let x: number;
      if (i % 2 === 0) {
        // Random sign-less bit pattern below the exponent of Infinity.
        const hi = BigInt(Math.floor(rnd() * 0x7ff00000));
        const lo = BigInt(Math.floor(rnd() * 2 ** 32));
        x = fromBits((hi << 32n) | lo);
      } else {
        x = 1 + (rnd() - 0.5) * 2 ** -8;
      }
      if (x === 0) continue;
      if (!Object.is(log(x), logExact(x))) bad.push(x);
    }
    expect(bad).toEqual([]);
  });

  it("sin/cos: 1500 arguments with |x| <= 2^20 plus a few huge ones", () => {
    const rnd = lcg(5n);
    const bad: number[] = [];
    for (let i = 0; i < 1500; i++) {
      const u = rnd() - 0.5;
      const x = i % 3 === 0 ? u * 20 : i % 3 === 1 ? u * 2e5 : u * 2 ** 21;
      if (!Object.is(sin(x), sinExact(x)) || !Object.is(cos(x), cosExact(x))) bad.push(x);
    }
    for (const x of [1e22, 2 ** 60, 1e300, -3.5e200]) {
      expect(Math.abs(sin(x))).toBeLessThanOrEqual(1);
      expect(Math.abs(cos(x))).toBeLessThanOrEqual(1);
      expect(Math.abs(sin(x) ** 2 + cos(x) ** 2 - 1)).toBeLessThanOrEqual(2 ** -51);
    }
    expect(bad).toEqual([]);
  });
});

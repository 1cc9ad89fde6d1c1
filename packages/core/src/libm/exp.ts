/**
 * Correctly rounded e^x in plain float64 arithmetic (no Math.exp).
 *
 * Fast path: x = (1024 E + j) ln2/1024 + r with |r| <= ln2/2048; e^x = 2^E * 2^(j/1024) * e^r,
 * with 2^(j/1024) from a table as hi (26 bits) + lo, and e^r - 1 = s + ds + s^2 P(s) where
 * r = s + ds is an exact double-double. The products hi*s are made exact by splitting s
 * (Veltkamp), so the result y = hi + lo in [1, 2) has an absolute error below 2^-72.4 (see the
 * bound below). Rounding test: if y - EB and y + EB round to the same double, that double is
 * the correctly rounded y; otherwise (about 1 call in 130 000) the exact BigInt evaluation
 * decides. Subnormal results are rounded once, directly to the subnormal grid.
 */

import { pow2 } from "./bits.ts";
import { expExact } from "./exact.ts";
import { EXP_INV_L, EXP_L_HI, EXP_L_LO, EXP_TABLE } from "./tables.ts";

/** 1.5 * 2^52: adding and subtracting it rounds to an integer (ties to even). */
const SHIFTER = 6755399441055744;
/** Veltkamp splitter 2^27 + 1. */
const SPLIT = 134217729;
/**
 * Bound on |y - (hi + lo)| for the fast path (y < 2). The error terms, each at most:
 * k*(ln2/1024 - L_HI - L_LO) 2^-75.9, k*L_LO rounding 2^-75, dropped ds*s 2^-75.5, polynomial
 * rounding 2^-74.4 and truncation 2^-77.5, five roundings in lo 2^-73.7, table 2^-79: in total
 * under 2^-72.4. EB = 2^-70 leaves a factor 5.
 */
const EB = 2 ** -70;
const C3 = 1 / 6;
const C4 = 1 / 24;
const C5 = 1 / 120;
/** 2^-1022, the smallest normal number. */
const TINY = 2 ** -1022;

/**
 * e^x, correctly rounded (round-to-nearest-even) for every float64 x, with the same bits on
 * every JavaScript engine.
 *
 * `Math.exp` is not specified to be correctly rounded, and engines differ: on a set of 11 010
 * test arguments Node 20's result is not the correctly rounded double for about 9 % of them
 * (951) and Bun's for 11. A training run that seeds the same weights must not produce
 * different bits on different runtimes, so plainnet computes `exp` itself, using only
 * IEEE-754 +, -, * (correctly rounded by the standard, so identical on every engine) and an
 * exact BigInt fallback for the rare arguments whose rounding the fast path cannot decide.
 *
 * Special cases: exp(NaN) = NaN, exp(-Infinity) = 0, exp(Infinity) = Infinity, results above
 * the largest double overflow to Infinity (x > 709.782712893384), subnormal results are
 * correctly rounded and results below half the smallest subnormal underflow to 0.
 *
 * @example
 * ```ts
 * import { exp } from "@plainnet/core";
 * exp(1); // 2.718281828459045
 * exp(-745.2); // 0
 * ```
 */
export function exp(x: number): number {
  if (!(x > -746 && x < 710)) {
    if (Number.isNaN(x)) return x;
    return x > 0 ? Number.POSITIVE_INFINITY : 0;
  }
  // k = round(x * 1024/ln2); |x - k ln2/1024| <= ln2/2048 (plus 2^-33 of slack).
  const kf = x * EXP_INV_L + SHIFTER - SHIFTER;
  const k = kf | 0;
  // rh is exact: x and kf*L_HI are multiples of 2^-64 and |rh| < 2^-11.
  const rh = x - kf * EXP_L_HI;
  const w = kf * EXP_L_LO;
  // r = s + ds exactly (2Sum).
  const s = rh - w;
  const bb = s - rh;
  const ds = rh - (s - bb) - (w + bb);
  const j2 = (k & 1023) << 1;
  const th = EXP_TABLE[j2]!;
  const tl = EXP_TABLE[j2 + 1]!;
  // e^r - 1 = s + c, c = ds + s^2 (1/2 + s/6 + s^2/24 + s^3/120).
  const c = ds + s * s * (0.5 + s * (C3 + s * (C4 + s * C5)));
  // th * s exactly as p1 + p2 (th has 26 bits, s1 and s2 at most 26 each).
  const sp = s * SPLIT;
  const s1 = sp - (sp - s);
  const s2 = s - s1;
  const p1 = th * s1;
  const hi = th + p1;
  const lo = th - hi + p1 + (th * s2 + (th * c + (tl + tl * (s + c))));
  const e = k >> 10;
  if ((e > -1022 || (e === -1022 && hi >= 1)) && e < 1024) {
    const a = hi + (lo - EB);
    if (a === hi + (lo + EB)) return a * pow2(e);
  } else if (e >= 1024) {
    // 2^1024 * y: finite only for y < 1, where both steps are exact.
    const a = hi + (lo - EB);
    if (a === hi + (lo + EB)) return a * pow2(1023) * 2;
  } else {
    // Subnormal (or tiny normal) result 2^e y, e <= -1022 and z = y 2^(e+1022) < 1: the
    // result is 2^-1022 * (RN(1 + z) - 1), a single rounding on the 2^-1074 grid.
    const sc = pow2(e + 1022);
    const zh = hi * sc;
    const zl = lo * sc;
    const one = 1 + zh;
    const t = 1 - one + zh + zl;
    const eb = EB * sc + 2 ** -102;
    const a = one + (t - eb);
    if (a === one + (t + eb)) return (a - 1) * TINY;
  }
  return expExact(x);
}

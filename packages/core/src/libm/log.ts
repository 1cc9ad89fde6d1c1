/**
 * Correctly rounded natural logarithm in plain float64 arithmetic (no Math.log).
 *
 * Fast path: x = 2^e m, m in [1, 2); the top 9 mantissa bits pick a bin i with a short
 * c ~ 1/m (c = 1 for the bin just above 1, c = 1/2 for the bin just below 2, the other bins
 * with m >= ~sqrt 2 use c ~ 1/m in (1/2, 1/sqrt 2)). Then r = m c - 1 is computed exactly as a
 * double-double (m = m_hi + m_lo from the two 32-bit words, 21 + 32 bits, and c has at most 21
 * bits, so both products are exact), |r| <= 2^-9, and log x = e ln2 - log(c) + log1p(r),
 * log1p(r) = r - r^2/2 + r^3 P(r) to degree 8 with r^2 exact (Dekker) and P evaluated by
 * Estrin's scheme (the fast path is latency-bound). The relative error of the double-double
 * sum is below 2^-70.5 (worst observed 2^-70.8, for r near 2^-9); a rounding test with a
 * 2^-68 bound sends the undecidable cases (about 1 in 20 000) to the exact BigInt fallback.
 * Near x = 1 (e ln2 - log c = 0 exactly) the result keeps its full relative accuracy.
 */

import { F64, HI, LO, WORDS } from "./bits.ts";
import { logExact } from "./exact.ts";
import { LOG_LN2_HI, LOG_LN2_LO, LOG_TABLE } from "./tables.ts";

/** Veltkamp splitter 2^27 + 1. */
const SPLIT = 134217729;
/** Relative error bound used by the rounding test (analysis: < 2^-70.5, margin 5.6). */
const EB = 2 ** -68;
const TWO54 = 2 ** 54;
const TWO_M20 = 2 ** -20;
const TWO_M52 = 2 ** -52;
const C3 = 1 / 3;
const C4 = -1 / 4;
const C5 = 1 / 5;
const C6 = -1 / 6;
const C7 = 1 / 7;
const C8 = -1 / 8;
/**
 * 1 − 2⁻⁵², the largest double below 1 and binary cross-entropy's upper clipping bound (so a
 * saturated prediction meets it every epoch), and its logarithm −(2⁻⁵² + 2⁻¹⁰⁴). It is the one
 * argument near 1 whose logarithm the fast path cannot round: log(1 − u) = −u − u²/2 − u³/3 − …
 * lies within u³/3 = 2⁻¹⁵⁶/3 of the midpoint −u − u²/2 between two doubles, and the exact
 * evaluation takes some 20 µs. (Checked against `logExact` in test/libm.test.ts.)
 */
const ONE_MINUS_ULP = 1 - 2 ** -52;
const LOG_ONE_MINUS_ULP = -(2 ** -52 + 2 ** -104);

/**
 * The natural logarithm, correctly rounded (round-to-nearest-even) for every float64, with
 * the same bits on every JavaScript engine.
 *
 * `Math.log` is not specified to be correctly rounded, and engines differ: on a set of 11 007
 * test inputs Node 20 returns a different double from the correctly rounded one 385 times and
 * Bun 4 times. plainnet uses this `log` (for example in its Gaussian sampler) so the same seed
 * gives the same bits on Node, Bun and Deno. It uses only IEEE-754 +, -, *, bit access and an
 * exact BigInt fallback for the rare arguments the fast path cannot round with certainty.
 *
 * Special cases: log(0) = -Infinity (also for -0), log(x < 0) = NaN, log(Infinity) =
 * Infinity, log(NaN) = NaN, log(1) = 0; subnormal arguments are handled exactly.
 *
 * @example
 * ```ts
 * import { log } from "@plainnet/core";
 * log(Math.E); // 1
 * log(0); // -Infinity
 * ```
 */
export function log(x: number): number {
  F64[0] = x;
  let hx = WORDS[HI]!;
  let e = -1023;
  if (hx < 0x00100000 || hx >= 0x7ff00000) {
    if (Number.isNaN(x) || x < 0) return Number.NaN;
    if (x === 0) return Number.NEGATIVE_INFINITY;
    if (x === Number.POSITIVE_INFINITY) return x;
    // Subnormal: scale into the normal range.
    F64[0] = x * TWO54;
    hx = WORDS[HI]!;
    e -= 54;
  }
  if (x === ONE_MINUS_ULP) return LOG_ONE_MINUS_ULP;
  const lx = WORDS[LO]!;
  e += hx >>> 20;
  const i3 = ((hx >>> 11) & 511) * 3;
  const c = LOG_TABLE[i3]!;
  // m = mHi + mLo with mHi = 1 + (top 20 mantissa bits) 2^-20, mLo = (low 32 bits) 2^-52.
  // r = m c - 1 = (mHi c - 1) + mLo c: both terms exact (Sterbenz; 32 + 21 bits), then 2Sum.
  const a = (1 + (hx & 0x000fffff) * TWO_M20) * c - 1;
  const b = lx * TWO_M52 * c;
  const rh = a + b;
  const bv = rh - a;
  const rl = a - (rh - bv) + (b - bv);
  // rh^2 = q + dq exactly (Dekker).
  const rp = rh * SPLIT;
  const r1 = rp - (rp - rh);
  const r2 = rh - r1;
  const q = rh * rh;
  const dq = r1 * r1 - q + 2 * r1 * r2 + r2 * r2;
  // log1p(r) = (rh - q/2) + (-dq/2 + rh^3 P(rh) + rl (1 - rh)), P by Estrin's scheme.
  const hq = 0.5 * q;
  const h = rh - hq;
  const poly = rh * q * (C3 + rh * C4 + q * (C5 + rh * C6) + q * q * (C7 + rh * C8));
  // A = e ln2_hi - log(c)_hi is exact (both multiples of 2^-42, |A| < 2^10).
  const big = e * LOG_LN2_HI + LOG_TABLE[i3 + 1]!;
  const small = e * LOG_LN2_LO + LOG_TABLE[i3 + 2]! + rl * (1 - rh);
  const s = big + h;
  const t = big - s + h;
  const low = t + (rh - h - hq - 0.5 * dq + (poly + small));
  const eb = (s < 0 ? -s : s) * EB;
  const y = s + (low - eb);
  if (y === s + (low + eb)) return y;
  return logExact(x);
}

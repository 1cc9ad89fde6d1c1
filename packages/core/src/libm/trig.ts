/**
 * Shared machinery of the correctly rounded `sin` and `cos`.
 *
 * Fast path for |x| <= 2^20 (about 1.05e6): Cody–Waite reduction x = k pi/2 + r with pi/2 in
 * four parts (33 + 33 + 33 + 53 bits, so every k*part is exact for k < 2^20), carried out in
 * exact double-double steps: |r| <= pi/4 with an absolute error below 2^-104. Then
 * r = a + t with a = i/256 from a table of sin(a), cos(a) (double-doubles), |t| <= 1/512, and
 * sin(a + t) = sin a + cos a sin t + sin a (cos t - 1), cos(a + t) = cos a - sin a sin t +
 * cos a (cos t - 1) with the leading products exact (Dekker) and the large correction added
 * last. The relative error is below about 2^-70 (each of the two roundings of the
 * sin a (cos t - 1) term costs 2^-72 sin a, and sin a is at most twice the result); a
 * rounding test (2^-67 relative + 2^-100 absolute) sends the undecidable cases
 * to the exact BigInt evaluation, which is also used for |x| > 2^20 (there it reduces with as
 * many bits of pi as the argument needs, so every finite input is correctly rounded).
 */

import { cosExact, sinExact } from "./exact.ts";
import {
  TRIG_2_OVER_PI,
  TRIG_PIO2_1,
  TRIG_PIO2_2,
  TRIG_PIO2_3,
  TRIG_PIO2_4,
  TRIG_TABLE,
} from "./tables.ts";

/** 1.5 * 2^52: adding and subtracting it rounds to an integer. */
const SHIFTER = 6755399441055744;
/** Veltkamp splitter 2^27 + 1. */
const SPLIT = 134217729;
/** Largest |x| handled by the fast reduction (k < 2^20 keeps every k*part exact). */
const FAST_MAX = 1048576;
const EB_REL = 2 ** -67;
const EB_ABS = 2 ** -100;
const TINY_COS = 2 ** -27;
const S3 = -1 / 6;
const S5 = 1 / 120;
const S7 = -1 / 5040;
const C4 = 1 / 24;
const C6 = -1 / 720;

/**
 * sin(x) (`wantCos` false) or cos(x) (`wantCos` true), correctly rounded for every float64.
 *
 * @example
 * ```ts
 * trig(Math.PI / 6, false); // 0.49999999999999994
 * ```
 */
export function trig(x: number, wantCos: boolean): number {
  const ax = x < 0 ? -x : x;
  if (!(ax <= FAST_MAX)) {
    if (!Number.isFinite(ax)) return Number.NaN;
    return wantCos ? cosExact(x) : sinExact(x);
  }
  if (ax < TINY_COS) {
    // |x| < 2^-27: cos x = 1 - x^2/2 rounds to 1, sin x = x - x^3/6 rounds to x (also +-0).
    return wantCos ? 1 : x;
  }
  // ---- reduction: ax = k pi/2 + (rh + rl) ----
  const kf = ax * TRIG_2_OVER_PI + SHIFTER - SHIFTER;
  const k = kf | 0;
  const r1 = ax - kf * TRIG_PIO2_1; // exact: both are multiples of 2^-53 and |r1| < 1
  const w2 = kf * TRIG_PIO2_2;
  const s1 = r1 - w2;
  const b1 = s1 - r1;
  const e1 = r1 - (s1 - b1) - (w2 + b1);
  const w3 = kf * TRIG_PIO2_3;
  const s2 = s1 - w3;
  const b2 = s2 - s1;
  const e2 = s1 - (s2 - b2) - (w3 + b2);
  const tail = e1 + e2 - kf * TRIG_PIO2_4;
  const rh = s2 + tail;
  const b3 = rh - s2;
  const rl = s2 - (rh - b3) + (tail - b3);
  // sin x = [sin r, cos r, -sin r, -cos r][k & 3]; cos x = [cos r, -sin r, -cos r, sin r].
  const kq = k + (wantCos ? 1 : 0);
  const useCos = (kq & 1) === 1;
  let negative = (kq & 2) !== 0;
  if (!wantCos && x < 0) negative = !negative;
  // ---- r = +-(u + ul), u = a + th with a = i/256 ----
  let u = rh;
  let ul = rl;
  if (rh < 0) {
    u = -rh;
    ul = -rl;
    if (!useCos) negative = !negative;
  }
  const i = (u * 256 + 0.5) | 0;
  const th = u - i * 0.00390625; // exact, |th| <= 1/512
  const tp = th * SPLIT;
  const t1 = tp - (tp - th);
  const t2 = th - t1;
  const q = th * th;
  const dq = t1 * t1 - q + 2 * t1 * t2 + t2 * t2 + 2 * th * ul; // t^2 = q + dq
  // sin t = th + sl; cos t - 1 = ch + cl.
  const sl = ul + th * q * (S3 + q * (S5 + q * S7));
  const ch = -0.5 * q;
  const cl = -0.5 * dq + q * q * (C4 + q * C6);
  let hi: number;
  let lo: number;
  if (i === 0) {
    if (useCos) {
      hi = 1 + ch;
      lo = 1 - hi + ch + cl;
    } else {
      hi = th;
      lo = sl;
    }
  } else {
    const i4 = i << 2;
    const sah = TRIG_TABLE[i4]!;
    const sal = TRIG_TABLE[i4 + 1]!;
    const cah = TRIG_TABLE[i4 + 2]!;
    const cal = TRIG_TABLE[i4 + 3]!;
    if (useCos) {
      // cos a - sin a sin t + cos a (cos t - 1); sah * th = p + ep exactly.
      const ap = sah * SPLIT;
      const a1 = ap - (ap - sah);
      const a2 = sah - a1;
      const p = sah * th;
      const ep = a1 * t1 - p + a1 * t2 + a2 * t1 + a2 * t2;
      hi = cah - p;
      lo = cah - hi - p - ep - sah * sl - sal * th + (cah * cl + cal * ch + cal) + cah * ch;
    } else {
      // sin a + cos a sin t + sin a (cos t - 1); cah * th = p + ep exactly.
      const ap = cah * SPLIT;
      const a1 = ap - (ap - cah);
      const a2 = cah - a1;
      const p = cah * th;
      const ep = a1 * t1 - p + a1 * t2 + a2 * t1 + a2 * t2;
      hi = sah + p;
      lo = sah - hi + p + ep + cah * sl + cal * th + (sah * cl + sal * ch + sal) + sah * ch;
    }
  }
  // Renormalise so that forming lo -+ eb below adds no rounding error of its own.
  const nh = hi + lo;
  const nl = hi - nh + lo;
  const eb = nh * EB_REL + EB_ABS;
  const y = nh + (nl - eb);
  if (y === nh + (nl + eb)) return negative ? -y : y;
  return wantCos ? cosExact(x) : sinExact(x);
}

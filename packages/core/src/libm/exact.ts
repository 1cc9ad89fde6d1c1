/**
 * Exact (correctly rounded) exp, log, sin and cos by BigInt fixed-point arithmetic: the slow
 * fallback behind the fast double-double paths, used when their rounding test cannot decide.
 *
 * Each function evaluates its series with `p` bits of working precision and a rigorous error
 * bound, rounds both ends of the error interval to float64 (round-to-nearest-even, including
 * subnormals and overflow), and returns when the two agree; otherwise it doubles `p` (Ziv's
 * strategy). The results for non-trivial arguments are transcendental, so they are never
 * exactly on a rounding boundary and the loop ends. Only integer BigInt operations are used:
 * the results are the same on every JavaScript engine.
 */

import { decompose, pow2 } from "./bits.ts";

const HEX_BITS = [0, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4];

/** Number of bits of a positive BigInt. */
function bitLength(a: bigint): number {
  const s = a.toString(16);
  return (s.length - 1) * 4 + HEX_BITS[Number.parseInt(s[0]!, 16)]!;
}

/**
 * `a * 2^scale` (a >= 0) rounded to the nearest float64, ties to even; subnormal results and
 * overflow to Infinity included.
 *
 * @example
 * ```ts
 * roundScaled(3n, -1); // 1.5
 * ```
 */
export function roundScaled(a: bigint, scale: number): number {
  if (a === 0n) return 0;
  const top = bitLength(a) - 1 + scale;
  if (top > 1023) return Number.POSITIVE_INFINITY;
  const lsb = Math.max(top - 52, -1074);
  const shift = lsb - scale;
  let q: bigint;
  if (shift <= 0) {
    q = a << BigInt(-shift);
  } else {
    const sh = BigInt(shift);
    q = a >> sh;
    const rem = a - (q << sh);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  }
  // q <= 2^53 is exact as a Number; the product is exact (or overflows to Infinity).
  return Number(q) * pow2(lsb);
}

/**
 * Rounds `a * 2^scale`, known to within `err * 2^scale`, to float64 if both ends of the
 * interval round alike; `undefined` if more precision is needed.
 */
function decide(a: bigint, err: bigint, scale: number): number | undefined {
  const neg = a < 0n;
  const m = neg ? -a : a;
  if (m <= err) return undefined;
  const lo = roundScaled(m - err, scale);
  const hi = roundScaled(m + err, scale);
  if (lo !== hi) return undefined;
  return neg ? -lo : lo;
}

/** x * 2^f rounded to an integer (exact when x has no bits below 2^-f). */
function fixed(x: number, f: number): bigint {
  const { mant, exp } = decompose(x);
  const sh = exp + f;
  let v: bigint;
  if (sh >= 0) {
    v = mant << BigInt(sh);
  } else {
    const s = BigInt(-sh);
    v = (mant + (1n << (s - 1n))) >> s;
  }
  return x < 0 ? -v : v;
}

// ---- constants to any precision, cached at the highest precision asked for so far ----------

let ln2Bits = 0;
let ln2Value = 0n;
let piBits = 0;
let piValue = 0n;

/** ln2 * 2^w, |error| < 1: 2 atanh(1/3) = sum 2 / ((2k+1) 3^(2k+1)). */
function computeLn2(w: number): bigint {
  const g = 24;
  let term = (2n << BigInt(w + g)) / 3n;
  let sum = 0n;
  for (let k = 0n; term > 0n; k++) {
    sum += term / (2n * k + 1n);
    term /= 9n;
  }
  return sum >> BigInt(g);
}

/** atan(1/n) * 2^w (w includes guard bits), alternating Taylor series. */
function atanInv(n: bigint, w: number): bigint {
  const n2 = n * n;
  let term = (1n << BigInt(w)) / n;
  let sum = 0n;
  for (let k = 0n; term > 0n; k++) {
    const t = term / (2n * k + 1n);
    sum += k % 2n === 0n ? t : -t;
    term /= n2;
  }
  return sum;
}

/** pi * 2^w, |error| < 1: Machin's formula pi = 16 atan(1/5) - 4 atan(1/239). */
function computePi(w: number): bigint {
  const g = 32;
  return (16n * atanInv(5n, w + g) - 4n * atanInv(239n, w + g)) >> BigInt(g);
}

/** ln2 * 2^f with |error| <= 2. */
function ln2Fixed(f: number): bigint {
  if (f > ln2Bits) {
    ln2Bits = Math.max(f + 64, 2 * ln2Bits);
    ln2Value = computeLn2(ln2Bits);
  }
  return ln2Value >> BigInt(ln2Bits - f);
}

/** pi * 2^f with |error| <= 2. */
function piFixed(f: number): bigint {
  if (f > piBits) {
    piBits = Math.max(f + 64, 2 * piBits);
    piValue = computePi(piBits);
  }
  return piValue >> BigInt(piBits - f);
}

/** Runs `attempt` with growing precision until it can round. */
function ziv(attempt: (p: number) => number | undefined): number {
  for (let p = 64; p <= 1 << 20; p *= 2) {
    const r = attempt(p);
    if (r !== undefined) return r;
  }
  throw new Error("libm: exact evaluation did not converge (unreachable)");
}

// ---- exp -------------------------------------------------------------------------------------

/** One attempt at exp(x) with about p + 25 correct bits. */
function expAttempt(x: number, p: number): number | undefined {
  const f = p + 40;
  const s = 10; // exp(r) = exp(r / 2^s)^(2^s)
  const w = f + s;
  // k ~ x / ln2 in double arithmetic (deterministic: one IEEE division, Math.round).
  const k = Math.round(x / Math.LN2);
  const bk = BigInt(k);
  const r = fixed(x, f) - bk * ln2Fixed(f); // r * 2^f, |error| <= 0.5 + 2|k|
  // Read at w = f + s fractional bits, the same integer is r / 2^s.
  const one = 1n << BigInt(w);
  const bw = BigInt(w);
  let sum = one;
  let term = one;
  let n = 1;
  for (;;) {
    term = ((term * r) >> bw) / BigInt(n);
    if (term === 0n) break;
    sum += term;
    n++;
  }
  for (let i = 0; i < s; i++) sum = (sum * sum) >> bw;
  const delta0 = BigInt(2 * Math.abs(k) + 2 * n + 8);
  const err = (delta0 + 4n) << BigInt(s + 1);
  return decide(sum, err, k - w);
}

/**
 * Correctly rounded e^x by BigInt arithmetic (slow: tens of microseconds). Used by `exp` when
 * its fast path cannot guarantee the rounding; exported for tests.
 *
 * @example
 * ```ts
 * expExact(1); // 2.718281828459045
 * ```
 */
export function expExact(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x > 710) return Number.POSITIVE_INFINITY;
  if (x < -746) return 0;
  if (x === 0) return 1;
  return ziv((p) => expAttempt(x, p));
}

// ---- log -------------------------------------------------------------------------------------

function logAttempt(mant: bigint, sh: number, e: number, p: number): number | undefined {
  // x = y * 2^e with y = mant * 2^sh in [0.75, 1.5); log x = e ln2 + 2 atanh((y-1)/(y+1)).
  const f = p + 64;
  const bf = BigInt(f);
  const one = 1n << bf;
  const y = mant << BigInt(sh + f); // exact: sh >= -54
  const zs = ((y - one) << bf) / (y + one); // |z| <= 0.2, |error| <= 1
  // atanh is odd: sum the series for |z| (a right shift of a negative term never reaches 0).
  const z = zs < 0n ? -zs : zs;
  const z2 = (z * z) >> bf;
  let sum = z;
  let term = z;
  let n = 0;
  for (let k = 3n; ; k += 2n) {
    term = (term * z2) >> bf;
    if (term === 0n) break;
    sum += term / k;
    n++;
  }
  const total = BigInt(e) * ln2Fixed(f) + (zs < 0n ? -2n : 2n) * sum;
  const err = 2n * BigInt(Math.abs(e)) + 2n * BigInt(3 * n + 6) + 2n;
  return decide(total, err, -f);
}

/**
 * Correctly rounded natural logarithm by BigInt arithmetic (slow). Used by `log` when its fast
 * path cannot guarantee the rounding; exported for tests.
 *
 * @example
 * ```ts
 * logExact(2); // 0.6931471805599453
 * ```
 */
export function logExact(x: number): number {
  if (Number.isNaN(x) || x < 0) return Number.NaN;
  if (x === 0) return Number.NEGATIVE_INFINITY;
  if (x === Number.POSITIVE_INFINITY) return x;
  if (x === 1) return 0;
  const { mant, exp } = decompose(x);
  const bl = bitLength(mant);
  // x in [2^top, 2^(top+1)); y = x / 2^e in [0.75, 1.5).
  const top = bl - 1 + exp;
  const e = bl >= 2 && mant >> BigInt(bl - 2) === 3n ? top + 1 : top;
  const sh = exp - e;
  return ziv((p) => logAttempt(mant, sh, e, p));
}

// ---- sin / cos -------------------------------------------------------------------------------

function trigAttempt(x: number, wantCos: boolean, p: number): number | undefined {
  const { mant, exp } = decompose(x);
  const top = bitLength(mant) - 1 + exp; // |x| in [2^top, 2^(top+1))
  const f = p + 64 + Math.max(0, -top);
  const g = f + Math.max(0, top) + 2;
  // |x| * 2^g exactly (g + exp >= p + 12 > 0), reduced modulo (pi/2) * 2^g.
  const xg = mant << BigInt(exp + g);
  const pio2 = piFixed(g - 1); // (pi/2) * 2^g, |error| <= 2
  let k = xg / pio2;
  let rem = xg - k * pio2;
  if (2n * rem > pio2) {
    k += 1n;
    rem -= pio2;
  }
  // |k| * 2 + 1 units of 2^-g of error, at most 2 units once rescaled to 2^-f.
  const r = rem >> BigInt(g - f);
  const bf = BigInt(f);
  const one = 1n << bf;
  let c = one;
  let s = 0n;
  let term = one;
  let n = 1;
  for (;;) {
    term = ((term * r) >> bf) / BigInt(n);
    if (term === 0n) break;
    switch (n & 3) {
      case 1:
        s += term;
        break;
      case 2:
        c -= term;
        break;
      case 3:
        s -= term;
        break;
      default:
        c += term;
    }
    n++;
  }
  const err = BigInt(3 * n + 8); // reduction <= 2, each term <= 2.6, tail <= 3
  const q = Number(k & 3n);
  let v: bigint;
  if (wantCos) {
    v = q === 0 ? c : q === 1 ? -s : q === 2 ? -c : s;
  } else {
    v = q === 0 ? s : q === 1 ? c : q === 2 ? -s : -c;
    if (x < 0) v = -v;
  }
  return decide(v, err, -f);
}

/**
 * Correctly rounded sine by BigInt arithmetic, any finite argument (exact reduction modulo
 * pi/2 with as many bits of pi as needed). Used by `sin` for hard cases and |x| > 2^20.
 *
 * @example
 * ```ts
 * sinExact(1); // 0.8414709848078965
 * ```
 */
export function sinExact(x: number): number {
  if (!Number.isFinite(x)) {
    return Number.NaN;
  }
  if (x === 0) return x;
  return ziv((p) => trigAttempt(x, false, p));
}

/**
 * Correctly rounded cosine by BigInt arithmetic, any finite argument.
 *
 * @example
 * ```ts
 * cosExact(1); // 0.5403023058681398
 * ```
 */
export function cosExact(x: number): number {
  if (!Number.isFinite(x)) {
    return Number.NaN;
  }
  if (x === 0) return 1;
  return ziv((p) => trigAttempt(x, true, p));
}

/**
 * plainnet's float32 `exp` and `log` for the float32 kernel sets' output layer: every
 * operation rounded to float32 (`Math.fround`), the WebAssembly float32 set computing the same
 * operations in the same order in f32x4 lanes (scripts/gen-float32-output-wat.mjs), so the two
 * agree bit for bit. Accuracy, against the correctly rounded value for the float32 argument
 * (checked over sweeps in test/engine-float32-output.test.ts): `exp32` within 1 ulp for x in
 * [−87, 88] (normal results), `log32` within 1 ulp. Float64 training keeps the correctly
 * rounded `exp` and `log` of `../libm` (the reference's bits).
 */

const f = Math.fround;
const F32 = new Float32Array(1);
const I32 = new Int32Array(F32.buffer);

/** The float32 whose bits are `bits`. */
function fromBits(bits: number): number {
  I32[0] = bits;
  return F32[0] as number;
}

/** Arguments of exp32 are clamped to ±EXP_LIMIT (e^88 ≈ 1.65e38 is still finite). */
export const EXP_LIMIT = 88;
const LOG2E = f(Math.LOG2E);
/** ln 2 in two parts: LN2_HI has 9 significant bits, so k·LN2_HI is exact for |k| ≤ 127. */
const LN2_HI = 0.693359375;
const LN2_LO = f(Math.LN2 - 0.693359375);
/** Taylor coefficients 1/2! .. 1/7! (degree 7: the remainder is below 1e-8 for |r| ≤ ln2/2). */
const E2 = f(1 / 2);
const E3 = f(1 / 6);
const E4 = f(1 / 24);
const E5 = f(1 / 120);
const E6 = f(1 / 720);
const E7 = f(1 / 5040);

/**
 * e^x in float32 arithmetic for a float32 `x`: x clamped to [−88, 88], k = nearest(x·log2 e)
 * (ties to even), r = (x − k·ln2_hi) − k·ln2_lo, the degree-7 Taylor polynomial of e^r by
 * Horner's rule, times 2^k built from its exponent bits (2^−127 counts as 0). NaN gives NaN.
 *
 * @example
 * ```ts
 * exp32(0); // 1
 * exp32(1); // 2.7182817459106445 (Math.fround(Math.E))
 * ```
 */
export function exp32(x: number): number {
  // NaN stays NaN (as the WebAssembly lanes' compare-and-select).
  const xc = Math.min(Math.max(x, -EXP_LIMIT), EXP_LIMIT);
  // Ties-to-even rounding of |v| < 2^22 by the float32 shifter 1.5·2^23.
  const kf = f(f(f(xc * LOG2E) + 12582912) - 12582912);
  const r = f(f(xc - f(kf * LN2_HI)) - f(kf * LN2_LO));
  let p = f(E6 + f(r * E7));
  p = f(E5 + f(r * p));
  p = f(E4 + f(r * p));
  p = f(E3 + f(r * p));
  p = f(E2 + f(r * p));
  p = f(1 + f(r * p));
  p = f(1 + f(r * p));
  const k = kf | 0; // NaN: 0
  return f(p * fromBits((k + 127) << 23));
}

const SQRT_HALF_BITS = 0x3f3504f3;
/** fdlibm's logf: ln 2 in two parts and the minimax coefficients of its series in s². */
const LN2_HI_LOG = fromBits(0x3f317180);
const LN2_LO_LOG = fromBits(0x3717f7d1);
const LG1 = 0xaaaaaa * 2 ** -24;
const LG2 = 0xccce13 * 2 ** -25;
const LG3 = 0x91e9ee * 2 ** -25;
const LG4 = 0xf89e26 * 2 ** -26;

/**
 * The natural logarithm in float32 arithmetic, for a positive normal float32 `u` (every
 * argument binary cross-entropy takes: at least 2⁻⁵²): fdlibm's `logf` scheme, u = 2^k·m with
 * m in [√½, √2), f = m − 1, s = f/(2 + f), log u = k·ln2_hi − ((f²/2 − (s(f²/2 + R(s²)) +
 * k·ln2_lo)) − f). NaN gives NaN.
 *
 * @example
 * ```ts
 * log32(1); // 0
 * ```
 */
export function log32(u: number): number {
  F32[0] = u;
  const ix = (I32[0] as number) - SQRT_HALF_BITS;
  const k = ix >> 23;
  I32[0] = (ix & 0x007fffff) + SQRT_HALF_BITS;
  const fm = f((F32[0] as number) - 1);
  const s = f(fm / f(2 + fm));
  const z = f(s * s);
  const w = f(z * z);
  const t1 = f(w * f(LG2 + f(w * LG4)));
  const t2 = f(z * f(LG1 + f(w * LG3)));
  const R = f(t2 + t1);
  const hfsq = f(f(0.5 * fm) * fm);
  const inner = f(f(s * f(hfsq + R)) + f(k * LN2_LO_LOG));
  const res = f(f(k * LN2_HI_LOG) - f(f(hfsq - inner) - fm));
  return Number.isNaN(u) ? u : res;
}

/**
 * Float64 bit access and exact powers of two for plainnet's libm. Everything here is exact
 * integer/bit arithmetic, so it behaves identically on every JavaScript engine.
 */

/**
 * A one-element float64 scratch view; `WORDS` aliases it as two uint32 words (the hot paths
 * of `log` store a double here and read its words back).
 *
 * @example
 * ```ts
 * F64[0] = 1;
 * WORDS[HI]; // 0x3ff00000
 * ```
 */
export const F64: Float64Array = new Float64Array(1);
/** The two 32-bit words of `F64[0]` (see `HI`, `LO`). @example `WORDS[LO]` */
export const WORDS: Uint32Array = new Uint32Array(F64.buffer);
const U64 = new BigUint64Array(F64.buffer);

F64[0] = 1;
/**
 * Index in `WORDS` of the word holding sign, exponent and top 20 mantissa bits (1 on
 * little-endian platforms, 0 on big-endian ones).
 *
 * @example
 * ```ts
 * F64[0] = 2;
 * WORDS[HI] >>> 20; // 1024
 * ```
 */
export const HI: number = WORDS[1] === 0x3ff00000 ? 1 : 0;
/** Index in `WORDS` of the low 32 mantissa bits. @example `WORDS[LO]` */
export const LO: number = 1 - HI;

/** Smallest exponent in the power-of-two table (2^-1074, the smallest subnormal). */
const POW2_MIN = -1074;
const POW2 = new Float64Array(1024 - POW2_MIN);
{
  let p = 1;
  for (let e = 0; e <= 1023; e++) {
    POW2[e - POW2_MIN] = p;
    p *= 2;
  }
  p = 1;
  for (let e = 0; e >= POW2_MIN; e--) {
    POW2[e - POW2_MIN] = p;
    p *= 0.5;
  }
}

/**
 * 2^e exactly, for integer e in [-1074, 1023] (outside: 0 below, Infinity above).
 *
 * @example
 * ```ts
 * pow2(-1074); // 5e-324
 * ```
 */
export function pow2(e: number): number {
  if (e < POW2_MIN) return 0;
  if (e > 1023) return Number.POSITIVE_INFINITY;
  return POW2[e - POW2_MIN]!;
}

/** An exact binary decomposition |x| = mant * 2^exp of a finite float64. */
export interface Decomposed {
  /** Integer significand, 0 <= mant < 2^53. */
  readonly mant: bigint;
  /** Binary exponent of the significand's last bit, -1074 <= exp <= 971. */
  readonly exp: number;
}

/**
 * Splits a finite float64 exactly into |x| = mant * 2^exp (the sign is dropped).
 *
 * @example
 * ```ts
 * decompose(0.75); // { mant: 6755399441055744n, exp: -53 }
 * ```
 */
export function decompose(x: number): Decomposed {
  F64[0] = x;
  const bits = U64[0]!;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  if (biased === 0) return { mant: frac, exp: -1074 };
  return { mant: frac | 0x10000000000000n, exp: biased - 1075 };
}

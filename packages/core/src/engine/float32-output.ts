/**
 * The float32 kernel sets' output layer in float32 arithmetic: the sigmoid (through an `exp` of
 * its own) and binary cross-entropy's per-element terms (through a `log` of its own), every
 * operation rounded to float32. The WebAssembly float32 set computes the same operations in the
 * same order in f32x4 lanes (scripts/gen-float32-output-wat.mjs), so the two agree bit for bit.
 *
 * Accuracy, against the correctly rounded value for the float32 argument (checked over sweeps
 * in test/engine-float32-output.test.ts): `exp32` within 1 ulp for x in [−87, 88] (normal
 * results), `log32` within 1 ulp, the sigmoid within 2 ulp. Float64 training keeps the correctly rounded `exp` and `log` of
 * `../libm` (the reference's bits).
 */

import { fusedForward32, fusedLoss32 } from "./ops.generated.ts";

export { EXP_LIMIT, exp32, log32 } from "./libm32.ts";

/**
 * The sigmoid `1 / (1 + e^−z)` in float32 arithmetic (with {@link exp32}); NaN for NaN. Below
 * z = −88 it stays at its value there, about 6.05e-39 (the exact value is smaller still: a
 * difference binary cross-entropy's clip at 2⁻⁵² hides).
 *
 * @example
 * ```ts
 * sigmoid32(0); // 0.5
 * ```
 */
export const sigmoid32: (z: number) => number = fusedForward32.sigmoid;

const bce32 = fusedLoss32.binaryCrossEntropy;

/**
 * Binary cross-entropy's two terms of one float32 prediction `p` and target `t`, in float32:
 * the fused table's float32 form (`fusedLoss32`), `pos = t·log(max(p, ε))` and
 * `neg = (1 − t)·log(1 − p)` (ε = 2⁻⁵²; 1 − p read as ε for p ≥ 1, the reference's
 * 1 − clip(p)), each −0 where its factor is 0 for t = 0 or 1 (the reference's shortcuts), into
 * `out[0]` and `out[1]`.
 *
 * @example
 * ```ts
 * bceTerms32(0.25, 1, out); // out = [log32(0.25), -0]
 * ```
 */
export function bceTerms32(p: number, t: number, out: Float32Array | Float64Array): void {
  out[0] = bce32.pos(t, p);
  out[1] = bce32.neg(t, p);
}

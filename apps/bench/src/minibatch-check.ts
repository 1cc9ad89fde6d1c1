// The check of a mini-batch workload's candidate: libraries shuffle with their own generators,
// so their losses cannot agree to rounding as the full-batch workloads' do; the loss drop from
// the shared initial parameters must be within a factor of 2 of the reference's (plainnet's
// default Network.fit), which catches training that did not happen, diverged or ran far fewer
// epochs.
import type { CheckResult } from "./checks.ts";

/**
 * The largest factor between a candidate's loss drop and the reference's.
 *
 * @example
 * ```ts
 * MINIBATCH_DROP_FACTOR; // 2
 * ```
 */
export const MINIBATCH_DROP_FACTOR = 2;

/**
 * Checks a mini-batch candidate's final loss (float64 reference forward pass) against the
 * reference candidate's, both from the same initial loss. Passes when the loss is finite and its
 * drop is within a factor {@link MINIBATCH_DROP_FACTOR} of the reference's drop.
 *
 * @example
 * ```ts
 * checkMinibatch({ initial: 2.3, final: 0.2, refFinal: 0.15 }).ok; // true
 * ```
 */
export function checkMinibatch(args: {
  readonly initial: number;
  readonly final: number;
  readonly refFinal: number;
}): CheckResult {
  const { initial, final, refFinal } = args;
  if (![initial, final, refFinal].every(Number.isFinite)) {
    return {
      ok: false,
      message: `non-finite loss (initial ${initial}, final ${final}, reference ${refFinal})`,
    };
  }
  const refDrop = initial - refFinal;
  if (!(refDrop > 0)) {
    return {
      ok: false,
      message: `the reference's loss did not decrease (${initial} → ${refFinal})`,
    };
  }
  const drop = initial - final;
  const f = MINIBATCH_DROP_FACTOR;
  const text = `loss ${initial.toPrecision(4)} → ${final.toPrecision(4)} (reference ${refFinal.toPrecision(4)}; own shuffles)`;
  return drop >= refDrop / f && drop <= refDrop * f
    ? { ok: true, message: text }
    : {
        ok: false,
        message: `${text}: the drop ${drop.toExponential(3)} is not within a factor ${f} of the reference's ${refDrop.toExponential(3)}`,
      };
}

// Correctness checks: a benchmark of a broken setup must fail, not print a fast number.
import {
  type Architecture,
  fullForwardPropagation,
  getCostValue,
  Matrix,
  type Params,
} from "@plainnet/core";
import type { LearnedBound, OwnLoss, PlainLayer, Precision } from "./types.ts";

/**
 * Relative tolerance on the loss decrease (train) and on the outputs (predict), per precision.
 *
 * - float64: every float64 candidate runs the same algorithm and differs from the reference
 *   only in summation order (BLAS dot products, pairwise sums), a few ulps per epoch; the loss
 *   drop then agrees to ~1e-12 relative. 1e-6 leaves that a wide margin and still catches a
 *   skipped epoch, a wrong learning rate or a wrong gradient, each of which moves the drop by
 *   1e-3 or more.
 * - float32: parameters and arithmetic in float32 (unit roundoff 6e-8); the loss drop over the
 *   workloads' epochs agrees to ~1e-5 relative with the float64 reference. 1e-3 keeps a margin
 *   of 100 and still catches training that did not happen or went the wrong way.
 *
 * @example
 * ```ts
 * TOLERANCE.float32; // 1e-3
 * ```
 */
export const TOLERANCE: Readonly<Record<Precision, number>> = { float64: 1e-6, float32: 1e-3 };

/** The outcome of a check: passed or not, and a short text for the table. */
export interface CheckResult {
  readonly ok: boolean;
  readonly message: string;
  /** True when the results could not really be checked (a row labelled "unchecked"). */
  readonly unchecked?: boolean;
}

/**
 * Mean binary cross-entropy of probabilities against 0/1 labels, probabilities clipped to
 * [2⁻⁵², 1 − 2⁻⁵²] as plainnet's loss does.
 *
 * @example
 * ```ts
 * bceLoss([0.9, 0.2], [1, 0]); // (−ln 0.9 − ln 0.8) / 2 ≈ 0.1643
 * ```
 */
export function bceLoss(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (probs.length !== labels.length || probs.length === 0) {
    throw new RangeError(
      `bceLoss: expected as many probabilities as labels (> 0), got ${probs.length} and ${labels.length}`,
    );
  }
  const eps = 2 ** -52;
  let sum = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probs[i] as number));
    const t = labels[i] as number;
    sum += t * Math.log(p) + (1 - t) * Math.log(1 - p);
  }
  return -sum / probs.length;
}

/**
 * Converts plain-array parameters to plainnet's, optionally rounding every value to float32
 * first (the starting point of a float32 candidate). Throws a RangeError naming the layer
 * for a non-finite value or a shape that does not match the architecture.
 *
 * @example
 * ```ts
 * const params = toParams([{ W: [[0.1, 0.2]], b: [0] }], arch);
 * ```
 */
export function toParams(
  layers: readonly PlainLayer[],
  architecture: Architecture,
  float32 = false,
): Params {
  if (layers.length !== architecture.length) {
    throw new RangeError(
      `toParams: expected ${architecture.length} layers of parameters, got ${layers.length}`,
    );
  }
  const round = float32 ? Math.fround : (v: number) => v;
  return layers.map((l, i) => {
    const spec = architecture[i]!;
    if (l.W.length !== spec.outputDim || l.b.length !== spec.outputDim) {
      throw new RangeError(
        `toParams: layer ${i} should have ${spec.outputDim} rows of W and values of b, got ${l.W.length} and ${l.b.length}`,
      );
    }
    const all = [...l.W.flat(), ...l.b];
    const bad = all.findIndex((v) => typeof v !== "number" || !Number.isFinite(v));
    if (bad >= 0) {
      throw new RangeError(`toParams: layer ${i} has a non-finite parameter (${String(all[bad])})`);
    }
    return {
      W: Matrix.from(l.W.map((row) => row.map(round))),
      b: Matrix.from(l.b.map((v) => [round(v)])),
    };
  });
}

/**
 * Plain-array parameters from plainnet's.
 *
 * @example
 * ```ts
 * fromParams(initLayers(arch, 2))[0].W.length; // arch[0].outputDim
 * ```
 */
export function fromParams(params: Params): PlainLayer[] {
  return params.map((p) => ({ W: p.W.toArray(), b: Array.from(p.b.data) }));
}

/**
 * The notebook's cost of `params` on (X, Y), computed by the float64 reference.
 *
 * @example
 * ```ts
 * lossOf(initialParams, X, Y, arch); // ≈ 0.6936 for the headline net
 * ```
 */
export function lossOf(params: Params, X: Matrix, Y: Matrix, architecture: Architecture): number {
  const { output } = fullForwardPropagation(X, params, architecture);
  return getCostValue(output, Y);
}

/**
 * Compares a candidate's loss decrease with the reference's: both start from the same
 * parameters (rounded to float32 for float32 candidates, `initial` is the loss there) and run
 * the same epochs. Passes when `|drop − refDrop| ≤ tolerance · refDrop`.
 *
 * @example
 * ```ts
 * checkTraining({ initial: 0.69, final: 0.5, refInitial: 0.69, refFinal: 0.5, precision: "float64" }).ok; // true
 * ```
 */
export function checkTraining(args: {
  readonly initial: number;
  readonly final: number;
  readonly refInitial: number;
  readonly refFinal: number;
  readonly precision: Precision;
}): CheckResult {
  const { initial, final, refInitial, refFinal, precision } = args;
  const refDrop = refInitial - refFinal;
  const drop = initial - final;
  if (![initial, final, refInitial, refFinal].every(Number.isFinite)) {
    return { ok: false, message: `non-finite loss (final ${final})` };
  }
  if (!(refDrop > 0)) {
    return {
      ok: false,
      message: `the reference's loss did not decrease (${refInitial} → ${refFinal})`,
    };
  }
  const rel = Math.abs(drop - refDrop) / refDrop;
  const tol = TOLERANCE[precision];
  const text =
    rel === 0
      ? "loss drop identical to the reference's"
      : `loss drop within ${rel.toExponential(0)} of the reference's`;
  return rel <= tol
    ? { ok: true, message: text }
    : {
        ok: false,
        message: `loss drop ${drop.toExponential(4)} differs from the reference's ${refDrop.toExponential(4)} by ${rel.toExponential(1)} relative (tolerance ${tol}, ${precision})`,
      };
}

/**
 * How much an own loss may rise, absolute, on a workload without a {@link LearnedBound}.
 *
 * @example
 * ```ts
 * OWN_LOSS_DRIFT; // 1e-3
 * ```
 */
export const OWN_LOSS_DRIFT = 1e-3;

/**
 * For candidates whose model differs from the reference (brain.js). Where the workload has a
 * {@link LearnedBound}, the loss must be finite and lower after training than after the
 * warm-up's first stage, and the accuracy and loss must reach the bound (a network that trains
 * at all does; one that did not train, or trained with a wrong rate, does not). Without a
 * bound the result is `unchecked`: the loss must only be finite and not rise by more than
 * {@link OWN_LOSS_DRIFT}.
 *
 * @example
 * ```ts
 * checkOwnLoss({ initial: 0.64, final: 0.53, accuracy: 0.8, epochs: 2 }, { minEpochs: 2, minAccuracy: 0.75, maxLoss: 0.6 }).ok; // true
 * checkOwnLoss({ initial: 0.69399, final: 0.69400 }).unchecked; // true
 * ```
 */
export function checkOwnLoss(loss: OwnLoss, bound?: LearnedBound): CheckResult {
  if (!Number.isFinite(loss.initial) || !Number.isFinite(loss.final)) {
    return { ok: false, message: `non-finite loss (${loss.initial} → ${loss.final})` };
  }
  const drop = `own loss ${loss.initial.toFixed(5)} after the warm-up → ${loss.final.toFixed(5)}`;
  if (bound === undefined) {
    // A network that does not learn the workload (brain.js on headline) drifts by about 1e-5
    // either way; only a clear rise is a fault.
    if (!(loss.final <= loss.initial + OWN_LOSS_DRIFT)) {
      return {
        ok: false,
        message: `loss rose by more than ${OWN_LOSS_DRIFT} (${loss.initial} → ${loss.final})`,
      };
    }
    return {
      ok: true,
      unchecked: true,
      message: `${drop}: finite and not rising only, no bound known for this workload (model not comparable)`,
    };
  }
  if (!(loss.final < loss.initial)) {
    return { ok: false, message: `loss did not decrease (${loss.initial} → ${loss.final})` };
  }
  const { accuracy, epochs } = loss;
  if (epochs === undefined || accuracy === undefined) {
    return { ok: false, message: "the candidate reported no accuracy or epoch count" };
  }
  if (epochs < bound.minEpochs) {
    return {
      ok: true,
      unchecked: true,
      message: `${drop}: falling only, ${epochs} epochs and the bound needs ${bound.minEpochs}`,
    };
  }
  if (!(accuracy >= bound.minAccuracy) || !(loss.final <= bound.maxLoss)) {
    return {
      ok: false,
      message: `after ${epochs} epochs accuracy ${accuracy.toFixed(4)} and loss ${loss.final.toFixed(5)}; a working network reaches accuracy >= ${bound.minAccuracy} and loss <= ${bound.maxLoss}`,
    };
  }
  return {
    ok: true,
    message: `${drop}, accuracy ${accuracy.toFixed(4)} after ${epochs} epochs (bound: >= ${bound.minAccuracy}, loss <= ${bound.maxLoss}; model not comparable)`,
  };
}

/**
 * Compares predictions with the reference's: the largest absolute difference relative to the
 * spread (max − min) of the reference's outputs must be within the precision's tolerance.
 *
 * @example
 * ```ts
 * checkPredictions([0.1, 0.9], [0.1, 0.9], "float64").ok; // true
 * ```
 */
export function checkPredictions(
  outputs: ArrayLike<number>,
  reference: ArrayLike<number>,
  precision: Precision,
): CheckResult {
  if (outputs.length !== reference.length) {
    return {
      ok: false,
      message: `${outputs.length} outputs, the reference has ${reference.length}`,
    };
  }
  let lo = Infinity;
  let hi = -Infinity;
  let worst = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i] as number;
    const o = outputs[i] as number;
    if (!Number.isFinite(o)) return { ok: false, message: `output ${i} is ${o}` };
    lo = Math.min(lo, r);
    hi = Math.max(hi, r);
    worst = Math.max(worst, Math.abs(o - r));
  }
  const spread = hi - lo;
  if (!(spread > 0)) return { ok: false, message: "the reference's outputs are all equal" };
  const rel = worst / spread;
  const tol = TOLERANCE[precision];
  return rel <= tol
    ? {
        ok: true,
        message:
          rel === 0
            ? "outputs identical to the reference's"
            : `outputs within ${rel.toExponential(0)} of the reference's (of their spread)`,
      }
    : {
        ok: false,
        message: `outputs differ from the reference by ${rel.toExponential(1)} of their spread (tolerance ${tol}, ${precision})`,
      };
}

/**
 * Outputs that must be probabilities (brain.js's, not comparable with the reference): finite
 * and within [0, 1].
 *
 * @example
 * ```ts
 * checkProbabilities([0.2, 0.7]).ok; // true
 * ```
 */
export function checkProbabilities(outputs: ArrayLike<number>): CheckResult {
  for (let i = 0; i < outputs.length; i++) {
    const o = outputs[i] as number;
    if (!(o >= 0 && o <= 1))
      return { ok: false, message: `output ${i} is ${o}, not a probability` };
  }
  return outputs.length > 0
    ? { ok: true, message: "probabilities (model not comparable)" }
    : { ok: false, message: "no outputs" };
}

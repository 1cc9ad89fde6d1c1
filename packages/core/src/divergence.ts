import type { Activation } from "./activations/activation.ts";
import { typedArrayBackend } from "./backends/typed-array.ts";
import { type FusedLoss, fusedLosses } from "./engine/ops.generated.ts";
import { type DivergenceReason, TrainingDivergedError } from "./errors.ts";
import { binaryCrossEntropy } from "./losses/binary-cross-entropy.ts";
import { categoricalCrossEntropy } from "./losses/categorical-cross-entropy.ts";
import type { Loss } from "./losses/loss.ts";
import { meanSquaredError } from "./losses/mean-squared-error.ts";
import { Matrix } from "./matrix.ts";
import { pairwiseSum } from "./sum.ts";

/**
 * Default of `divergenceFactor`: a loss above 1e6 · max(first loss, 1) counts as diverged.
 *
 * @example
 * ```ts
 * net.fit(X, y, { divergenceFactor: DEFAULT_DIVERGENCE_FACTOR * 10 }); // more tolerant
 * ```
 */
export const DEFAULT_DIVERGENCE_FACTOR: number = 1e6;

/**
 * Fraction of the outputs that must be saturated (see {@link SATURATION_MARGIN}) for the
 * `"saturated-output"` signal (with the loss also above the trivial predictor's).
 *
 * @example
 * ```ts
 * SATURATED_FRACTION; // 0.5: half of the outputs pinned at a bound
 * ```
 */
export const SATURATED_FRACTION: number = 0.5;

/**
 * The saturation signal also needs a loss of at least this much: a network fitting a single
 * class (trivial loss ≈ 0) may saturate its outputs on the right side, with a tiny loss that is
 * still above the trivial predictor's.
 *
 * @example
 * ```ts
 * SATURATED_MIN_LOSS; // 1e-3
 * ```
 */
export const SATURATED_MIN_LOSS: number = 1e-3;

/** What the detector found wrong with one measured cost. */
export interface DivergenceVerdict {
  readonly reason: DivergenceReason;
  /** The cost that fired it. */
  readonly value: number;
  /** Why, in words (goes into the error message). */
  readonly detail: string;
}

/** Settings of a {@link DivergenceDetector}. */
export interface DivergenceSettings {
  readonly loss: Loss;
  /** The output layer's activation (sigmoid, tanh and softmax outputs can saturate). */
  readonly output: Activation;
  /**
   * Training targets, outputs x samples (read once, for the trivial predictor's loss); may be
   * left out when {@link trivialCost} is given.
   */
  readonly targets?: Matrix;
  /**
   * The trivial predictor's loss for these targets, when the caller already has it (an
   * earlier detector's {@link DivergenceDetector.trivialCost} for the same loss, output and
   * targets); computed from `targets` when left out.
   */
  readonly trivialCost?: number;
  /** Default {@link DEFAULT_DIVERGENCE_FACTOR}; `Infinity` turns the exploding-loss signal off. */
  readonly factor?: number;
}

/**
 * How close to its bound an output must be to count as saturated: 2⁻²⁴ (float32's resolution
 * near 1). There the activation's derivative is below 2⁻²⁴ (0 at the bound itself), so a
 * wrong output barely moves, and cross-entropy charges about 17 or more per such sample.
 *
 * @example
 * ```ts
 * const pinned = (p: number): boolean => p <= SATURATION_MARGIN || p >= 1 - SATURATION_MARGIN;
 * ```
 */
export const SATURATION_MARGIN: number = 2 ** -24;

/**
 * The test of one output value for saturation at the output activation's bound, or null for
 * activations that do not saturate (linear, ReLU, leaky ReLU).
 */
function saturationTest(output: Activation): ((a: number) => boolean) | null {
  const lo = SATURATION_MARGIN;
  const hi = 1 - SATURATION_MARGIN;
  switch (output.name) {
    case "sigmoid":
    case "softmax":
      return (a) => a <= lo || a >= hi;
    case "tanh":
      return (a) => a <= -hi || a >= hi;
    default:
      return null;
  }
}

/**
 * Loss of the trivial predictor: every sample predicted as the mean target (per output row).
 * Binary cross-entropy gives the label entropy (at most ln 2), mean squared error the targets'
 * variance, categorical cross-entropy the class-frequency entropy.
 */
function trivialCost(loss: Loss, Y: Matrix): number {
  const { rows, cols } = Y;
  if (cols === 0) return Number.NaN;
  const means = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += Y.data[i * cols + j] as number;
    means[i] = s / cols;
  }
  const face = builtInFace(loss);
  if (face === null) {
    const mean = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) mean.fill(means[i] as number, i * cols, (i + 1) * cols);
    try {
      return loss.cost(typedArrayBackend, new Matrix(rows, cols, mean), Y);
    } catch {
      return Number.NaN;
    }
  }
  // The built-in losses' `cost` sums `face.pos(t, mean)` (and `face.neg`) pairwise over the
  // elements in order: the same terms and the same sums here, with each row's term computed
  // once per distinct target value (one-hot and 0/1 targets: two `log`s a row).
  const terms = new Float64Array(rows * cols);
  const pos = pairwiseSum(meanTerms(face.pos, Y, means, terms), 0, terms.length, 1);
  const neg =
    face.neg === null ? 0 : pairwiseSum(meanTerms(face.neg, Y, means, terms), 0, terms.length, 1);
  return face.cost(pos, neg, rows, cols);
}

/** The per-element face of a built-in loss object, or null for any other loss. */
function builtInFace(loss: Loss): FusedLoss | null {
  return loss === binaryCrossEntropy ||
    loss === categoricalCrossEntropy ||
    loss === meanSquaredError
    ? fusedLosses[loss.name]
    : null;
}

/**
 * `terms[k] = term(Y[k], mean of k's row)`, computing the terms of targets +0 and 1 (one-hot
 * and 0/1 labels) once per row.
 */
function meanTerms(
  term: (t: number, p: number) => number,
  Y: Matrix,
  means: Float64Array,
  terms: Float64Array,
): Float64Array {
  const { rows, cols, data } = Y;
  for (let i = 0; i < rows; i++) {
    const p = means[i] as number;
    let zero = Number.NaN;
    let one = Number.NaN;
    let haveZero = false;
    let haveOne = false;
    for (let k = i * cols, end = k + cols; k < end; k++) {
      const t = data[k] as number;
      if (t === 1) {
        if (!haveOne) {
          one = term(1, p);
          haveOne = true;
        }
        terms[k] = one;
      } else if (t === 0 && 1 / t > 0) {
        if (!haveZero) {
          zero = term(0, p);
          haveZero = true;
        }
        terms[k] = zero;
      } else {
        terms[k] = term(t, p);
      }
    }
  }
  return terms;
}

/**
 * The divergence detector every training path uses (`train`, `trainParallel`, `Network.fit` /
 * `fitAsync`, fused engine and reference path). It only reads what training computes anyway,
 * so healthy runs are bit for bit unchanged. Per measured (batch) cost it checks, in order:
 *
 * 1. `"non-finite"`: the cost is NaN or ±Infinity;
 * 2. `"exploding-loss"`: the cost exceeds `factor · max(first cost, 1)` (unbounded losses);
 * 3. `"saturated-output"`: the cost is above the trivial predictor's (predicting the mean
 *    target everywhere) **and** at least half of the outputs are saturated: within 2⁻²⁴ of the
 *    output activation's bound (sigmoid/softmax 0 or 1, tanh ±1), where their gradient vanishes.
 *    This is what bounded losses show after a too-large step: binary cross-entropy stuck near
 *    its clip bound (about 36 per wrong sample), sigmoid + mean squared error near 1. The
 *    saturation count (one pass over the outputs) is only taken when the cost is above the
 *    trivial predictor's, which a healthy run leaves after its first epochs.
 *
 * A healthy run cannot fire 3: it needs a loss worse than predicting the mean together with
 * outputs pinned to their bounds (a confident but correct network has a low loss).
 *
 * @example
 * ```ts
 * const detector = new DivergenceDetector({ loss: binaryCrossEntropy, output: sigmoid, targets: Y });
 * const verdict = detector.check(cost, () => saturatedFraction);
 * if (verdict !== null) throw detector.error(epoch, verdict);
 * ```
 */
export class DivergenceDetector {
  /** Loss of always predicting the mean target (NaN when unknown: signal 3 is then off). */
  readonly trivialCost: number;
  /** The exploding-loss factor. */
  readonly factor: number;
  readonly #isSaturated: ((a: number) => boolean) | null;
  #limit = Number.NaN;

  constructor(settings: DivergenceSettings) {
    this.factor = settings.factor ?? DEFAULT_DIVERGENCE_FACTOR;
    this.#isSaturated = saturationTest(settings.output);
    if (this.#isSaturated === null) this.trivialCost = Number.NaN;
    else if (settings.trivialCost !== undefined) this.trivialCost = settings.trivialCost;
    else if (settings.targets !== undefined) {
      this.trivialCost = trivialCost(settings.loss, settings.targets);
    } else {
      throw new TypeError("DivergenceDetector: give the training targets or their trivialCost");
    }
  }

  /** Whether the output activation can saturate (the third signal applies). */
  get saturable(): boolean {
    return this.#isSaturated !== null && Number.isFinite(this.trivialCost);
  }

  /**
   * Signals 1 and 2 for one measured cost (the first call sets the exploding-loss baseline).
   *
   * @example
   * ```ts
   * detector.costVerdict(Number.NaN)?.reason; // "non-finite"
   * ```
   */
  costVerdict(cost: number): DivergenceVerdict | null {
    if (!Number.isFinite(cost)) {
      // No detail: the same message as the engines' own non-finite check.
      return { reason: "non-finite", value: cost, detail: "" };
    }
    if (Number.isNaN(this.#limit)) this.#limit = this.factor * Math.max(cost, 1);
    if (cost > this.#limit) {
      return {
        reason: "exploding-loss",
        value: cost,
        detail: `the loss exceeds ${this.#limit} (divergenceFactor × max(first loss, 1))`,
      };
    }
    return null;
  }

  /**
   * Whether a cost is high enough for the saturation signal to be worth counting (above the
   * trivial predictor's loss and {@link SATURATED_MIN_LOSS}, with an output that can saturate).
   *
   * @example
   * ```ts
   * if (detector.suspicious(cost)) saturated += detector.countSaturated(outputData);
   * ```
   */
  suspicious(cost: number): boolean {
    return this.#isSaturated !== null && cost > this.trivialCost && cost >= SATURATED_MIN_LOSS;
  }

  /**
   * How many of `values` are saturated (within {@link SATURATION_MARGIN} of the bound).
   *
   * @example
   * ```ts
   * detector.countSaturated(Float64Array.of(0, 1, 0.5)); // 2 with a sigmoid output
   * ```
   */
  countSaturated(values: ArrayLike<number>, start = 0, end: number = values.length): number {
    const test = this.#isSaturated;
    if (test === null) return 0;
    let n = 0;
    for (let q = start; q < end; q++) if (test(values[q] as number)) n++;
    return n;
  }

  /**
   * Signal 3 for a cost and the fraction of saturated outputs behind it.
   *
   * @example
   * ```ts
   * detector.saturationVerdict(18.2, 1)?.reason; // "saturated-output"
   * ```
   */
  saturationVerdict(cost: number, fraction: number): DivergenceVerdict | null {
    if (!this.suspicious(cost) || !(fraction >= SATURATED_FRACTION)) return null;
    const pct = Math.round(fraction * 1000) / 10;
    return {
      reason: "saturated-output",
      value: cost,
      detail: `${pct}% of the outputs are saturated (within 2^-24 of the output activation's bound, where their gradient vanishes), and the loss is above the ${Number(this.trivialCost.toPrecision(4))} of always predicting the mean target`,
    };
  }

  /**
   * Every signal for one full-batch cost; `saturated` gives the fraction of saturated outputs
   * and is only called when the cost is {@link suspicious}.
   *
   * @example
   * ```ts
   * const verdict = detector.check(cost, () => trainer.saturatedOutputs(detector) / outputs);
   * ```
   */
  check(cost: number, saturated: () => number): DivergenceVerdict | null {
    const first = this.costVerdict(cost);
    if (first !== null) return first;
    return this.suspicious(cost) ? this.saturationVerdict(cost, saturated()) : null;
  }

  /**
   * The error for a verdict at `epoch` (a cost problem: the kept state is then normally that
   * of `epoch − 1`, attached with {@link withLastGood}).
   *
   * @example
   * ```ts
   * throw withLastGood(detector.error(7, verdict), params, 6);
   * ```
   */
  error(epoch: number, verdict: DivergenceVerdict, suggestion?: string): TrainingDivergedError {
    return new TrainingDivergedError(epoch, -1, "cost", verdict.value, verdict.detail, suggestion, {
      reason: verdict.reason,
    });
  }
}

function keptNote(resumeEpoch: number): string {
  return ` Training was left at the start of epoch ${resumeEpoch}, the last healthy state.`;
}

/**
 * The same error with the last healthy state attached (for errors thrown inside an engine,
 * which does not know it): same message (plus where training was left), epoch, layer,
 * quantity, value and reason.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof TrainingDivergedError) throw withLastGood(e, params, e.epoch); }
 * ```
 */
export function withLastGood(
  e: TrainingDivergedError,
  lastGoodParams: TrainingDivergedError["lastGoodParams"],
  resumeEpoch: number,
): TrainingDivergedError {
  const out = new TrainingDivergedError(e.epoch, e.layer, e.quantity, e.value, "", "", {
    reason: e.reason,
    resumeEpoch,
    ...(lastGoodParams === undefined ? {} : { lastGoodParams }),
  });
  out.message = e.message + keptNote(resumeEpoch);
  return out;
}

/**
 * The epoch whose starting state is the last healthy one after `e` at `epoch`: the previous
 * epoch when the cost measured at `epoch` fired (those parameters are already bad), this one
 * when a gradient or the update did; never before `firstEpoch`.
 *
 * @example
 * ```ts
 * resumeEpochOf(new TrainingDivergedError(5, -1, "cost", Number.NaN), 0); // 4
 * ```
 */
export function resumeEpochOf(e: TrainingDivergedError, firstEpoch: number): number {
  return e.quantity === "cost" ? Math.max(e.epoch - 1, firstEpoch) : e.epoch;
}

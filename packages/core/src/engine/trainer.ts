import type { Architecture } from "../architecture.ts";
import type { DivergenceDetector } from "../divergence.ts";
import { TrainingDivergedError } from "../errors.ts";
import type { Loss } from "../losses/loss.ts";
import { Matrix } from "../matrix.ts";
import type { FlatBlock } from "../optimizers/flat-block.ts";
import { Sgd } from "../optimizers/sgd.ts";
import type { Grads, Params } from "../params.ts";
import { backwardLayers, nonFiniteGradientOf } from "./backward-pass.ts";
import { copyData, type DataTarget, dataTarget, gatherBatch, type Order } from "./batch-data.ts";
import { DeadUnits } from "./dead-units.ts";
import {
  flatParameterCount,
  heapBlocks,
  readFlat,
  readGrads,
  readParams,
  writeParams,
  writeParamsFlat,
} from "./flat-io.ts";
import { forwardPass } from "./forward-pass.ts";
import { fusedUnsupportedReason } from "./fusable.ts";
import type { Kernels } from "./kernels.ts";
import { type FusedLossName, fusedLosses } from "./ops.generated.ts";
import { type FusedEvaluation, OutputLayer } from "./output-layer.ts";
import { type BufferPlan, planBuffers } from "./plan.ts";
import {
  checkTrainerOptions,
  type FusedEpochStats,
  type FusedTrainerOptions,
} from "./trainer-options.ts";

export { fusedUnsupportedReason } from "./fusable.ts";
export type { FusedEvaluation } from "./output-layer.ts";
export type { FusedEpochStats, FusedTrainerOptions } from "./trainer-options.ts";

/**
 * The fused, zero-allocation training engine: the notebook's full-batch gradient descent on
 * one heap of a {@link Kernels} set, planned once for an architecture and a number of samples.
 * Each {@link epoch} runs forward, cost, accuracy, backward, the divergence checks and the
 * update in place, allocating no matrix or buffer.
 *
 * With a float64 kernel set every value is bitwise the reference path's (`train` with the
 * typed-array backend): the products and sums are taken in the reference's order, the
 * element-wise steps use the same expressions, and bias gradients and costs use the same
 * pairwise sums. A float32 set stores every matrix in float32 and rounds each operation to
 * float32; costs and accuracies are still summed in float64.
 *
 * Dead ReLU units (output 0 for every sample of the batch) are skipped: their rows and columns
 * are left out of the products without changing a bit (a skipped product is 0 times a finite
 * value; where a skipped factor is not finite the pass is recomputed without skipping). A unit
 * dead in one pass is not computed in the next when a bound proves it dead again
 * ({@link provenDeadUnits}); when a whole hidden layer is dead above finite values, the
 * gradients at and below it are +0 and filled in. `skipDeadUnits: false` turns this off (see
 * `docs/engines.md`).
 *
 * @example
 * ```ts
 * const t = new FusedTrainer(normalizeArchitecture(arch), 900, jsKernels("float64"), binaryCrossEntropy);
 * t.setParams(initLayers(arch, 2));
 * t.setData(X, Y);
 * const { cost } = t.epoch(0, 0.01);
 * const params = t.params();
 * ```
 */
export class FusedTrainer {
  /** The kernel set this trainer computes with. */
  readonly kernels: Kernels;
  /** Most samples one {@link setData} may hold. */
  readonly capacity: number;
  #samples: number;
  /** Every buffer of the run, in the kernel set's heap. */
  readonly #plan: BufferPlan;
  /** The loss's cost, accuracy and output gradient. */
  readonly #output: OutputLayer;
  /** Dead ReLU units: which the last pass kept, which a bound proved dead. */
  readonly #units: DeadUnits;
  readonly #skipDead: boolean;
  /** The update of {@link epoch}: plain gradient descent, in place on the heap. */
  readonly #sgd: Sgd = new Sgd();
  /** A layer's compacted bias gradients, on their way to their units' places. */
  readonly #dbScratch: Float64Array;
  /** Every W, b (at `param`) and dW, db (at `grad`) in the heap, for `stepBlocksInPlace`. */
  readonly blocks: readonly FlatBlock[];
  /** Where {@link setData} and {@link setDataColumns} write. */
  readonly #data: DataTarget;

  /** Number of samples (columns of X) of the current data. */
  get samples(): number {
    return this.#samples;
  }

  /**
   * Plans every buffer for `samples` samples of `arch` under `loss` in the heap of `kernels`
   * (the activations and the loss are recognised by name from the fused table).
   *
   * @example
   * ```ts
   * new FusedTrainer(arch, 900, jsKernels("float64"), binaryCrossEntropy, { skipDeadUnits: false });
   * ```
   */
  constructor(
    arch: Architecture,
    samples: number,
    kernels: Kernels,
    loss: Loss,
    options: FusedTrainerOptions = {},
  ) {
    const { skipDeadUnits, accuracy } = checkTrainerOptions(options);
    this.#skipDead = skipDeadUnits;
    const reason = fusedUnsupportedReason(arch, loss);
    if (reason !== null) {
      throw new RangeError(`FusedTrainer: cannot fuse this network: ${reason}`);
    }
    if (!Number.isInteger(samples) || samples < 1) {
      throw new RangeError(`FusedTrainer: samples must be a positive integer, got ${samples}`);
    }
    this.kernels = kernels;
    this.capacity = samples;
    this.#samples = samples;
    const face = fusedLosses[loss.name as FusedLossName];
    const plan = planBuffers(arch, samples, kernels, face);
    this.#plan = plan;
    this.#units = new DeadUnits(arch, kernels, plan.layers);
    this.#dbScratch = new Float64Array(plan.widest);
    this.#output = new OutputLayer(kernels, plan, face, samples, accuracy);
    this.blocks = heapBlocks(plan.layers);
    this.#data = dataTarget(kernels, plan, this.#units, samples);
  }

  /**
   * Copies parameters in (one `{ W, b }` per layer, shapes as the architecture).
   *
   * @example
   * ```ts
   * trainer.setParams(initLayers(arch, 42));
   * ```
   */
  setParams(params: Params<Matrix>): void {
    writeParams(this.kernels.heap(), this.#plan.layers, params);
  }

  /**
   * Copies the training data in: X is features x samples, Y is outputs x samples, with at
   * most {@link capacity} samples (a smaller last mini-batch is fine).
   *
   * @example
   * ```ts
   * trainer.setData(X, Y);
   * ```
   */
  setData(X: Matrix, Y: Matrix): void {
    this.#samples = copyData(this.#data, X, Y);
  }

  /**
   * Gathers a mini-batch straight into the heap: the samples `order[start..end)` (or
   * `start..end` when `order` is null) of `X` (samples x features) and `Y` (samples x outputs),
   * the same values as {@link setData} with the gathered columns, and no matrix between.
   *
   * @example
   * ```ts
   * trainer.setDataColumns(X, Y, order, 32, 64); // samples order[32..63]
   * ```
   */
  setDataColumns(X: Matrix, Y: Matrix, order: Order, start: number, end: number): void {
    this.#samples = gatherBatch(this.#data, X, Y, order, start, end);
  }

  /**
   * The current parameters, copied out as float64 matrices.
   *
   * @example
   * ```ts
   * trainer.params()[0].W.shape; // [25, 2]
   * ```
   */
  params(): Params<Matrix> {
    return readParams(this.kernels.heap(), this.#plan.layers);
  }

  /**
   * The network's output for the current data (outputs x samples), as computed by the last
   * {@link epoch} or {@link forward}.
   *
   * @example
   * ```ts
   * trainer.forward();
   * trainer.output().shape; // [1, 900]
   * ```
   */
  output(): Matrix {
    const L = this.#plan.layers[this.#plan.layers.length - 1]!;
    const h = this.kernels.heap();
    const n = L.outputs * this.samples;
    return new Matrix(L.outputs, this.samples, Float64Array.from(h.subarray(L.A, L.A + n)));
  }

  /**
   * Forward pass over the current data, in place: `Z = W·A_prev + b`, `A = g(Z)` per layer.
   * `finiteWeights`: the caller knows every W and b is finite (no sum to check it).
   *
   * @example
   * ```ts
   * trainer.forward();
   * ```
   */
  forward(finiteWeights = false): void {
    this.#forward(this.#skipDead && (finiteWeights || this.#weightsFinite()));
  }

  /** The forward pass (see {@link forwardPass}), compacting dead units with `compact`. */
  #forward(compact: boolean): void {
    forwardPass(this.kernels, this.#plan, this.#units, this.#samples, compact);
  }

  /**
   * How many units of each layer the last forward pass kept (`DeadUnits.liveUnits`; see
   * {@link FusedTrainerOptions.skipDeadUnits}).
   *
   * @example
   * ```ts
   * trainer.forward();
   * trainer.liveUnits(); // e.g. [23, 36, 31, 12, 1] for 2-25-50-50-25-1 early in training
   * ```
   */
  liveUnits(): number[] {
    return this.#units.liveUnits();
  }

  /**
   * How many units of each layer the last forward pass proved dead and did not compute
   * (`DeadUnits.provenDeadUnits`), counted among the dead units of {@link liveUnits}.
   *
   * @example
   * ```ts
   * trainer.epoch(0, 0.01);
   * trainer.epoch(1, 0.01);
   * trainer.provenDeadUnits(); // e.g. [1, 1, 3, 4, 0] for the seed notebook's 2-4-6-6-4-1
   * ```
   */
  provenDeadUnits(): number[] {
    return this.#units.provenDeadUnits();
  }

  /**
   * Whether every weight is finite (a skipped product is an exact zero only then): one sum over
   * every W and b. A finite sum means every value is; an infinite one may also be a float64
   * overflow of finite values, which only turns skipping off for the epoch (the dense pass
   * gives the same bits).
   */
  #weightsFinite(): boolean {
    const [at, n] = this.#plan.paramsSpan;
    return Number.isFinite(this.kernels.sum(at, n));
  }

  /**
   * Cost of the current output (the reference loss's exact expressions and pairwise sums) and
   * the number of samples predicted right. Run {@link forward} first.
   *
   * @example
   * ```ts
   * trainer.forward();
   * const { cost, correct } = trainer.evaluate();
   * ```
   */
  evaluate(): FusedEvaluation {
    return this.#output.evaluate(this.#samples);
  }

  /**
   * The two pairwise sums of the loss's cost terms of the current output, into `out[at]` and
   * `out[at + 1]`, and the number of samples predicted right. For binary cross-entropy they are
   * `Σ t·log(clip(ŷ))` and `Σ (1 − t)·log(1 − clip(ŷ))`, and the cost is `−(pos + neg) / m`;
   * for mean squared error `Σ (ŷ − t)²` and 0, and the cost is `pos / (rows·m)`. A thread of
   * parallel training whose samples are one node of the whole batch's pairwise-sum tree sends
   * these, and the sums of the tree's nodes give the full batch's cost bit for bit.
   *
   * @example
   * ```ts
   * trainer.forward();
   * const correct = trainer.costSumsInto(out, 0); // out[0] + out[1]: the undivided sums
   * ```
   */
  costSumsInto(out: Float64Array, at: number): number {
    this.#output.costSums(out, at, this.#samples);
    return this.#output.countCorrect(this.#samples);
  }

  /**
   * Backward pass into dW and db of every layer (parameters unchanged); run {@link forward}
   * first.
   *
   * @example
   * ```ts
   * trainer.forward();
   * trainer.backward();
   * const grads = trainer.gradients();
   * ```
   */
  backward(): void {
    this.#backward(this.#samples);
  }

  /**
   * {@link backward}, then {@link nonFiniteGradient}'s result (taken once: a compacted pass has it).
   *
   * @example
   * ```ts
   * trainer.forward();
   * trainer.backwardChecked(); // null: every gradient is finite
   * ```
   */
  backwardChecked(): [number, number] | null {
    return this.#backward(this.#samples) ?? this.nonFiniteGradient();
  }

  /**
   * Backward pass leaving the undivided sums `dZ·A_prevᵀ` and `Σ_samples dZ` in dW and db
   * (what data-parallel training adds across shards before dividing by the total count).
   *
   * @example
   * ```ts
   * trainer.forward();
   * trainer.backwardSums();
   * trainer.gradientsInto(flat, 0);
   * ```
   */
  backwardSums(): void {
    this.#backward(1);
  }

  /**
   * Returns the {@link nonFiniteGradient} result when it had to compute it (after a compacted
   * pass whose gradients are all finite: null), or undefined when it did not.
   */
  #backward(divisor: number): null | undefined {
    // Output layer: dZ = g'(Z) ⊙ dL/dA, the loss gradient and the derivative in one pass.
    this.#output.gradient(this.#samples);
    const compacted = backwardLayers(
      this.kernels,
      this.#plan,
      this.#units,
      this.#dbScratch,
      this.#samples,
      divisor,
    );
    // A skipped product is 0 times a weight (finite: forward checked), an input value or a dZ
    // value. Were one of those not finite, a kept row or column meets it too (at least one of
    // each is kept), so some gradient is not finite: then recompute the dense way, so the
    // divergence report is the same bits as without skipping.
    if (!compacted) return undefined;
    if (this.nonFiniteGradient() === null) return null;
    // Forward and backward again without skipping dead units.
    this.#forward(false);
    return this.#backward(divisor);
  }

  /**
   * Number of parameters (every W, then b, layer by layer: the flat layout of
   * {@link setParamsFlat} and {@link gradientsInto}).
   *
   * @example
   * ```ts
   * trainer.parameterCount; // 4101 for 2-25-50-50-25-1
   * ```
   */
  get parameterCount(): number {
    return flatParameterCount(this.#plan.layers);
  }

  /**
   * Copies parameters in from a flat array (layer by layer, W row-major then b).
   *
   * @example
   * ```ts
   * trainer.setParamsFlat(flat, 0);
   * ```
   */
  setParamsFlat(src: Float64Array, offset: number): void {
    writeParamsFlat(this.kernels.heap(), this.#plan.layers, src, offset);
  }

  /**
   * Copies the last backward pass's dW and db out into a flat array (layout as
   * {@link setParamsFlat}).
   *
   * @example
   * ```ts
   * trainer.gradientsInto(flat, 0);
   * ```
   */
  gradientsInto(out: Float64Array, offset: number): void {
    readFlat(this.kernels.heap(), this.#plan.layers, "grads", out, offset);
  }

  /**
   * Copies the current parameters out into a flat array (layout as {@link setParamsFlat}).
   *
   * @example
   * ```ts
   * trainer.paramsInto(flat, 0);
   * ```
   */
  paramsInto(out: Float64Array, offset: number): void {
    readFlat(this.kernels.heap(), this.#plan.layers, "params", out, offset);
  }

  /**
   * How many values of the current output are saturated at the output activation's bound (the
   * divergence detector's count), read in place after {@link forward}.
   *
   * @example
   * ```ts
   * trainer.forward();
   * trainer.saturatedOutputs(detector); // 0 for a healthy network
   * ```
   */
  saturatedOutputs(detector: DivergenceDetector): number {
    return this.#output.saturated(detector, this.#samples);
  }

  /**
   * Writes the loss's per-element cost terms of the current output into `pos` (and `neg` for
   * binary cross-entropy: the `(1 − y)·log(1 − ŷ)` terms) at the columns `column ..` of a
   * `rows x stride` layout, and returns the number of samples predicted right. Summing the
   * terms of every shard pairwise gives the full batch's cost bit for bit.
   *
   * @example
   * ```ts
   * const correct = trainer.costTermsInto(pos, neg, 900, 450);
   * ```
   */
  costTermsInto(pos: Float64Array, neg: Float64Array, stride: number, column: number): number {
    this.#output.costTermsInto(pos, neg, stride, column, this.#samples);
    return this.#output.countCorrect(this.#samples);
  }

  /**
   * The gradients of the last {@link backward}, copied out as float64 matrices.
   *
   * @example
   * ```ts
   * trainer.gradients()[0].dW.shape; // [25, 2]
   * ```
   */
  gradients(): Grads<Matrix> {
    return readGrads(this.kernels.heap(), this.#plan.layers);
  }

  /**
   * The first layer whose gradient is not finite, as `[layer, Σ dW + Σ db]` (the reference's
   * check), or `null` when all are finite.
   *
   * @example
   * ```ts
   * trainer.nonFiniteGradient(); // null
   * ```
   */
  nonFiniteGradient(): [number, number] | null {
    return nonFiniteGradientOf(this.kernels, this.#plan);
  }

  /**
   * One epoch of full-batch gradient descent, in place: forward, cost and accuracy (before the
   * update, as the notebook), backward, then `W ← W − η·dW`, `b ← b − η·db` (plain SGD's
   * in-place step, `Optimizer.stepInPlace`). A non-finite
   * cost or gradient throws a {@link TrainingDivergedError} before any parameter changes, and so
   * does `check` (called with the cost and the number of samples predicted right, after the
   * forward pass) when it throws.
   *
   * @example
   * ```ts
   * for (let e = 0; e < 100; e++) trainer.epoch(e, 0.01);
   * ```
   */
  epoch(
    epoch: number,
    learningRate: number,
    check?: (cost: number, correct: number) => void,
  ): FusedEpochStats {
    this.forward();
    const { cost, correct } = this.evaluate();
    if (!Number.isFinite(cost)) throw new TrainingDivergedError(epoch, -1, "cost", cost);
    // The caller's divergence checks see the output before anything changes (may throw).
    check?.(cost, correct);
    const bad = this.backwardChecked();
    if (bad !== null) throw new TrainingDivergedError(epoch, bad[0], "gradient", bad[1]);
    // The W/b block and the dW/db block have the same layout (the same allocations in the same
    // order), so one in-place step of the optimiser updates every parameter; the gaps hold +0
    // in both and stay +0 (−η·(+0) + (+0) = +0).
    const [P, n] = this.#plan.paramsSpan;
    const G = this.#plan.gradsSpan[0];
    const sgd = this.#sgd;
    sgd.learningRate = learningRate;
    const h = this.kernels.heap();
    sgd.stepInPlace(h, P, h, G, n);
    return { cost, accuracy: correct / this.#samples };
  }
}

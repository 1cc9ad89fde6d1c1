import type { FusedTrainer } from "../engine/trainer.ts";
import { Matrix } from "../matrix.ts";
import type { FlatBlock } from "../optimizers/flat-block.ts";
import type { Optimizer } from "../optimizers/optimizer.ts";
import type { LayerParams, Params } from "../params.ts";
import { pairwiseSum } from "../sum.ts";
import type { NetworkState } from "./state.ts";

/**
 * What failed a fused batch's divergence check: the quantity, the first layer whose
 * `Σ dW + Σ db` (gradient) or `Σ W + Σ b` (parameter) is not finite, and that sum.
 */
export type NonFiniteCheck = readonly ["gradient" | "parameter", number, number];

/**
 * The mini-batches of one `Network.fit` on the fused engine, with no matrix or buffer created
 * per batch: the parameters stay in the trainer's heap for the whole fit, each batch is
 * gathered straight into the heap, and the optimiser updates the heap in place
 * (`stepBlocksInPlace` over the trainer's `blocks`). A float32 kernel set keeps the
 * reference's arithmetic of the update: a float64 master copy of the parameters, updated in
 * float64 from the heap's gradients (widened exactly) and rounded into the heap after each
 * step, in one copy.
 *
 * `state.params` is brought up to date by {@link sync} (lazily: only after an update), which
 * the training loop calls before anything can observe it (epoch ends, batch callbacks,
 * yielding to the event loop).
 *
 * @example
 * ```ts
 * const fused = new FusedBatches(state, trainer, optimizer);
 * const cost = fused.forward(X, Y, order, 0, 32, false);
 * const bad = fused.update(); // null, or what failed the divergence checks
 * fused.sync(); // state.params now holds the updated parameters
 * ```
 */
export class FusedBatches {
  /** The trainer whose heap holds the parameters. */
  readonly trainer: FusedTrainer;
  /** Samples predicted right in the last {@link forward}. */
  correct = 0;
  readonly #state: NetworkState;
  readonly #opt: Optimizer<unknown>;
  /** float32 sets: the float64 master parameters, laid out as the heap's span from
   * {@link #span} (the same gaps), else null. */
  readonly #master: Float64Array | null;
  /** Where the heap's span of every W and b starts (float32 sets: the master copy's place). */
  readonly #span: number;
  /** The blocks the optimiser updates: the heap's, or the master copy's parameters with the
   * heap's gradients (read as float64, exactly). */
  readonly #blocks: readonly FlatBlock[];
  /** The pairwise sum of the master copy's values `at..at + n`. */
  readonly #sumMaster = (at: number, n: number): number => pairwiseSum(this.#master!, at, n, 1);
  /** The heap's pairwise sum (`Kernels.sum`). */
  readonly #sumHeap: (at: number, n: number) => number;
  /** Whether the parameters moved since `state.params` was last written. */
  #dirty = false;
  /** float64 sets: every W and b in the heap is finite (each layer's `Σ W + Σ b` was, after
   * the last step), so the forward pass need not check. */
  #finite = false;

  /**
   * Loads `state.params` into the trainer (and the float64 master copy of a float32 set).
   *
   * @example
   * ```ts
   * const fused = new FusedBatches(state, fusedTrainer(state, session.batchSize)!, session.optimizer);
   * ```
   */
  constructor(state: NetworkState, trainer: FusedTrainer, optimizer: Optimizer<unknown>) {
    this.#state = state;
    this.trainer = trainer;
    this.#opt = optimizer;
    const k = trainer.kernels;
    this.#sumHeap = (at, n) => k.sum(at, n);
    const params = state.params as Params<Matrix>;
    trainer.setParams(params);
    const heapBlocks = trainer.blocks;
    if (trainer.kernels.dtype === "float64") {
      this.#master = null;
      this.#span = 0;
      this.#blocks = heapBlocks;
      return;
    }
    let start = Number.POSITIVE_INFINITY;
    let end = 0;
    for (const blk of heapBlocks) {
      start = Math.min(start, blk.param);
      end = Math.max(end, blk.param + blk.rows * blk.cols);
    }
    const master = new Float64Array(end - start);
    for (const blk of heapBlocks) {
      const p = params[blk.layer]!;
      master.set((blk.key === "W" ? p.W : p.b).data, blk.param - start);
    }
    this.#master = master;
    this.#span = start;
    this.#blocks = heapBlocks.map((blk) => ({ ...blk, param: blk.param - start }));
  }

  /**
   * Gathers the samples `order[start..end)` of the training set into the heap (unless `keep`:
   * the data already there), runs the forward pass and returns the cost; the samples predicted
   * right are in {@link correct}.
   *
   * @example
   * ```ts
   * const cost = fused.forward(s.train.X, s.train.Y, order, 0, 32, false);
   * ```
   */
  forward(
    X: Matrix,
    Y: Matrix,
    order: ArrayLike<number> | null,
    start: number,
    end: number,
    keep: boolean,
  ): number {
    const t = this.trainer;
    if (!keep) t.setDataColumns(X, Y, order, start, end);
    t.forward(this.#finite);
    const ev = t.evaluate();
    this.correct = ev.correct;
    return ev.cost;
  }

  /**
   * The backward pass, the gradient check, the optimiser's step in place and the parameter
   * check (the reference path's checks: the same layers and sums). Returns what failed, or null.
   *
   * @example
   * ```ts
   * const bad = fused.update(); // null
   * ```
   */
  update(): NonFiniteCheck | null {
    const t = this.trainer;
    const badGrad = t.backwardChecked();
    if (badGrad !== null) return ["gradient", badGrad[0], badGrad[1]];
    const master = this.#master;
    const h = t.kernels.heap();
    this.#dirty = true;
    if (master === null) {
      this.#finite = false;
      this.#opt.stepBlocksInPlace(h, h, this.#blocks);
      const bad = nonFiniteParameterOf(this.#sumHeap, this.#blocks);
      this.#finite = bad === null;
      return bad;
    }
    this.#opt.stepBlocksInPlace(master, h, this.#blocks);
    const bad = nonFiniteParameterOf(this.#sumMaster, this.#blocks);
    if (bad !== null) return bad;
    // Every W and b rounded into the heap at once (the gaps are +0 on both sides).
    h.set(master, this.#span);
    return null;
  }

  /**
   * Writes the current parameters to `state.params` (new matrices, so that caches keyed by the
   * object see the change) when they moved since the last call.
   *
   * @example
   * ```ts
   * fused.sync();
   * ```
   */
  sync(): void {
    if (!this.#dirty) return;
    this.#dirty = false;
    this.#state.params = this.current();
  }

  /**
   * The current parameters as new float64 matrices (the master copy of a float32 set).
   *
   * @example
   * ```ts
   * fused.current()[0].W.shape; // [32, 64]
   * ```
   */
  current(): Params<Matrix> {
    const master = this.#master;
    if (master === null) return this.trainer.params();
    const blocks = this.#blocks;
    const out: LayerParams<Matrix>[] = [];
    for (let i = 0; i < blocks.length; i += 2) {
      const W = blocks[i]!;
      const b = blocks[i + 1]!;
      out.push({
        W: new Matrix(W.rows, W.cols, master.slice(W.param, W.param + W.rows * W.cols)),
        b: new Matrix(b.rows, 1, master.slice(b.param, b.param + b.rows)),
      });
    }
    return out;
  }
}

/**
 * The first layer whose `Σ W + Σ b` is not finite (`sum`: NumPy's pairwise sum, as the
 * backend's `sum` that the reference path checks with), or null.
 */
function nonFiniteParameterOf(
  sum: (at: number, n: number) => number,
  blocks: readonly FlatBlock[],
): NonFiniteCheck | null {
  for (let i = 0; i < blocks.length; i += 2) {
    const W = blocks[i]!;
    const b = blocks[i + 1]!;
    const s = sum(W.param, W.rows * W.cols) + sum(b.param, b.rows);
    if (!Number.isFinite(s)) return ["parameter", W.layer, s];
  }
  return null;
}

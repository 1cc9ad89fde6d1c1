import type { MatrixBackend } from "../backend.ts";
import { typedArrayBackend } from "../backends/typed-array.ts";
import { describe, Matrix } from "../matrix.ts";
import type { Grads, LayerParams, Params } from "../params.ts";
import { checkBlocks } from "./check-blocks.ts";
import type { FlatBlock } from "./flat-block.ts";
import { FlatSlots, type LayerSlots } from "./flat-slots.ts";
import { stepBlocksThroughStep } from "./step-blocks-through-step.ts";

export { checkBlocks } from "./check-blocks.ts";
export { checkRange } from "./check-range.ts";

/** The slot arrays of a stateless rule. */
const NO_SLOTS: readonly Float64Array[] = [];

/** Whether `a` is a flat array with `n` values from `at` (no closure: no allocation). */
function fitsSpan(a: unknown, at: number, n: number): boolean {
  return (
    (a instanceof Float64Array || a instanceof Float32Array) &&
    Number.isInteger(at) &&
    at >= 0 &&
    Number.isInteger(n) &&
    n >= 0 &&
    at + n <= a.length
  );
}

/**
 * A flat array of parameters or gradients (a fused engine's heap).
 *
 * @example
 * ```ts
 * const heap: FlatArray = new Float32Array(26);
 * ```
 */
export type FlatArray = Float64Array | Float32Array;

/** Names of the built-in optimisers. */
export type OptimizerType = "sgd" | "adam" | "rmsprop";

/**
 * How SGD's momentum combines with the learning rate: `"pytorch"` (`v ← μ·v + g`,
 * `p ← p − lr·v`) or `"sklearn"` (`v ← μ·v − lr·g`, `p ← p + v`).
 */
export type MomentumForm = "pytorch" | "sklearn";

/** Settings of {@link Sgd}. */
export interface SgdConfig {
  readonly type: "sgd";
  readonly learningRate: number;
  /** Momentum μ in [0, 1); 0 is plain gradient descent (the notebook's `update`). */
  readonly momentum: number;
  /** Nesterov momentum (needs momentum > 0). */
  readonly nesterov: boolean;
  /** Present (`"sklearn"`) only for scikit-learn's momentum form; absent means `"pytorch"`. */
  readonly momentumForm?: MomentumForm;
  /** L2 weight decay λ ≥ 0 on weights (not biases): the gradient becomes `dW + λ·W`. */
  readonly weightDecay: number;
}

/** Settings of {@link Adam}. */
export interface AdamConfig {
  readonly type: "adam";
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** L2 weight decay λ ≥ 0 on weights (not biases): the gradient becomes `dW + λ·W`. */
  readonly weightDecay: number;
}

/** Settings of {@link RmsProp}. */
export interface RmsPropConfig {
  readonly type: "rmsprop";
  readonly learningRate: number;
  readonly rho: number;
  readonly epsilon: number;
  /** L2 weight decay λ ≥ 0 on weights (not biases): the gradient becomes `dW + λ·W`. */
  readonly weightDecay: number;
}

/** The complete settings of an optimiser, as plain data (what `toJSON` saves). */
export type OptimizerConfig = SgdConfig | AdamConfig | RmsPropConfig;

/** Per-parameter state of an update rule (e.g. Adam's `m` and `v`), shaped like the parameter. */
export type Slot<M = Matrix> = Readonly<Record<string, M>>;

/** What an update rule returns for one parameter. */
export interface RuleResult<M = Matrix> {
  readonly param: M;
  /** The new per-parameter state, or undefined for a stateless rule. */
  readonly slot?: Slot<M>;
}

/**
 * The optimiser state needed for an exact resume, as plain matrices: the number of steps
 * taken, the current learning rate and each parameter's slot (`slots[layer].W` and `.b`;
 * empty before the first step or for a stateless rule).
 */
export interface OptimizerState {
  readonly iterations: number;
  readonly learningRate: number;
  readonly slots: readonly { readonly W: Slot<Matrix>; readonly b: Slot<Matrix> }[];
}

/**
 * Base class of every optimiser (as tinygrad's `Optimizer`): {@link Optimizer.step} walks the
 * layers, applies L2 weight decay to the weight gradients and calls the subclass's tiny
 * per-parameter `update` rule with that parameter's state slot. `step` is pure with respect to
 * its arguments (new parameters are returned); the optimiser keeps its own state (step count
 * and slots), which {@link Optimizer.getState}/{@link Optimizer.setState} save and restore.
 *
 * @example
 * ```ts
 * const opt = new Adam({ learningRate: 0.01 });
 * params = opt.step(params, grads);
 * ```
 */
export abstract class Optimizer<M = Matrix> {
  /** The backend the parameters, gradients and slots live on. */
  readonly backend: MatrixBackend<M>;
  /** The learning rate of the next step (a schedule may change it between epochs). */
  learningRate: number;
  /** L2 weight decay on weights. */
  readonly weightDecay: number;
  /** Names of the per-parameter slots this rule keeps (e.g. `["m", "v"]`). */
  abstract readonly slotNames: readonly string[];
  #iterations = 0;
  /** The slots in {@link step}'s form (ruling unless `#inFlat`). */
  #slots: LayerSlots<M>[] = [];
  /** The slots in flat form (made by the first flat step, then reused). */
  #flat: FlatSlots | undefined;
  /** Whether `#flat` holds the current slots (else `#slots` does). */
  #inFlat = false;
  #type: string | undefined;
  /** `"<type>.stepBlocksInPlace"`, made once (a flat step allocates nothing). */
  #blocksWhere: string | undefined;

  /**
   * Sets the shared settings (validated by the subclass constructors).
   *
   * @example
   * ```ts
   * class Plain extends Optimizer { ... super(0.1, 0, typedArrayBackend); }
   * ```
   */
  protected constructor(learningRate: number, weightDecay: number, backend?: MatrixBackend<M>) {
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
    this.backend = (backend ?? typedArrayBackend) as MatrixBackend<M>;
  }

  /**
   * The settings as plain data.
   *
   * @example
   * ```ts
   * new Adam().config().beta2; // 0.999
   * ```
   */
  abstract config(): OptimizerConfig;

  /**
   * The rule for one parameter at step `t` (1-based) with learning rate `lr`: the new
   * parameter and its new slot.
   */
  protected abstract update(
    param: M,
    grad: M,
    slot: Slot<M> | undefined,
    t: number,
    lr: number,
  ): RuleResult<M>;

  /**
   * Optional in-place rule over flat arrays (tinygrad's `_step`): updates the `n` parameters
   * `params[pAt ..]` from the gradients `grads[gAt ..]` and the slot values
   * `slots[j][sAt ..]` (one Float64Array per name of {@link slotNames}, in that order; zeros
   * before the first step) at step `t` with the current {@link learningRate}, computing each
   * value as {@link update} does (the same bits), allocating nothing. `decayed` is true for a
   * `W` block: with {@link weightDecay} λ > 0 its gradient is `λ·p + g`, as {@link step} forms
   * it. (Only integers, booleans and arrays are passed, so no float is boxed per call.)
   * Values are read as float64 and stored into `params` (rounded to float32 for a
   * Float32Array). A subclass without it gets the generic (allocating) flat step.
   */
  protected updateInPlace?(
    params: FlatArray,
    pAt: number,
    grads: FlatArray,
    gAt: number,
    n: number,
    slots: readonly Float64Array[],
    sAt: number,
    decayed: boolean,
    t: number,
  ): void;

  /**
   * One step in place over one span of flat arrays, allocating nothing in the steady state:
   * the path of `FusedTrainer.epoch` and `trainParallel`, whose parameters and gradients live
   * in one heap with the same layout. Each value is what {@link step} computes for it. The
   * span's slots are kept as one parameter (`getState` shows them as layer 0's `W`, an
   * `n x 1` matrix). Weight decay needs the `W` and `b` blocks apart: with weight decay > 0 (or
   * for a custom rule without an in-place form) a RangeError points to
   * {@link stepBlocksInPlace}.
   *
   * @example
   * ```ts
   * new Adam({ learningRate: 0.01 }).stepInPlace(heap, paramsAt, heap, gradsAt, count);
   * ```
   */
  stepInPlace(params: FlatArray, pAt: number, grads: FlatArray, gAt: number, n: number): void {
    if (!fitsSpan(params, pAt, n) || !fitsSpan(grads, gAt, n)) {
      throw new RangeError(
        `${this.#where("stepInPlace")}: expected ${describe(n)} values at params[${describe(pAt)}] and grads[${describe(gAt)}] of two Float64Array or Float32Array, got ${describe(params)} and ${describe(grads)}`,
      );
    }
    this.#checkRate("stepInPlace");
    if (this.updateInPlace === undefined || this.weightDecay > 0) {
      throw new RangeError(
        `${this.#where("stepInPlace")}: no in-place update over one span for ${JSON.stringify(this.config())}${this.weightDecay > 0 ? " (weight decay applies to W blocks only)" : ""}; use stepBlocksInPlace with the W and b blocks, or step`,
      );
    }
    const t = this.#iterations + 1;
    if (this.slotNames.length === 0) {
      // Stateless: no layout to keep (as before, the span's layers are unknown).
      this.updateInPlace(params, pAt, grads, gAt, n, NO_SLOTS, 0, false, t);
    } else {
      let flat = this.#flat;
      if (flat?.matchesSpan(n) !== true) {
        flat = this.#enterFlat(this.#where("stepInPlace"), FlatSlots.ofSpan(n));
      } else if (!this.#inFlat) {
        flat = this.#enterFlat(this.#where("stepInPlace"), flat);
      }
      this.updateInPlace(params, pAt, grads, gAt, n, flat.arrays, 0, false, t);
    }
    this.#iterations = t;
  }

  /**
   * One step in place over flat arrays laid out as `blocks` (every layer's `W` and `b`, as
   * {@link FlatBlock} describes, in any order): each value is what {@link step} computes for
   * it (the same bits, weight decay on `W` blocks only), written back into `params` (rounded
   * to float32 when `params` is a Float32Array; computed in float64 from the stored values).
   * The slots live in flat Float64Arrays made on the first flat step and reused, so a step
   * allocates nothing in the steady state. The state (step count and slots) is one with
   * {@link step}, {@link getState} and {@link setState}, converted when the other form is
   * next needed. Blocks may overlap (each block is then updated in turn, in list order); bad
   * blocks, or a {@link learningRate} that is NaN, negative or infinite, throw a
   * RangeError/TypeError naming the block or the rate, before anything changes.
   *
   * @example
   * ```ts
   * opt.stepBlocksInPlace(heap, heap, blocks);
   * ```
   */
  stepBlocksInPlace(params: FlatArray, grads: FlatArray, blocks: readonly FlatBlock[]): void {
    const where = (this.#blocksWhere ??= this.#where("stepBlocksInPlace"));
    checkBlocks(where, params, grads, blocks);
    this.#checkRate("stepBlocksInPlace");
    if (this.updateInPlace === undefined) {
      stepBlocksThroughStep(this, params, grads, blocks);
      return;
    }
    let flat = this.#flat;
    if (!this.#inFlat || flat === undefined || !flat.matches(blocks)) {
      const reuse = flat?.matches(blocks) === true ? flat : undefined;
      flat = this.#enterFlat(where, reuse ?? FlatSlots.ofBlocks(blocks));
    }
    const t = this.#iterations + 1;
    const arrays = flat.arrays;
    for (let i = 0; i < blocks.length; i++) {
      const blk = blocks[i] as FlatBlock;
      const n = blk.rows * blk.cols;
      const sAt = flat.offsetOf(blk);
      this.updateInPlace(params, blk.param, grads, blk.grad, n, arrays, sAt, blk.key === "W", t);
    }
    this.#iterations = t;
  }

  /**
   * Makes `flat` (a layout, possibly the current arrays) the state: loads it from the matrix
   * slots (converting a flat state of another layout to matrices first). Throws before
   * changing anything when the state belongs to another layout.
   */
  #enterFlat(where: string, flat: FlatSlots): FlatSlots {
    const slots = this.#matrixSlots();
    flat.load(where, this.slotNames, slots, this.backend);
    this.#flat = flat;
    this.#inFlat = true;
    return flat;
  }

  /** The slots in {@link step}'s form, converting a flat state to it (which then rules). */
  #matrixSlots(): LayerSlots<M>[] {
    if (this.#inFlat && this.#flat !== undefined) {
      this.#slots = this.#flat.toSlots(this.slotNames, this.backend);
      this.#inFlat = false;
    }
    return this.#slots;
  }

  /**
   * Throws a RangeError naming `<type>.<method>` unless {@link learningRate} (a public field a
   * schedule sets between steps) is a finite number >= 0 (0: a schedule decayed to nothing):
   * a NaN, negative or infinite rate would silently turn every parameter into NaN or climb.
   */
  #checkRate(method: string): void {
    const lr = this.learningRate;
    if (!(typeof lr === "number" && lr >= 0 && lr < Infinity)) {
      throw new RangeError(
        `${this.#where(method)}: learningRate must be a finite number >= 0, got ${describe(lr)}`,
      );
    }
  }

  /** `"<type>.<method>"` for messages (the type looked up once). */
  #where(method: string): string {
    this.#type ??= this.config().type;
    return `${this.#type}.${method}`;
  }

  /**
   * Number of steps taken so far.
   *
   * @example
   * ```ts
   * new Sgd().iterations; // 0
   * ```
   */
  get iterations(): number {
    return this.#iterations;
  }

  /**
   * One optimisation step: returns new parameters (the arguments are not changed) and
   * advances the optimiser's own state.
   *
   * @example
   * ```ts
   * const next = new Sgd({ learningRate: 0.1, momentum: 0.9 }).step(params, grads);
   * ```
   */
  step(params: Params<M>, grads: Grads<M>): Params<M> {
    const where = `${this.config().type}.step`;
    if (!Array.isArray(params) || !Array.isArray(grads)) {
      throw new TypeError(
        `${where}: expected params and grads to be arrays of layers, got ${describe(params)} and ${describe(grads)}`,
      );
    }
    if (grads.length !== params.length) {
      throw new RangeError(
        `${where}: params has ${params.length} layers but grads has ${grads.length}`,
      );
    }
    this.#checkRate("step");
    const held = this.#matrixSlots();
    if (held.length !== 0 && held.length !== params.length) {
      throw new RangeError(
        `${where}: this optimiser holds state for ${held.length} layers but params has ${params.length}; use a new optimiser for a different network`,
      );
    }
    const be = this.backend;
    const t = this.#iterations + 1;
    const lr = this.learningRate;
    const slots = params.map((_, i): LayerSlots<M> => held[i] ?? { W: undefined, b: undefined });
    const next = params.map((p, i): LayerParams<M> => {
      const g = grads[i]!;
      const s = slots[i]!;
      const dW = this.weightDecay > 0 ? be.axpy(this.weightDecay, p.W, g.dW) : g.dW;
      const w = this.update(p.W, dW, s.W, t, lr);
      const b = this.update(p.b, g.db, s.b, t, lr);
      slots[i] = { W: w.slot, b: b.slot };
      return { W: w.param, b: b.param };
    });
    this.#slots = slots;
    this.#iterations = t;
    return next;
  }

  /**
   * A copy of the state (step count, current learning rate and slots as plain matrices).
   *
   * @example
   * ```ts
   * const saved = opt.getState();
   * ```
   */
  getState(): OptimizerState {
    const be = this.backend;
    const copy = (s: Slot<M> | undefined): Slot<Matrix> => {
      const out: Record<string, Matrix> = {};
      for (const name of this.slotNames) {
        const m = s?.[name];
        if (m !== undefined) out[name] = be.toMatrix(m);
      }
      return out;
    };
    return {
      iterations: this.#iterations,
      learningRate: this.learningRate,
      slots:
        this.#inFlat && this.#flat !== undefined
          ? this.#flat.toState(this.slotNames)
          : this.#slots.map((s) => ({ W: copy(s.W), b: copy(s.b) })),
    };
  }

  /**
   * Restores a state from {@link Optimizer.getState} (validated: a non-negative integer step
   * count, a finite learning rate >= 0 (a decaying schedule may have reached 0), and for each
   * layer either no slots or every slot of this rule, as matrices of equal shape per parameter).
   *
   * @example
   * ```ts
   * opt.setState(saved);
   * ```
   */
  setState(state: OptimizerState): void {
    const where = `${this.config().type}.setState`;
    if (typeof state !== "object" || state === null) {
      throw new TypeError(`${where}: expected a state object, got ${describe(state)}`);
    }
    const { iterations, learningRate, slots } = state;
    if (typeof iterations !== "number" || !Number.isInteger(iterations) || iterations < 0) {
      throw new RangeError(
        `${where}: iterations must be a non-negative integer, got ${describe(iterations)}`,
      );
    }
    // >= 0: the current rate, which a decaying schedule can bring down to 0.
    if (typeof learningRate !== "number" || !Number.isFinite(learningRate) || learningRate < 0) {
      throw new RangeError(
        `${where}: learningRate must be a finite number >= 0, got ${describe(learningRate)}`,
      );
    }
    if (!Array.isArray(slots)) {
      throw new TypeError(
        `${where}: slots must be an array (one entry per layer), got ${describe(slots)}`,
      );
    }
    const be = this.backend;
    const load = (s: unknown, path: string): Slot<M> | undefined => {
      if (typeof s !== "object" || s === null) {
        throw new TypeError(`${where}: ${path} must be an object of matrices, got ${describe(s)}`);
      }
      const keys = Object.keys(s);
      if (keys.length === 0) return undefined;
      const out: Record<string, M> = {};
      let shape: string | undefined;
      for (const name of this.slotNames) {
        const m = (s as Record<string, unknown>)[name];
        if (!(m instanceof Matrix)) {
          throw new TypeError(`${where}: ${path}.${name} must be a Matrix, got ${describe(m)}`);
        }
        const sh = `${m.rows}x${m.cols}`;
        if (shape !== undefined && sh !== shape) {
          throw new RangeError(
            `${where}: ${path}.${name} is ${sh} but the other slots are ${shape}`,
          );
        }
        shape = sh;
        out[name] = be.fromMatrix(m);
      }
      for (const k of keys) {
        if (!this.slotNames.includes(k)) {
          throw new RangeError(
            `${where}: ${path} has an unknown slot "${k}"; ${this.config().type} keeps ${this.slotNames.length === 0 ? "no slots" : this.slotNames.map((n) => `"${n}"`).join(", ")}`,
          );
        }
      }
      return out;
    };
    const loaded = slots.map((s, i) => {
      if (typeof s !== "object" || s === null) {
        throw new TypeError(`${where}: slots[${i}] must be { W, b }, got ${describe(s)}`);
      }
      return { W: load(s.W, `slots[${i}].W`), b: load(s.b, `slots[${i}].b`) };
    });
    this.#iterations = iterations;
    this.learningRate = learningRate;
    this.#slots = loaded;
    this.#inFlat = false;
  }
}

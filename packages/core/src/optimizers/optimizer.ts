import type { MatrixBackend } from "../backend.ts";
import { typedArrayBackend } from "../backends/typed-array.ts";
import { describe, Matrix } from "../matrix.ts";
import type { Grads, LayerParams, Params } from "../params.ts";
import type { FlatBlock } from "./flat-block.ts";

/** A flat array of parameters or gradients (a fused engine's heap). */
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
  #slots: { W: Slot<M> | undefined; b: Slot<M> | undefined }[] = [];

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
   * `params[pAt ..]` from the gradients `grads[gAt ..]` at step `t` with learning rate `lr`,
   * computing each value as {@link update} does (the same bits), allocating nothing. A rule
   * that leaves it out (or cannot apply it to its settings) returns false and changes nothing.
   */
  protected updateInPlace?(
    params: FlatArray,
    pAt: number,
    grads: FlatArray,
    gAt: number,
    n: number,
    t: number,
    lr: number,
  ): boolean;

  /**
   * One step in place over flat arrays, with no allocation: the path of the fused engine, whose
   * parameters and gradients live in one heap (every weight and bias as one block, the
   * gradients as a block of the same layout). Each value is what {@link step} computes for it.
   * Supported where the rule has an in-place form for its settings (today: plain SGD, no
   * momentum and no weight decay); otherwise a RangeError names the optimiser and its settings.
   *
   * @example
   * ```ts
   * new Sgd({ learningRate: 0.1 }).stepInPlace(heap, paramsAt, heap, gradsAt, count);
   * ```
   */
  stepInPlace(params: FlatArray, pAt: number, grads: FlatArray, gAt: number, n: number): void {
    const where = `${this.config().type}.stepInPlace`;
    const fits = (a: unknown, at: number): boolean =>
      (a instanceof Float64Array || a instanceof Float32Array) &&
      Number.isInteger(at) &&
      at >= 0 &&
      Number.isInteger(n) &&
      n >= 0 &&
      at + n <= a.length;
    if (!fits(params, pAt) || !fits(grads, gAt)) {
      throw new RangeError(
        `${where}: expected ${describe(n)} values at params[${describe(pAt)}] and grads[${describe(gAt)}] of two Float64Array or Float32Array, got ${describe(params)} and ${describe(grads)}`,
      );
    }
    const t = this.#iterations + 1;
    if (this.updateInPlace?.(params, pAt, grads, gAt, n, t, this.learningRate) !== true) {
      throw new RangeError(
        `${where}: no in-place update for ${JSON.stringify(this.config())}; use step`,
      );
    }
    this.#iterations = t;
  }

  /**
   * One step in place over flat arrays laid out as `blocks` (every layer's `W` then `b`, as
   * {@link FlatBlock} describes): each value is what {@link step} computes for it (the same
   * bits, weight decay on `W` blocks only), written back into `params` (rounded to float32 when
   * `params` is a Float32Array). The state (step count and slots) is shared with {@link step}
   * and {@link getState}.
   *
   * @example
   * ```ts
   * opt.stepBlocksInPlace(heap, heap, blocks);
   * ```
   */
  stepBlocksInPlace(params: FlatArray, grads: FlatArray, blocks: readonly FlatBlock[]): void {
    const where = `${this.config().type}.stepBlocksInPlace`;
    checkBlocks(where, params, grads, blocks);
    // Generic form: through step() on matrices (rules may override with an allocation-free one).
    const ps: Record<"W" | "b", Matrix>[] = [];
    const gs: Record<"W" | "b", Matrix>[] = [];
    for (const blk of blocks) {
      const n = blk.rows * blk.cols;
      const copy = (a: FlatArray, at: number): Matrix =>
        new Matrix(blk.rows, blk.cols, Float64Array.from(a.subarray(at, at + n)));
      (ps[blk.layer] ??= {} as Record<"W" | "b", Matrix>)[blk.key] = copy(params, blk.param);
      (gs[blk.layer] ??= {} as Record<"W" | "b", Matrix>)[blk.key] = copy(grads, blk.grad);
    }
    const be = this.backend;
    const next = this.step(
      ps.map((p) => ({ W: be.fromMatrix(p.W), b: be.fromMatrix(p.b) })),
      gs.map((g) => ({ dW: be.fromMatrix(g.W), db: be.fromMatrix(g.b) })),
    );
    for (const blk of blocks) {
      const p = next[blk.layer]!;
      params.set(be.toMatrix(blk.key === "W" ? p.W : p.b).data, blk.param);
    }
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
    if (this.#slots.length !== 0 && this.#slots.length !== params.length) {
      throw new RangeError(
        `${where}: this optimiser holds state for ${this.#slots.length} layers but params has ${params.length}; use a new optimiser for a different network`,
      );
    }
    const be = this.backend;
    const t = this.#iterations + 1;
    const lr = this.learningRate;
    const slots = params.map((_, i) => this.#slots[i] ?? { W: undefined, b: undefined });
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
      slots: this.#slots.map((s) => ({ W: copy(s.W), b: copy(s.b) })),
    };
  }

  /**
   * Restores a state from {@link Optimizer.getState} (validated: a non-negative integer step
   * count, a finite learning rate > 0, and for each layer either no slots or every slot of
   * this rule, as matrices of equal shape per parameter).
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
    if (typeof learningRate !== "number" || !Number.isFinite(learningRate) || learningRate <= 0) {
      throw new RangeError(
        `${where}: learningRate must be a finite number > 0, got ${describe(learningRate)}`,
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
  }
}

/**
 * Validates a number option of an optimiser: finite and within `[min, max)` (or `(min, max)`
 * when `minExclusive`); throws a `RangeError` naming the option.
 *
 * @example
 * ```ts
 * checkRange("adam", "beta1", 0.9, 0, 1, false); // 0.9
 * ```
 */
export function checkRange(
  where: string,
  name: string,
  value: unknown,
  min: number,
  max: number,
  minExclusive: boolean,
): number {
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (minExclusive ? value > min : value >= min) &&
    value < max;
  if (!ok) {
    const lo = minExclusive ? `> ${min}` : `>= ${min}`;
    const hi = max === Infinity ? "" : ` and < ${max}`;
    throw new RangeError(
      `${where}: ${name} must be a finite number ${lo}${hi}, got ${describe(value)}`,
    );
  }
  return value as number;
}

/**
 * Checks flat blocks against their arrays: every layer's `W` and `b` exactly once, each inside
 * both arrays. Returns the number of layers.
 *
 * @example
 * ```ts
 * checkBlocks("adam.stepBlocksInPlace", heap, heap, blocks); // 5
 * ```
 */
export function checkBlocks(
  where: string,
  params: FlatArray,
  grads: FlatArray,
  blocks: readonly FlatBlock[],
): number {
  const isFlat = (a: unknown): boolean => a instanceof Float64Array || a instanceof Float32Array;
  if (!isFlat(params) || !isFlat(grads) || !Array.isArray(blocks)) {
    throw new TypeError(
      `${where}: expected params and grads as Float64Array or Float32Array and an array of blocks, got ${describe(params)}, ${describe(grads)} and ${describe(blocks)}`,
    );
  }
  const layers = blocks.length / 2;
  const seen = new Set<string>();
  const int = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;
  for (const [i, blk] of blocks.entries()) {
    const ok =
      typeof blk === "object" &&
      blk !== null &&
      int(blk.layer) &&
      blk.layer < layers &&
      (blk.key === "W" || blk.key === "b") &&
      int(blk.rows) &&
      int(blk.cols) &&
      int(blk.param) &&
      int(blk.grad) &&
      blk.param + blk.rows * blk.cols <= params.length &&
      blk.grad + blk.rows * blk.cols <= grads.length &&
      !seen.has(`${blk.layer}${blk.key}`);
    if (!ok) {
      throw new RangeError(
        `${where}: blocks[${i}] must be a new { layer < ${layers}, key "W" or "b", rows, cols, param, grad } inside params (${params.length}) and grads (${grads.length}), got ${describe(blk)}`,
      );
    }
    seen.add(`${blk.layer}${blk.key}`);
  }
  if (!Number.isInteger(layers)) {
    throw new RangeError(
      `${where}: expected a W and a b block per layer, got ${blocks.length} blocks`,
    );
  }
  return layers;
}

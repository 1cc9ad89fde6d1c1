import type { MatrixBackend } from "../backend.ts";
import { describe, type Matrix } from "../matrix.ts";
import { checkRange } from "./check-range.ts";
import {
  type FlatArray,
  type MomentumForm,
  Optimizer,
  type RuleResult,
  type SgdConfig,
  type Slot,
} from "./optimizer.ts";

/** Options of {@link Sgd} (all optional). */
export interface SgdOptions<M = Matrix> {
  /** Default 0.01 (the notebook's). */
  readonly learningRate?: number;
  /** Default 0 (plain gradient descent). */
  readonly momentum?: number;
  /** Default false. */
  readonly nesterov?: boolean;
  /**
   * How momentum meets a changing learning rate (default `"pytorch"`; the two agree while
   * the learning rate is constant). `"sklearn"` is scikit-learn's `SGDOptimizer`: the velocity
   * holds steps already multiplied by the learning rate of their epoch,
   * `v ← μ·v − lr·g`, `p ← p + v` (Nesterov `p ← p + μ·v − lr·g`).
   */
  readonly momentumForm?: MomentumForm;
  /** Default 0. */
  readonly weightDecay?: number;
  /** Default: the typed-array backend. */
  readonly backend?: MatrixBackend<M>;
}

/**
 * Stochastic gradient descent with optional (Nesterov) momentum, in PyTorch's formulation.
 * Per parameter p with gradient g (weights: g + λ·p) and velocity v (initially 0):
 * - momentum 0: `p ← p − lr·g` (exactly the notebook's `update`);
 * - momentum μ: `v ← μ·v + g`, then `p ← p − lr·v`, or with Nesterov `p ← p − lr·(g + μ·v)`;
 * - `momentumForm: "sklearn"`: scikit-learn's form, `v ← μ·v − lr·g`, `p ← p + v` (Nesterov
 *   `p ← p + μ·v − lr·g`). It differs from PyTorch's only when the learning rate changes
 *   (a schedule such as `inverseScaling`): the velocity keeps each step's own learning rate.
 *
 * @example
 * ```ts
 * const sgd = new Sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true });
 * params = sgd.step(params, grads);
 * ```
 */
export class Sgd<M = Matrix> extends Optimizer<M> {
  readonly momentum: number;
  readonly nesterov: boolean;
  /** `"pytorch"` (default) or `"sklearn"`: see {@link SgdOptions.momentumForm}. */
  readonly momentumForm: MomentumForm;
  readonly slotNames: readonly string[];

  /**
   * Validates the options (a `RangeError` names the bad one).
   *
   * @example
   * ```ts
   * new Sgd({ momentum: 0.9 });
   * ```
   */
  constructor(options: SgdOptions<M> = {}) {
    const where = "Sgd";
    const lr = checkRange(where, "learningRate", options.learningRate ?? 0.01, 0, Infinity, true);
    const wd = checkRange(where, "weightDecay", options.weightDecay ?? 0, 0, Infinity, false);
    super(lr, wd, options.backend);
    this.momentum = checkRange(where, "momentum", options.momentum ?? 0, 0, 1, false);
    const nesterov = options.nesterov ?? false;
    if (typeof nesterov !== "boolean") {
      throw new TypeError(`${where}: nesterov must be a boolean, got ${describe(nesterov)}`);
    }
    if (nesterov && this.momentum === 0) {
      throw new RangeError(`${where}: nesterov needs momentum > 0, got momentum 0`);
    }
    this.nesterov = nesterov;
    const form = options.momentumForm ?? "pytorch";
    if (form !== "pytorch" && form !== "sklearn") {
      throw new RangeError(
        `${where}: momentumForm must be "pytorch" or "sklearn", got ${typeof form === "string" ? JSON.stringify(form) : describe(form)}`,
      );
    }
    this.momentumForm = form;
    this.slotNames = this.momentum > 0 ? ["velocity"] : [];
  }

  config(): SgdConfig {
    return {
      type: "sgd",
      learningRate: this.learningRate,
      momentum: this.momentum,
      nesterov: this.nesterov,
      weightDecay: this.weightDecay,
      ...(this.momentumForm === "sklearn" ? { momentumForm: "sklearn" as const } : {}),
    };
  }

  /**
   * {@link update} in place over flat arrays, value by value in the same expression order:
   * plain `p ← −lr·g + p` (`axpy`), PyTorch's `v ← μ·v + g`, `p ← −lr·d + p` (d = v, or
   * `g + μ·v` for Nesterov) and scikit-learn's `v ← μ·v − lr·g`, `p ← p + s` (s = v, or
   * `μ·v − lr·g` for Nesterov); the gradient is `λ·p + g` for a decayed block when λ > 0.
   */
  protected override updateInPlace(
    params: FlatArray,
    pAt: number,
    grads: FlatArray,
    gAt: number,
    n: number,
    slots: readonly Float64Array[],
    sAt: number,
    decayed: boolean,
    _t: number,
  ): void {
    const lr = this.learningRate;
    const decay = decayed ? this.weightDecay : 0;
    const mu = this.momentum;
    const alpha = -lr;
    if (mu === 0) {
      for (let q = 0; q < n; q++) {
        const p = params[pAt + q] as number;
        const g0 = grads[gAt + q] as number;
        const g = decay > 0 ? decay * p + g0 : g0;
        params[pAt + q] = alpha * g + p;
      }
      return;
    }
    const vel = slots[0] as Float64Array;
    const nesterov = this.nesterov;
    if (this.momentumForm === "sklearn") {
      for (let q = 0; q < n; q++) {
        const p = params[pAt + q] as number;
        const g0 = grads[gAt + q] as number;
        const g = decay > 0 ? decay * p + g0 : g0;
        const v = mu * (vel[sAt + q] as number) - lr * g;
        vel[sAt + q] = v;
        params[pAt + q] = p + (nesterov ? mu * v - lr * g : v);
      }
      return;
    }
    for (let q = 0; q < n; q++) {
      const p = params[pAt + q] as number;
      const g0 = grads[gAt + q] as number;
      const g = decay > 0 ? decay * p + g0 : g0;
      const v = mu * (vel[sAt + q] as number) + g;
      vel[sAt + q] = v;
      params[pAt + q] = alpha * (nesterov ? g + mu * v : v) + p;
    }
  }

  protected update(p: M, g: M, slot: Slot<M> | undefined, _t: number, lr: number): RuleResult<M> {
    const be = this.backend;
    const mu = this.momentum;
    if (mu === 0) return { param: be.axpy(-lr, g, p) };
    const [r, c] = be.shape(p);
    const v0 = slot?.velocity ?? be.zeros(r, c);
    if (this.momentumForm === "sklearn") {
      // sklearn's SGDOptimizer._get_updates, then `param += update`.
      const v = be.zip(v0, g, (vi, gi) => mu * vi - lr * gi);
      const step = this.nesterov ? be.zip(v, g, (vi, gi) => mu * vi - lr * gi) : v;
      return { param: be.zip(p, step, (pi, si) => pi + si), slot: { velocity: v } };
    }
    const v = be.zip(v0, g, (vi, gi) => mu * vi + gi);
    const direction = this.nesterov ? be.zip(g, v, (gi, vi) => gi + mu * vi) : v;
    return { param: be.axpy(-lr, direction, p), slot: { velocity: v } };
  }
}

import type { MatrixBackend } from "../backend.ts";
import type { Matrix } from "../matrix.ts";
import { checkRange } from "./check-range.ts";
import {
  type AdamConfig,
  type FlatArray,
  Optimizer,
  type RuleResult,
  type Slot,
} from "./optimizer.ts";
import { powInt } from "./pow-int.ts";

/** Options of {@link Adam} (all optional). */
export interface AdamOptions<M = Matrix> {
  /** Default 0.001. */
  readonly learningRate?: number;
  /** Default 0.9. */
  readonly beta1?: number;
  /** Default 0.999. */
  readonly beta2?: number;
  /** Default 1e-8. */
  readonly epsilon?: number;
  /** Default 0. */
  readonly weightDecay?: number;
  /** Default: the typed-array backend. */
  readonly backend?: MatrixBackend<M>;
}

/**
 * Adam (Kingma & Ba 2015, as PyTorch's `Adam`). At step t (1-based), per parameter p with
 * gradient g (weights: g + λ·p) and moments m, v (initially 0):
 * `m ← β1·m + (1−β1)·g`, `v ← β2·v + (1−β2)·g·g`, then
 * `p ← p − (lr·(m / (1−β1ᵗ))) / (√(v / (1−β2ᵗ)) + ε)`, element by element in that order.
 * `βᵗ` is computed by square-and-multiply so every engine gives the same bits.
 *
 * @example
 * ```ts
 * const adam = new Adam({ learningRate: 0.01 });
 * params = adam.step(params, grads);
 * ```
 */
export class Adam<M = Matrix> extends Optimizer<M> {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly slotNames: readonly string[] = ["m", "v"];
  /** `[t, 1 − β1ᵗ, 1 − β2ᵗ]` of the last in-place step (kept in an array: no boxing). */
  readonly #corrections = new Float64Array([-1, 0, 0]);

  /**
   * Validates the options (a `RangeError` names the bad one).
   *
   * @example
   * ```ts
   * new Adam({ learningRate: 0.01, beta2: 0.99 });
   * ```
   */
  constructor(options: AdamOptions<M> = {}) {
    const where = "Adam";
    const lr = checkRange(where, "learningRate", options.learningRate ?? 0.001, 0, Infinity, true);
    const wd = checkRange(where, "weightDecay", options.weightDecay ?? 0, 0, Infinity, false);
    super(lr, wd, options.backend);
    this.beta1 = checkRange(where, "beta1", options.beta1 ?? 0.9, 0, 1, false);
    this.beta2 = checkRange(where, "beta2", options.beta2 ?? 0.999, 0, 1, false);
    this.epsilon = checkRange(where, "epsilon", options.epsilon ?? 1e-8, 0, Infinity, true);
  }

  config(): AdamConfig {
    return {
      type: "adam",
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      weightDecay: this.weightDecay,
    };
  }

  /**
   * {@link update} in place over flat arrays, value by value in the same expression order
   * (slots `m`, `v`); the gradient is `λ·p + g` for a decayed block when λ > 0.
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
    t: number,
  ): void {
    const lr = this.learningRate;
    const decay = decayed ? this.weightDecay : 0;
    const { beta1: b1, beta2: b2, epsilon: eps } = this;
    const m = slots[0] as Float64Array;
    const v = slots[1] as Float64Array;
    // The bias corrections of step t, computed once per step (every block shares them).
    const corr = this.#corrections;
    if (corr[0] !== t) this.#correct(t);
    const c1 = corr[1] as number;
    const c2 = corr[2] as number;
    const a1 = 1 - b1;
    const a2 = 1 - b2;
    if (decay > 0) {
      for (let q = 0; q < n; q++) {
        const p = params[pAt + q] as number;
        const g = decay * p + (grads[gAt + q] as number);
        const mi = b1 * (m[sAt + q] as number) + a1 * g;
        const vi = b2 * (v[sAt + q] as number) + a2 * g * g;
        m[sAt + q] = mi;
        v[sAt + q] = vi;
        params[pAt + q] = p - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + eps);
      }
      return;
    }
    // The same loop without weight decay (Adam's hot path: no test per value). Once β1ᵗ is
    // below 2⁻⁵⁴ (t > 355 at β1 = 0.9), 1 − β1ᵗ rounds to 1 and m / 1 is m exactly (NaN, ±0
    // and ±Infinity too): that division is left out, the same bits; and so is v / 1 once
    // 1 − β2ᵗ is 1 too (t > 37,400 at β2 = 0.999).
    if (c1 === 1 && c2 === 1) {
      for (let q = 0; q < n; q++) {
        const g = grads[gAt + q] as number;
        const mi = b1 * (m[sAt + q] as number) + a1 * g;
        const vi = b2 * (v[sAt + q] as number) + a2 * g * g;
        m[sAt + q] = mi;
        v[sAt + q] = vi;
        params[pAt + q] = (params[pAt + q] as number) - (lr * mi) / (Math.sqrt(vi) + eps);
      }
      return;
    }
    if (c1 === 1) {
      for (let q = 0; q < n; q++) {
        const g = grads[gAt + q] as number;
        const mi = b1 * (m[sAt + q] as number) + a1 * g;
        const vi = b2 * (v[sAt + q] as number) + a2 * g * g;
        m[sAt + q] = mi;
        v[sAt + q] = vi;
        params[pAt + q] = (params[pAt + q] as number) - (lr * mi) / (Math.sqrt(vi / c2) + eps);
      }
      return;
    }
    for (let q = 0; q < n; q++) {
      const g = grads[gAt + q] as number;
      const mi = b1 * (m[sAt + q] as number) + a1 * g;
      const vi = b2 * (v[sAt + q] as number) + a2 * g * g;
      m[sAt + q] = mi;
      v[sAt + q] = vi;
      params[pAt + q] = (params[pAt + q] as number) - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + eps);
    }
  }

  /**
   * Stores step t's bias corrections `1 − β1ᵗ`, `1 − β2ᵗ` in `#corrections` (a small method of
   * its own, so that V8 inlines `powInt` here and boxes no float: a call from the large
   * in-place rule returned a boxed float every step).
   */
  #correct(t: number): void {
    const corr = this.#corrections;
    corr[1] = 1 - powInt(this.beta1, t);
    corr[2] = 1 - powInt(this.beta2, t);
    corr[0] = t;
  }

  protected update(p: M, g: M, slot: Slot<M> | undefined, t: number, lr: number): RuleResult<M> {
    const be = this.backend;
    const { beta1: b1, beta2: b2, epsilon: eps } = this;
    const [r, c] = be.shape(p);
    const m = be.zip(slot?.m ?? be.zeros(r, c), g, (mi, gi) => b1 * mi + (1 - b1) * gi);
    const v = be.zip(slot?.v ?? be.zeros(r, c), g, (vi, gi) => b2 * vi + (1 - b2) * gi * gi);
    const c1 = 1 - powInt(b1, t);
    const c2 = 1 - powInt(b2, t);
    const delta = be.zip(m, v, (mi, vi) => (lr * (mi / c1)) / (Math.sqrt(vi / c2) + eps));
    return { param: be.sub(p, delta), slot: { m, v } };
  }
}

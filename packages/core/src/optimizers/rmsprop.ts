import type { MatrixBackend } from "../backend.ts";
import type { Matrix } from "../matrix.ts";
import { checkRange } from "./check-range.ts";
import {
  type FlatArray,
  Optimizer,
  type RmsPropConfig,
  type RuleResult,
  type Slot,
} from "./optimizer.ts";

/** Options of {@link RmsProp} (all optional). */
export interface RmsPropOptions<M = Matrix> {
  /** Default 0.001. */
  readonly learningRate?: number;
  /** Decay of the squared-gradient average; default 0.9. */
  readonly rho?: number;
  /** Default 1e-8. */
  readonly epsilon?: number;
  /** Default 0. */
  readonly weightDecay?: number;
  /** Default: the typed-array backend. */
  readonly backend?: MatrixBackend<M>;
}

/**
 * RMSProp (Hinton's lecture 6e; PyTorch/Keras without momentum, not centred). Per parameter p
 * with gradient g (weights: g + λ·p) and mean square s (initially 0):
 * `s ← ρ·s + (1−ρ)·g·g`, then `p ← p − (lr·g) / (√s + ε)`.
 *
 * @example
 * ```ts
 * const rms = new RmsProp({ learningRate: 0.01 });
 * params = rms.step(params, grads);
 * ```
 */
export class RmsProp<M = Matrix> extends Optimizer<M> {
  readonly rho: number;
  readonly epsilon: number;
  readonly slotNames: readonly string[] = ["meanSquare"];

  /**
   * Validates the options (a `RangeError` names the bad one).
   *
   * @example
   * ```ts
   * new RmsProp({ rho: 0.95 });
   * ```
   */
  constructor(options: RmsPropOptions<M> = {}) {
    const where = "RmsProp";
    const lr = checkRange(where, "learningRate", options.learningRate ?? 0.001, 0, Infinity, true);
    const wd = checkRange(where, "weightDecay", options.weightDecay ?? 0, 0, Infinity, false);
    super(lr, wd, options.backend);
    this.rho = checkRange(where, "rho", options.rho ?? 0.9, 0, 1, false);
    this.epsilon = checkRange(where, "epsilon", options.epsilon ?? 1e-8, 0, Infinity, true);
  }

  config(): RmsPropConfig {
    return {
      type: "rmsprop",
      learningRate: this.learningRate,
      rho: this.rho,
      epsilon: this.epsilon,
      weightDecay: this.weightDecay,
    };
  }

  /**
   * {@link update} in place over flat arrays, value by value in the same expression order
   * (slot `meanSquare`); the gradient is `λ·p + g` for a decayed block when λ > 0.
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
    const { rho, epsilon: eps } = this;
    const s = slots[0] as Float64Array;
    const a = 1 - rho;
    for (let q = 0; q < n; q++) {
      const p = params[pAt + q] as number;
      const g0 = grads[gAt + q] as number;
      const g = decay > 0 ? decay * p + g0 : g0;
      const si = rho * (s[sAt + q] as number) + a * g * g;
      s[sAt + q] = si;
      params[pAt + q] = p - (lr * g) / (Math.sqrt(si) + eps);
    }
  }

  protected update(p: M, g: M, slot: Slot<M> | undefined, _t: number, lr: number): RuleResult<M> {
    const be = this.backend;
    const { rho, epsilon: eps } = this;
    const [r, c] = be.shape(p);
    const s = be.zip(
      slot?.meanSquare ?? be.zeros(r, c),
      g,
      (si, gi) => rho * si + (1 - rho) * gi * gi,
    );
    const delta = be.zip(g, s, (gi, si) => (lr * gi) / (Math.sqrt(si) + eps));
    return { param: be.sub(p, delta), slot: { meanSquare: s } };
  }
}

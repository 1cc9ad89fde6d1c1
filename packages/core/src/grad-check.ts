import { type Architecture, type LayerInput, normalizeArchitecture } from "./architecture.ts";
import type { MatrixBackend } from "./backend.ts";
import { typedArrayBackend } from "./backends/typed-array.ts";
import type { LossLike } from "./losses/loss.ts";
import { getLoss } from "./losses/registry.ts";
import type { Matrix } from "./matrix.ts";
import { fullBackwardPropagation, fullForwardPropagation } from "./notebook/propagation.ts";
import { checkParams, type LayerParams, type Params } from "./params.ts";

/** Denominator floor of {@link gradCheck}'s relative error (see {@link GradCheckResult}). */
export const GRAD_CHECK_FLOOR = 1e-5;

/** Options of {@link gradCheck}. */
export interface GradCheckOptions {
  /** Default `"binaryCrossEntropy"`. */
  readonly loss?: LossLike;
  /** Step h of the central difference (default 1e-5). */
  readonly epsilon?: number;
  /** Backend of X, Y and params (default typed-array). */
  readonly backend?: MatrixBackend<unknown>;
}

/** Where the worst disagreement was found. */
export interface GradCheckWorst {
  readonly layer: number;
  readonly param: "W" | "b";
  readonly row: number;
  readonly col: number;
  readonly numeric: number;
  readonly analytic: number;
}

/** Result of {@link gradCheck}. */
export interface GradCheckResult {
  /**
   * max over parameters of |numeric − analytic| / max(|numeric| + |analytic|, 1e-5). The floor
   * exists because the central difference itself carries an absolute rounding error of about
   * ε·|cost|/h ≈ 1e-11: gradients far below 1e-5 are therefore compared in absolute terms.
   */
  readonly maxRelativeError: number;
  readonly worst: GradCheckWorst;
  /** Number of parameters checked. */
  readonly checked: number;
}

/**
 * Checks backpropagation against the derivative from its definition: for every parameter θ,
 * `(cost(θ + h) − cost(θ − h)) / 2h` is compared with the analytic gradient. Returns the worst
 * relative error (below ~1e-6 means the gradients are right).
 *
 * @example
 * ```ts
 * const { maxRelativeError } = gradCheck(X, Y, initLayers(arch, 1), arch);
 * maxRelativeError < 1e-6; // true
 * ```
 */
export function gradCheck<M = Matrix>(
  X: M,
  Y: M,
  params: Params<M>,
  architecture: readonly LayerInput[] | Architecture,
  options: GradCheckOptions = {},
): GradCheckResult {
  const be = (options.backend ?? typedArrayBackend) as MatrixBackend<M>;
  const arch = normalizeArchitecture(architecture, "gradCheck");
  checkParams(params, arch, be, "gradCheck");
  const loss = getLoss(options.loss ?? "binaryCrossEntropy", "gradCheck");
  const h = options.epsilon ?? 1e-5;
  if (typeof h !== "number" || !(h > 0) || !Number.isFinite(h)) {
    throw new RangeError(`gradCheck: epsilon must be a finite number > 0, got ${String(h)}`);
  }
  const { output, memory } = fullForwardPropagation(X, params, arch, { backend: be });
  const grads = fullBackwardPropagation(output, Y, memory, params, arch, loss, { backend: be });
  // Work on plain copies so any backend can be checked.
  const base = params.map((p) => ({ W: be.toMatrix(p.W), b: be.toMatrix(p.b) }));
  const costAt = (): number => {
    const ps = base.map((p): LayerParams<M> => ({ W: be.fromMatrix(p.W), b: be.fromMatrix(p.b) }));
    return loss.cost(be, fullForwardPropagation(X, ps, arch, { backend: be }).output, Y);
  };
  let worst: GradCheckWorst = { layer: 0, param: "W", row: 0, col: 0, numeric: 0, analytic: 0 };
  let maxRel = 0;
  let checked = 0;
  base.forEach((p, layer) => {
    for (const param of ["W", "b"] as const) {
      const m = p[param];
      const g = be.toMatrix(param === "W" ? grads[layer]!.dW : grads[layer]!.db);
      for (let k = 0; k < m.data.length; k++) {
        const orig = m.data[k] as number;
        m.data[k] = orig + h;
        const plus = costAt();
        m.data[k] = orig - h;
        const minus = costAt();
        m.data[k] = orig;
        const numeric = (plus - minus) / (2 * h);
        const analytic = g.data[k] as number;
        const rel =
          Math.abs(numeric - analytic) /
          Math.max(Math.abs(numeric) + Math.abs(analytic), GRAD_CHECK_FLOOR);
        checked++;
        if (rel > maxRel || checked === 1) {
          maxRel = Math.max(rel, maxRel);
          worst = { layer, param, row: Math.floor(k / m.cols), col: k % m.cols, numeric, analytic };
        }
      }
    }
  });
  return { maxRelativeError: maxRel, worst, checked };
}

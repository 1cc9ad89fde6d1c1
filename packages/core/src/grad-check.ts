import { type Architecture, type LayerInput, normalizeArchitecture } from "./architecture.ts";
import type { MatrixBackend } from "./backend.ts";
import { typedArrayBackend } from "./backends/typed-array.ts";
import type { LossLike } from "./losses/loss.ts";
import { getLoss } from "./losses/registry.ts";
import type { Matrix } from "./matrix.ts";
import { fullBackwardPropagation, fullForwardPropagation } from "./notebook/propagation.ts";
import { checkParams, type LayerParams, type Params } from "./params.ts";

/**
 * Denominator floor of the legacy {@link GradCheckResult.maxRelativeError}. Judge a check by
 * {@link GradCheckResult.passed} (the `atol`/`rtol` criterion) instead.
 *
 * @example
 * ```ts
 * GRAD_CHECK_FLOOR; // 1e-5
 * ```
 */
export const GRAD_CHECK_FLOOR = 1e-5;

/**
 * Default absolute tolerance of {@link gradCheck}: 1e-8. With the default step h = 1e-5, the
 * central difference's own error is its truncation, h²·|f‴|/6 ≈ 2e-11·|f‴|, plus the rounding
 * of the two costs divided by 2h: about 100 ulps of the cost / h ≈ 2e-9 for a cost of order 1
 * (the worst seen over random small networks, every activation and loss: 1.4e-9). Gradients
 * smaller than 1e-8 cannot be checked by finite differences at this step at all.
 *
 * @example
 * ```ts
 * gradCheck(X, Y, params, arch, { atol: GRAD_CHECK_ATOL * 10 });
 * ```
 */
export const GRAD_CHECK_ATOL = 1e-8;

/**
 * Default relative tolerance of {@link gradCheck}: 1e-5. The truncation error relative to the
 * gradient is of order h² times the ratio of third to first derivative (the worst seen over
 * random small networks: 1.8e-7, 50 times below); a wrong backward pass (a missing factor, a
 * wrong sign or slope, a transposed index) is off by 1e-3 to 1 relatively, 100 times above.
 *
 * @example
 * ```ts
 * gradCheck(X, Y, params, arch, { rtol: GRAD_CHECK_RTOL });
 * ```
 */
export const GRAD_CHECK_RTOL = 1e-5;

/** Options of {@link gradCheck}. */
export interface GradCheckOptions {
  /** Default `"binaryCrossEntropy"`. */
  readonly loss?: LossLike;
  /** Step h of the central difference (default 1e-5). */
  readonly epsilon?: number;
  /** Absolute tolerance (default {@link GRAD_CHECK_ATOL}, 1e-8). */
  readonly atol?: number;
  /** Relative tolerance (default {@link GRAD_CHECK_RTOL}, 1e-5). */
  readonly rtol?: number;
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
   * Whether every parameter satisfies `|analytic − numeric| <= atol + rtol · max(|analytic|,
   * |numeric|)` (NumPy's `isclose` form, made symmetric in the two).
   */
  readonly passed: boolean;
  /**
   * max over parameters of `|analytic − numeric| / (atol + rtol · max(|analytic|, |numeric|))`:
   * at most 1 when {@link GradCheckResult.passed}; how far from passing otherwise (Infinity for
   * a non-finite gradient or cost).
   */
  readonly maxViolation: number;
  readonly atol: number;
  readonly rtol: number;
  /** max over parameters of |numeric − analytic|. */
  readonly maxAbsoluteError: number;
  /**
   * Legacy: max over parameters of |numeric − analytic| / max(|numeric| + |analytic|, 1e-5)
   * ({@link GRAD_CHECK_FLOOR}). Its floor hides the relative error of tiny gradients: judge by
   * {@link GradCheckResult.passed}.
   */
  readonly maxRelativeError: number;
  /** The parameter with the largest violation. */
  readonly worst: GradCheckWorst;
  /** Number of parameters checked. */
  readonly checked: number;
}

/**
 * Checks backpropagation against the derivative from its definition: for every parameter θ,
 * the central difference `(cost(θ + h) − cost(θ − h)) / 2h` is compared with the analytic
 * gradient, and the check passes when `|analytic − numeric| <= atol + rtol · max(|analytic|,
 * |numeric|)` for all of them (defaults: h = 1e-5, atol = 1e-8, rtol = 1e-5; see
 * {@link GRAD_CHECK_ATOL} and {@link GRAD_CHECK_RTOL} for why).
 *
 * @example
 * ```ts
 * const { passed, worst } = gradCheck(X, Y, initLayers(arch, 1), arch);
 * passed; // true
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
  const tolerance = (name: string, v: unknown, fallback: number): number => {
    if (v === undefined) return fallback;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new RangeError(`gradCheck: ${name} must be a finite number >= 0, got ${String(v)}`);
    }
    return v;
  };
  const atol = tolerance("atol", options.atol, GRAD_CHECK_ATOL);
  const rtol = tolerance("rtol", options.rtol, GRAD_CHECK_RTOL);
  if (atol === 0 && rtol === 0) {
    throw new RangeError("gradCheck: atol and rtol are both 0; no finite difference is exact");
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
  let maxAbs = 0;
  let maxViolation = -1;
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
        // A NaN (non-finite cost or gradient) counts as an infinite error.
        const raw = Math.abs(numeric - analytic);
        const diff = Number.isNaN(raw) ? Number.POSITIVE_INFINITY : raw;
        const scale = Math.max(Math.abs(numeric), Math.abs(analytic));
        const violation = diff / (atol + rtol * (Number.isNaN(scale) ? 0 : scale));
        maxAbs = Math.max(maxAbs, diff);
        maxRel = Math.max(
          maxRel,
          diff / Math.max(Math.abs(numeric) + Math.abs(analytic), GRAD_CHECK_FLOOR),
        );
        checked++;
        if (violation > maxViolation) {
          maxViolation = violation;
          worst = { layer, param, row: Math.floor(k / m.cols), col: k % m.cols, numeric, analytic };
        }
      }
    }
  });
  maxViolation = Math.max(maxViolation, 0);
  return {
    passed: maxViolation <= 1,
    maxViolation,
    atol,
    rtol,
    maxAbsoluteError: maxAbs,
    maxRelativeError: maxRel,
    worst,
    checked,
  };
}

import { type Architecture, type LayerInput, normalizeArchitecture } from "../architecture.ts";
import type { MatrixBackend } from "../backend.ts";
import { typedArrayBackend } from "../backends/typed-array.ts";
import type { Matrix } from "../matrix.ts";
import { checkParams, type Grads, type LayerParams, type Params } from "../params.ts";
import type { BackendOptions } from "./propagation.ts";

/**
 * The notebook's `update`: one step of plain gradient descent, `W ← W − lr·dW`,
 * `b ← b − lr·db`. Pure: returns new parameters and leaves `params` untouched.
 *
 * @example
 * ```ts
 * params = update(params, grads, 0.01);
 * ```
 */
export function update<M = Matrix>(
  params: Params<M>,
  grads: Grads<M>,
  learningRate: number,
  architecture?: readonly LayerInput[] | Architecture,
  options?: BackendOptions<M>,
): Params<M> {
  const be = (options?.backend ?? typedArrayBackend) as MatrixBackend<M>;
  if (typeof learningRate !== "number" || !Number.isFinite(learningRate)) {
    throw new RangeError(
      `update: learningRate must be a finite number, got ${String(learningRate)}`,
    );
  }
  if (architecture !== undefined) {
    checkParams(params, normalizeArchitecture(architecture, "update"), be, "update");
  }
  if (!Array.isArray(grads) || grads.length !== params.length) {
    throw new RangeError(
      `update: expected ${params.length} layers of gradients, got ${Array.isArray(grads) ? grads.length : typeof grads}`,
    );
  }
  return params.map((p, i): LayerParams<M> => {
    const g = grads[i]!;
    return { W: be.axpy(-learningRate, g.dW, p.W), b: be.axpy(-learningRate, g.db, p.b) };
  });
}

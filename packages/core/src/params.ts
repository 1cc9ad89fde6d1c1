import type { Architecture } from "./architecture.ts";
import type { MatrixBackend } from "./backend.ts";
import { foreignMatrixHint } from "./input-hint.ts";
import { describe, type Matrix } from "./matrix.ts";

/** Weights and bias of one layer: `W` is outputDim x inputDim, `b` is outputDim x 1. */
export interface LayerParams<M = Matrix> {
  readonly W: M;
  readonly b: M;
}

/** Parameters of a whole network, one entry per layer (the notebook's `W1, b1, W2, ...`). */
export type Params<M = Matrix> = readonly LayerParams<M>[];

/** Gradients of one layer, shaped like its parameters. */
export interface LayerGrads<M = Matrix> {
  readonly dW: M;
  readonly db: M;
}

/** Gradients of a whole network, one entry per layer. */
export type Grads<M = Matrix> = readonly LayerGrads<M>[];

/**
 * Checks that `params` fit `architecture` on `backend`: one entry per layer, `W` of shape
 * outputDim x inputDim and `b` of outputDim x 1. Throws naming the layer and both shapes.
 *
 * @example
 * ```ts
 * checkParams(params, arch, typedArrayBackend, "fullForwardPropagation");
 * ```
 */
export function checkParams<M>(
  params: Params<M>,
  architecture: Architecture,
  backend: MatrixBackend<M>,
  where: string,
): void {
  if (!Array.isArray(params)) {
    throw new TypeError(
      `${where}: expected params to be an array of { W, b }, got ${describe(params)}`,
    );
  }
  if (params.length !== architecture.length) {
    throw new RangeError(
      `${where}: params has ${params.length} layers but the architecture has ${architecture.length}`,
    );
  }
  architecture.forEach((layer, i) => {
    const p = params[i] as LayerParams<M> | undefined;
    if (typeof p !== "object" || p === null) {
      throw new TypeError(`${where}: params[${i}] must be { W, b }, got ${describe(p)}`);
    }
    for (const key of ["W", "b"] as const) {
      if (!backend.isMatrix(p[key])) {
        throw new TypeError(
          `${where}: params[${i}].${key} is ${describe(p[key])}, not a matrix of the ${backend.name} backend${foreignMatrixHint(p[key], backend.name)}`,
        );
      }
    }
    const [wr, wc] = backend.shape(p.W);
    if (wr !== layer.outputDim || wc !== layer.inputDim) {
      throw new RangeError(
        `${where}: params[${i}].W is ${wr}x${wc} but layer ${i} needs ${layer.outputDim}x${layer.inputDim} (outputDim x inputDim)`,
      );
    }
    const [br, bc] = backend.shape(p.b);
    if (br !== layer.outputDim || bc !== 1) {
      throw new RangeError(
        `${where}: params[${i}].b is ${br}x${bc} but layer ${i} needs ${layer.outputDim}x1`,
      );
    }
  });
}

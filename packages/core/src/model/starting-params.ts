import type { Architecture } from "../architecture.ts";
import type { MatrixBackend } from "../backend.ts";
import { describe, Matrix } from "../matrix.ts";
import type { Params } from "../params.ts";

/** One layer's starting weights: `W` outputDim x inputDim, `b` outputDim x 1 (or a flat list). */
export interface LayerParamsInput {
  readonly W: Matrix | readonly (readonly number[])[];
  readonly b: Matrix | readonly (readonly number[])[] | readonly number[];
}

/** Starting weights for a whole network, one entry per layer (what `net.params` returns). */
export type ParamsInput = readonly LayerParamsInput[];

/**
 * Validates starting parameters against the architecture (one `{ W, b }` per layer, `W`
 * outputDim x inputDim, `b` outputDim x 1, finite numbers) and returns copies in the
 * network's backend: later changes to the caller's matrices do not reach the network.
 *
 * @example
 * ```ts
 * const params = startingParams(net.params, net.architecture, net.backend, "setParams");
 * ```
 */
export function startingParams(
  params: unknown,
  architecture: Architecture,
  backend: MatrixBackend<unknown>,
  where: string,
): Params<unknown> {
  if (!Array.isArray(params)) {
    throw new TypeError(
      `${where}: params must be an array of { W, b } (one per layer), got ${describe(params)}`,
    );
  }
  if (params.length !== architecture.length) {
    throw new RangeError(
      `${where}: params has ${params.length} layers but the network has ${architecture.length}`,
    );
  }
  return architecture.map((layer, i) => {
    const p: unknown = params[i];
    if (typeof p !== "object" || p === null || Array.isArray(p)) {
      throw new TypeError(`${where}: params[${i}] must be { W, b }, got ${describe(p)}`);
    }
    const keys = Object.keys(p);
    const extra = keys.find((k) => k !== "W" && k !== "b");
    if (extra !== undefined) {
      throw new RangeError(`${where}: params[${i}] has an unknown key "${extra.slice(0, 40)}"`);
    }
    const { W, b } = p as { W?: unknown; b?: unknown };
    const w = matrixOf(W, `${where}: params[${i}].W`);
    const bias =
      Array.isArray(b) && (b.length === 0 || typeof b[0] === "number")
        ? matrixOf(
            b.map((v: unknown) => [v]),
            `${where}: params[${i}].b`,
          )
        : matrixOf(b, `${where}: params[${i}].b`);
    if (w.rows !== layer.outputDim || w.cols !== layer.inputDim) {
      throw new RangeError(
        `${where}: params[${i}].W is ${w.rows}x${w.cols} but layer ${i} needs ${layer.outputDim}x${layer.inputDim} (outputDim x inputDim)`,
      );
    }
    if (bias.rows !== layer.outputDim || bias.cols !== 1) {
      throw new RangeError(
        `${where}: params[${i}].b is ${bias.rows}x${bias.cols} but layer ${i} needs ${layer.outputDim}x1`,
      );
    }
    return { W: backend.fromMatrix(w), b: backend.fromMatrix(bias) };
  });
}

function matrixOf(value: unknown, where: string): Matrix {
  let m: Matrix;
  if (value instanceof Matrix) {
    m = new Matrix(value.rows, value.cols, value.data.slice());
  } else if (Array.isArray(value) && value.length > 0 && Array.isArray(value[0])) {
    m = Matrix.from(value as number[][], where);
  } else {
    throw new TypeError(
      `${where}: expected a Matrix or nested arrays (number[][]), got ${describe(value)}`,
    );
  }
  const bad = m.data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new RangeError(
      `${where}: expected finite numbers, found ${m.data[bad]} at [${Math.floor(bad / m.cols)}][${bad % m.cols}]`,
    );
  }
  return m;
}

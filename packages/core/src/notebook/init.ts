import { type LayerInput, normalizeArchitecture } from "../architecture.ts";
import type { MatrixBackend } from "../backend.ts";
import { typedArrayBackend } from "../backends/typed-array.ts";
import { Matrix } from "../matrix.ts";
import type { LayerParams, Params } from "../params.ts";
import { RandomState } from "../random.ts";

/** Options of {@link initLayers}. */
export interface InitOptions<M = Matrix> {
  /** Multiplier of the standard normal draws (the notebook's 0.1). */
  readonly scale?: number;
  /** Backend whose matrices are returned (default: the typed-array backend). */
  readonly backend?: MatrixBackend<M>;
}

/**
 * The notebook's `init_layers`: seeds NumPy's legacy generator with `seed`, then for each
 * layer draws `W = randn(outputDim, inputDim) * 0.1` and `b = randn(outputDim, 1) * 0.1`, in
 * that order. Gives NumPy's parameters bit for bit (see the README on the 1-ulp caveat).
 *
 * @example
 * ```ts
 * const params = initLayers([{ inputDim: 2, outputDim: 4, activation: "relu" }], 42);
 * params[0].W.shape; // [4, 2]
 * ```
 */
export function initLayers<M = Matrix>(
  architecture: readonly LayerInput[],
  seed = 99,
  options: InitOptions<M> = {},
): Params<M> {
  const arch = normalizeArchitecture(architecture, "initLayers");
  const scale = options.scale ?? 0.1;
  if (typeof scale !== "number" || !Number.isFinite(scale)) {
    throw new RangeError(`initLayers: scale must be a finite number, got ${String(scale)}`);
  }
  const backend = (options.backend ?? typedArrayBackend) as MatrixBackend<M>;
  const rng = new RandomState(seed);
  const draw = (rows: number, cols: number): M => {
    const values = rng.randn(rows, cols) as Float64Array;
    for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) * scale;
    const m = new Matrix(rows, cols, values);
    return backend === (typedArrayBackend as unknown) ? (m as M) : backend.fromMatrix(m);
  };
  return arch.map((layer): LayerParams<M> => {
    const W = draw(layer.outputDim, layer.inputDim);
    const b = draw(layer.outputDim, 1);
    return { W, b };
  });
}

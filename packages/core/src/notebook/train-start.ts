import type { Architecture, LayerInput } from "../architecture.ts";
import type { MatrixBackend } from "../backend.ts";
import type { Loss } from "../losses/loss.ts";
import type { Matrix } from "../matrix.ts";
import { checkTargetValues } from "../model/target-checks.ts";
import { taskOf } from "../model/task.ts";
import { checkParams, type Params } from "../params.ts";
import { initLayers } from "./init.ts";

/** The options {@link startTraining} reads: starting weights, or the seed that draws them. */
export interface StartOptions<M> {
  readonly initialParams?: Params<M>;
  readonly seed?: number;
}

/**
 * Checks that X (features x samples) and Y (outputs x samples) fit the architecture, with
 * messages that name the function, the matrix and both shapes.
 *
 * @example
 * ```ts
 * checkDataShapes(typedArrayBackend, X, Y, arch, "train"); // RangeError when a shape is off
 * ```
 */
export function checkDataShapes<M>(
  be: MatrixBackend<M>,
  X: M,
  Y: M,
  arch: Architecture,
  where: string,
): void {
  const [xr, xc] = be.shape(X);
  const [yr, yc] = be.shape(Y);
  const first = arch[0]!;
  const last = arch[arch.length - 1]!;
  if (xr !== first.inputDim) {
    throw new RangeError(
      `${where}: X has ${xr} rows but layer 0 expects inputDim ${first.inputDim} (X is features x samples, one column per example)`,
    );
  }
  if (yr !== last.outputDim || yc !== xc) {
    throw new RangeError(
      `${where}: Y is ${yr}x${yc} but must be ${last.outputDim}x${xc} (outputDim of the last layer x number of samples in X)`,
    );
  }
}

/**
 * The shared start of `train` and `trainParallel`: rejects targets (Y as a plain Matrix) `Network.fit` would reject
 * for this loss (0/1 for binary cross-entropy, one-hot columns for categorical
 * cross-entropy, ...), then returns the validated `initialParams` or the seeded notebook
 * initialisation (seed 2 by default).
 *
 * @example
 * ```ts
 * const params = startTraining(typedArrayBackend, Y, loss, arch, { seed: 2 }, "train");
 * ```
 */
export function startTraining<M>(
  be: MatrixBackend<M>,
  targets: Matrix,
  loss: Loss,
  arch: Architecture,
  options: StartOptions<M>,
  where: string,
): Params<M> {
  const { rows: outputs, cols: samples } = targets;
  checkTargetValues(
    { data: targets.data, samples, outputs, sampleStride: 1, outputStride: samples },
    taskOf(loss, outputs),
    `${where}: Y`,
  );
  if (options.initialParams !== undefined) {
    checkParams(options.initialParams, arch, be, `${where}: initialParams`);
    return options.initialParams;
  }
  return initLayers(arch as unknown as LayerInput[], options.seed ?? 2, { backend: be });
}

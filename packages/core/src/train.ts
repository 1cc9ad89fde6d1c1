import { type Architecture, type LayerInput, normalizeArchitecture } from "./architecture.ts";
import type { MatrixBackend } from "./backend.ts";
import { typedArrayBackend } from "./backends/typed-array.ts";
import { TrainingDivergedError } from "./errors.ts";
import { initLayers } from "./init.ts";
import { foreignMatrixHint } from "./input-hint.ts";
import type { LossLike } from "./losses/loss.ts";
import { getLoss } from "./losses/registry.ts";
import { describe, type Matrix } from "./matrix.ts";
import { getAccuracyValue } from "./metrics.ts";
import { type BackendOptions, fullBackwardPropagation, fullForwardPropagation } from "./network.ts";
import { update } from "./optimizers/gradient-descent.ts";
import { checkParams, type Params } from "./params.ts";

/** Cost and accuracy of one epoch, measured before that epoch's update (as the notebook). */
export interface EpochStats {
  readonly epoch: number;
  readonly cost: number;
  readonly accuracy: number;
}

/** Options of {@link train}. */
export interface TrainOptions<M = Matrix> extends BackendOptions<M> {
  /** Number of full-batch gradient-descent steps (a non-negative integer). */
  readonly epochs: number;
  /** Step size (a finite number > 0). */
  readonly learningRate: number;
  /** Seed of `initLayers`; the notebook's `train` uses 2. Ignored with `initialParams`. */
  readonly seed?: number;
  /** Start from these parameters instead of `initLayers(architecture, seed)` (not modified). */
  readonly initialParams?: Params<M>;
  /** Default `"binaryCrossEntropy"`. */
  readonly loss?: LossLike;
  /** Called every `callbackEvery` epochs (when `epoch % callbackEvery === 0`) with the updated parameters. */
  readonly callback?: (epoch: number, params: Params<M>, stats: EpochStats) => void;
  /** Default 50, as the notebook. */
  readonly callbackEvery?: number;
  /** Print the notebook's `Iteration: ... - cost: ... - accuracy: ...` lines every `callbackEvery` epochs. */
  readonly verbose?: boolean;
  /** Where verbose lines go (default `console.log`). */
  readonly log?: (line: string) => void;
}

/** Result of {@link train}. */
export interface TrainResult<M = Matrix> {
  readonly params: Params<M>;
  /** Cost of every epoch, before its update. */
  readonly costHistory: number[];
  /** Accuracy of every epoch, before its update. */
  readonly accuracyHistory: number[];
}

function checkFinite<M>(be: MatrixBackend<M>, x: M, name: string): void {
  const bad = be.sum(be.map(x, (v) => (Number.isFinite(v) ? 0 : 1)));
  if (bad > 0) {
    const m = be.toMatrix(x);
    const idx = m.data.findIndex((v) => !Number.isFinite(v));
    throw new RangeError(
      `train: ${name} must contain only finite numbers, found ${m.data[idx]} at [${Math.floor(idx / m.cols)}][${idx % m.cols}]`,
    );
  }
}

/**
 * The notebook's training loop: full-batch gradient descent for `epochs` steps. X is
 * **features x samples**, Y is **outputs x samples**. Each epoch runs forward, records cost and
 * accuracy, runs backward and updates the parameters.
 *
 * A non-finite cost, gradient or parameter stops training with a {@link TrainingDivergedError}
 * naming the epoch and layer — never a silent NaN.
 *
 * @example
 * ```ts
 * const { params, costHistory } = train(X, Y, architecture, { epochs: 10000, learningRate: 0.01 });
 * ```
 */
export function train<M = Matrix>(
  X: M,
  Y: M,
  architecture: readonly LayerInput[] | Architecture,
  options: TrainOptions<M>,
): TrainResult<M> {
  const where = "train";
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `${where}: expected an options object { epochs, learningRate }, got ${describe(options)}`,
    );
  }
  const be = (options.backend ?? typedArrayBackend) as MatrixBackend<M>;
  const arch: Architecture = normalizeArchitecture(architecture, where);
  const { epochs, learningRate } = options;
  if (typeof epochs !== "number" || !Number.isInteger(epochs) || epochs < 0) {
    throw new RangeError(
      `${where}: epochs must be a non-negative integer, got ${describe(epochs)}`,
    );
  }
  if (typeof learningRate !== "number" || !Number.isFinite(learningRate) || learningRate <= 0) {
    throw new RangeError(
      `${where}: learningRate must be a finite number > 0, got ${describe(learningRate)}`,
    );
  }
  const every = options.callbackEvery ?? 50;
  if (typeof every !== "number" || !Number.isInteger(every) || every < 1) {
    throw new RangeError(
      `${where}: callbackEvery must be a positive integer, got ${describe(every)}`,
    );
  }
  if (options.callback !== undefined && typeof options.callback !== "function") {
    throw new TypeError(`${where}: callback must be a function, got ${describe(options.callback)}`);
  }
  const loss = getLoss(options.loss ?? "binaryCrossEntropy", `${where}: options.loss`);
  for (const [name, m] of [
    ["X", X],
    ["Y", Y],
  ] as const) {
    if (!be.isMatrix(m)) {
      throw new TypeError(
        `${where}: ${name} must be a matrix of the ${be.name} backend, got ${describe(m)}` +
          foreignMatrixHint(m, be.name),
      );
    }
  }
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
  checkFinite(be, X, "X");
  checkFinite(be, Y, "Y");

  let params: Params<M>;
  if (options.initialParams !== undefined) {
    checkParams(options.initialParams, arch, be, `${where}: initialParams`);
    params = options.initialParams;
  } else {
    params = initLayers(arch as unknown as LayerInput[], options.seed ?? 2, { backend: be });
  }
  const log = options.log ?? ((line: string) => console.log(line));
  const costHistory: number[] = [];
  const accuracyHistory: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const { output, memory } = fullForwardPropagation(X, params, arch, { backend: be });
    const cost = loss.cost(be, output, Y);
    if (!Number.isFinite(cost)) throw new TrainingDivergedError(epoch, -1, "cost", cost);
    const accuracy = getAccuracyValue(output, Y, { backend: be });
    costHistory.push(cost);
    accuracyHistory.push(accuracy);
    const grads = fullBackwardPropagation(output, Y, memory, params, arch, loss, { backend: be });
    grads.forEach((g, layer) => {
      const s = be.sum(g.dW) + be.sum(g.db);
      if (!Number.isFinite(s)) throw new TrainingDivergedError(epoch, layer, "gradient", s);
    });
    params = update(params, grads, learningRate, undefined, { backend: be });
    if (epoch % every === 0) {
      if (options.verbose === true) {
        log(
          `Iteration: ${String(epoch).padStart(5, "0")} - cost: ${cost.toFixed(5)} - accuracy: ${accuracy.toFixed(5)}`,
        );
      }
      options.callback?.(epoch, params, { epoch, cost, accuracy });
    }
  }
  return { params, costHistory, accuracyHistory };
}

import { type Architecture, type LayerInput, normalizeArchitecture } from "../architecture.ts";
import type { MatrixBackend } from "../backend.ts";
import { typedArrayBackend } from "../backends/typed-array.ts";
import { DivergenceDetector, resumeEpochOf, withLastGood } from "../divergence.ts";
import type { Dtype } from "../engine/kernels.ts";
import { checkDtype, checkEngine, createKernels, type EngineName } from "../engine/select.ts";
import { FusedTrainer, fusedUnsupportedReason } from "../engine/trainer.ts";
import { TrainingDivergedError } from "../errors.ts";
import { foreignMatrixHint } from "../input-hint.ts";
import type { LossLike } from "../losses/loss.ts";
import { getLoss } from "../losses/registry.ts";
import { describe, type Matrix } from "../matrix.ts";
import type { Params } from "../params.ts";
import { checkLoopOptions, TRAIN_OPTION_KEYS } from "./loop-options.ts";
import { getAccuracyValue } from "./metrics.ts";
import {
  type BackendOptions,
  fullBackwardPropagation,
  fullForwardPropagation,
} from "./propagation.ts";
import { checkDataShapes, startTraining } from "./train-start.ts";
import { update } from "./update.ts";

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
  /**
   * A loss above `divergenceFactor · max(first loss, 1)` counts as divergence (default 1e6;
   * `Infinity` turns this signal off), as in `Network.fit`.
   */
  readonly divergenceFactor?: number;
  /** Called every `callbackEvery` epochs (when `epoch % callbackEvery === 0`) with the updated parameters. */
  readonly callback?: (epoch: number, params: Params<M>, stats: EpochStats) => void;
  /** Default 50, as the notebook. */
  readonly callbackEvery?: number;
  /** Print the notebook's `Iteration: ... - cost: ... - accuracy: ...` lines every `callbackEvery` epochs. */
  readonly verbose?: boolean;
  /** Where verbose lines go (default `console.log`). */
  readonly log?: (line: string) => void;
  /**
   * Which implementation trains. Default `"auto"`: the fused, zero-allocation engine on
   * WebAssembly SIMD where available, else on JavaScript typed arrays; in float64 both give
   * bit for bit the reference path's results, only faster (softmax layers and categorical
   * cross-entropy included). Networks the engine does not fuse (a custom activation or loss
   * object) fall back to `"reference"`, the generic path of pure backend ops. With `backend` given the default is `"reference"`.
   */
  readonly engine?: EngineName;
  /**
   * Element type of the fused engine, default `"float64"`. `"float32"` stores every matrix in
   * float32 (about twice as fast on WebAssembly SIMD); costs are still summed in float64. Its
   * costs agree with float64 training to a few parts in 10⁶ over a typical run (see the README).
   */
  readonly dtype?: Dtype;
  /**
   * Opt-in speed over reproducibility: the WebAssembly kernels use relaxed SIMD's fused
   * multiply-add where the runtime enables it by default (Bun, Deno, browsers; not Node 20),
   * the plain kernels elsewhere (`result.engine` ends in `-fma` when it took effect). Each
   * product-and-add is then rounded once, so results are no longer bit for bit the
   * reference's and may differ across CPUs and runtimes. Default false.
   */
  readonly fma?: boolean;
}

/** Result of {@link train}. */
export interface TrainResult<M = Matrix> {
  readonly params: Params<M>;
  /** Cost of every epoch, before its update. */
  readonly costHistory: number[];
  /** Accuracy of every epoch, before its update. */
  readonly accuracyHistory: number[];
  /**
   * What trained: a fused kernel set (`"wasm-simd-f64"`, `"wasm-simd-f32"`, `"js-f64"`,
   * `"js-f32"`) or `"reference:<backend name>"`.
   */
  readonly engine: string;
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
 * Divergence stops training with a {@link TrainingDivergedError} naming the epoch, layer and
 * reason — never a silent NaN, nor a run that "finishes" with its outputs pinned at their bound
 * and a loss worse than predicting the mean target (see `TrainingDivergedError.reason`). The
 * error's `lastGoodParams` hold the parameters at the start of its `resumeEpoch`, the last
 * healthy state. Options and targets are checked as `Network.fit` checks them.
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
  const { epochs, learningRate, every, divergenceFactor } = checkLoopOptions(options, where, [
    ...TRAIN_OPTION_KEYS,
    "backend",
  ]);
  const be = (options.backend ?? typedArrayBackend) as MatrixBackend<M>;
  const arch: Architecture = normalizeArchitecture(architecture, where);
  const loss = getLoss(options.loss ?? "binaryCrossEntropy", `${where}: options.loss`);
  const engine =
    options.engine === undefined
      ? options.backend === undefined
        ? "auto"
        : "reference"
      : checkEngine(options.engine, `${where}: options.engine`);
  const dtype = checkDtype(options.dtype ?? "float64", `${where}: options.dtype`);
  const fma = options.fma ?? false;
  if (typeof fma !== "boolean") {
    throw new TypeError(`${where}: options.fma must be a boolean, got ${describe(fma)}`);
  }
  if (fma && engine === "reference") {
    throw new RangeError(
      `${where}: options.fma needs a fused engine ("auto", "wasm"), not engine "reference"`,
    );
  }
  if (engine !== "reference" && options.backend !== undefined) {
    throw new RangeError(
      `${where}: options.engine "${engine}" trains with its own kernels and cannot use options.backend (the ${be.name} backend): omit backend, or set engine: "reference"`,
    );
  }
  if (engine === "reference" && dtype !== "float64") {
    throw new RangeError(
      `${where}: options.dtype "${dtype}" needs a fused engine ("auto", "wasm" or "js"), not engine "reference"`,
    );
  }
  const unfused = engine === "reference" ? null : fusedUnsupportedReason(arch, loss);
  if (unfused !== null && (engine !== "auto" || dtype !== "float64")) {
    throw new RangeError(
      `${where}: the fused engine cannot train this network (${unfused}); use engine "reference" (float64)`,
    );
  }
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
  checkDataShapes(be, X, Y, arch, where);
  checkFinite(be, X, "X");
  checkFinite(be, Y, "Y");
  // The targets as a plain Matrix, read by the label checks and the divergence detector.
  const targets = be.toMatrix(Y);
  let params = startTraining(be, targets, loss, arch, options, where);
  const xc = be.shape(X)[1];
  const last = arch[arch.length - 1]!;
  const log = options.log ?? ((line: string) => console.log(line));
  const costHistory: number[] = [];
  const accuracyHistory: number[] = [];
  const report = (epoch: number, cost: number, accuracy: number, current: () => Params<M>) => {
    if (epoch % every !== 0) return;
    if (options.verbose === true) {
      log(
        `Iteration: ${String(epoch).padStart(5, "0")} - cost: ${cost.toFixed(5)} - accuracy: ${accuracy.toFixed(5)}`,
      );
    }
    options.callback?.(epoch, current(), { epoch, cost, accuracy });
  };
  // The divergence detector reads the targets once (the trivial predictor's loss).
  const detector = new DivergenceDetector({
    loss,
    output: last.activation,
    targets,
    factor: divergenceFactor,
  });
  const outputs = last.outputDim * xc;
  if (engine !== "reference" && unfused === null) {
    // The fused engine: X, Y and params are plainnet matrices here (no backend was given).
    const kernels = createKernels(engine, dtype, where, { fma });
    const trainer = new FusedTrainer(arch, xc, kernels, loss);
    trainer.setParams(params as unknown as Params<Matrix>);
    trainer.setData(X as unknown as Matrix, Y as unknown as Matrix);
    const current = () => trainer.params() as unknown as Params<M>;
    // The parameters at the start of the last epoch whose cost passed the checks.
    const saved = new Float64Array(trainer.parameterCount);
    trainer.paramsInto(saved, 0);
    let epoch = 0;
    const check = (cost: number): void => {
      const verdict = detector.check(cost, () => trainer.saturatedOutputs(detector) / outputs);
      if (verdict !== null) throw detector.error(epoch, verdict);
      trainer.paramsInto(saved, 0);
    };
    try {
      for (; epoch < epochs; epoch++) {
        const { cost, accuracy } = trainer.epoch(epoch, learningRate, check);
        costHistory.push(cost);
        accuracyHistory.push(accuracy);
        report(epoch, cost, accuracy, current);
      }
    } catch (e) {
      if (!(e instanceof TrainingDivergedError)) throw e;
      // A cost problem: these parameters are already bad, go back to the saved ones.
      const resume = resumeEpochOf(e, 0);
      if (resume < e.epoch) trainer.setParamsFlat(saved, 0);
      throw withLastGood(e, current(), resume);
    }
    return { params: current(), costHistory, accuracyHistory, engine: kernels.name };
  }
  let previous = params;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const { output, memory } = fullForwardPropagation(X, params, arch, { backend: be });
    const cost = loss.cost(be, output, Y);
    const verdict = detector.check(
      cost,
      () => detector.countSaturated(be.toMatrix(output).data) / outputs,
    );
    if (verdict !== null) {
      throw withLastGood(detector.error(epoch, verdict), previous, Math.max(epoch - 1, 0));
    }
    const accuracy = getAccuracyValue(output, Y, { backend: be });
    costHistory.push(cost);
    accuracyHistory.push(accuracy);
    const grads = fullBackwardPropagation(output, Y, memory, params, arch, loss, { backend: be });
    grads.forEach((g, layer) => {
      const s = be.sum(g.dW) + be.sum(g.db);
      if (!Number.isFinite(s)) {
        throw withLastGood(new TrainingDivergedError(epoch, layer, "gradient", s), params, epoch);
      }
    });
    previous = params;
    params = update(params, grads, learningRate, undefined, { backend: be });
    const updated = params;
    report(epoch, cost, accuracy, () => updated);
  }
  return { params, costHistory, accuracyHistory, engine: `reference:${be.name}` };
}

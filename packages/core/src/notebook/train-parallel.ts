import { type Architecture, type LayerInput, normalizeArchitecture } from "../architecture.ts";
import { typedArrayBackend } from "../backends/typed-array.ts";
import { DivergenceDetector, resumeEpochOf, withLastGood } from "../divergence.ts";
import { ParallelTrainer } from "../engine/parallel.ts";
import { checkDtype, checkEngine } from "../engine/select.ts";
import { fusedUnsupportedReason } from "../engine/trainer.ts";
import { TrainingDivergedError } from "../errors.ts";
import { getLoss } from "../losses/registry.ts";
import { describe, Matrix } from "../matrix.ts";
import type { Params } from "../params.ts";
import { checkLoopOptions, TRAIN_OPTION_KEYS } from "./loop-options.ts";
import type { TrainOptions, TrainResult } from "./train.ts";
import { checkDataShapes, startTraining } from "./train-start.ts";

/** Options of {@link trainParallel}: those of `train` (without `backend`) plus `threads`. */
export interface TrainParallelOptions extends Omit<TrainOptions<Matrix>, "backend" | "engine"> {
  /** Threads in all, the calling one included (default 2). */
  readonly threads?: number;
  /** Fused engine of every thread (default `"auto"`). */
  readonly engine?: "auto" | "wasm" | "js";
}

/**
 * `train` on several threads (Node, Bun, Deno): the same loop, options and result, with each
 * epoch's batch split into one shard of samples per thread (see {@link ParallelTrainer}). Costs
 * and accuracies of an epoch are those of the single-thread engine for the same parameters;
 * gradients add their shard sums in a fixed order, so parameters differ from a single-thread
 * run only by rounding, and a run is reproducible for a given thread count. A worker that dies
 * (an uncaught error, an exit, termination, running out of memory) rejects the promise at once
 * with a `WorkerCrashedError` and terminates the other workers.
 *
 * @example
 * ```ts
 * const { params, costHistory } = await trainParallel(X, Y, arch, {
 *   epochs: 10000, learningRate: 0.01, threads: 2,
 * });
 * ```
 */
export async function trainParallel(
  X: Matrix,
  Y: Matrix,
  architecture: readonly LayerInput[] | Architecture,
  options: TrainParallelOptions,
): Promise<TrainResult<Matrix>> {
  const where = "trainParallel";
  const { epochs, learningRate, every, divergenceFactor } = checkLoopOptions(options, where, [
    ...TRAIN_OPTION_KEYS,
    "threads",
  ]);
  const arch = normalizeArchitecture(architecture, where);
  const engine = checkEngine(options.engine ?? "auto", `${where}: options.engine`);
  if (engine === "reference") {
    throw new RangeError(
      `${where}: options.engine must be "auto", "wasm" or "js", got "reference"`,
    );
  }
  const dtype = checkDtype(options.dtype ?? "float64", `${where}: options.dtype`);
  const loss = getLoss(options.loss ?? "binaryCrossEntropy", `${where}: options.loss`);
  for (const [name, m] of [
    ["X", X],
    ["Y", Y],
  ] as const) {
    if (!(m instanceof Matrix)) {
      throw new TypeError(`${where}: ${name} must be a plainnet Matrix, got ${describe(m)}`);
    }
    const bad = m.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new RangeError(
        `${where}: ${name} must contain only finite numbers, found ${m.data[bad]} at [${Math.floor(bad / m.cols)}][${bad % m.cols}]`,
      );
    }
  }
  checkDataShapes(typedArrayBackend, X, Y, arch, where);
  const unfused = fusedUnsupportedReason(arch, loss);
  if (unfused !== null) throw new RangeError(`${where}: cannot fuse this network: ${unfused}`);
  const params = startTraining(typedArrayBackend, Y, loss, arch, options, where);
  if (options.fma !== undefined && typeof options.fma !== "boolean") {
    throw new TypeError(`${where}: options.fma must be a boolean, got ${describe(options.fma)}`);
  }
  const trainer = await ParallelTrainer.create(arch, X, Y, loss, {
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    engine,
    dtype,
    fma: options.fma === true,
  });
  const log = options.log ?? ((line: string) => console.log(line));
  const costHistory: number[] = [];
  const accuracyHistory: number[] = [];
  const detector = new DivergenceDetector({
    loss,
    output: arch[arch.length - 1]!.activation,
    targets: Y,
    factor: divergenceFactor,
  });
  // The parameters at the start of the last epoch whose cost passed the checks.
  const saved = initialFlat(params);
  let epoch = 0;
  const check = (cost: number): void => {
    const verdict = detector.check(cost, () => trainer.saturatedFraction(detector));
    if (verdict !== null) throw detector.error(epoch, verdict);
    trainer.paramsInto(saved);
  };
  try {
    trainer.setParams(params);
    for (; epoch < epochs; epoch++) {
      const { cost, accuracy } = await trainer.epochAsync(epoch, learningRate, check);
      costHistory.push(cost);
      accuracyHistory.push(accuracy);
      if (epoch % every === 0) {
        if (options.verbose === true) {
          log(
            `Iteration: ${String(epoch).padStart(5, "0")} - cost: ${cost.toFixed(5)} - accuracy: ${accuracy.toFixed(5)}`,
          );
        }
        options.callback?.(epoch, trainer.params(), { epoch, cost, accuracy });
      }
    }
    return {
      params: trainer.params(),
      costHistory,
      accuracyHistory,
      engine: `${trainer.engine} x${trainer.threads} threads`,
    };
  } catch (e) {
    if (!(e instanceof TrainingDivergedError)) throw e;
    // A cost problem: these parameters are already bad, go back to the saved ones.
    const resume = resumeEpochOf(e, 0);
    if (resume < e.epoch) trainer.setParamsFlat(saved);
    throw withLastGood(e, trainer.params(), resume);
  } finally {
    trainer.close();
  }
}

/** Parameters as one flat array (layer by layer, W row-major then b). */
function initialFlat(params: Params<Matrix>): Float64Array {
  let n = 0;
  for (const p of params) n += p.W.data.length + p.b.data.length;
  const out = new Float64Array(n);
  let o = 0;
  for (const p of params) {
    out.set(p.W.data, o);
    o += p.W.data.length;
    out.set(p.b.data, o);
    o += p.b.data.length;
  }
  return out;
}

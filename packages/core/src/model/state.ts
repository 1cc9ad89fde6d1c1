import type { Architecture } from "../architecture.ts";
import type { MatrixBackend } from "../backend.ts";
import type { Dtype } from "../engine/kernels.ts";
import type { EngineName } from "../engine/select.ts";
import type { FusedTrainer } from "../engine/trainer.ts";
import type { Loss } from "../losses/loss.ts";
import type { Optimizer, OptimizerConfig } from "../optimizers/optimizer.ts";
import type { Params } from "../params.ts";
import type { RandomState } from "../random.ts";
import type { DatasetRecord, Hyperparameters } from "../serialize.ts";
import type { ClassLabel } from "./classes.ts";
import type { EpochLog } from "./history.ts";
import type { NetworkScaler, ScaleName } from "./scaling.ts";
import type { Task } from "./task.ts";

/** The fused engine a network trains with (null in {@link NetworkState} for the reference path). */
export interface EngineChoice {
  readonly engine: EngineName;
  readonly dtype: Dtype;
}

/**
 * Everything a `Network` holds, shared by the units that predict with it, train it and save
 * it (`prediction.ts`, `fit-session.ts`, `training-loop.ts`). Internal: the class keeps it
 * private and exposes copies.
 *
 * @example
 * ```ts
 * state.params = optimizer.step(state.params, grads);
 * ```
 */
export interface NetworkState {
  readonly architecture: Architecture;
  readonly loss: Loss;
  readonly task: Task;
  readonly backend: MatrixBackend<unknown>;
  /** The fused engine fit uses, or null for the reference path. */
  readonly engine: EngineChoice | null;
  readonly rng: RandomState;
  params: Params<unknown>;
  optimizer: Optimizer<unknown> | undefined;
  /** The optimiser's base settings (before a schedule changed its current learning rate). */
  optimizerConfig: OptimizerConfig | undefined;
  epoch: number;
  samplesSeen: number;
  /** Every epoch trained, over every fit (not saved). */
  readonly logs: EpochLog[];
  hyperparameters: Hyperparameters | null;
  dataset: DatasetRecord | null;
  /** The fused trainer of the last fit (reused while the batch capacity fits). */
  trainer: FusedTrainer | null;
  /** The `engine` option (saved by toJSON) and the fused engine's element type. */
  readonly engineOption: EngineName;
  readonly dtype: Dtype;
  /** Class labels of a classifier, sorted (null until a fit with labels). */
  classes: readonly ClassLabel[] | null;
  /** The `scale` option (null: raw inputs). */
  readonly scale: ScaleName | null;
  /** The scaler fitted by the first fit (null before, or without `scale`). */
  scaler: NetworkScaler | null;
  /** True while a fit runs (a second one is refused). */
  training: boolean;
}

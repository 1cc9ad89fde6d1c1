// @plainnet/core/engine: the training engine's internals and the validation helpers that
// plainnet's own packages, apps, benchmarks and tests share (re-exports only). They are
// documented in packages/core/docs/engines.md, but they are not the user API: their
// signatures may change in any minor release. Users import from "@plainnet/core".
//
//   import { FusedTrainer, createKernels } from "@plainnet/core/engine";
export { isColumnwise } from "./activations/softmax.ts";
export { tanhValue } from "./activations/tanh.ts";
export { normalizeArchitecture } from "./architecture.ts";
export { jsKernels } from "./engine/js-kernels.ts";
export type { Epilogue, Heap, Kernels } from "./engine/kernels.ts";
export { NO_EPILOGUE, NONE } from "./engine/kernels.ts";
export type {
  FusedActivation,
  FusedActivationName,
  FusedLoss,
  FusedLossName,
  SoftmaxSteps,
} from "./engine/ops.generated.ts";
export {
  fusedActivations,
  fusedForward32,
  fusedLosses,
  fusedSoftmax,
} from "./engine/ops.generated.ts";
export type { ParallelOptions } from "./engine/parallel.ts";
export { ParallelTrainer } from "./engine/parallel.ts";
export {
  checkDtype,
  checkEngine,
  createKernels,
  hasRelaxedSimd,
  hasWasmSimd,
} from "./engine/select.ts";
export type { AccuracyRule } from "./engine/softmax.ts";
export type {
  FusedEpochStats,
  FusedEvaluation,
  FusedTrainerOptions,
} from "./engine/trainer.ts";
export { FusedTrainer, fusedUnsupportedReason } from "./engine/trainer.ts";
export { wasmKernels } from "./engine/wasm-kernels.ts";
export type { GemmBlocking, WasmKernelOptions } from "./engine/wasm-modules.ts";
export { defaultF64Blocking } from "./engine/wasm-modules.ts";
export { normalizeInitializer } from "./initializers/registry.ts";
export { checkElementCount } from "./limits.ts";
export { describe } from "./matrix.ts";
export { normalizeEarlyStopping } from "./model/early-stopping.ts";
export type { FitSettings } from "./model/fit-options.ts";
export { checkDatasetInfo, normalizeFitOptions } from "./model/fit-options.ts";
export { taskOf } from "./model/task.ts";
export { networkSource } from "./model/to-function.ts";
export { checkTargets } from "./notebook/propagation.ts";
export { checkRange } from "./optimizers/optimizer.ts";
export { powInt } from "./optimizers/pow-int.ts";
export { normalizeSchedule, scheduledLearningRate } from "./optimizers/schedules.ts";
export { checkParams } from "./params.ts";
export type { DecodeLimits, EncodeOptions, NetworkSnapshot } from "./serialize.ts";
export { decodeNetwork, encodeNetwork } from "./serialize.ts";
export { pairwiseSum } from "./sum.ts";

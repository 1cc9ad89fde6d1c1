// @plainnet/core: re-exports only.
// Network API (issue 7): softmax, categorical cross-entropy, initialisers, optimisers,
// the Network class, serialisation.
export type {
  Activation,
  ActivationName,
  ElementwiseActivationName,
} from "./activations/activation.ts";
export { LEAKY_RELU_ALPHA, leakyRelu } from "./activations/leaky-relu.ts";
export { linear } from "./activations/linear.ts";
export { activationNames, activations, getActivation } from "./activations/registry.ts";
export { relu } from "./activations/relu.ts";
export { sigmoid } from "./activations/sigmoid.ts";
export { isColumnwise, softmax } from "./activations/softmax.ts";
export { tanh, tanhValue } from "./activations/tanh.ts";
export type {
  Architecture,
  Layer,
  LayerInput,
  LayerSpec,
  NotebookLayerSpec,
} from "./architecture.ts";
export { architectureFromSizes, normalizeArchitecture, parameterCount } from "./architecture.ts";
export type { MatmulOptions, MatrixBackend } from "./backend.ts";
export { typedArrayBackend } from "./backends/typed-array.ts";
export { wasmBackend } from "./backends/wasm/backend.ts";
export { WasmMatrix } from "./backends/wasm/wasm-matrix.ts";
export { jsKernels } from "./engine/js-kernels.ts";
export type { Dtype, Epilogue, Heap, Kernels } from "./engine/kernels.ts";
export { NO_EPILOGUE, NONE } from "./engine/kernels.ts";
export type {
  FusedActivation,
  FusedActivationName,
  FusedLoss,
  FusedLossName,
} from "./engine/ops.generated.ts";
export { fusedActivations, fusedLosses } from "./engine/ops.generated.ts";
export type { ParallelOptions } from "./engine/parallel.ts";
export { ParallelTrainer } from "./engine/parallel.ts";
export type { EngineName } from "./engine/select.ts";
export {
  checkDtype,
  checkEngine,
  createKernels,
  hasRelaxedSimd,
  hasWasmSimd,
} from "./engine/select.ts";
export type { FusedEpochStats, FusedEvaluation } from "./engine/trainer.ts";
export { FusedTrainer, fusedUnsupportedReason } from "./engine/trainer.ts";
export type { WasmKernelOptions } from "./engine/wasm-kernels.ts";
export { wasmKernels } from "./engine/wasm-kernels.ts";
export type { DivergedQuantity, DivergenceDetails, DivergenceReason } from "./errors.ts";
export { InvalidModelError, TrainingDivergedError, WorkerCrashedError } from "./errors.ts";
export type { GradCheckOptions, GradCheckResult, GradCheckWorst } from "./grad-check.ts";
export {
  GRAD_CHECK_ATOL,
  GRAD_CHECK_FLOOR,
  GRAD_CHECK_RTOL,
  gradCheck,
} from "./grad-check.ts";
export { glorotUniformInit } from "./initializers/glorot-uniform.ts";
export { heNormalInit } from "./initializers/he-normal.ts";
export type {
  InitializerConfig,
  InitializerFn,
  InitializerLike,
  InitializerName,
  LayerDraw,
} from "./initializers/initializer.ts";
export { notebookInit } from "./initializers/notebook.ts";
export {
  initializeParams,
  initializerNames,
  normalizeInitializer,
} from "./initializers/registry.ts";
export { cos } from "./libm/cos.ts";
export { exp } from "./libm/exp.ts";
export { log } from "./libm/log.ts";
export { sin } from "./libm/sin.ts";
export { checkElementCount, MAX_ELEMENTS } from "./limits.ts";
export { BCE_EPSILON, binaryCrossEntropy } from "./losses/binary-cross-entropy.ts";
export { categoricalCrossEntropy } from "./losses/categorical-cross-entropy.ts";
export type { Loss, LossAlias, LossLike, LossName } from "./losses/loss.ts";
export { getLoss, losses } from "./losses/registry.ts";
export { describe, Matrix } from "./matrix.ts";
export type {
  ClassificationReport,
  ClassificationReportOptions,
  ClassReport,
  ClassScores,
} from "./metrics/classification-report.ts";
export { classificationReport } from "./metrics/classification-report.ts";
export type { ConfusionMatrix, ConfusionMatrixOptions } from "./metrics/confusion-matrix.ts";
export { confusionMatrix } from "./metrics/confusion-matrix.ts";
export type { Label, LabelsInput } from "./metrics/labels.ts";
export { meanAbsoluteError } from "./metrics/mean-absolute-error.ts";
export { meanSquaredError } from "./metrics/mean-squared-error.ts";
export { r2Score } from "./metrics/r2-score.ts";
export type { RegressionTargets } from "./metrics/regression-targets.ts";
export { rocAucScore } from "./metrics/roc-auc-score.ts";
export type { LabelledData, SamplesInput, TargetsInput } from "./model/data.ts";
export type { EarlyStoppingConfig, EarlyStoppingOptions, Monitor } from "./model/early-stopping.ts";
export { EarlyStopping, normalizeEarlyStopping } from "./model/early-stopping.ts";
export type {
  DatasetInfo,
  FitCallbacks,
  FitControl,
  FitOptions,
  FitSettings,
} from "./model/fit-options.ts";
export { checkDatasetInfo, normalizeFitOptions } from "./model/fit-options.ts";
export type { BatchLog, EpochLog, StopReason } from "./model/history.ts";
export { History } from "./model/history.ts";
export type {
  Evaluation,
  FromJSONOptions,
  NetworkOptions,
  StandaloneForward,
  ToFunctionOptions,
} from "./model/network.ts";
export { Network } from "./model/network.ts";
export type { ProgressBar, ProgressBarOptions, ProgressLog } from "./model/progress-bar.ts";
export { createProgressBar } from "./model/progress-bar.ts";
export type { Task } from "./model/task.ts";
export { taskOf } from "./model/task.ts";
export { networkSource } from "./model/to-function.ts";
export type { InitOptions } from "./notebook/init.ts";
export { initLayers } from "./notebook/init.ts";
export { convertProbIntoClass, getAccuracyValue, getCostValue } from "./notebook/metrics.ts";
export type {
  BackendOptions,
  ForwardResult,
  LayerBackwardResult,
  LayerForwardResult,
  Memory,
} from "./notebook/propagation.ts";
export {
  checkTargets,
  fullBackwardPropagation,
  fullForwardPropagation,
  singleLayerBackwardPropagation,
  singleLayerForwardPropagation,
} from "./notebook/propagation.ts";
export type { EpochStats, TrainOptions, TrainResult } from "./notebook/train.ts";
export { train } from "./notebook/train.ts";
export type { TrainParallelOptions } from "./notebook/train-parallel.ts";
export { trainParallel } from "./notebook/train-parallel.ts";
export { update } from "./notebook/update.ts";
export type { AdamOptions } from "./optimizers/adam.ts";
export { Adam } from "./optimizers/adam.ts";
export type {
  AdamConfig,
  MomentumForm,
  OptimizerConfig,
  OptimizerState,
  OptimizerType,
  RmsPropConfig,
  RuleResult,
  SgdConfig,
  Slot,
} from "./optimizers/optimizer.ts";
export { checkRange, Optimizer } from "./optimizers/optimizer.ts";
export { powInt } from "./optimizers/pow-int.ts";
export type { OptimizerLike } from "./optimizers/registry.ts";
export { createOptimizer } from "./optimizers/registry.ts";
export type { RmsPropOptions } from "./optimizers/rmsprop.ts";
export { RmsProp } from "./optimizers/rmsprop.ts";
export type { LearningRateSchedule, ScheduleProgress } from "./optimizers/schedules.ts";
export { normalizeSchedule, scheduledLearningRate } from "./optimizers/schedules.ts";
export type { SgdOptions } from "./optimizers/sgd.ts";
export { Sgd } from "./optimizers/sgd.ts";
export type { Grads, LayerGrads, LayerParams, Params } from "./params.ts";
export { checkParams } from "./params.ts";
export type { MinMaxScalerJSON, MinMaxScalerOptions } from "./preprocessing/min-max-scaler.ts";
export { MinMaxScaler } from "./preprocessing/min-max-scaler.ts";
export { NotFittedError } from "./preprocessing/not-fitted-error.ts";
export type { FittedCounts } from "./preprocessing/scaler.ts";
export { Scaler } from "./preprocessing/scaler.ts";
export type { ScalerJSON } from "./preprocessing/scaler-from-json.ts";
export { scalerFromJSON } from "./preprocessing/scaler-from-json.ts";
export type {
  StandardScalerJSON,
  StandardScalerOptions,
} from "./preprocessing/standard-scaler.ts";
export { StandardScaler } from "./preprocessing/standard-scaler.ts";
export type { NumericTypedArray, RandomStateSnapshot } from "./random.ts";
export { RandomState } from "./random.ts";
export type {
  DatasetRecord,
  DecodeLimits,
  EncodeOptions,
  Hyperparameters,
  NetworkJSON,
  NetworkSnapshot,
  OptimizerJSON,
  TensorJSON,
  TrainingRecord,
} from "./serialize.ts";
export {
  decodeNetwork,
  encodeNetwork,
  NETWORK_FORMAT,
  NETWORK_FORMAT_VERSION,
} from "./serialize.ts";
export { pairwiseSum } from "./sum.ts";
export { VERSION } from "./version.ts";

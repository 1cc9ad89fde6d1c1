// @plainnet/core: the public API (re-exports only). Everything a user of `Network`, the
// notebook's functions, the metrics and the scalers needs is here; the training engine's
// internals and validation helpers are behind the `@plainnet/core/engine` subpath (engine.ts).
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
export { softmax } from "./activations/softmax.ts";
export { tanh } from "./activations/tanh.ts";
export type {
  Architecture,
  Layer,
  LayerInput,
  LayerSpec,
  NotebookLayerSpec,
} from "./architecture.ts";
export { architectureFromSizes, parameterCount } from "./architecture.ts";
export type { MatmulOptions, MatrixBackend } from "./backend.ts";
export { typedArrayBackend } from "./backends/typed-array.ts";
export { wasmBackend } from "./backends/wasm/backend.ts";
export { WasmMatrix } from "./backends/wasm/wasm-matrix.ts";
export type { Dtype } from "./engine/kernels.ts";
export type { EngineName } from "./engine/select.ts";
export type { DivergedQuantity, DivergenceDetails, DivergenceReason } from "./errors.ts";
export {
  InvalidModelError,
  TrainingDivergedError,
  WorkerCrashedError,
  WorkerStartError,
} from "./errors.ts";
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
export { initializeParams, initializerNames } from "./initializers/registry.ts";
export { cos } from "./libm/cos.ts";
export { exp } from "./libm/exp.ts";
export { log } from "./libm/log.ts";
export { sin } from "./libm/sin.ts";
export { MAX_ELEMENTS } from "./limits.ts";
export { BCE_EPSILON, binaryCrossEntropy } from "./losses/binary-cross-entropy.ts";
export { categoricalCrossEntropy } from "./losses/categorical-cross-entropy.ts";
export type { Loss, LossAlias, LossLike, LossName } from "./losses/loss.ts";
export { getLoss, losses } from "./losses/registry.ts";
export { Matrix } from "./matrix.ts";
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
export type { ClassLabel } from "./model/classes.ts";
export { ConcurrentTrainingError } from "./model/concurrent-training-error.ts";
export type { LabelledData, SamplesInput, TargetsInput } from "./model/data.ts";
export type { EarlyStoppingConfig, EarlyStoppingOptions, Monitor } from "./model/early-stopping.ts";
export { EarlyStopping } from "./model/early-stopping.ts";
export type {
  DatasetInfo,
  FitCallbacks,
  FitControl,
  FitOptions,
  VerboseOptions,
} from "./model/fit-options.ts";
export type { BatchLog, EpochLog, StopReason } from "./model/history.ts";
export { History } from "./model/history.ts";
export type {
  ClassifierEvaluation,
  Evaluation,
  FromJSONOptions,
  NetworkOptions,
  RegressionEvaluation,
  StandaloneForward,
  ToFunctionOptions,
} from "./model/network.ts";
export { Network } from "./model/network.ts";
export type { ProgressBar, ProgressBarOptions, ProgressLog } from "./model/progress-bar.ts";
export { createProgressBar } from "./model/progress-bar.ts";
export type { NetworkScaler, ScaleName } from "./model/scaling.ts";
export type { LayerParamsInput, ParamsInput } from "./model/starting-params.ts";
export type { Task } from "./model/task.ts";
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
export type { FlatBlock } from "./optimizers/flat-block.ts";
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
export { Optimizer } from "./optimizers/optimizer.ts";
export type { OptimizerLike } from "./optimizers/registry.ts";
export { createOptimizer } from "./optimizers/registry.ts";
export type { RmsPropOptions } from "./optimizers/rmsprop.ts";
export { RmsProp } from "./optimizers/rmsprop.ts";
export type { LearningRateSchedule, ScheduleProgress } from "./optimizers/schedules.ts";
export type { SgdOptions } from "./optimizers/sgd.ts";
export { Sgd } from "./optimizers/sgd.ts";
export type { Grads, LayerGrads, LayerParams, Params } from "./params.ts";
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
  Hyperparameters,
  NetworkJSON,
  OptimizerJSON,
  TensorJSON,
  TrainingRecord,
} from "./serialize.ts";
export { NETWORK_FORMAT, NETWORK_FORMAT_VERSION } from "./serialize.ts";
export { VERSION } from "./version.ts";

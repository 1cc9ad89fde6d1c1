// @plainnet/core: re-exports only.
export type { Activation, ActivationName } from "./activations/activation.ts";
export { LEAKY_RELU_ALPHA, leakyRelu } from "./activations/leaky-relu.ts";
export { linear } from "./activations/linear.ts";
export { activationNames, activations, getActivation } from "./activations/registry.ts";
export { relu } from "./activations/relu.ts";
export { sigmoid } from "./activations/sigmoid.ts";
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
export type { DivergedQuantity } from "./errors.ts";
export { TrainingDivergedError } from "./errors.ts";
export type { GradCheckOptions, GradCheckResult, GradCheckWorst } from "./grad-check.ts";
export { GRAD_CHECK_FLOOR, gradCheck } from "./grad-check.ts";
export type { InitOptions } from "./init.ts";
export { initLayers } from "./init.ts";
export { BCE_EPSILON, binaryCrossEntropy } from "./losses/binary-cross-entropy.ts";
export type { Loss, LossAlias, LossLike, LossName } from "./losses/loss.ts";
export { meanSquaredError } from "./losses/mean-squared-error.ts";
export { getLoss, losses } from "./losses/registry.ts";
export { exp } from "./libm/exp.ts";
export { log } from "./libm/log.ts";
export { describe, Matrix } from "./matrix.ts";
export { convertProbIntoClass, getAccuracyValue, getCostValue } from "./metrics.ts";
export type {
  BackendOptions,
  ForwardResult,
  LayerBackwardResult,
  LayerForwardResult,
  Memory,
} from "./network.ts";
export {
  checkTargets,
  fullBackwardPropagation,
  fullForwardPropagation,
  singleLayerBackwardPropagation,
  singleLayerForwardPropagation,
} from "./network.ts";
export { update } from "./optimizers/gradient-descent.ts";
export type { Grads, LayerGrads, LayerParams, Params } from "./params.ts";
export { checkParams } from "./params.ts";
export type { NumericTypedArray, RandomStateSnapshot } from "./random.ts";
export { RandomState } from "./random.ts";
export { pairwiseSum } from "./sum.ts";
export type { EpochStats, TrainOptions, TrainResult } from "./train.ts";
export { train } from "./train.ts";

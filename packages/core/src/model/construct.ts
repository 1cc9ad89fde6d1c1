import type { ActivationName } from "../activations/activation.ts";
import { getActivation } from "../activations/registry.ts";
import {
  type Architecture,
  type LayerInput,
  type LayerSpec,
  normalizeArchitecture,
} from "../architecture.ts";
import type { MatrixBackend } from "../backend.ts";
import { typedArrayBackend } from "../backends/typed-array.ts";
import type { Dtype } from "../engine/kernels.ts";
import { checkDtype, checkEngine, createKernels, type EngineName } from "../engine/select.ts";
import { fusedUnsupportedReason } from "../engine/trainer.ts";
import type { InitializerConfig, InitializerLike } from "../initializers/initializer.ts";
import { normalizeInitializer } from "../initializers/registry.ts";
import type { Loss, LossLike } from "../losses/loss.ts";
import { getLoss } from "../losses/registry.ts";
import { describe } from "../matrix.ts";
import { checkOptionKeys } from "./fit-options.ts";
import { checkScale, type ScaleName } from "./scaling.ts";
import type { ParamsInput } from "./starting-params.ts";
import type { EngineChoice } from "./state.ts";
import { type Task, taskOf } from "./task.ts";

/** Options of `new Network(...)`. */
export interface NetworkOptions {
  /** Hidden-layer activation of the short form (layer sizes); default `"relu"`. */
  readonly activation?: ActivationName;
  /**
   * Output activation of the short form; default `"sigmoid"` for one output unit (binary
   * classification) and `"softmax"` for more (one unit per class).
   */
  readonly outputActivation?: ActivationName;
  /**
   * Default: binary cross-entropy after a sigmoid output, categorical cross-entropy after
   * softmax, mean squared error otherwise.
   */
  readonly loss?: LossLike;
  /**
   * Seed of the network's single random generator (NumPy's legacy `RandomState`): the
   * initial weights, every shuffle and every validation split come from it. Default 2 (the
   * notebook's `train`).
   */
  readonly seed?: number;
  /** Default `"notebook"` (randn · 0.1, the notebook's `init_layers`). */
  readonly initializer?: InitializerLike;
  /** Backend doing the arithmetic; default the typed-array reference. */
  readonly backend?: MatrixBackend<unknown>;
  /**
   * What computes each batch's forward and backward pass in `fit`. Default `"auto"` (without
   * `backend`): plainnet's fused engine on WebAssembly SIMD where available, else on
   * JavaScript typed arrays — in float64 bit for bit the reference path's results, only
   * faster, softmax and categorical cross-entropy included; networks it does not fuse (a
   * custom activation or loss object) use the reference path. `"wasm"` or `"js"` force a fused engine, `"reference"` the generic
   * path (the default when `backend` is given).
   */
  readonly engine?: EngineName;
  /**
   * Element type of the fused engine's forward and backward pass, default `"float64"`. With
   * `"float32"` the gradients are computed in float32 while parameters and optimiser state
   * stay float64.
   */
  readonly dtype?: Dtype;
  /**
   * Starting weights and biases, one `{ W, b }` per layer (`W` outputDim x inputDim, `b`
   * outputDim x 1; Matrix or nested arrays), e.g. another network's `params`. Validated and
   * copied. The seeded generator still draws (and discards) the initial weights, so shuffles
   * and validation splits are those of the same network without `params`.
   */
  readonly params?: ParamsInput;
  /**
   * Scale the inputs: `"standard"` (scikit-learn's `StandardScaler`: zero mean, unit
   * variance) or `"minmax"` (`MinMaxScaler`: each feature to [0, 1]). The scaler is fitted by
   * the first `fit` on its training data only (not on validation data), saved by `toJSON`, and
   * applied by `predict`, `predictProba`, `predictOutputs`, `evaluate` and `toFunction`: the
   * network takes raw features. Default: none.
   */
  readonly scale?: ScaleName;
}

/** The validated settings of a new network (what its constructor keeps). */
export interface NetworkConfig {
  readonly architecture: Architecture;
  readonly loss: Loss;
  readonly task: Task;
  readonly seed: number;
  readonly initializer: InitializerConfig;
  readonly backend: MatrixBackend<unknown>;
  /** The fused engine fit uses (null: the reference path). */
  readonly engine: EngineChoice | null;
  /** The `engine` option as resolved from the options (what a saved network records). */
  readonly engineOption: EngineName;
  readonly dtype: Dtype;
  readonly scale: ScaleName | null;
}

/**
 * The option keys `new Network` accepts.
 *
 * @example
 * ```ts
 * NETWORK_OPTION_KEYS.includes("scale"); // true
 * ```
 */
export const NETWORK_OPTION_KEYS: readonly string[] = [
  "activation",
  "outputActivation",
  "loss",
  "seed",
  "initializer",
  "backend",
  "engine",
  "dtype",
  "params",
  "scale",
];

/** "Did you mean" hints for option names of other libraries (or of `fit`). */
const HINTS: Readonly<Record<string, string>> = {
  scaler: "scale",
  scaling: "scale",
  standardize: 'scale: "standard"',
  normalize: 'scale: "standard" or "minmax"',
  weights: "params",
  initialParams: "params",
  initial_params: "params",
  random_state: "seed",
  randomState: "seed",
  hidden_activation: "activation",
  output_activation: "outputActivation",
};

/**
 * Checks that `options` is an object whose keys are all in `allowed`: a `TypeError`, or a
 * `RangeError` naming the unknown key (with a "did you mean" hint for common other names).
 *
 * @example
 * ```ts
 * checkOptionsObject({ seed: 1 }, NETWORK_OPTION_KEYS, "new Network");
 * ```
 */
export function checkOptionsObject(
  options: unknown,
  allowed: readonly string[],
  where: string,
): void {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  }
  checkOptionKeys(options, allowed, HINTS, where);
}

/**
 * Validates the arguments of `new Network(...)`: the layers, the loss against the output
 * activation, the seed, the initialiser, the backend and the engine/dtype pair.
 *
 * @example
 * ```ts
 * configureNetwork([2, 4, 1], {}, "new Network").task; // "binary"
 * ```
 */
export function configureNetwork(
  architecture: readonly number[] | readonly LayerInput[],
  options: NetworkOptions,
  where: string,
): NetworkConfig {
  checkOptionsObject(options, NETWORK_OPTION_KEYS, where);
  const arch = buildArchitecture(architecture, options, where);
  const last = arch[arch.length - 1]!;
  const outName = last.activation.name;
  const loss = getLoss(
    options.loss ??
      (outName === "sigmoid"
        ? "binaryCrossEntropy"
        : outName === "softmax"
          ? "categoricalCrossEntropy"
          : "meanSquaredError"),
    `${where}: loss`,
  );
  if (loss.name === "binaryCrossEntropy" && outName !== "sigmoid") {
    throw new RangeError(
      `${where}: binary cross-entropy needs a sigmoid output layer (probabilities in (0, 1)), but the output activation is ${outName}`,
    );
  }
  if (loss.name === "categoricalCrossEntropy" && outName !== "softmax") {
    throw new RangeError(
      `${where}: categorical cross-entropy needs a softmax output layer, but the output activation is ${outName}`,
    );
  }
  if (outName === "softmax" && last.outputDim < 2) {
    throw new RangeError(
      `${where}: a softmax over 1 unit always outputs 1; use 2 or more units (one per class), or a sigmoid output for binary labels`,
    );
  }
  const task = taskOf(loss, last.outputDim);
  const scale = options.scale === undefined ? null : checkScale(options.scale, `${where}: scale`);
  const seed = options.seed ?? 2;
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new RangeError(`${where}: seed must be an integer 0..2**32-1, got ${describe(seed)}`);
  }
  const initializer = normalizeInitializer(
    options.initializer ?? "notebook",
    `${where}: initializer`,
  );
  const backend = options.backend ?? (typedArrayBackend as MatrixBackend<unknown>);
  if (typeof backend !== "object" || backend === null || typeof backend.matmul !== "function") {
    throw new TypeError(`${where}: backend must be a MatrixBackend, got ${describe(backend)}`);
  }
  const engine =
    options.engine === undefined
      ? options.backend === undefined
        ? "auto"
        : "reference"
      : checkEngine(options.engine, `${where}: engine`);
  const dtype = checkDtype(options.dtype ?? "float64", `${where}: dtype`);
  if (engine !== "reference" && options.backend !== undefined) {
    throw new RangeError(
      `${where}: engine "${engine}" trains with its own kernels and cannot use backend ${backend.name}: omit backend, or set engine: "reference"`,
    );
  }
  if (engine === "reference" && dtype !== "float64") {
    throw new RangeError(
      `${where}: dtype "${dtype}" needs a fused engine ("auto", "wasm" or "js"), not engine "reference"`,
    );
  }
  const unfused = engine === "reference" ? null : fusedUnsupportedReason(arch, loss);
  if (unfused !== null && (engine !== "auto" || dtype !== "float64")) {
    throw new RangeError(
      `${where}: the fused engine cannot train this network (${unfused}); use engine "reference" (float64)`,
    );
  }
  if (engine === "wasm") createKernels("wasm", dtype, where); // fails now where SIMD is missing
  return {
    architecture: arch,
    loss,
    task,
    seed,
    initializer,
    backend,
    engine: engine === "reference" || unfused !== null ? null : { engine, dtype },
    engineOption: engine,
    dtype,
    scale,
  };
}

function buildArchitecture(
  architecture: readonly number[] | readonly LayerInput[],
  options: NetworkOptions,
  where: string,
): Architecture {
  if (!Array.isArray(architecture)) {
    throw new TypeError(
      `${where}: expected layer sizes such as [2, 25, 1] or a list of layers { inputDim, outputDim, activation }, got ${describe(architecture)}`,
    );
  }
  if (architecture.length > 0 && architecture.every((v) => typeof v === "number")) {
    const sizes = architecture as readonly number[];
    if (sizes.length < 2) {
      throw new RangeError(
        `${where}: expected at least two sizes (inputs and outputs), e.g. [2, 4, 1], got [${sizes.join(", ")}]`,
      );
    }
    sizes.forEach((s, i) => {
      if (!Number.isInteger(s) || s < 1) {
        throw new RangeError(`${where}: sizes[${i}] must be a positive integer, got ${s}`);
      }
    });
    const hidden = getActivation(options.activation ?? "relu", `${where}: activation`);
    const outputs = sizes[sizes.length - 1]!;
    const output = getActivation(
      options.outputActivation ?? (outputs === 1 ? "sigmoid" : "softmax"),
      `${where}: outputActivation`,
    );
    const layers: LayerSpec[] = [];
    for (let i = 0; i + 1 < sizes.length; i++) {
      layers.push({
        inputDim: sizes[i]!,
        outputDim: sizes[i + 1]!,
        activation: (i + 2 === sizes.length ? output : hidden).name,
      });
    }
    return normalizeArchitecture(layers, where);
  }
  if (options.activation !== undefined || options.outputActivation !== undefined) {
    throw new RangeError(
      `${where}: activation/outputActivation apply to the short form (layer sizes); a list of layers names each layer's activation`,
    );
  }
  return normalizeArchitecture(architecture as readonly LayerInput[], where);
}

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
import {
  checkDtype,
  checkEngine,
  createKernels,
  type EngineName,
  hasWasmSimd,
} from "../engine/select.ts";
import { FusedTrainer, fusedUnsupportedReason } from "../engine/trainer.ts";
import { TrainingDivergedError } from "../errors.ts";
import type { InitializerConfig, InitializerLike } from "../initializers/initializer.ts";
import { initializeParams, normalizeInitializer } from "../initializers/registry.ts";
import type { Loss, LossLike } from "../losses/loss.ts";
import { getLoss } from "../losses/registry.ts";
import { describe, Matrix } from "../matrix.ts";
import {
  fullBackwardPropagation,
  fullForwardPropagation,
  type Memory,
} from "../notebook/propagation.ts";
import type { Optimizer, OptimizerConfig, OptimizerState } from "../optimizers/optimizer.ts";
import { createOptimizer } from "../optimizers/registry.ts";
import { type LearningRateSchedule, scheduledLearningRate } from "../optimizers/schedules.ts";
import type { Grads, Params } from "../params.ts";
import { RandomState, type RandomStateSnapshot } from "../random.ts";
import {
  type DatasetRecord,
  type DecodeLimits,
  decodeNetwork,
  type EncodeOptions,
  encodeNetwork,
  type Hyperparameters,
  type NetworkJSON,
  type TrainingRecord,
} from "../serialize.ts";
import { VERSION } from "../version.ts";
import {
  gatherColumns,
  isLabelledData,
  type LabelledData,
  largeFeatures,
  type SamplesInput,
  type TargetsInput,
  toSamples,
  toTargets,
} from "./data.ts";
import { EarlyStopping } from "./early-stopping.ts";
import {
  type FitControl,
  type FitOptions,
  type FitSettings,
  normalizeFitOptions,
} from "./fit-options.ts";
import { type BatchLog, type EpochLog, History, type StopReason } from "./history.ts";
import { type Task, taskOf } from "./task.ts";
import { networkSource } from "./to-function.ts";

type Be = MatrixBackend<unknown>;

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
   * faster; networks it does not fuse (softmax, categorical cross-entropy, a custom loss) use
   * the reference path. `"wasm"` or `"js"` force a fused engine, `"reference"` the generic
   * path (the default when `backend` is given).
   */
  readonly engine?: EngineName;
  /**
   * Element type of the fused engine's forward and backward pass, default `"float64"`. With
   * `"float32"` the gradients are computed in float32 while parameters and optimiser state
   * stay float64.
   */
  readonly dtype?: Dtype;
}

/** Result of {@link Network.evaluate}. */
export interface Evaluation {
  readonly loss: number;
  /** Classification only. */
  readonly accuracy?: number;
}

/** Options of {@link Network.fromJSON}. */
export interface FromJSONOptions extends DecodeLimits {
  /** Backend of the loaded network; default the typed-array reference. */
  readonly backend?: MatrixBackend<unknown>;
}

/** Options of {@link Network.toFunction}. */
export interface ToFunctionOptions {
  /** Name of the generated function; default `"predict"`. */
  readonly name?: string;
}

/** A function made by {@link Network.toFunction}: one sample's features in, outputs out. */
export type StandaloneForward = (input: readonly number[]) => number[];

interface BatchEvent {
  readonly kind: "batch";
  readonly log: BatchLog;
}
interface EpochEvent {
  readonly kind: "epoch";
  readonly log: EpochLog;
}
type TrainEvent = BatchEvent | EpochEvent;

interface Checkpoint {
  readonly params: Params<unknown>;
  readonly rng: RandomStateSnapshot;
  readonly optimizer: OptimizerState;
  readonly epoch: number;
  readonly samplesSeen: number;
}

/** Everything one fit call works with, validated and converted. */
interface Session {
  readonly settings: FitSettings<Network>;
  readonly optimizer: Optimizer<unknown>;
  readonly baseLearningRate: number;
  readonly schedule: LearningRateSchedule;
  readonly train: { readonly X: Matrix; readonly Y: Matrix };
  /** The whole training set in the backend, features x samples (one full batch, no shuffling). */
  readonly full: { readonly X: unknown; readonly Y: unknown } | null;
  readonly validation: { readonly X: unknown; readonly Y: unknown; readonly n: number } | null;
  readonly batchSize: number;
  readonly batches: number;
  readonly earlyStopping: EarlyStopping<Params<unknown>> | null;
  readonly logs: EpochLog[];
  readonly control: FitControl<Network>;
  stopReason: StopReason;
  stopRequested: boolean;
  checkpoint: Checkpoint;
  divergenceLimit: number;
}

const isPromise = (v: unknown): v is Promise<unknown> =>
  typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function";

const now = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());

/** Gives the event loop a turn (timers, rendering, input) before training continues. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function sameConfig(a: OptimizerConfig, b: OptimizerConfig): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) =>
    Object.is(
      (a as unknown as Record<string, unknown>)[k],
      (b as unknown as Record<string, unknown>)[k],
    ),
  );
}

/**
 * A feed-forward network with a scikit-learn / TensorFlow.js style training API, on top of
 * the notebook's functions. Data is **samples x features** (`number[][]`, a {@link Matrix} or a
 * `{ X, y }` data set); internally the notebook's features x samples layout is used, with the
 * same forward and backward functions, so a full-batch SGD fit reproduces `train` bit for bit.
 *
 * Every random draw — initial weights, shuffles, validation splits — comes from one seeded
 * generator whose state is saved by {@link Network.toJSON}, together with the optimiser state
 * and the epoch counter: a reloaded network continues training exactly as if never saved.
 *
 * @example
 * ```ts
 * const net = new Network([2, 25, 50, 50, 25, 1], { seed: 2 });
 * const history = net.fit(X, y, { epochs: 200, batchSize: 32, optimizer: "adam", learningRate: 0.01 });
 * net.evaluate(Xtest, ytest).accuracy;
 * ```
 */
export class Network {
  /** The validated layers. */
  readonly architecture: Architecture;
  readonly loss: Loss;
  /** What the outputs mean (binary, multilabel, multiclass or regression). */
  readonly task: Task;
  readonly seed: number;
  readonly initializer: InitializerConfig;
  readonly backend: MatrixBackend<unknown>;
  #params: Params<unknown>;
  #rng: RandomState;
  #optimizer: Optimizer<unknown> | undefined;
  #optimizerConfig: OptimizerConfig | undefined;
  #epoch = 0;
  #samplesSeen = 0;
  #logs: EpochLog[] = [];
  #hyperparameters: Hyperparameters | null = null;
  #dataset: DatasetRecord | null = null;
  /** The fused engine fit uses, or null for the reference path. */
  readonly #engine: { readonly engine: EngineName; readonly dtype: Dtype } | null;
  /** The fused trainer of the last fit (reused while the batch capacity fits). */
  #trainer: FusedTrainer | null = null;

  /**
   * Builds a network from layer sizes (`[2, 25, 50, 50, 25, 1]`, with `activation` for hidden
   * layers and `outputActivation` for the last) or from the notebook's architecture (a list of
   * `{ input_dim, output_dim, activation }` or `{ inputDim, outputDim, activation }`), and
   * draws its initial parameters from the seeded generator.
   *
   * @example
   * ```ts
   * new Network([2, 8, 3], { activation: "tanh" }); // softmax over 3 classes
   * new Network(nnArchitecture, { seed: 2 }); // the notebook's list of layers
   * ```
   */
  constructor(
    architecture: readonly number[] | readonly LayerInput[],
    options: NetworkOptions = {},
  ) {
    const where = "new Network";
    if (typeof options !== "object" || options === null) {
      throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
    }
    const allowed = [
      "activation",
      "outputActivation",
      "loss",
      "seed",
      "initializer",
      "backend",
      "engine",
      "dtype",
    ];
    for (const key of Object.keys(options)) {
      if (!allowed.includes(key)) {
        throw new RangeError(
          `${where}: unknown option "${key}"; expected one of ${allowed.join(", ")}`,
        );
      }
    }
    this.architecture = Network.#buildArchitecture(architecture, options, where);
    const last = this.architecture[this.architecture.length - 1]!;
    const outName = last.activation.name;
    this.loss = getLoss(
      options.loss ??
        (outName === "sigmoid"
          ? "binaryCrossEntropy"
          : outName === "softmax"
            ? "categoricalCrossEntropy"
            : "meanSquaredError"),
      `${where}: loss`,
    );
    if (this.loss.name === "binaryCrossEntropy" && outName !== "sigmoid") {
      throw new RangeError(
        `${where}: binary cross-entropy needs a sigmoid output layer (probabilities in (0, 1)), but the output activation is ${outName}`,
      );
    }
    if (this.loss.name === "categoricalCrossEntropy" && outName !== "softmax") {
      throw new RangeError(
        `${where}: categorical cross-entropy needs a softmax output layer, but the output activation is ${outName}`,
      );
    }
    if (outName === "softmax" && last.outputDim < 2) {
      throw new RangeError(
        `${where}: a softmax over 1 unit always outputs 1; use 2 or more units (one per class), or a sigmoid output for binary labels`,
      );
    }
    this.task = taskOf(this.loss, last.outputDim);
    const seed = options.seed ?? 2;
    if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
      throw new RangeError(`${where}: seed must be an integer 0..2**32-1, got ${describe(seed)}`);
    }
    this.seed = seed;
    this.initializer = normalizeInitializer(
      options.initializer ?? "notebook",
      `${where}: initializer`,
    );
    const backend = options.backend ?? (typedArrayBackend as Be);
    if (typeof backend !== "object" || backend === null || typeof backend.matmul !== "function") {
      throw new TypeError(`${where}: backend must be a MatrixBackend, got ${describe(backend)}`);
    }
    this.backend = backend;
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
    const unfused =
      engine === "reference" ? null : fusedUnsupportedReason(this.architecture, this.loss);
    if (unfused !== null && (engine !== "auto" || dtype !== "float64")) {
      throw new RangeError(
        `${where}: the fused engine cannot train this network (${unfused}); use engine "reference" (float64)`,
      );
    }
    if (engine === "wasm") createKernels("wasm", dtype, where); // fails now where SIMD is missing
    this.#engine = engine === "reference" || unfused !== null ? null : { engine, dtype };
    this.#rng = new RandomState(seed);
    this.#params = initializeParams(this.architecture, this.#rng, this.initializer, backend);
  }

  static #buildArchitecture(
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

  /** Number of input features. */
  get inputSize(): number {
    return this.architecture[0]!.inputDim;
  }

  /** Number of output units. */
  get outputSize(): number {
    return this.architecture[this.architecture.length - 1]!.outputDim;
  }

  /** Epochs trained so far (over every fit, and across save/load). */
  get epoch(): number {
    return this.#epoch;
  }

  /**
   * A copy of the parameters as plain matrices (`params[i].W` is outputDim x inputDim).
   *
   * @example
   * ```ts
   * net.params[0].W.shape; // [25, 2]
   * ```
   */
  get params(): Params<Matrix> {
    const be = this.backend;
    return this.#params.map((p) => ({ W: be.toMatrix(p.W), b: be.toMatrix(p.b) }));
  }

  /** The optimiser of the last fit (undefined before the first fit). */
  get optimizer(): Optimizer<unknown> | undefined {
    return this.#optimizer;
  }

  /** Every epoch this network has trained, as one history (across fits; not saved by toJSON). */
  get history(): History {
    return new History(this.#logs);
  }

  /** How this network was made and last trained (what `toJSON` saves as `training`). */
  get trainingRecord(): TrainingRecord {
    return {
      library: "@plainnet/core",
      libraryVersion: VERSION,
      seed: this.seed,
      initializer: this.initializer,
      hyperparameters: this.#hyperparameters,
      dataset: this.#dataset,
    };
  }

  // --- prediction -------------------------------------------------------------------------

  #samples(X: unknown, where: string): Matrix {
    const xs = toSamples(isLabelledData(X) ? X.X : X, `${where}: X`);
    if (xs.cols !== this.inputSize) {
      throw new RangeError(
        `${where}: X has ${xs.cols} features per sample but the network's input layer expects ${this.inputSize} (X is samples x features, one row per example)`,
      );
    }
    return xs;
  }

  #toBackend(m: Matrix): unknown {
    return this.backend === (typedArrayBackend as Be) ? m : this.backend.fromMatrix(m);
  }

  #forward(Xt: unknown): { output: unknown; memory: Memory<unknown> } {
    return fullForwardPropagation(Xt, this.#params, this.architecture, { backend: this.backend });
  }

  /**
   * The output layer's values for every sample (samples x outputs), for any task.
   *
   * @example
   * ```ts
   * net.predictOutputs([[0.5, -0.2]]).shape; // [1, net.outputSize]
   * ```
   */
  predictOutputs(X: SamplesInput | LabelledData): Matrix {
    return this.#outputs(X, "predictOutputs");
  }

  #outputs(X: unknown, where: string): Matrix {
    const xs = this.#samples(X, where);
    const out = this.backend.toMatrix(this.#forward(this.#toBackend(xs.transpose())).output);
    return out.transpose();
  }

  /**
   * Class probabilities, samples x outputs: P(class 1) per sigmoid unit, or the softmax
   * distribution over classes. (Unlike scikit-learn, a binary network gives one column.)
   *
   * @example
   * ```ts
   * net.predictProba([[0.5, -0.2]]).get(0, 0); // P(y = 1)
   * ```
   */
  predictProba(X: SamplesInput | LabelledData): Matrix {
    if (this.task === "regression") {
      throw new RangeError(
        "predictProba: this network does regression (no probabilities); use predict or predictOutputs",
      );
    }
    return this.#outputs(X, "predictProba");
  }

  /**
   * Predictions, one per sample: class labels (0/1 by the notebook's `p > 0.5` for a sigmoid
   * output, the argmax for softmax) or values for a one-output regression. A multi-label or
   * multi-output network throws: use {@link Network.predictOutputs}.
   *
   * @example
   * ```ts
   * net.predict([[0.5, -0.2], [1.5, 0.3]]); // e.g. [1, 0]
   * ```
   */
  predict(X: SamplesInput | LabelledData): number[] {
    if (this.task === "multilabel" || (this.task === "regression" && this.outputSize > 1)) {
      throw new RangeError(
        `predict: this network has ${this.outputSize} ${this.task === "multilabel" ? "independent sigmoid outputs" : "regression outputs"}; use predictOutputs (one row per sample)`,
      );
    }
    const out = this.#outputs(X, "predict");
    const k = out.cols;
    const labels: number[] = new Array(out.rows);
    for (let i = 0; i < out.rows; i++) {
      if (this.task === "binary") labels[i] = (out.data[i] as number) > 0.5 ? 1 : 0;
      else if (this.task === "multiclass") labels[i] = argmax(out.data, i * k, k);
      else labels[i] = out.data[i] as number;
    }
    return labels;
  }

  /**
   * Loss (and accuracy for classifiers) on labelled data, with the current parameters.
   *
   * @example
   * ```ts
   * const { loss, accuracy } = net.evaluate(Xtest, ytest);
   * ```
   */
  evaluate(X: SamplesInput | LabelledData, y?: TargetsInput): Evaluation {
    const [xs, ys] = this.#labelled(X, y, "evaluate");
    return this.#measure(this.#toBackend(xs.transpose()), this.#toBackend(ys.transpose()), xs.rows);
  }

  #labelled(X: unknown, y: unknown, where: string): [Matrix, Matrix] {
    let xIn = X;
    let yIn = y;
    if (isLabelledData(X)) {
      if (y !== undefined) {
        throw new TypeError(`${where}: give either (X, y) or a { X, y } data set, not both`);
      }
      xIn = X.X;
      yIn = X.y;
    }
    if (yIn === undefined) {
      throw new TypeError(`${where}: missing the targets y (give (X, y) or a { X, y } data set)`);
    }
    const xs = this.#samples(xIn, where);
    const ys = toTargets(yIn, this.task, this.outputSize, xs.rows, `${where}: y`);
    return [xs, ys];
  }

  #measure(Xt: unknown, Yt: unknown, n: number): Evaluation {
    const { output } = this.#forward(Xt);
    const loss = this.loss.cost(this.backend, output, Yt);
    if (this.task === "regression") return { loss };
    return { loss, accuracy: this.#correct(output, Yt) / n };
  }

  /** Number of samples (columns) predicted right: every sigmoid unit thresholded at 0.5, or the argmax. */
  #correct(output: unknown, Y: unknown): number {
    const p = this.backend.toMatrix(output);
    const y = this.backend.toMatrix(Y);
    const { rows, cols } = y;
    let correct = 0;
    if (this.task === "multiclass") {
      for (let j = 0; j < cols; j++) {
        if (argmaxColumn(p.data, j, rows, cols) === argmaxColumn(y.data, j, rows, cols)) correct++;
      }
      return correct;
    }
    for (let j = 0; j < cols; j++) {
      let all = true;
      for (let i = 0; i < rows; i++) {
        if (((p.data[i * cols + j] as number) > 0.5 ? 1 : 0) !== y.data[i * cols + j]) {
          all = false;
          break;
        }
      }
      if (all) correct++;
    }
    return correct;
  }

  // --- training ---------------------------------------------------------------------------

  /**
   * Trains the network (synchronously) and returns this fit's {@link History}. `X` is samples
   * x features; `y` holds labels (0/1 for a sigmoid output, class indices 0..k-1 or one-hot
   * rows for softmax) or regression targets. Also accepts a `{ X, y }` data set in place of
   * `(X, y)`.
   *
   * Input is checked first (non-finite values, ragged rows, labels that do not fit the output
   * layer, mismatched lengths; a warning for unscaled features). A NaN/Infinity or exploding
   * loss, gradient or parameter stops training with a {@link TrainingDivergedError} naming the
   * epoch, layer and quantity. If fit throws (divergence, a callback error, an abort), the
   * network is left as it was after the last completed epoch.
   *
   * @example
   * ```ts
   * const history = net.fit(X, y, { epochs: 500, batchSize: 32, optimizer: "adam", learningRate: 0.01 });
   * history.loss.at(-1);
   * ```
   */
  fit(X: SamplesInput, y: TargetsInput, options: FitOptions<Network>): History;
  fit(data: LabelledData, options: FitOptions<Network>): History;
  fit(...args: unknown[]): History {
    const session = this.#prepare(args, "fit");
    const run = this.#train(session);
    try {
      for (let r = run.next(); r.done !== true; r = run.next()) {
        const result = this.#dispatch(session, r.value);
        if (isPromise(result)) {
          throw new TypeError(
            "fit: a callback returned a promise; use fitAsync for asynchronous callbacks",
          );
        }
      }
    } catch (error) {
      this.#restore(session.checkpoint);
      throw error;
    }
    return this.#finish(session);
  }

  /**
   * {@link Network.fit} that yields to the event loop about every 16 ms (so a page, a progress
   * bar or an AbortController stays responsive) and awaits asynchronous callbacks. Results are
   * bit-for-bit those of `fit`.
   *
   * @example
   * ```ts
   * const controller = new AbortController();
   * await net.fitAsync(X, y, { epochs: 1000, signal: controller.signal, callbacks: { onEpochEnd: draw } });
   * ```
   */
  fitAsync(X: SamplesInput, y: TargetsInput, options: FitOptions<Network>): Promise<History>;
  fitAsync(data: LabelledData, options: FitOptions<Network>): Promise<History>;
  async fitAsync(...args: unknown[]): Promise<History> {
    const session = this.#prepare(args, "fitAsync");
    const run = this.#train(session);
    let last = now();
    try {
      for (let r = run.next(); r.done !== true; r = run.next()) {
        const result = this.#dispatch(session, r.value);
        if (isPromise(result)) await result;
        if (now() - last >= 16) {
          await yieldToEventLoop();
          last = now();
        }
      }
    } catch (error) {
      this.#restore(session.checkpoint);
      throw error;
    }
    return this.#finish(session);
  }

  #dispatch(session: Session, event: TrainEvent): unknown {
    const { callbacks } = session.settings;
    if (event.kind === "batch") return callbacks.onBatchEnd?.(event.log, session.control);
    return callbacks.onEpochEnd?.(event.log, session.control);
  }

  #finish(session: Session): History {
    const es = session.earlyStopping;
    if (es?.config.restoreBestWeights && es.bestSnapshot !== undefined) {
      this.#params = es.bestSnapshot;
    }
    return new History(session.logs, session.stopReason, es?.bestEpoch);
  }

  #checkpoint(optimizer: Optimizer<unknown>): Checkpoint {
    return {
      params: this.#params,
      rng: this.#rng.getState(),
      optimizer: optimizer.getState(),
      epoch: this.#epoch,
      samplesSeen: this.#samplesSeen,
    };
  }

  #restore(c: Checkpoint): void {
    this.#params = c.params;
    this.#rng.setState(c.rng);
    this.#optimizer?.setState(c.optimizer);
    this.#epoch = c.epoch;
    this.#samplesSeen = c.samplesSeen;
  }

  #resolveOptimizer(
    s: FitSettings<Network>,
    where: string,
  ): { optimizer: Optimizer<unknown>; base: OptimizerConfig } {
    const spec = s.optimizer;
    if (
      typeof spec === "object" &&
      spec !== null &&
      typeof (spec as Optimizer<unknown>).step === "function"
    ) {
      const instance = spec as Optimizer<unknown>;
      if (instance.backend !== this.backend) {
        throw new RangeError(
          `${where}: the optimizer works on the ${instance.backend.name} backend but the network on ${this.backend.name}; create it with { backend: network.backend }`,
        );
      }
      // The instance of the previous fit keeps its base settings (a schedule may have lowered
      // its current learning rate).
      const base =
        instance === this.#optimizer && this.#optimizerConfig
          ? this.#optimizerConfig
          : instance.config();
      return { optimizer: instance, base };
    }
    let config: Record<string, unknown>;
    if (spec === undefined) {
      config = this.#optimizerConfig ? { ...this.#optimizerConfig } : { type: "sgd" };
      if (this.#optimizerConfig && s.learningRate === undefined && s.weightDecay === undefined) {
        return { optimizer: this.#optimizer!, base: this.#optimizerConfig };
      }
    } else {
      config = typeof spec === "string" ? { type: spec } : { ...(spec as Record<string, unknown>) };
    }
    if (s.learningRate !== undefined) config.learningRate = s.learningRate;
    if (s.weightDecay !== undefined) config.weightDecay = s.weightDecay;
    const fresh = createOptimizer(
      config as unknown as OptimizerConfig,
      this.backend,
      `${where}: optimizer`,
    );
    const base = fresh.config();
    if (
      this.#optimizer !== undefined &&
      this.#optimizerConfig !== undefined &&
      sameConfig(base, this.#optimizerConfig)
    ) {
      return { optimizer: this.#optimizer, base };
    }
    return { optimizer: fresh, base };
  }

  #prepare(args: unknown[], where: string): Session {
    let X: unknown;
    let y: unknown;
    let options: unknown;
    if (isLabelledData(args[0])) {
      if (args.length > 2) {
        throw new TypeError(`${where}: give (X, y, options) or ({ X, y }, options)`);
      }
      X = args[0].X;
      y = args[0].y;
      options = args[1];
    } else {
      [X, y, options] = args;
      if (
        options === undefined &&
        typeof y === "object" &&
        y !== null &&
        !Array.isArray(y) &&
        !(y instanceof Matrix) &&
        !(y instanceof Float64Array)
      ) {
        throw new TypeError(
          `${where}: missing y: call ${where}(X, y, options) or ${where}({ X, y }, options)`,
        );
      }
    }
    const s = normalizeFitOptions<Network>(options, this.task, where);
    if (s.signal?.aborted === true) throw s.signal.reason;
    // Everything is validated before the first random draw, so a rejected fit changes nothing.
    const { optimizer, base } = this.#resolveOptimizer(s, where);
    const xs = this.#samples(X, where);
    const ys = toTargets(y, this.task, this.outputSize, xs.rows, `${where}: y`);
    const large = largeFeatures(xs);
    if (large.length > 0) {
      const list = large
        .slice(0, 3)
        .map(([j, v]) => `feature ${j} reaches |x| = ${Number(v.toPrecision(4))}`)
        .join(", ");
      s.warn(
        `${where}: ${large.length} of ${xs.cols} features look unscaled (${list}${large.length > 3 ? ", ..." : ""}); standardise them (subtract the mean, divide by the standard deviation) or training may be slow or diverge`,
      );
    }

    // Validation data: a seeded random split (as scikit-learn's train_test_split) or given.
    let train = { X: xs, Y: ys };
    let validation: Session["validation"] = null;
    if (s.validationSplit !== null) {
      const n = xs.rows;
      const nVal = Math.ceil(s.validationSplit * n);
      if (nVal >= n) {
        throw new RangeError(
          `${where}: validationSplit ${s.validationSplit} of ${n} samples leaves no training samples`,
        );
      }
      const perm = this.#rng.permutation(n);
      const valIdx = perm.slice(0, nVal);
      const trainIdx = perm.slice(nVal);
      train = {
        X: gatherColumns(xs, trainIdx, 0, trainIdx.length).transpose(),
        Y: gatherColumns(ys, trainIdx, 0, trainIdx.length).transpose(),
      };
      validation = {
        X: this.#toBackend(gatherColumns(xs, valIdx, 0, nVal)),
        Y: this.#toBackend(gatherColumns(ys, valIdx, 0, nVal)),
        n: nVal,
      };
    } else if (s.validationData !== null) {
      const [vx, vy] = this.#labelled(
        s.validationData.X,
        s.validationData.y,
        `${where}: validationData`,
      );
      validation = {
        X: this.#toBackend(vx.transpose()),
        Y: this.#toBackend(vy.transpose()),
        n: vx.rows,
      };
    }
    const n = train.X.rows;
    const batchSize = s.batchSize === null ? n : Math.min(s.batchSize, n);
    const batches = Math.ceil(n / batchSize);
    const full =
      batches === 1
        ? { X: this.#toBackend(train.X.transpose()), Y: this.#toBackend(train.Y.transpose()) }
        : null;

    this.#optimizer = optimizer;
    this.#optimizerConfig = base;
    this.#hyperparameters = {
      epochs: s.epochs,
      batchSize: s.batchSize === null ? "full" : s.batchSize,
      shuffle: s.shuffle,
      optimizer: base,
      learningRateSchedule: s.schedule,
      validationSplit: s.validationSplit,
      validationData: s.validationData !== null,
      earlyStopping: s.earlyStopping,
      divergenceFactor: Number.isFinite(s.divergenceFactor) ? s.divergenceFactor : null,
    };
    this.#dataset = {
      samples: n,
      features: xs.cols,
      validationSamples: validation?.n ?? 0,
      info: s.dataset,
    };

    const session: Session = {
      settings: s,
      optimizer,
      baseLearningRate: base.learningRate,
      schedule: s.schedule,
      train,
      full,
      validation,
      batchSize,
      batches,
      earlyStopping:
        s.earlyStopping === null ? null : new EarlyStopping<Params<unknown>>(s.earlyStopping),
      logs: [],
      control: {
        network: this,
        stop: () => {
          session.stopRequested = true;
        },
      },
      stopReason: "completed",
      stopRequested: false,
      checkpoint: this.#checkpoint(optimizer),
      divergenceLimit: Number.NaN,
    };
    return session;
  }

  /** A fused trainer for batches of up to `capacity` samples, or null on the reference path. */
  #fusedTrainer(capacity: number): FusedTrainer | null {
    const e = this.#engine;
    if (e === null) return null;
    const t = this.#trainer;
    if (t !== null && t.capacity === capacity && t.kernels.dtype === e.dtype) return t;
    this.#trainer = new FusedTrainer(
      this.architecture,
      capacity,
      createKernels(e.engine, e.dtype, "fit"),
      this.loss,
    );
    return this.#trainer;
  }

  /**
   * What trains this network in `fit`: a fused kernel set (`"wasm-simd-f64"`, `"js-f64"`,
   * `"wasm-simd-f32"`, `"js-f32"`) or `"reference:<backend name>"`.
   *
   * @example
   * ```ts
   * new Network([2, 25, 1]).engine; // "wasm-simd-f64" where WebAssembly SIMD is available
   * new Network([2, 3, 3]).engine; // "reference:typed-array" (softmax output)
   * ```
   */
  get engine(): string {
    const e = this.#engine;
    if (e === null) return `reference:${this.backend.name}`;
    const bits = e.dtype === "float64" ? "f64" : "f32";
    return e.engine === "js" || !hasWasmSimd() ? `js-${bits}` : `wasm-simd-${bits}`;
  }

  *#train(s: Session): Generator<TrainEvent, void, void> {
    const be = this.backend;
    const arch = this.architecture;
    const opt = s.optimizer;
    const n = s.train.X.rows;
    const trainer = this.#fusedTrainer(s.batchSize);
    trainer?.setParams(this.#params as Params<Matrix>);
    for (let k = 0; k < s.settings.epochs; k++) {
      const epoch = this.#epoch;
      const lr = scheduledLearningRate(s.schedule, s.baseLearningRate, {
        epoch,
        samplesSeen: this.#samplesSeen,
      });
      opt.learningRate = lr;
      const order = s.batches > 1 && s.settings.shuffle ? this.#rng.permutation(n) : null;
      let weighted = 0;
      let correct = 0;
      let lastCost = 0;
      for (let b = 0; b < s.batches; b++) {
        if (s.settings.signal?.aborted === true) throw s.settings.signal.reason;
        const start = b * s.batchSize;
        const end = Math.min(start + s.batchSize, n);
        const m = end - start;
        const Xb = s.full ? s.full.X : this.#toBackend(gatherColumns(s.train.X, order, start, end));
        const Yb = s.full ? s.full.Y : this.#toBackend(gatherColumns(s.train.Y, order, start, end));
        const params = this.#params;
        let cost: number;
        let grads: Grads<unknown>;
        if (trainer !== null) {
          // The fused engine (the backend is the typed-array reference: batches are Matrix).
          if (!s.full || (k === 0 && b === 0)) trainer.setData(Xb as Matrix, Yb as Matrix);
          trainer.forward();
          const ev = trainer.evaluate();
          cost = ev.cost;
          if (Number.isNaN(s.divergenceLimit))
            s.divergenceLimit = s.settings.divergenceFactor * Math.max(cost, 1);
          if (!Number.isFinite(cost) || cost > s.divergenceLimit) {
            const { memory } = fullForwardPropagation(Xb, params, arch, { backend: be });
            this.#diverged(epoch, cost, memory, lr, s);
          }
          if (this.task !== "regression") correct += ev.correct;
          trainer.backward();
          grads = trainer.gradients();
        } else {
          const { output, memory } = fullForwardPropagation(Xb, params, arch, { backend: be });
          cost = this.loss.cost(be, output, Yb);
          if (Number.isNaN(s.divergenceLimit))
            s.divergenceLimit = s.settings.divergenceFactor * Math.max(cost, 1);
          if (!Number.isFinite(cost) || cost > s.divergenceLimit)
            this.#diverged(epoch, cost, memory, lr, s);
          if (this.task !== "regression") correct += this.#correct(output, Yb);
          grads = fullBackwardPropagation(output, Yb, memory, params, arch, this.loss, {
            backend: be,
          });
        }
        grads.forEach((g, layer) => {
          const sum = be.sum(g.dW) + be.sum(g.db);
          if (!Number.isFinite(sum)) {
            throw new TrainingDivergedError(
              epoch,
              layer,
              "gradient",
              sum,
              "dW or db holds NaN/Infinity or overflowed",
              suggestion(lr),
            );
          }
        });
        const next = opt.step(params, grads);
        next.forEach((p, layer) => {
          const sum = be.sum(p.W) + be.sum(p.b);
          if (!Number.isFinite(sum)) {
            throw new TrainingDivergedError(
              epoch,
              layer,
              "parameter",
              sum,
              "W or b overflowed after the update",
              suggestion(lr),
            );
          }
        });
        this.#params = next;
        trainer?.setParams(next as Params<Matrix>);
        this.#samplesSeen += m;
        weighted += cost * m;
        lastCost = cost;
        yield { kind: "batch", log: { epoch, batch: b, size: m, loss: cost } };
      }
      this.#epoch = epoch + 1;
      const log: Record<string, number> = {
        epoch,
        loss: s.batches === 1 ? lastCost : weighted / n,
      };
      if (this.task !== "regression") log.accuracy = correct / n;
      if (s.validation !== null) {
        const v = this.#measure(s.validation.X, s.validation.Y, s.validation.n);
        log.valLoss = v.loss;
        if (v.accuracy !== undefined) log.valAccuracy = v.accuracy;
      }
      log.learningRate = lr;
      const entry = log as unknown as EpochLog;
      this.#logs.push(entry);
      s.logs.push(entry);
      if (s.earlyStopping?.observe(entry, this.#params) === true) {
        s.stopReason = "earlyStopping";
        s.stopRequested = true;
      }
      s.checkpoint = this.#checkpoint(opt);
      yield { kind: "epoch", log: entry };
      if (s.stopRequested) {
        if (s.stopReason === "completed") s.stopReason = "callback";
        break;
      }
    }
  }

  #diverged(epoch: number, cost: number, memory: Memory<unknown>, lr: number, s: Session): never {
    // The culprit: the first layer whose pre-activations hold NaN, else the largest |Z|.
    let layer = -1;
    let largest = -1;
    for (let i = 0; i < memory.Z.length; i++) {
      const data = this.backend.toMatrix(memory.Z[i]).data;
      let max = 0;
      for (const v of data) {
        if (Number.isNaN(v)) {
          max = Number.NaN;
          break;
        }
        if (Math.abs(v) > max) max = Math.abs(v);
      }
      if (Number.isNaN(max)) {
        layer = i;
        largest = max;
        break;
      }
      if (max > largest) {
        largest = max;
        layer = i;
      }
    }
    const what = Number.isFinite(cost)
      ? `exceeds ${s.divergenceLimit} (divergenceFactor × max(first loss, 1))`
      : "is not finite";
    throw new TrainingDivergedError(
      epoch,
      layer,
      "cost",
      cost,
      `the loss ${what}; the largest pre-activations are in layer ${layer} (max |Z| = ${largest})`,
      suggestion(lr),
    );
  }

  // --- persistence and export -------------------------------------------------------------

  /**
   * The network as a versioned, plain-data document (schema version 1): architecture, loss,
   * parameters (base64 of the float64 bits by default: exact), optimiser settings and state,
   * the generator state, the epoch counter and the training record. `JSON.stringify(net)`
   * calls it.
   *
   * @example
   * ```ts
   * const text = JSON.stringify(net);
   * const copy = Network.fromJSON(text);
   * ```
   */
  toJSON(options: EncodeOptions = {}): NetworkJSON {
    const opt = this.#optimizer;
    return encodeNetwork(
      {
        architecture: this.architecture,
        loss: this.loss,
        params: this.params,
        optimizer:
          opt === undefined || this.#optimizerConfig === undefined
            ? null
            : { config: this.#optimizerConfig, state: opt.getState() },
        rng: this.#rng.getState(),
        epoch: this.#epoch,
        samplesSeen: this.#samplesSeen,
        training: this.trainingRecord,
      },
      typeof options === "object" && options !== null ? options : {},
    );
  }

  /**
   * Restores a network saved by {@link Network.toJSON} (the document or its JSON text), after
   * validating every field (see `decodeNetwork`): a problem throws an `InvalidModelError`
   * naming the field. Training continues exactly where it stopped.
   *
   * @example
   * ```ts
   * const net = Network.fromJSON(await readFile("moons.json", "utf8"));
   * ```
   */
  static fromJSON(json: unknown, options: FromJSONOptions = {}): Network {
    const { backend, ...limits } = options;
    const doc = decodeNetwork(json, limits);
    const t = doc.training;
    const net = new Network(doc.architecture, {
      loss: doc.loss,
      seed: t.seed,
      initializer: t.initializer,
      ...(backend === undefined ? {} : { backend }),
    });
    const be = net.backend;
    net.#params = doc.params.map((p) => ({ W: be.fromMatrix(p.W), b: be.fromMatrix(p.b) }));
    net.#rng.setState(doc.rng);
    net.#epoch = doc.epoch;
    net.#samplesSeen = doc.samplesSeen;
    net.#hyperparameters = t.hyperparameters;
    net.#dataset = t.dataset;
    if (doc.optimizer !== null) {
      const opt = createOptimizer(doc.optimizer.config, be);
      net.#optimizerConfig = opt.config(); // the base settings, before the state's current rate
      opt.setState(doc.optimizer.state);
      net.#optimizer = opt;
    }
    return net;
  }

  /**
   * The forward pass as standalone JavaScript source (no plainnet import): a function that
   * takes one sample's features and returns the output values. See `networkSource`.
   *
   * @example
   * ```ts
   * await writeFile("predict.js", net.toFunctionSource() + "\nexport { predict };");
   * ```
   */
  toFunctionSource(options: ToFunctionOptions = {}): string {
    return networkSource(this.architecture, this.params, options.name ?? "predict");
  }

  /**
   * The forward pass compiled from {@link Network.toFunctionSource} (as brain.js's
   * `toFunction`): `fn.toString()` is the standalone source. Uses `new Function`, which a
   * strict Content-Security-Policy may forbid; the source itself can be saved and bundled.
   *
   * @example
   * ```ts
   * const predict = net.toFunction();
   * predict([0.5, -0.2]); // [p]
   * ```
   */
  toFunction(options: ToFunctionOptions = {}): StandaloneForward {
    const name = options.name ?? "predict";
    const source = networkSource(this.architecture, this.params, name);
    return new Function(`${source}\nreturn ${name};`)() as StandaloneForward;
  }
}

function suggestion(lr: number): string {
  return `Try a lower learning rate (this epoch used ${lr}), scale the inputs to zero mean and unit variance, use a smaller weight initialisation, or an adaptive optimiser such as Adam.`;
}

function argmax(data: Float64Array, offset: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++)
    if ((data[offset + j] as number) > (data[offset + best] as number)) best = j;
  return best;
}

function argmaxColumn(data: Float64Array, col: number, rows: number, cols: number): number {
  let best = 0;
  for (let i = 1; i < rows; i++)
    if ((data[i * cols + col] as number) > (data[best * cols + col] as number)) best = i;
  return best;
}

import type { Architecture, LayerInput } from "../architecture.ts";
import type { MatrixBackend } from "../backend.ts";
import type { Dtype } from "../engine/kernels.ts";
import type { InitializerConfig } from "../initializers/initializer.ts";
import { initializeParams } from "../initializers/registry.ts";
import type { Loss } from "../losses/loss.ts";
import type { Matrix } from "../matrix.ts";
import type { Optimizer } from "../optimizers/optimizer.ts";
import type { Params } from "../params.ts";
import { RandomState } from "../random.ts";
import {
  type EncodeOptions,
  encodeNetwork,
  type NetworkJSON,
  type TrainingRecord,
} from "../serialize.ts";
import { VERSION } from "../version.ts";
import type { ClassLabel } from "./classes.ts";
import { ConcurrentTrainingError } from "./concurrent-training-error.ts";
import { configureNetwork, type NetworkOptions } from "./construct.ts";
import type { LabelledData, SamplesInput, TargetsInput } from "./data.ts";
import type { FitOptions } from "./fit-options.ts";
import { runFit, runFitAsync } from "./fit-run.ts";
import { prepareSession } from "./fit-session.ts";
import { History } from "./history.ts";
import { applySnapshot, type FromJSONOptions, planLoad } from "./persistence.ts";
import { type Evaluation, evaluation, labelled, outputs, predictions } from "./prediction.ts";
import { describeScaler, fittedScaler, scalerSource, scaleSamples } from "./scaling.ts";
import { type ParamsInput, startingParams } from "./starting-params.ts";
import type { NetworkState } from "./state.ts";
import { networkSummary } from "./summary.ts";
import type { Task } from "./task.ts";
import { networkSource } from "./to-function.ts";
import { engineLabel } from "./training-loop.ts";

export type { NetworkOptions } from "./construct.ts";
export type { FromJSONOptions } from "./persistence.ts";
export type {
  ClassifierEvaluation,
  Evaluation,
  RegressionEvaluation,
} from "./prediction.ts";

/** Options of {@link Network.toFunction}. */
export interface ToFunctionOptions {
  /** Name of the generated function; default `"predict"`. */
  readonly name?: string;
}

/** A function made by {@link Network.toFunction}: one sample's features in, outputs out. */
export type StandaloneForward = (input: readonly number[]) => number[];

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
export class Network<L extends ClassLabel = number> {
  /** The validated layers. */
  readonly architecture: Architecture;
  readonly loss: Loss;
  /** What the outputs mean (binary, multilabel, multiclass or regression). */
  readonly task: Task;
  readonly seed: number;
  readonly initializer: InitializerConfig;
  readonly backend: MatrixBackend<unknown>;
  readonly #state: NetworkState;

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
    const c = configureNetwork(architecture, options, where);
    this.architecture = c.architecture;
    this.loss = c.loss;
    this.task = c.task;
    this.seed = c.seed;
    this.initializer = c.initializer;
    this.backend = c.backend;
    const rng = new RandomState(c.seed);
    this.#state = {
      architecture: c.architecture,
      loss: c.loss,
      task: c.task,
      backend: c.backend,
      engine: c.engine,
      rng,
      params: initializeParams(c.architecture, rng, c.initializer, c.backend),
      optimizer: undefined,
      optimizerConfig: undefined,
      epoch: 0,
      samplesSeen: 0,
      logs: [],
      hyperparameters: null,
      dataset: null,
      trainer: null,
      engineOption: c.engineOption,
      dtype: c.dtype,
      classes: null,
      scale: c.scale,
      scaler: null,
      training: false,
    };
    if (options.params !== undefined) {
      this.#state.params = startingParams(options.params, c.architecture, c.backend, where);
    }
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
    return this.#state.epoch;
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
    return this.#state.params.map((p) => ({ W: be.toMatrix(p.W), b: be.toMatrix(p.b) }));
  }

  /**
   * Replaces the weights and biases (validated as the `params` option: one `{ W, b }` per
   * layer, `W` outputDim x inputDim, `b` outputDim x 1, finite; copied). The optimiser's state
   * and the epoch counter are kept. Not allowed while the network is training.
   *
   * @example
   * ```ts
   * net.setParams(other.params);
   * ```
   */
  setParams(params: ParamsInput): void {
    const where = "setParams";
    if (this.#state.training) throw new ConcurrentTrainingError(where);
    this.#state.params = startingParams(params, this.architecture, this.backend, where);
  }

  /**
   * The class labels of a classifier, sorted as scikit-learn's `classes_` (numbers
   * ascending, strings by code point): set by the first `fit` with labels (integer labels
   * 0..k-1 give `[0, 1, ..., k-1]`), saved by `toJSON`; null before. `predict` returns them.
   *
   * @example
   * ```ts
   * net.fit(X, ["setosa", "virginica", "setosa"], { epochs: 10 });
   * net.classes; // ["setosa", "virginica"]
   * ```
   */
  get classes(): readonly L[] | null {
    return (this.#state.classes?.slice() as L[] | undefined) ?? null;
  }

  /** Element type of the fused engine's forward and backward pass (`"float64"` or `"float32"`). */
  get dtype(): Dtype {
    return this.#state.dtype;
  }

  /** The optimiser of the last fit (undefined before the first fit). */
  get optimizer(): Optimizer<unknown> | undefined {
    return this.#state.optimizer;
  }

  /** Every epoch this network has trained, as one history (across fits; not saved by toJSON). */
  get history(): History {
    return new History(this.#state.logs);
  }

  /** How this network was made and last trained (what `toJSON` saves as `training`). */
  get trainingRecord(): TrainingRecord {
    return {
      library: "@plainnet/core",
      libraryVersion: VERSION,
      seed: this.seed,
      initializer: this.initializer,
      hyperparameters: this.#state.hyperparameters,
      dataset: this.#state.dataset,
    };
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
    return engineLabel(this.#state);
  }

  /**
   * A Keras-like table of the layers (output shape, activation, parameters), the total, the
   * engine and dtype, and the classes when known. `toString()` and `console.log(net)` (Node,
   * Bun, Deno) show it.
   *
   * @example
   * ```ts
   * console.log(new Network([4, 8, 3]).summary());
   * ```
   */
  summary(): string {
    const s = this.#state;
    return networkSummary({
      architecture: this.architecture,
      loss: this.loss.name,
      task: this.task,
      engine: this.engine,
      dtype: s.dtype,
      scaler: s.scale === null ? null : describeScaler(s.scale, s.scaler),
      classes: s.classes,
      epoch: s.epoch,
    });
  }

  /**
   * The {@link Network.summary} table.
   *
   * @example
   * ```ts
   * String(net); // "Network (binary, loss binaryCrossEntropy)\n..."
   * ```
   */
  toString(): string {
    return this.summary();
  }

  // --- prediction -------------------------------------------------------------------------

  /**
   * The output layer's values for every sample (samples x outputs), for any task.
   *
   * @example
   * ```ts
   * net.predictOutputs([[0.5, -0.2]]).shape; // [1, net.outputSize]
   * ```
   */
  predictOutputs(X: SamplesInput | LabelledData<ClassLabel>): Matrix {
    return outputs(this.#state, X, "predictOutputs");
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
  predictProba(X: SamplesInput | LabelledData<ClassLabel>): Matrix {
    if (this.task === "regression") {
      throw new RangeError(
        "predictProba: this network does regression (no probabilities); use predict or predictOutputs",
      );
    }
    return outputs(this.#state, X, "predictProba");
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
  predict(X: SamplesInput | LabelledData<ClassLabel>): L[] {
    if (this.task === "multilabel" || (this.task === "regression" && this.outputSize > 1)) {
      throw new RangeError(
        `predict: this network has ${this.outputSize} ${this.task === "multilabel" ? "independent sigmoid outputs" : "regression outputs"}; use predictOutputs (one row per sample)`,
      );
    }
    return predictions(this.#state, outputs(this.#state, X, "predict")) as L[];
  }

  /**
   * Metrics on labelled data (raw features: the network's scaler is applied), with the current
   * parameters: `{ task, loss, accuracy }` for a classifier (labels as in `fit`), `{ task,
   * loss, mse, mae, r2 }` for regression (scikit-learn's definitions).
   *
   * @example
   * ```ts
   * const { loss, accuracy } = net.evaluate(Xtest, ytest);
   * ```
   */
  evaluate(X: SamplesInput | LabelledData<L>, y?: TargetsInput | readonly L[]): Evaluation {
    const where = "evaluate";
    const s = this.#state;
    const [xs, ys] = labelled(s, X, y, where);
    return evaluation(s, scaleSamples(s.scale, s.scaler, xs, where), ys);
  }

  // --- training ---------------------------------------------------------------------------

  /**
   * Trains the network (synchronously) and returns this fit's {@link History}. `X` is samples
   * x features (raw: a `scale` option's scaler is fitted on them by the first fit); `y` holds
   * class labels (strings or numbers: two classes for a sigmoid output, one per unit for
   * softmax; see {@link Network.classes}), one-hot rows, or regression targets. Also accepts a
   * `{ X, y }` data set in place of `(X, y)`. One fit at a time: a second while one runs
   * throws a `ConcurrentTrainingError`.
   *
   * Input is checked first (non-finite values, ragged rows, labels that do not fit the output
   * layer, mismatched lengths; a warning for unscaled features). A NaN/Infinity or exploding
   * loss, gradient or parameter, or outputs saturated at their bound with a loss above the
   * trivial predictor's, stops training with a {@link TrainingDivergedError} naming the epoch,
   * layer, quantity and reason. If fit throws (divergence, a callback error, an abort), the
   * network is left as it was after the last completed epoch — or, when the loss measured at the
   * start of an epoch was the problem, at the start of the previous one (its `resumeEpoch`).
   *
   * @example
   * ```ts
   * const history = net.fit(X, y, { epochs: 500, batchSize: 32, optimizer: "adam", learningRate: 0.01 });
   * history.loss.at(-1);
   * ```
   */
  fit(X: SamplesInput, y: TargetsInput | readonly L[], options: FitOptions<Network<L>>): History;
  fit(data: LabelledData<L>, options: FitOptions<Network<L>>): History;
  fit(...args: unknown[]): History {
    this.#startTraining("fit");
    try {
      return runFit(this.#state, prepareSession(this.#state, this, args, "fit"));
    } finally {
      this.#state.training = false;
    }
  }

  #startTraining(where: string): void {
    if (this.#state.training) throw new ConcurrentTrainingError(where);
    this.#state.training = true;
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
  fitAsync(
    X: SamplesInput,
    y: TargetsInput | readonly L[],
    options: FitOptions<Network<L>>,
  ): Promise<History>;
  fitAsync(data: LabelledData<L>, options: FitOptions<Network<L>>): Promise<History>;
  async fitAsync(...args: unknown[]): Promise<History> {
    this.#startTraining("fitAsync");
    try {
      return await runFitAsync(this.#state, prepareSession(this.#state, this, args, "fitAsync"));
    } finally {
      this.#state.training = false;
    }
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
    const s = this.#state;
    const opt = s.optimizer;
    return encodeNetwork(
      {
        architecture: this.architecture,
        loss: this.loss,
        params: this.params,
        optimizer:
          opt === undefined || s.optimizerConfig === undefined
            ? null
            : { config: s.optimizerConfig, state: opt.getState() },
        rng: s.rng.getState(),
        epoch: s.epoch,
        samplesSeen: s.samplesSeen,
        training: this.trainingRecord,
        settings: {
          engine: s.engineOption,
          dtype: s.dtype,
          classes: s.classes,
          scale: s.scale,
          scaler: s.scaler,
        },
      },
      typeof options === "object" && options !== null ? options : {},
    );
  }

  /**
   * Restores a network saved by {@link Network.toJSON} (the document or its JSON text), after
   * validating every field (see `decodeNetwork`): a problem throws an `InvalidModelError`
   * naming the field. Training continues exactly where it stopped, with the saved engine,
   * dtype, classes and scaler (`options.engine` / `options.dtype` override the first two).
   * The type parameter is the type of the class labels `predict` returns (default `number`).
   *
   * @example
   * ```ts
   * const net = Network.fromJSON(await readFile("moons.json", "utf8"));
   * const iris = Network.fromJSON<string>(await readFile("iris.json", "utf8"));
   * ```
   */
  static fromJSON<L extends ClassLabel = number>(
    json: unknown,
    options: FromJSONOptions = {},
  ): Network<L> {
    const where = "Network.fromJSON";
    const plan = planLoad(json, options, where);
    let net: Network<L>;
    try {
      net = new Network<L>(plan.snapshot.architecture, plan.options);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("new Network: ")) {
        error.message = `${where}: ${error.message.slice("new Network: ".length)}`;
      }
      throw error;
    }
    applySnapshot(net.#state, plan.snapshot);
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
    return this.#source(options.name ?? "predict", "toFunctionSource");
  }

  #source(name: string, where: string): string {
    const s = this.#state;
    const scaler = fittedScaler(s.scale, s.scaler, where);
    const scaleInput = scaler === null ? null : scalerSource(scaler);
    return networkSource(this.architecture, this.params, name, scaleInput);
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
    const source = this.#source(name, "toFunction");
    return new Function(`${source}\nreturn ${name};`)() as StandaloneForward;
  }
}

// What `console.log(net)` shows under Node and Bun (`util.inspect.custom`) and Deno
// (`Deno.customInspect`): the summary, not the internals (the backend's functions).
for (const key of [Symbol.for("nodejs.util.inspect.custom"), Symbol.for("Deno.customInspect")]) {
  Object.defineProperty(Network.prototype, key, {
    value(this: Network<ClassLabel>): string {
      return this.summary();
    },
    writable: true,
    configurable: true,
  });
}

import type { Architecture, LayerInput } from "../architecture.ts";
import type { MatrixBackend } from "../backend.ts";
import type { InitializerConfig } from "../initializers/initializer.ts";
import { initializeParams } from "../initializers/registry.ts";
import type { Loss } from "../losses/loss.ts";
import type { Matrix } from "../matrix.ts";
import type { Optimizer } from "../optimizers/optimizer.ts";
import { createOptimizer } from "../optimizers/registry.ts";
import type { Params } from "../params.ts";
import { RandomState } from "../random.ts";
import {
  type DecodeLimits,
  decodeNetwork,
  type EncodeOptions,
  encodeNetwork,
  type NetworkJSON,
  type TrainingRecord,
} from "../serialize.ts";
import { VERSION } from "../version.ts";
import { configureNetwork, type NetworkOptions } from "./construct.ts";
import type { LabelledData, SamplesInput, TargetsInput } from "./data.ts";
import type { FitOptions } from "./fit-options.ts";
import { prepareSession, restore, type Session } from "./fit-session.ts";
import { History } from "./history.ts";
import {
  type Evaluation,
  labelled,
  measure,
  outputs,
  predictions,
  toBackend,
} from "./prediction.ts";
import type { NetworkState } from "./state.ts";
import type { Task } from "./task.ts";
import { networkSource } from "./to-function.ts";
import { engineLabel, type TrainEvent, trainEpochs } from "./training-loop.ts";

export type { NetworkOptions } from "./construct.ts";
export type { Evaluation } from "./prediction.ts";

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

const isPromise = (v: unknown): v is Promise<unknown> =>
  typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function";

const now = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());

/** Gives the event loop a turn (timers, rendering, input) before training continues. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

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
    const c = configureNetwork(architecture, options, "new Network");
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
    };
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

  // --- prediction -------------------------------------------------------------------------

  /**
   * The output layer's values for every sample (samples x outputs), for any task.
   *
   * @example
   * ```ts
   * net.predictOutputs([[0.5, -0.2]]).shape; // [1, net.outputSize]
   * ```
   */
  predictOutputs(X: SamplesInput | LabelledData): Matrix {
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
  predictProba(X: SamplesInput | LabelledData): Matrix {
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
  predict(X: SamplesInput | LabelledData): number[] {
    if (this.task === "multilabel" || (this.task === "regression" && this.outputSize > 1)) {
      throw new RangeError(
        `predict: this network has ${this.outputSize} ${this.task === "multilabel" ? "independent sigmoid outputs" : "regression outputs"}; use predictOutputs (one row per sample)`,
      );
    }
    return predictions(this.#state, outputs(this.#state, X, "predict"));
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
    const s = this.#state;
    const [xs, ys] = labelled(s, X, y, "evaluate");
    return measure(s, toBackend(s, xs.transpose()), toBackend(s, ys.transpose()), xs.rows);
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
  fit(X: SamplesInput, y: TargetsInput, options: FitOptions<Network>): History;
  fit(data: LabelledData, options: FitOptions<Network>): History;
  fit(...args: unknown[]): History {
    const session = prepareSession(this.#state, this, args, "fit");
    const run = trainEpochs(this.#state, session);
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
      restore(this.#state, session.checkpoint);
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
    const session = prepareSession(this.#state, this, args, "fitAsync");
    const run = trainEpochs(this.#state, session);
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
      restore(this.#state, session.checkpoint);
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
      this.#state.params = es.bestSnapshot;
    }
    return new History(session.logs, session.stopReason, es?.bestEpoch);
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
    const s = net.#state;
    const be = net.backend;
    s.params = doc.params.map((p) => ({ W: be.fromMatrix(p.W), b: be.fromMatrix(p.b) }));
    s.rng.setState(doc.rng);
    s.epoch = doc.epoch;
    s.samplesSeen = doc.samplesSeen;
    s.hyperparameters = t.hyperparameters;
    s.dataset = t.dataset;
    if (doc.optimizer !== null) {
      const opt = createOptimizer(doc.optimizer.config, be);
      s.optimizerConfig = opt.config(); // the base settings, before the state's current rate
      opt.setState(doc.optimizer.state);
      s.optimizer = opt;
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

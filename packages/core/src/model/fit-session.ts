import { DivergenceDetector } from "../divergence.ts";
import { Matrix } from "../matrix.ts";
import type { Optimizer, OptimizerConfig, OptimizerState } from "../optimizers/optimizer.ts";
import { createOptimizer } from "../optimizers/registry.ts";
import type { LearningRateSchedule } from "../optimizers/schedules.ts";
import type { Params } from "../params.ts";
import type { RandomStateSnapshot } from "../random.ts";
import { type ClassLabel, classTargets } from "./classes.ts";
import { gatherColumns, isLabelledData, largeFeatures, toTargets } from "./data.ts";
import { EarlyStopping } from "./early-stopping.ts";
import { type FitControl, type FitSettings, normalizeFitOptions } from "./fit-options.ts";
import type { EpochLog, StopReason } from "./history.ts";
import type { Network } from "./network.ts";
import { checkSamples, labelled, toBackend } from "./prediction.ts";
import { createScaler } from "./scaling.ts";
import type { NetworkState } from "./state.ts";

/** The state a failed fit returns to: the end of the last completed epoch. */
export interface Checkpoint {
  readonly params: Params<unknown>;
  readonly rng: RandomStateSnapshot;
  readonly optimizer: OptimizerState;
  readonly epoch: number;
  readonly samplesSeen: number;
  /** The classes and the scaler (a fit that keeps no epoch also leaves these as they were). */
  readonly classes: NetworkState["classes"];
  readonly scaler: NetworkState["scaler"];
}

/** Everything one fit call works with, validated and converted. */
export interface Session {
  readonly settings: FitSettings<Network<ClassLabel>>;
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
  readonly control: FitControl<Network<ClassLabel>>;
  stopReason: StopReason;
  stopRequested: boolean;
  checkpoint: Checkpoint;
  /** The checkpoint before {@link checkpoint} (the start of the previous epoch). */
  previous: Checkpoint;
  /** The divergence checks of every batch and epoch. */
  readonly detector: DivergenceDetector;
  /**
   * Brings `state.params` up to date (the fused engine keeps them in its heap during a fit):
   * called before anything outside the training loop may read them.
   */
  syncParams: () => void;
}

/**
 * Validates the arguments of `fit(X, y, options)` / `fit({ X, y }, options)` and prepares a
 * {@link Session}: the optimiser (continued or fresh), the training and validation data in
 * the backend, the batch plan and the first checkpoint. Everything is validated before the
 * first random draw, so a rejected fit changes nothing.
 *
 * @example
 * ```ts
 * const session = prepareSession(state, network, args, "fit");
 * ```
 */
export function prepareSession(
  state: NetworkState,
  network: Network<ClassLabel>,
  args: readonly unknown[],
  where: string,
): Session {
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
  const s = normalizeFitOptions<Network<ClassLabel>>(options, state.task, where);
  if (s.signal?.aborted === true) throw s.signal.reason;
  const { optimizer, base } = resolveOptimizer(state, s, where);
  const xs = checkSamples(state, X, where);
  const outputDim = state.architecture[state.architecture.length - 1]!.outputDim;
  const labels = classTargets(y, state.task, outputDim, state.classes, `${where}: y`);
  const ys = toTargets(labels.y, state.task, outputDim, xs.rows, `${where}: y`);
  const large = state.scale === null ? largeFeatures(xs) : [];
  if (large.length > 0) {
    const list = large
      .slice(0, 3)
      .map(([j, v]) => `feature ${j} reaches |x| = ${Number(v.toPrecision(4))}`)
      .join(", ");
    s.warn(
      `${where}: ${large.length} of ${xs.cols} features look unscaled (${list}${large.length > 3 ? ", ..." : ""}); standardise them (subtract the mean, divide by the standard deviation; new Network(sizes, { scale: "standard" }) does it for you) or training may be slow or diverge`,
    );
  }

  // Validation data: a seeded random split (as scikit-learn's train_test_split) or given.
  // The scaler (kept from the first fit) is fitted on the training part only.
  let train = { X: xs, Y: ys };
  let validation: Session["validation"] = null;
  let scaler = state.scaler;
  const scaled = (samples: Matrix): Matrix => {
    if (state.scale === null) return samples;
    scaler ??= createScaler(state.scale).fit(train.X);
    return scaler.transform(samples);
  };
  /** Samples x features (scaled) as features x samples in the backend. */
  const columns = (samples: Matrix): unknown => toBackend(state, scaled(samples).transpose());
  if (s.validationSplit !== null) {
    const n = xs.rows;
    const nVal = Math.ceil(s.validationSplit * n);
    if (nVal >= n) {
      throw new RangeError(
        `${where}: validationSplit ${s.validationSplit} of ${n} samples leaves no training samples`,
      );
    }
    const perm = state.rng.permutation(n);
    const valIdx = perm.slice(0, nVal);
    const trainIdx = perm.slice(nVal);
    train = {
      X: gatherColumns(xs, trainIdx, 0, trainIdx.length).transpose(),
      Y: gatherColumns(ys, trainIdx, 0, trainIdx.length).transpose(),
    };
    const valX = gatherColumns(xs, valIdx, 0, nVal);
    validation = {
      X: state.scale === null ? toBackend(state, valX) : columns(valX.transpose()),
      Y: toBackend(state, gatherColumns(ys, valIdx, 0, nVal)),
      n: nVal,
    };
  } else if (s.validationData !== null) {
    const [vx, vy] = labelled(
      state,
      s.validationData.X,
      s.validationData.y,
      `${where}: validationData`,
      labels.classes,
    );
    validation = {
      X: columns(vx),
      Y: toBackend(state, vy.transpose()),
      n: vx.rows,
    };
  }
  train = { X: scaled(train.X), Y: train.Y };
  const n = train.X.rows;
  const batchSize = s.batchSize === null ? n : Math.min(s.batchSize, n);
  const batches = Math.ceil(n / batchSize);
  const full =
    batches === 1
      ? { X: toBackend(state, train.X.transpose()), Y: toBackend(state, train.Y.transpose()) }
      : null;

  const before = { classes: state.classes, scaler: state.scaler };
  state.optimizer = optimizer;
  state.optimizerConfig = base;
  state.classes = labels.classes;
  state.scaler = scaler;
  state.hyperparameters = {
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
  state.dataset = {
    samples: n,
    features: xs.cols,
    validationSamples: validation?.n ?? 0,
    info: s.dataset,
  };

  const first = { ...checkpoint(state, optimizer), ...before };
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
      network,
      stop: () => {
        session.stopRequested = true;
      },
    },
    stopReason: "completed",
    stopRequested: false,
    checkpoint: first,
    previous: first,
    detector: new DivergenceDetector({
      loss: state.loss,
      output: state.architecture[state.architecture.length - 1]!.activation,
      targets: train.Y.transpose(),
      factor: s.divergenceFactor,
    }),
    syncParams: () => {},
  };
  return session;
}

/**
 * The optimiser a fit uses: the given instance, the previous fit's (same settings: its state
 * continues), or a fresh one; with the base settings to save.
 *
 * @example
 * ```ts
 * const { optimizer, base } = resolveOptimizer(state, settings, "fit");
 * ```
 */
export function resolveOptimizer(
  state: NetworkState,
  s: FitSettings<Network<ClassLabel>>,
  where: string,
): { optimizer: Optimizer<unknown>; base: OptimizerConfig } {
  const spec = s.optimizer;
  if (
    typeof spec === "object" &&
    spec !== null &&
    typeof (spec as Optimizer<unknown>).step === "function"
  ) {
    const instance = spec as Optimizer<unknown>;
    if (instance.backend !== state.backend) {
      throw new RangeError(
        `${where}: the optimizer works on the ${instance.backend.name} backend but the network on ${state.backend.name}; create it with { backend: network.backend }`,
      );
    }
    // The instance of the previous fit keeps its base settings (a schedule may have lowered
    // its current learning rate).
    const base =
      instance === state.optimizer && state.optimizerConfig
        ? state.optimizerConfig
        : instance.config();
    return { optimizer: instance, base };
  }
  let config: Record<string, unknown>;
  if (spec === undefined) {
    config = state.optimizerConfig ? { ...state.optimizerConfig } : { type: "sgd" };
    if (state.optimizerConfig && s.learningRate === undefined && s.weightDecay === undefined) {
      return { optimizer: state.optimizer!, base: state.optimizerConfig };
    }
  } else {
    config = typeof spec === "string" ? { type: spec } : { ...(spec as Record<string, unknown>) };
  }
  if (s.learningRate !== undefined) config.learningRate = s.learningRate;
  if (s.weightDecay !== undefined) config.weightDecay = s.weightDecay;
  const fresh = createOptimizer(
    config as unknown as OptimizerConfig,
    state.backend,
    `${where}: optimizer`,
  );
  const base = fresh.config();
  if (
    state.optimizer !== undefined &&
    state.optimizerConfig !== undefined &&
    sameConfig(base, state.optimizerConfig)
  ) {
    return { optimizer: state.optimizer, base };
  }
  return { optimizer: fresh, base };
}

/**
 * The network's trainable state now (parameters are immutable: kept by reference).
 *
 * @example
 * ```ts
 * session.checkpoint = checkpoint(state, optimizer);
 * ```
 */
export function checkpoint(state: NetworkState, optimizer: Optimizer<unknown>): Checkpoint {
  return {
    params: state.params,
    rng: state.rng.getState(),
    optimizer: optimizer.getState(),
    epoch: state.epoch,
    samplesSeen: state.samplesSeen,
    classes: state.classes,
    scaler: state.scaler,
  };
}

/**
 * Returns the network to a {@link Checkpoint} (after a failed fit).
 *
 * @example
 * ```ts
 * restore(state, session.checkpoint);
 * ```
 */
export function restore(state: NetworkState, c: Checkpoint): void {
  state.params = c.params;
  state.classes = c.classes;
  state.scaler = c.scaler;
  state.rng.setState(c.rng);
  state.optimizer?.setState(c.optimizer);
  state.epoch = c.epoch;
  state.samplesSeen = c.samplesSeen;
}

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

import type { MatrixBackend } from "../backend.ts";
import type { Dtype } from "../engine/kernels.ts";
import { checkDtype, checkEngine, type EngineName } from "../engine/select.ts";
import { createOptimizer } from "../optimizers/registry.ts";
import { type DecodeLimits, decodeNetwork, type NetworkSnapshot } from "../serialize.ts";
import { checkOptionsObject, type NetworkOptions } from "./construct.ts";
import type { SavedSettings } from "./saved-settings.ts";
import type { NetworkState } from "./state.ts";

/** Options of `Network.fromJSON`. */
export interface FromJSONOptions extends DecodeLimits {
  /** Backend of the loaded network; default the typed-array reference. */
  readonly backend?: MatrixBackend<unknown>;
  /**
   * Engine of the loaded network; default the saved one (`"reference"` when `backend` is
   * given).
   */
  readonly engine?: EngineName;
  /**
   * Element type of the fused engine; default the saved one. Another dtype than the saved
   * one continues training in that dtype (a float64 run resumed in float32 is not the float64
   * run).
   */
  readonly dtype?: Dtype;
}

const FROM_JSON_KEYS = [
  "backend",
  "engine",
  "dtype",
  "maxLayers",
  "maxUnits",
  "maxParameters",
  "maxTextLength",
];

const DEFAULTS: SavedSettings = {
  engine: "auto",
  dtype: "float64",
  classes: null,
  scale: null,
  scaler: null,
};

/** A decoded network and the constructor options that rebuild it. */
export interface LoadPlan {
  readonly snapshot: NetworkSnapshot;
  readonly options: NetworkOptions;
}

/**
 * Validates `fromJSON`'s options, decodes the document and chooses the engine and dtype (the
 * options' over the saved ones; `"reference"` with a backend): the constructor options of the
 * loaded network.
 *
 * @example
 * ```ts
 * const { snapshot, options } = planLoad(text, {}, "Network.fromJSON");
 * ```
 */
export function planLoad(json: unknown, options: FromJSONOptions, where: string): LoadPlan {
  checkOptionsObject(options, FROM_JSON_KEYS, where);
  const { backend, engine, dtype, ...limits } = options;
  if (engine !== undefined) checkEngine(engine, `${where}: engine`);
  if (dtype !== undefined) checkDtype(dtype, `${where}: dtype`);
  const snapshot = decodeNetwork(json, limits);
  const saved = snapshot.settings ?? DEFAULTS;
  const useEngine = engine ?? (backend === undefined ? saved.engine : "reference");
  const useDtype = dtype ?? saved.dtype;
  if (useEngine === "reference" && useDtype !== "float64") {
    throw new RangeError(
      `${where}: the network was saved with dtype "${saved.dtype}", which needs a fused engine, but it would load on engine "reference"${backend === undefined ? "" : " (a backend was given)"}; pass { dtype: "float64" } to continue in float64, or omit backend`,
    );
  }
  const t = snapshot.training;
  return {
    snapshot,
    options: {
      loss: snapshot.loss,
      seed: t.seed,
      initializer: t.initializer,
      engine: useEngine,
      dtype: useDtype,
      ...(saved.scale === null ? {} : { scale: saved.scale }),
      ...(backend === undefined ? {} : { backend }),
    },
  };
}

/**
 * Puts a decoded network's trained state (parameters, generator, counters, optimiser, classes,
 * scaler, training record) into a freshly built network's state.
 *
 * @example
 * ```ts
 * applySnapshot(state, snapshot);
 * ```
 */
export function applySnapshot(state: NetworkState, doc: NetworkSnapshot): void {
  const saved = doc.settings ?? DEFAULTS;
  const be = state.backend;
  state.classes = saved.classes;
  state.scaler = saved.scaler;
  state.params = doc.params.map((p) => ({ W: be.fromMatrix(p.W), b: be.fromMatrix(p.b) }));
  state.rng.setState(doc.rng);
  state.epoch = doc.epoch;
  state.samplesSeen = doc.samplesSeen;
  state.hyperparameters = doc.training.hyperparameters;
  state.dataset = doc.training.dataset;
  if (doc.optimizer !== null) {
    const opt = createOptimizer(doc.optimizer.config, be);
    state.optimizerConfig = opt.config(); // the base settings, before the state's current rate
    opt.setState(doc.optimizer.state);
    state.optimizer = opt;
  }
}

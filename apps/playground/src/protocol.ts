// The messages between the page and the training worker, and their validation (the worker
// never trusts what arrives; the page checks what comes back).
import type { Domain, RawData } from "./data.ts";
import type { HeatMaps } from "./maps.ts";
import type { EpochStats } from "./model.ts";
import { DATASETS, type PlaygroundState } from "./state.ts";

/**
 * Page -> worker. `init` builds the data and the network (the user's CSV as `raw`); `play`
 * trains until `pause` (or the state's stop epoch); `step` trains one epoch; `reset` rebuilds
 * from the last `init`; `export` asks for the model's JSON; `frame` for the picture of the
 * replay's frame at an epoch.
 *
 * @example
 * ```ts
 * worker.postMessage({ type: "init", state } satisfies WorkerRequest);
 * ```
 */
export type WorkerRequest =
  | { readonly type: "init"; readonly state: PlaygroundState; readonly raw?: RawData }
  | { readonly type: "play" }
  | { readonly type: "pause" }
  | { readonly type: "step" }
  | { readonly type: "reset" }
  | { readonly type: "export" }
  | { readonly type: "frame"; readonly epoch: number };

/**
 * What the page needs to draw the data and the network.
 *
 * @example
 * ```ts
 * const sizes = info.sizes; // [2, 25, 50, 50, 25, 1]
 * ```
 */
export interface SessionInfo {
  readonly engine: string;
  readonly sizes: readonly number[];
  readonly classes: number;
  readonly classNames?: readonly string[];
  readonly domain: Domain;
  readonly trainPoints: Float64Array;
  readonly testPoints: Float64Array;
  readonly yTrain: readonly number[];
  readonly yTest: readonly number[];
}

/**
 * Worker -> page.
 *
 * @example
 * ```ts
 * worker.onmessage = (e) => { const event = e.data as WorkerEvent; };
 * ```
 */
export type WorkerEvent =
  | { readonly type: "ready"; readonly info: SessionInfo; readonly hash: string }
  | {
      readonly type: "progress";
      readonly epoch: number;
      readonly stats: readonly EpochStats[];
      readonly hash: string;
      readonly running: boolean;
      readonly epochsPerSecond: number;
      readonly maps?: HeatMaps;
      /** Each layer's W (outputs x inputs, row-major). */
      readonly weights?: readonly Float64Array[];
      /** The epochs of the replay's frames. */
      readonly frameEpochs: readonly number[];
    }
  | { readonly type: "model"; readonly json: string }
  | { readonly type: "frame"; readonly epoch: number; readonly output: Float32Array }
  | { readonly type: "error"; readonly message: string };

const SIMPLE = new Set(["play", "pause", "step", "reset", "export"]);

/**
 * Checks a message for the worker; throws a `TypeError` naming what is wrong. The state's
 * values are checked again when the network is built.
 *
 * @example
 * ```ts
 * parseRequest({ type: "step" }); // { type: "step" }
 * parseRequest({ type: "jump" }); // TypeError
 * ```
 */
export function parseRequest(message: unknown): WorkerRequest {
  if (typeof message !== "object" || message === null) {
    throw new TypeError(`parseRequest: expected a message object, got ${String(message)}`);
  }
  const type = (message as { type?: unknown }).type;
  if (typeof type === "string" && SIMPLE.has(type)) return { type } as WorkerRequest;
  if (type === "frame") {
    const epoch = (message as { epoch?: unknown }).epoch;
    if (typeof epoch !== "number" || !Number.isInteger(epoch) || epoch < 0) {
      throw new TypeError(
        `parseRequest: frame needs an epoch (an integer >= 0), got ${String(epoch)}`,
      );
    }
    return { type, epoch };
  }
  if (type !== "init") {
    throw new TypeError(`parseRequest: unknown message type ${JSON.stringify(type)}`);
  }
  const { state, raw } = message as { state?: unknown; raw?: unknown };
  if (typeof state !== "object" || state === null) {
    throw new TypeError("parseRequest: init needs a state object");
  }
  const s = state as Partial<PlaygroundState>;
  if (!DATASETS.includes(s.dataset as PlaygroundState["dataset"])) {
    throw new TypeError(`parseRequest: init: unknown dataset ${JSON.stringify(s.dataset)}`);
  }
  if (!Array.isArray(s.hidden) || !Array.isArray(s.features)) {
    throw new TypeError("parseRequest: init: state.hidden and state.features must be arrays");
  }
  if (raw === undefined) {
    if (s.dataset === "csv")
      throw new TypeError("parseRequest: init: a csv dataset needs raw data");
    return { type: "init", state: s as PlaygroundState };
  }
  const r = raw as Partial<RawData>;
  if (
    typeof raw !== "object" ||
    raw === null ||
    !(r.points instanceof Float64Array) ||
    !Array.isArray(r.targets) ||
    r.points.length !== 2 * r.targets.length ||
    typeof r.classes !== "number"
  ) {
    throw new TypeError(
      "parseRequest: init: raw must be { points: Float64Array (2 per target), targets: number[], classes }",
    );
  }
  return { type: "init", state: s as PlaygroundState, raw: r as RawData };
}

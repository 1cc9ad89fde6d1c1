// The network a state describes, how it trains, and the weights hash that shows two runs are
// the same bits. Shared by the worker, the Node-side reference (e2e) and the unit tests.
import type { ActivationName, Matrix, OptimizerLike } from "@plainnet/core";
import { Network } from "@plainnet/core";
import { checkElementCount, fusedUnsupportedReason } from "@plainnet/core/engine";
import type { PreparedData } from "./data.ts";
import type { PlaygroundState } from "./state.ts";

/** The most parameters a playground network may have (checked before it is built). */
export const MAX_PARAMETERS = 200_000;

/**
 * One epoch's numbers as the page shows them.
 *
 * @example
 * ```ts
 * const e: EpochStats = { epoch: 1, loss: 0.69, valLoss: 0.7, accuracy: 0.5, valAccuracy: 0.5 };
 * ```
 */
export interface EpochStats {
  readonly epoch: number;
  readonly loss: number;
  readonly valLoss: number;
  /** NaN for regression. */
  readonly accuracy: number;
  /** NaN for regression. */
  readonly valAccuracy: number;
}

/**
 * The output layer for a state and the data's class count: linear for regression, softmax
 * for more than two classes (or when chosen), else sigmoid.
 *
 * @example
 * ```ts
 * outputLayer("sigmoid", 3); // { activation: "softmax", units: 3 }
 * ```
 */
export function outputLayer(
  output: PlaygroundState["output"],
  classes: number,
): { activation: ActivationName; units: number } {
  if (classes === 0 || output === "linear") return { activation: "linear", units: 1 };
  if (classes > 2 || output === "softmax") return { activation: "softmax", units: classes };
  return { activation: "sigmoid", units: 1 };
}

/**
 * The layer sizes of the state's network for `inputs` features and `classes` classes.
 *
 * @example
 * ```ts
 * layerSizes(NOTEBOOK_PRESET, 2, 2); // [2, 25, 50, 50, 25, 1]
 * ```
 */
export function layerSizes(state: PlaygroundState, inputs: number, classes: number): number[] {
  return [inputs, ...state.hidden, outputLayer(state.output, classes).units];
}

/**
 * Builds the state's network (initial weights from `state.seed`; float32 where the fused
 * engine trains it, else float64). Throws a `RangeError` naming the sizes when it would
 * exceed plainnet's `MAX_ELEMENTS` or the page's {@link MAX_PARAMETERS}.
 *
 * @example
 * ```ts
 * const net = buildNetwork(NOTEBOOK_PRESET, 2, 2);
 * net.engine; // "wasm-simd-f64" where WebAssembly SIMD is available
 * ```
 */
export function buildNetwork(state: PlaygroundState, inputs: number, classes: number): Network {
  const sizes = layerSizes(state, inputs, classes);
  let parameters = 0;
  for (let i = 0; i + 1 < sizes.length; i++) parameters += (sizes[i]! + 1) * sizes[i + 1]!;
  // plainnet's one shared size limit first, then the page's own (smaller) one.
  checkElementCount("buildNetwork", `layers [${sizes.join(", ")}]`, parameters);
  if (parameters > MAX_PARAMETERS) {
    throw new RangeError(
      `buildNetwork: layers [${sizes.join(", ")}] have ${parameters} parameters; at most ${MAX_PARAMETERS}`,
    );
  }
  const options = {
    activation: state.activation,
    outputActivation: outputLayer(state.output, classes).activation,
    seed: state.seed,
  };
  const net = new Network(sizes, options);
  // float32 needs the fused engine (a network it cannot fuse trains on the float64 reference path).
  return state.dtype === "float32" && fusedUnsupportedReason(net.architecture, net.loss) === null
    ? new Network(sizes, { ...options, dtype: "float32" })
    : net;
}

/**
 * The optimiser setting `fit` takes for the state (momentum is SGD with μ = 0.9).
 *
 * @example
 * ```ts
 * optimizerFor("momentum"); // { type: "sgd", momentum: 0.9 }
 * ```
 */
export function optimizerFor(name: PlaygroundState["optimizer"]): OptimizerLike {
  if (name === "momentum") return { type: "sgd", momentum: 0.9 } as OptimizerLike;
  return name;
}

/**
 * Trains `epochs` more epochs and returns their statistics: the training loss and accuracy
 * of each epoch (for one full batch: before its update, as the notebook) and `test`'s loss and
 * accuracy after it. Training in several calls gives the same bits as one call with the sum
 * of epochs: the network keeps its optimiser state and generator between calls.
 *
 * @example
 * ```ts
 * const stats = trainEpochs(net, data, state, 10, () => net.evaluate(XTest, yTest));
 * stats.at(-1)?.valLoss;
 * ```
 */
export function trainEpochs(
  net: Network,
  data: PreparedData,
  state: PlaygroundState,
  epochs: number,
  test: () => { loss: number; accuracy?: number },
): EpochStats[] {
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new RangeError(`trainEpochs: epochs must be a positive integer, got ${epochs}`);
  }
  const batch = state.batchSize;
  const stats: EpochStats[] = [];
  net.fit(data.XTrain, data.yTrain, {
    epochs,
    batchSize: batch === 0 || batch >= data.XTrain.rows ? "full" : batch,
    optimizer: optimizerFor(state.optimizer),
    learningRate: state.learningRate,
    weightDecay: state.l2,
    warn: false,
    callbacks: {
      onEpochEnd: (log) => {
        const t = test();
        stats.push({
          epoch: log.epoch + 1,
          loss: log.loss,
          valLoss: t.loss,
          accuracy: log.accuracy ?? Number.NaN,
          valAccuracy: t.accuracy ?? Number.NaN,
        });
      },
    },
  });
  return stats;
}

/**
 * FNV-1a (32-bit, hex) over every parameter's float64 bytes (little-endian), layer by layer,
 * W then b: equal hashes mean (almost surely) bit-identical weights.
 *
 * @example
 * ```ts
 * hashParams(net.params); // e.g. "9f1c03aa"
 * ```
 */
export function hashParams(params: readonly { W: Matrix; b: Matrix }[]): string {
  let h = 0x811c9dc5;
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  for (const p of params) {
    for (const m of [p.W, p.b]) {
      for (const v of m.data) {
        view.setFloat64(0, v, true);
        for (let k = 0; k < 8; k++) {
          h ^= bytes[k]!;
          h = Math.imul(h, 0x01000193) >>> 0;
        }
      }
    }
  }
  return h.toString(16).padStart(8, "0");
}

// One training run: the data, the network and its history, as the worker holds them. Plain
// code (no worker or DOM), so Node runs exactly what the page runs.
import { Matrix, type Network } from "@plainnet/core";
import { type PreparedData, prepareData, type RawData } from "./data.ts";
import { maxFrames } from "./frames.ts";
import { computeMaps, type HeatMaps } from "./maps.ts";
import { buildNetwork, type EpochStats, hashParams, layerSizes, trainEpochs } from "./model.ts";
import type { SessionInfo } from "./protocol.ts";
import type { PlaygroundState } from "./state.ts";
import { TestEvaluator } from "./test-eval.ts";

/** Grid size of the decision-boundary map. */
export const MAP_SIZE = 64;
/** Grid size of each hidden unit's map. */
export const NEURON_MAP_SIZE = 16;

/**
 * A run of the playground: build once, train epochs, read the weights hash and the maps.
 *
 * @example
 * ```ts
 * const run = new Session(NOTEBOOK_PRESET);
 * run.train(100);
 * run.hash(); // the same on every browser and runtime for this state
 * ```
 */
export class Session {
  readonly state: PlaygroundState;
  readonly data: PreparedData;
  readonly net: Network;
  readonly stats: EpochStats[] = [];
  readonly #test: TestEvaluator;
  /**
   * The replay: the weights every {@link frameEvery} epochs (from epoch 0), at most
   * `maxFrames(parameters)` of them (then every other one is dropped and the interval
   * doubles). Which epochs are kept depends only on the epoch count, so every browser replays
   * the same frames. A frame's picture is computed when asked for ({@link frameMap}).
   */
  #frames: { epoch: number; params: { W: Matrix; b: Matrix }[] }[] = [];
  frameEvery = 1;
  readonly #maxFrames: number;

  /** Builds the data (generated, or `raw` for a CSV) and the network. */
  constructor(state: PlaygroundState, raw?: RawData) {
    this.state = state;
    this.data = prepareData(state, raw);
    this.net = buildNetwork(state, this.data.XTrain.cols, this.data.classes);
    this.#test = new TestEvaluator(this.net, this.data.XTest, this.data.yTest);
    this.#maxFrames = maxFrames(
      this.net.params.reduce((n, p) => n + p.W.data.length + p.b.data.length, 0),
    );
    this.#frame(0);
  }

  #frame(epoch: number): void {
    if (epoch % this.frameEvery !== 0) return;
    const copy = (m: Matrix): Matrix => new Matrix(m.rows, m.cols, Float64Array.from(m.data));
    this.#frames.push({
      epoch,
      params: this.net.params.map((p) => ({ W: copy(p.W), b: copy(p.b) })),
    });
    if (this.#frames.length > this.#maxFrames) {
      this.frameEvery *= 2;
      this.#frames = this.#frames.filter((f) => f.epoch % this.frameEvery === 0);
    }
  }

  /** The epochs of the replay's frames, in order. */
  frameEpochs(): number[] {
    return this.#frames.map((f) => f.epoch);
  }

  /** The decision-boundary map of the frame at `epoch` (undefined when there is none). */
  frameMap(epoch: number): Float32Array | undefined {
    const f = this.#frames.find((g) => g.epoch === epoch);
    if (f === undefined) return undefined;
    return computeMaps(
      f.params,
      this.net.architecture.map((l) => l.activation.name),
      this.state.features,
      this.data.domain,
      MAP_SIZE,
      0,
    ).output;
  }

  /** Epochs trained so far. */
  get epoch(): number {
    return this.stats.length;
  }

  /** Trains `epochs` more epochs; returns their statistics. */
  train(epochs: number): EpochStats[] {
    let epoch = this.stats.length;
    const stats = trainEpochs(this.net, this.data, this.state, epochs, () => {
      // Called after each epoch: the frame of the epoch just finished, then its test loss.
      this.#frame(++epoch);
      return this.#test.evaluate();
    });
    this.stats.push(...stats);
    return stats;
  }

  /** FNV-1a of the current weights (see {@link hashParams}). */
  hash(): string {
    return hashParams(this.net.params);
  }

  /** The decision-boundary and per-unit heat maps of the current weights. */
  maps(): HeatMaps {
    return computeMaps(
      this.net.params,
      this.net.architecture.map((l) => l.activation.name),
      this.state.features,
      this.data.domain,
      MAP_SIZE,
      NEURON_MAP_SIZE,
    );
  }

  /** Every layer's weight matrix, row-major (copies). */
  weights(): Float64Array[] {
    return this.net.params.map((p) => Float64Array.from(p.W.data));
  }

  /** What the page needs to draw the data and the network. */
  info(): SessionInfo {
    const d = this.data;
    return {
      engine: this.net.engine,
      sizes: layerSizes(this.state, d.XTrain.cols, d.classes),
      classes: d.classes,
      ...(d.classNames === undefined ? {} : { classNames: d.classNames }),
      domain: d.domain,
      trainPoints: d.trainPoints,
      testPoints: d.testPoints,
      yTrain: d.yTrain,
      yTest: d.yTest,
    };
  }
}

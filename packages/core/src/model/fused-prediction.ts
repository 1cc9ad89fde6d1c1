import type { Architecture } from "../architecture.ts";
import { createKernels } from "../engine/select.ts";
import { FusedTrainer } from "../engine/trainer.ts";
import { Matrix } from "../matrix.ts";
import type { Params } from "../params.ts";
import type { NetworkState } from "./state.ts";

/**
 * Most samples one fused prediction pass holds; larger inputs run in chunks.
 *
 * @example
 * ```ts
 * predictChunk(arch) <= PREDICT_CHUNK; // true
 * ```
 */
export const PREDICT_CHUNK = 8192;

/** About how many heap values a prediction engine may plan (2^22: 32 MB of float64). */
const PREDICT_HEAP_VALUES = 4_194_304;

/**
 * Samples per fused prediction pass for `arch`: {@link PREDICT_CHUNK}, fewer for wide layers,
 * so that the prediction engine's buffers (every layer's output, two gradient-sized buffers
 * and a transposed input per sample) stay near 2^22 values; at least 1.
 *
 * @example
 * ```ts
 * predictChunk(new Network([2, 25, 50, 50, 25, 1]).architecture); // 8192
 * predictChunk(new Network([2, 256, 256, 1]).architecture); // 3261
 * ```
 */
export function predictChunk(arch: Architecture): number {
  let perSample = arch[0]!.inputDim * 2 + arch[arch.length - 1]!.outputDim;
  let widest = 0;
  for (const layer of arch) {
    perSample += layer.outputDim;
    widest = Math.max(widest, layer.outputDim, layer.inputDim);
  }
  perSample += 3 * widest;
  return Math.max(1, Math.min(PREDICT_CHUNK, Math.floor(PREDICT_HEAP_VALUES / perSample)));
}

/** A network's prediction engine: its own trainer, input buffer and the parameters it holds. */
interface Predictor {
  trainer: FusedTrainer;
  /** features x capacity, filled column by column from the samples. */
  readonly X: Float64Array;
  /** outputs x capacity zeros (the trainer's targets; prediction never reads them). */
  readonly Y: Float64Array;
  /** The `state.params` object last uploaded (a fit, setParams or a load replaces it). */
  params: Params<unknown> | null;
}

const predictors = new WeakMap<NetworkState, Predictor>();

/**
 * The network's outputs (outputs x samples) for checked and scaled samples x features `xs`,
 * computed on a fused forward pass kept for the network, or null when prediction stays on the
 * reference path (no fused engine). In float64 the fused forward pass gives the reference
 * path's bits; a float32 network's pass runs on the float32 kernels, so its outputs carry
 * float32 rounding. The pass is dense (no dead-unit skipping) and runs on its own
 * kernel set, so a fit running on the network's training engine is not disturbed.
 *
 * @example
 * ```ts
 * const out = fusedOutputs(state, features(state, X, "predict")) ?? referenceOutputs();
 * ```
 */
export function fusedOutputs(state: NetworkState, xs: Matrix): Matrix | null {
  const e = state.engine;
  if (e === null) return null;
  const n = xs.rows;
  if (n < 1) return null;
  const p = predictor(state, Math.min(n, predictChunk(state.architecture)));
  const t = p.trainer;
  if (p.params !== state.params) {
    t.setParams(state.params as Params<Matrix>);
    p.params = state.params;
  }
  const f = xs.cols;
  const arch = state.architecture;
  const o = arch[arch.length - 1]!.outputDim;
  const out = new Float64Array(o * n);
  const src = xs.data;
  for (let start = 0; start < n; start += t.capacity) {
    const m = Math.min(t.capacity, n - start);
    // Samples x features rows into features x samples columns.
    const X = p.X;
    for (let i = 0; i < m; i++) {
      const row = (start + i) * f;
      for (let j = 0; j < f; j++) X[j * m + i] = src[row + j] as number;
    }
    t.setData(new Matrix(f, m, X.subarray(0, f * m)), new Matrix(o, m, p.Y.subarray(0, o * m)));
    t.forward();
    const y = t.output().data;
    for (let r = 0; r < o; r++) out.set(y.subarray(r * m, (r + 1) * m), r * n + start);
  }
  return new Matrix(o, n, out);
}

/** The network's predictor, grown (in powers of two, up to its chunk) to hold `m` samples. */
function predictor(state: NetworkState, m: number): Predictor {
  const held = predictors.get(state);
  if (held !== undefined && held.trainer.capacity >= m) return held;
  let capacity = 1;
  while (capacity < m) capacity *= 2;
  capacity = Math.min(capacity, predictChunk(state.architecture));
  const e = state.engine!;
  const arch = state.architecture;
  const trainer = new FusedTrainer(
    arch,
    capacity,
    createKernels(e.engine, e.dtype, "predict"),
    state.loss,
    { skipDeadUnits: false },
  );
  const p: Predictor = {
    trainer,
    X: new Float64Array(arch[0]!.inputDim * capacity),
    Y: new Float64Array(arch[arch.length - 1]!.outputDim * capacity),
    params: null,
  };
  predictors.set(state, p);
  return p;
}

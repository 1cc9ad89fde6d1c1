import { type DivergenceVerdict, withLastGood } from "../divergence.ts";
import { createKernels, hasWasmSimd } from "../engine/select.ts";
import { FusedTrainer } from "../engine/trainer.ts";
import { TrainingDivergedError } from "../errors.ts";
import {
  fullBackwardPropagation,
  fullForwardPropagation,
  type Memory,
} from "../notebook/propagation.ts";
import { scheduledLearningRate } from "../optimizers/schedules.ts";
import { gatherColumns } from "./data.ts";
import { FusedBatches } from "./fit-fused.ts";
import { checkpoint, type Session } from "./fit-session.ts";
import type { BatchLog, EpochLog } from "./history.ts";
import { countCorrect, measure, toBackend } from "./prediction.ts";
import type { NetworkState } from "./state.ts";

/** What the training loop reports after each batch and each epoch. */
export type TrainEvent =
  | { readonly kind: "batch"; readonly log: BatchLog }
  | { readonly kind: "epoch"; readonly log: EpochLog };

/**
 * What trains this network in `fit`: a fused kernel set (`"wasm-simd-f64"`, `"js-f64"`,
 * `"wasm-simd-f32"`, `"js-f32"`) or `"reference:<backend name>"`.
 *
 * @example
 * ```ts
 * engineLabel(state); // "wasm-simd-f64"
 * ```
 */
export function engineLabel(state: NetworkState): string {
  const e = state.engine;
  if (e === null) return `reference:${state.backend.name}`;
  const bits = e.dtype === "float64" ? "f64" : "f32";
  return e.engine === "js" || !hasWasmSimd() ? `js-${bits}` : `wasm-simd-${bits}`;
}

/**
 * A fused trainer for batches of up to `capacity` samples (the last fit's while it fits), or
 * null on the reference path.
 *
 * @example
 * ```ts
 * const trainer = fusedTrainer(state, session.batchSize);
 * ```
 */
export function fusedTrainer(state: NetworkState, capacity: number): FusedTrainer | null {
  const e = state.engine;
  if (e === null) return null;
  const t = state.trainer;
  if (t !== null && t.capacity === capacity && t.kernels.dtype === e.dtype) return t;
  state.trainer = new FusedTrainer(
    state.architecture,
    capacity,
    createKernels(e.engine, e.dtype, "fit"),
    state.loss,
    // The accuracy the reference path logs (`countCorrect`): argmax for multiclass.
    { accuracy: state.task === "multiclass" ? "argmax" : "threshold" },
  );
  return state.trainer;
}

/**
 * The epoch loop of a fit: per batch, the forward pass, the divergence checks, the backward
 * pass and the optimiser step (on the fused engine or the reference path); per epoch, the
 * log, validation, early stopping and a new checkpoint. Yields after every epoch and, with
 * `batchEvents` (the default), after every batch, so that the caller runs callbacks (and
 * `fitAsync` yields to the event loop); without, a batch makes no event object.
 *
 * @example
 * ```ts
 * for (const event of trainEpochs(state, session)) dispatch(event);
 * ```
 */
export function* trainEpochs(
  state: NetworkState,
  s: Session,
  batchEvents = true,
): Generator<TrainEvent, void, void> {
  const be = state.backend;
  const arch = state.architecture;
  const opt = s.optimizer;
  const n = s.train.X.rows;
  const trainer = fusedTrainer(state, s.batchSize);
  const fused = trainer === null ? null : new FusedBatches(state, trainer, opt);
  if (fused !== null) s.syncParams = () => fused.sync();
  for (let k = 0; k < s.settings.epochs; k++) {
    const epoch = state.epoch;
    const lr = scheduledLearningRate(s.schedule, s.baseLearningRate, {
      epoch,
      samplesSeen: state.samplesSeen,
    });
    opt.learningRate = lr;
    const order = s.batches > 1 && s.settings.shuffle ? state.rng.permutation(n) : null;
    let weighted = 0;
    let correct = 0;
    let lastCost = 0;
    // Outputs at their bound, counted in batches whose loss is above the trivial predictor's.
    let saturated = 0;
    for (let b = 0; b < s.batches; b++) {
      if (s.settings.signal?.aborted === true) throw s.settings.signal.reason;
      const start = b * s.batchSize;
      const end = Math.min(start + s.batchSize, n);
      const m = end - start;
      let cost: number;
      if (fused !== null) {
        // The fused engine: the batch gathered into the heap, the update in place (the data of
        // a full batch stays in the heap for the whole fit).
        const keep = s.full !== null && (k > 0 || b > 0);
        cost = fused.forward(s.train.X, s.train.Y, order, start, end, keep);
        const verdict = s.detector.costVerdict(cost);
        if (verdict !== null) {
          const Xb = s.full
            ? s.full.X
            : toBackend(state, gatherColumns(s.train.X, order, start, end));
          const { memory } = fullForwardPropagation(Xb, fused.current(), arch, { backend: be });
          diverged(state, epoch, verdict, memory, lr, s, b);
        }
        if (s.detector.suspicious(cost)) saturated += fused.trainer.saturatedOutputs(s.detector);
        if (state.task !== "regression") correct += fused.correct;
        const bad = fused.update();
        if (bad !== null) {
          const [quantity, layer, value] = bad;
          throw new TrainingDivergedError(
            epoch,
            layer,
            quantity,
            value,
            quantity === "gradient" ? GRADIENT_DETAIL : PARAMETER_DETAIL,
            suggestion(lr),
          );
        }
      } else {
        const Xb = s.full
          ? s.full.X
          : toBackend(state, gatherColumns(s.train.X, order, start, end));
        const Yb = s.full
          ? s.full.Y
          : toBackend(state, gatherColumns(s.train.Y, order, start, end));
        const params = state.params;
        const { output, memory } = fullForwardPropagation(Xb, params, arch, { backend: be });
        cost = state.loss.cost(be, output, Yb);
        const verdict = s.detector.costVerdict(cost);
        if (verdict !== null) diverged(state, epoch, verdict, memory, lr, s, b);
        if (s.detector.suspicious(cost)) {
          saturated += s.detector.countSaturated(be.toMatrix(output).data);
        }
        if (state.task !== "regression") correct += countCorrect(state, output, Yb);
        const grads = fullBackwardPropagation(output, Yb, memory, params, arch, state.loss, {
          backend: be,
        });
        throwIfNotFinite(
          grads.map((g) => be.sum(g.dW) + be.sum(g.db)),
          epoch,
          "gradient",
          GRADIENT_DETAIL,
          lr,
        );
        const next = opt.step(params, grads);
        throwIfNotFinite(
          next.map((p) => be.sum(p.W) + be.sum(p.b)),
          epoch,
          "parameter",
          PARAMETER_DETAIL,
          lr,
        );
        state.params = next;
      }
      state.samplesSeen += m;
      weighted += cost * m;
      lastCost = cost;
      if (batchEvents) yield { kind: "batch", log: { epoch, batch: b, size: m, loss: cost } };
    }
    // Everything from here on reads state.params: the fused engine's, copied out.
    fused?.sync();
    state.epoch = epoch + 1;
    const loss = s.batches === 1 ? lastCost : weighted / n;
    const outputs = arch[arch.length - 1]!.outputDim * n;
    const verdict = s.detector.saturationVerdict(loss, saturated / outputs);
    if (verdict !== null) rollBack(state, s, s.detector.error(epoch, verdict, suggestion(lr)));
    const log: Record<string, number> = { epoch, loss };
    if (state.task !== "regression") log.accuracy = correct / n;
    if (s.validation !== null) {
      const v = measure(state, s.validation.X, s.validation.Y, s.validation.n);
      log.valLoss = v.loss;
      if (v.accuracy !== undefined) log.valAccuracy = v.accuracy;
    }
    log.learningRate = lr;
    const entry = log as unknown as EpochLog;
    state.logs.push(entry);
    s.logs.push(entry);
    if (s.earlyStopping?.observe(entry, state.params) === true) {
      s.stopReason = "earlyStopping";
      s.stopRequested = true;
    }
    s.previous = s.checkpoint;
    s.checkpoint = checkpoint(state, opt);
    yield { kind: "epoch", log: entry };
    if (s.stopRequested) {
      if (s.stopReason === "completed") s.stopReason = "callback";
      break;
    }
  }
}

/**
 * Throws `error` after pointing the session's checkpoint (where the failed fit returns) at the
 * start of the previous epoch: the parameters measured in this one are already bad. Drops that
 * epoch's log, which the network no longer reflects.
 */
function rollBack(state: NetworkState, s: Session, error: TrainingDivergedError): never {
  if (s.previous.epoch < s.checkpoint.epoch) {
    s.checkpoint = s.previous;
    state.logs.pop();
    s.logs.pop();
  }
  throw withLastGood(error, undefined, s.checkpoint.epoch);
}

function diverged(
  state: NetworkState,
  epoch: number,
  verdict: DivergenceVerdict,
  memory: Memory<unknown>,
  lr: number,
  s: Session,
  batch: number,
): never {
  // The culprit: the first layer whose pre-activations hold NaN, else the largest |Z|.
  let layer = -1;
  let largest = -1;
  for (let i = 0; i < memory.Z.length; i++) {
    const data = state.backend.toMatrix(memory.Z[i]).data;
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
  const what = verdict.detail === "" ? "the loss is not finite" : verdict.detail;
  const error = new TrainingDivergedError(
    epoch,
    layer,
    "cost",
    verdict.value,
    `${what}; the largest pre-activations are in layer ${layer} (max |Z| = ${largest})`,
    suggestion(lr),
    { reason: verdict.reason },
  );
  // The first batch measured the parameters this epoch started with: they are the bad ones.
  if (batch === 0) rollBack(state, s, error);
  throw withLastGood(error, undefined, s.checkpoint.epoch);
}

/** Throws {@link TrainingDivergedError} naming the first layer whose sum is not finite. */
function throwIfNotFinite(
  sums: readonly number[],
  epoch: number,
  quantity: "gradient" | "parameter",
  detail: string,
  lr: number,
): void {
  const layer = sums.findIndex((sum) => !Number.isFinite(sum));
  if (layer >= 0) {
    throw new TrainingDivergedError(epoch, layer, quantity, sums[layer]!, detail, suggestion(lr));
  }
}

const GRADIENT_DETAIL = "dW or db holds NaN/Infinity or overflowed";
const PARAMETER_DETAIL = "W or b overflowed after the update";

function suggestion(lr: number): string {
  return `Try a lower learning rate (this epoch used ${lr}), scale the inputs to zero mean and unit variance, use a smaller weight initialisation, or an adaptive optimiser such as Adam.`;
}

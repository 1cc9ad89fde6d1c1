import { restore, type Session } from "./fit-session.ts";
import { History } from "./history.ts";
import { createProgressBar, type ProgressBar } from "./progress-bar.ts";
import type { NetworkState } from "./state.ts";
import { type TrainEvent, trainEpochs } from "./training-loop.ts";

const isPromise = (v: unknown): v is Promise<unknown> =>
  typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function";

const now = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());

/** Gives the event loop a turn (timers, rendering, input) before training continues. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Runs a prepared fit synchronously: the epoch loop, the callbacks (which must not return a
 * promise) and the `verbose` progress bar. If anything throws, the network goes back to its
 * last completed epoch and the error is rethrown.
 *
 * @example
 * ```ts
 * const history = runFit(state, prepareSession(state, network, args, "fit"));
 * ```
 */
export function runFit(state: NetworkState, session: Session): History {
  const steps = fitSteps(state, session, false);
  let r = steps.next();
  while (r.done !== true) {
    r = isPromise(r.value)
      ? steps.throw(
          new TypeError(
            "fit: a callback returned a promise; use fitAsync for asynchronous callbacks",
          ),
        )
      : steps.next();
  }
  return r.value;
}

/**
 * {@link runFit} that awaits asynchronous callbacks and yields to the event loop about every
 * 16 ms; the same results bit for bit.
 *
 * @example
 * ```ts
 * const history = await runFitAsync(state, prepareSession(state, network, args, "fitAsync"));
 * ```
 */
export async function runFitAsync(state: NetworkState, session: Session): Promise<History> {
  const steps = fitSteps(state, session, true);
  let last = now();
  let r = steps.next();
  while (r.done !== true) {
    try {
      if (isPromise(r.value)) await r.value;
      if (now() - last >= 16) {
        session.syncParams(); // other code may read the network while the loop waits
        await yieldToEventLoop();
        last = now();
      }
    } catch (error) {
      r = steps.throw(error); // restores the last completed epoch and rethrows
      continue;
    }
    r = steps.next();
  }
  return r.value;
}

/**
 * The fit shared by {@link runFit} and {@link runFitAsync}: trains epoch by epoch, draws the
 * progress bar and yields each callback's result for the caller to check or await. An error
 * (from training, or thrown in by the caller at a yield) restores the last completed epoch and
 * propagates; the progress bar ends either way. Batches are stepped one by one when there is
 * an `onBatchEnd` callback or `everyBatch` (`fitAsync`, which yields to the event loop between
 * them); otherwise a batch creates no event.
 */
function* fitSteps(
  state: NetworkState,
  session: Session,
  everyBatch: boolean,
): Generator<unknown, History, void> {
  const batchEvents = everyBatch || session.settings.callbacks.onBatchEnd !== undefined;
  const run = trainEpochs(state, session, batchEvents);
  const bar = progressBar(session);
  try {
    for (let r = run.next(); r.done !== true; r = run.next()) {
      if (r.value.kind === "epoch") bar?.update(r.value.log);
      yield dispatch(session, r.value);
    }
  } catch (error) {
    // Nothing may copy the engine's parameters over the restored ones from here on.
    session.syncParams = () => {};
    restore(state, session.checkpoint);
    throw error;
  } finally {
    bar?.end();
  }
  return finish(state, session);
}

/** The `verbose` progress bar of a fit (null when off, or for a fit of 0 epochs). */
function progressBar(session: Session): ProgressBar | null {
  const v = session.settings.verbose;
  if (v === null || session.settings.epochs < 1) return null;
  return createProgressBar({ epochs: session.settings.epochs, ...v });
}

function dispatch(session: Session, event: TrainEvent): unknown {
  const { callbacks } = session.settings;
  if (event.kind === "batch") {
    if (callbacks.onBatchEnd === undefined) return undefined;
    session.syncParams(); // the callback may read the parameters
    return callbacks.onBatchEnd(event.log, session.control);
  }
  return callbacks.onEpochEnd?.(event.log, session.control);
}

function finish(state: NetworkState, session: Session): History {
  const es = session.earlyStopping;
  if (es?.config.restoreBestWeights && es.bestSnapshot !== undefined) {
    state.params = es.bestSnapshot;
  }
  return new History(session.logs, session.stopReason, es?.bestEpoch);
}

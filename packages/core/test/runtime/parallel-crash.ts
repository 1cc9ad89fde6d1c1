// Fault injection for parallel training (issue 21.3), under Node (tsx), Bun and Deno: a worker
// killed mid-epoch (an uncaught error, the worker ending itself, or terminated from outside)
// must give a WorkerCrashedError naming it within 1 s (a generous bound: detection takes
// milliseconds), terminate the other workers, and leave the parameters exactly as after the
// last completed epoch (checked bitwise against an undisturbed run of that many epochs).
import { normalizeArchitecture } from "../../src/architecture.ts";
import { ParallelTrainer } from "../../src/engine/parallel.ts";
import { injectParallelFault, type ParallelFault } from "../../src/engine/parallel-spawn.ts";
import { WorkerCrashedError } from "../../src/errors.ts";
import { binaryCrossEntropy } from "../../src/losses/binary-cross-entropy.ts";
import type { Matrix } from "../../src/matrix.ts";
import { initLayers } from "../../src/notebook/init.ts";
import { trainParallel } from "../../src/notebook/train-parallel.ts";
import type { Params } from "../../src/params.ts";
import type { RuntimeCheck } from "./harness.ts";
import { assert, hashParams, moonsLike } from "./harness.ts";

const arch = normalizeArchitecture([
  { inputDim: 2, outputDim: 16, activation: "relu" },
  { inputDim: 16, outputDim: 8, activation: "tanh" },
  { inputDim: 8, outputDim: 1, activation: "sigmoid" },
]);
const [X, Y] = moonsLike(7, 400);
const LR = 0.05;
/** Generous: detection takes milliseconds; the old behaviour waited 60 s. */
const BOUND_MS = 1000;

/** The parameters after `epochs` undisturbed epochs on `threads` threads. */
async function reference(threads: number, epochs: number): Promise<Params<Matrix>> {
  const pt = await ParallelTrainer.create(arch, X, Y, binaryCrossEntropy, { threads });
  try {
    pt.setParams(initLayers(arch as never, 5));
    for (let e = 0; e < epochs; e++) await pt.epochAsync(e, LR);
    return pt.params();
  } finally {
    pt.close();
  }
}

/** Runs 12 epochs with `fault` armed; returns the error, its delay and the trainer. */
async function crashRun(
  threads: number,
  fault: ParallelFault,
  mode: "async" | "sync",
  timeoutMs?: number,
): Promise<{ error: WorkerCrashedError; ms: number; pt: ParallelTrainer }> {
  injectParallelFault(fault);
  const pt = await ParallelTrainer.create(arch, X, Y, binaryCrossEntropy, {
    threads,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  pt.setParams(initLayers(arch as never, 5));
  let started = 0;
  try {
    for (let e = 0; e < 12; e++) {
      started = performance.now();
      if (mode === "async") await pt.epochAsync(e, LR);
      else pt.epoch(e, LR);
    }
  } catch (error) {
    const ms = performance.now() - started;
    assert(error instanceof WorkerCrashedError, `threw ${String(error)}`);
    return { error: error as WorkerCrashedError, ms, pt };
  }
  pt.close();
  throw new Error(`${fault.how}: no WorkerCrashedError in 12 epochs`);
}

async function expectCrash(
  threads: number,
  fault: ParallelFault,
  mode: "async" | "sync",
  timeoutMs?: number,
): Promise<void> {
  const tag = `${fault.how} (${mode}, ${threads} threads)`;
  const { error, ms, pt } = await crashRun(threads, fault, mode, timeoutMs);
  assert(ms < BOUND_MS, `${tag}: the error took ${ms.toFixed(0)} ms`);
  assert(error.worker === fault.worker, `${tag}: named worker ${error.worker}: ${error.message}`);
  // Killed before finishing its shard of the fault's epoch: that epoch cannot complete. A worker
  // terminated from outside may still finish it, and is then noticed one epoch later.
  const latest = fault.how === "terminate" ? fault.epoch + 1 : fault.epoch;
  assert(
    error.epoch >= fault.epoch && error.epoch <= latest,
    `${tag}: detected at epoch ${error.epoch}, the fault was at ${fault.epoch}`,
  );
  assert(error.message.includes(`worker ${fault.worker} crashed during epoch`), error.message);
  // The parameters are those after the last completed epoch, bit for bit.
  const want = await reference(threads, error.epoch);
  assert(
    hashParams(pt.params()) === hashParams(want),
    `${tag}: parameters differ from the run stopped after ${error.epoch} epochs`,
  );
  // The trainer stays stopped with the same error.
  let again: unknown = null;
  try {
    await pt.epochAsync(error.epoch, LR);
  } catch (e) {
    again = e;
  }
  assert(again === error, `${tag}: a later epoch did not rethrow the crash: ${String(again)}`);
}

export const checks: RuntimeCheck[] = [
  {
    name: "parallel crash: an uncaught error in a worker mid-epoch -> WorkerCrashedError at once",
    async run(): Promise<void> {
      await expectCrash(2, { worker: 1, epoch: 3, how: "throw" }, "async");
      await expectCrash(4, { worker: 2, epoch: 5, how: "throw" }, "async");
    },
  },
  {
    name: "parallel crash: a worker ending itself mid-epoch (process.exit / close)",
    async run(): Promise<void> {
      await expectCrash(3, { worker: 2, epoch: 4, how: "exit" }, "async");
    },
  },
  {
    name: "parallel crash: a worker terminated from outside mid-epoch",
    async run(): Promise<void> {
      await expectCrash(2, { worker: 1, epoch: 2, how: "terminate" }, "async");
    },
  },
  {
    name: "parallel crash: the blocking epoch() sees process.exit at once, other deaths at timeoutMs",
    async run(): Promise<void> {
      // An exiting worker reports itself in shared memory (process.exit, Deno.exit); an
      // uncaught error under Bun and Deno arrives as an event only: the wait ends at timeoutMs.
      await expectCrash(2, { worker: 1, epoch: 2, how: "exit" }, "sync");
      const { error } = await crashRun(2, { worker: 1, epoch: 1, how: "throw" }, "sync", 250);
      assert(error.worker === 1 && error.epoch === 1, error.message);
    },
  },
  {
    name: "parallel crash: trainParallel rejects at once, the callback saw every completed epoch",
    async run(): Promise<void> {
      const seen: string[] = [];
      injectParallelFault({ worker: 1, epoch: 6, how: "throw" });
      const started = performance.now();
      let caught: unknown = null;
      try {
        await trainParallel(X, Y, arch, {
          epochs: 50,
          learningRate: LR,
          seed: 5,
          threads: 2,
          callbackEvery: 1,
          callback: (_e, params) => seen.push(hashParams(params)),
        });
      } catch (e) {
        caught = e;
      }
      const ms = performance.now() - started;
      assert(caught instanceof WorkerCrashedError, `threw ${String(caught)}`);
      const error = caught as WorkerCrashedError;
      assert(error.epoch === 6 && error.worker === 1, error.message);
      assert(ms < 5 * BOUND_MS, `trainParallel took ${ms.toFixed(0)} ms to fail`);
      assert(seen.length === 6, `callback ran ${seen.length} times, expected 6`);
      assert(seen[5] === hashParams(await reference(2, 6)), "last completed epoch differs");
    },
  },
];

// The worker side of ParallelTrainer (parallel.ts): one thread's FusedTrainer over its shard of
// the batch, driven through shared memory. Runs as a Web Worker (Bun, Deno) or a Node
// worker_threads Worker. It receives one init message, answers "ready", then loops: wait for
// the next generation, run shardStep, count itself done — until asked to stop.
import { normalizeArchitecture } from "../architecture.ts";
import { getLoss } from "../losses/registry.ts";
import { Matrix } from "../matrix.ts";
import type { Dtype } from "./kernels.ts";
import {
  CTRL,
  doneSlot,
  ERROR_BYTES,
  shardStep,
  shardViews,
  sharedLayout,
  spinWhile,
} from "./parallel-shared.ts";
import { createKernels, type EngineName } from "./select.ts";
import { FusedTrainer } from "./trainer.ts";

/**
 * Node's worker module, named through a variable so bundlers for browsers (where parallel
 * training is not offered) leave the import alone instead of failing to resolve it.
 */
const NODE_WORKER_THREADS: string = "node:worker_threads";

/** What the main thread sends a worker once. */
export interface WorkerInit {
  readonly thread: number;
  readonly layers: readonly { inputDim: number; outputDim: number; activation: string }[];
  readonly loss: string;
  readonly engine: EngineName;
  readonly dtype: Dtype;
  readonly fma: boolean;
  readonly samples: number;
  readonly column: number;
  readonly shard: number;
  readonly X: Float64Array;
  readonly Y: Float64Array;
  readonly P: number;
  readonly threads: number;
  /** Whether the shards are nodes of the pairwise-sum tree (parallel-shared.ts, planShards). */
  readonly tree: boolean;
  readonly control: SharedArrayBuffer;
  readonly data: SharedArrayBuffer;
  readonly errors: SharedArrayBuffer;
  /** Fault injection for tests (see `injectParallelFault` in parallel.ts); absent normally. */
  readonly fault?: { readonly epoch: number; readonly how: "throw" | "exit" };
}

/** Records a failure in shared memory and wakes the main thread (first failure wins). */
function report(init: WorkerInit, message: string, countDone: boolean): void {
  const ctrl = new Int32Array(init.control);
  // Claim the message slot (-1), write the message, then publish the thread (+1-based).
  if (Atomics.compareExchange(ctrl, CTRL.ERROR, 0, -1) === 0) {
    const bytes = new TextEncoder().encode(message);
    new Uint8Array(init.errors).set(bytes.subarray(0, ERROR_BYTES - 1));
    Atomics.store(ctrl, CTRL.ERROR, init.thread + 1);
  }
  if (countDone) Atomics.add(ctrl, CTRL.DONE, 1);
  Atomics.notify(ctrl, CTRL.DONE);
}

/**
 * A worker that ends itself still runs its exit listeners (`process.exit` under Node and Bun:
 * the process `exit` event; `Deno.exit` under Deno: the `unload` event): record the exit in
 * shared memory so that a main thread blocked in `Atomics.wait` wakes at once. A terminated
 * worker runs none; the main thread sees its `exit` event (Node) or terminated it itself.
 */
function reportExit(init: WorkerInit): void {
  const g = globalThis as {
    Deno?: unknown;
    addEventListener?: (event: "unload", listener: () => void) => void;
    process?: { on?: (event: "exit", listener: (code: number) => void) => void };
  };
  const exited = (what: string): void => {
    if (Atomics.load(new Int32Array(init.control), CTRL.STOP) === 1) return;
    report(init, what, true);
  };
  if (g.Deno !== undefined) {
    g.addEventListener?.("unload", () => exited("exited (Deno.exit)"));
  } else if (typeof g.process?.on === "function") {
    g.process.on("exit", (code) => exited(`exited with code ${code}`));
  }
}

function run(init: WorkerInit, reply: (message: unknown) => void): void {
  const ctrl = new Int32Array(init.control);
  let trainer: FusedTrainer;
  try {
    const arch = normalizeArchitecture(init.layers as never, "ParallelTrainer worker");
    const kernels = createKernels(init.engine, init.dtype, "ParallelTrainer worker", {
      fma: init.fma,
    });
    trainer = new FusedTrainer(arch, init.shard, kernels, getLoss(init.loss));
    const first = arch[0]!.inputDim;
    const last = arch[arch.length - 1]!.outputDim;
    trainer.setData(new Matrix(first, init.shard, init.X), new Matrix(last, init.shard, init.Y));
  } catch (e) {
    reply({ error: e instanceof Error ? e.message : String(e) });
    return;
  }
  const layout = sharedLayout(
    init.P,
    init.threads,
    init.samples,
    init.layers.at(-1)!.outputDim,
    init.tree,
  );
  const views = shardViews(new Float64Array(init.data), layout);
  reportExit(init);
  reply({ ready: true });
  let gen = 0;
  for (;;) {
    // Poll first: the next epoch usually starts within microseconds (the main thread only
    // reduces and updates), and a futex sleep and wake-up would cost more than that.
    if (!spinWhile(ctrl, CTRL.GEN, gen)) Atomics.wait(ctrl, CTRL.GEN, gen);
    gen = Atomics.load(ctrl, CTRL.GEN);
    if (Atomics.load(ctrl, CTRL.STOP) === 1) break;
    if (init.fault !== undefined && gen === init.fault.epoch + 1) injectFault(init.fault.how);
    try {
      ctrl[CTRL.CORRECT + init.thread] = shardStep(
        trainer,
        views,
        layout,
        init.thread,
        init.column,
      );
    } catch (e) {
      report(init, `failed in its shard: ${e instanceof Error ? e.message : String(e)}`, false);
    }
    Atomics.store(ctrl, doneSlot(init.threads, init.thread), gen);
    Atomics.add(ctrl, CTRL.DONE, 1);
    Atomics.notify(ctrl, CTRL.DONE);
  }
}

/** Test-only faults: an uncaught error, or the worker ending itself mid-epoch. */
function injectFault(how: "throw" | "exit"): void {
  if (how === "throw") throw new Error("injected fault: an uncaught error in the worker");
  const g = globalThis as {
    Deno?: { exit(code: number): never };
    process?: { exit?: (code: number) => never };
  };
  // Deno.exit in a Deno worker ends the worker only (Deno's process.exit would end the process).
  if (g.Deno !== undefined) g.Deno.exit(70);
  g.process?.exit?.(70);
  throw new Error("injected fault: the worker could not exit");
}

interface WebWorkerScope {
  onmessage: ((event: { data: WorkerInit }) => void) | null;
  postMessage(message: unknown): void;
}

// Web Workers (Bun, Deno, browsers) have `self`; Node's worker_threads (Node 20) do not.
const scope = globalThis as unknown as { self?: Partial<WebWorkerScope> };
if (scope.self !== undefined && typeof scope.self.postMessage === "function") {
  const web = scope.self as WebWorkerScope;
  web.onmessage = (event) => {
    web.onmessage = null;
    run(event.data, (m) => web.postMessage(m));
  };
} else {
  const { parentPort } = (await import(
    /* @vite-ignore */ NODE_WORKER_THREADS
  )) as typeof import("node:worker_threads");
  parentPort?.once("message", (init: WorkerInit) => {
    run(init, (m) => parentPort.postMessage(m));
  });
}

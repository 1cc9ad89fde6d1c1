// Starting parallel-worker in every runtime, and watching it die.

/**
 * Node's worker module, named through a variable so bundlers for browsers (where parallel
 * training is not offered) leave the import alone instead of failing to resolve it.
 */
const NODE_WORKER_THREADS: string = "node:worker_threads";

/** A worker's answer to its init message. */
export interface WorkerAnswer {
  readonly ready?: boolean;
  readonly error?: string;
}

/** The few operations parallel training needs from a worker, in every runtime. */
export interface WorkerHandle {
  post(message: unknown): void;
  /** The next answer (or startup failure) of the worker. */
  next(): Promise<WorkerAnswer>;
  /**
   * Calls `listener` once when the worker dies (an uncaught error, an exit, an `error` event),
   * at once if it already has. Not called for {@link WorkerHandle.terminate}.
   */
  onCrash(listener: (reason: string) => void): void;
  /** Ends the worker on purpose (no crash is reported). */
  terminate(): void;
  /** Test-only: ends the worker as a crash would (reported like one). */
  kill(): void;
  unref(): void;
}

function isNodeWorkerless(): boolean {
  const g = globalThis as {
    Deno?: unknown;
    Bun?: unknown;
    process?: { versions?: { node?: string } };
  };
  return g.Deno === undefined && g.Bun === undefined && g.process?.versions?.node !== undefined;
}

/** The answer queue and crash bookkeeping shared by both kinds of worker. */
function watcher(): {
  push: (m: WorkerAnswer) => void;
  next: () => Promise<WorkerAnswer>;
  crash: (reason: string) => void;
  onCrash: (listener: (reason: string) => void) => void;
  quiet: () => void;
} {
  const queue: WorkerAnswer[] = [];
  let wake: (() => void) | null = null;
  let crashed: string | null = null;
  let quiet = false;
  let listener: ((reason: string) => void) | null = null;
  const push = (m: WorkerAnswer): void => {
    queue.push(m);
    wake?.();
  };
  return {
    push,
    next: async (): Promise<WorkerAnswer> => {
      while (queue.length === 0) await new Promise<void>((r) => (wake = r));
      return queue.shift()!;
    },
    crash: (reason: string): void => {
      if (quiet || crashed !== null) return;
      crashed = reason;
      push({ error: reason });
      listener?.(reason);
    },
    onCrash: (l: (reason: string) => void): void => {
      listener = l;
      if (crashed !== null) l(crashed);
    },
    quiet: (): void => {
      quiet = true;
    },
  };
}

/**
 * Starts a worker running parallel-worker (a Web Worker, or a Node worker_threads Worker) and
 * watches for its death: Node's `error` and `exit` events, a Web Worker's `error` (and Bun's
 * `close`) events.
 *
 * @example
 * ```ts
 * const w = await spawnWorker();
 * w.onCrash((reason) => console.log(reason));
 * ```
 */
export async function spawnWorker(): Promise<WorkerHandle> {
  // The same folder holds parallel-worker.ts (sources: Bun, Deno, tsx) or .js (the built package).
  const ext = import.meta.url.endsWith(".ts") ? "ts" : "js";
  const url = new URL(`./parallel-worker.${ext}`, import.meta.url);
  const w8 = watcher();
  if (isNodeWorkerless()) {
    const { Worker } = (await import(
      /* @vite-ignore */ NODE_WORKER_THREADS
    )) as typeof import("node:worker_threads");
    // Started through a tiny eval'd script that first registers the parent's `--import` modules
    // as module hooks (Node 20 workers do not inherit customization hooks: tsx, running the
    // TypeScript sources, registers its own on the main thread only), then imports the worker.
    const argv = (globalThis as { process?: { execArgv?: string[] } }).process?.execArgv ?? [];
    const preload = argv.flatMap((a, i) => (a === "--import" && argv[i + 1] ? [argv[i + 1]!] : []));
    // Bare specifiers (`--import tsx`) resolve from the working directory, as Node's own flag does.
    const code = `(async () => { const { register } = await import("node:module"); const { pathToFileURL } = await import("node:url"); const from = pathToFileURL(process.cwd() + "/").href; for (const m of ${JSON.stringify(preload)}) { try { register(m, from); } catch {} } await import(${JSON.stringify(url.href)}); })();`;
    const w = new Worker(code, { eval: true, execArgv: [] });
    w.on("message", (m: WorkerAnswer) => w8.push(m));
    w.on("error", (e: Error) => w8.crash(`uncaught error: ${e.message}`));
    w.on("exit", (exitCode: number) => w8.crash(`exited with code ${exitCode}`));
    return {
      post: (m) => w.postMessage(m),
      next: w8.next,
      onCrash: w8.onCrash,
      terminate: () => {
        w8.quiet();
        void w.terminate();
      },
      // Node reports the termination through the worker's `exit` event, as any other death.
      kill: () => void w.terminate(),
      unref: () => w.unref(),
    };
  }
  const WorkerCtor = (globalThis as { Worker?: typeof Worker }).Worker;
  if (WorkerCtor === undefined) {
    throw new RangeError("ParallelTrainer: this runtime has no Worker");
  }
  const w = new WorkerCtor(url, { type: "module" });
  w.addEventListener("message", (e) => w8.push((e as MessageEvent).data));
  w.addEventListener("error", (e) => {
    // Handled here: Deno would otherwise end the whole process on a worker's uncaught error
    // (e.g. a missing read permission for the worker's module), instead of letting create()
    // reject with the reason.
    e.preventDefault();
    // Bun's message carries a source excerpt before the error line: keep the error's own text.
    const event = e as ErrorEvent;
    const own = (event.error as { message?: unknown } | undefined)?.message;
    w8.crash(`uncaught error: ${typeof own === "string" ? own : (event.message ?? String(e))}`);
  });
  w.addEventListener("messageerror", () => w8.crash("a message could not be deserialised"));
  // Bun reports a worker's end (process.exit inside it, or its last task done) as `close`.
  w.addEventListener("close", (e) => {
    const exitCode = (e as Event & { code?: number }).code;
    w8.crash(exitCode === undefined ? "closed" : `exited with code ${exitCode}`);
  });
  return {
    post: (m) => w.postMessage(m),
    next: w8.next,
    onCrash: w8.onCrash,
    terminate: () => {
      w8.quiet();
      w.terminate();
    },
    // A Web Worker's terminate() fires no event: report it here, as the event would.
    kill: () => {
      w.terminate();
      w8.crash("terminated");
    },
    unref: () => (w as unknown as { unref?: () => void }).unref?.(),
  };
}

/** A test-only fault: see {@link injectParallelFault}. */
export interface ParallelFault {
  /** Worker thread (1 to threads − 1). */
  readonly worker: number;
  /** The epoch (0-based) during which it strikes. */
  readonly epoch: number;
  /**
   * `"throw"`: an uncaught error inside the worker; `"exit"`: the worker ends itself
   * (`process.exit` under Node and Bun, `close()` under Deno); `"terminate"`: the main thread
   * terminates it after computing its own shard.
   */
  readonly how: "throw" | "exit" | "terminate";
}

let injectedFault: ParallelFault | null = null;

/**
 * Test hook (not part of the package's exports): the next `ParallelTrainer.create` arms
 * `fault`, then the hook is cleared. Fault-injection tests use it to kill a worker mid-epoch.
 *
 * @example
 * ```ts
 * injectParallelFault({ worker: 1, epoch: 3, how: "exit" });
 * ```
 */
export function injectParallelFault(fault: ParallelFault | null): void {
  injectedFault = fault;
}

/**
 * The armed fault, if any, clearing the hook (called once by each `ParallelTrainer.create`).
 *
 * @example
 * ```ts
 * const fault = takeInjectedFault(); // null unless a test armed one
 * ```
 */
export function takeInjectedFault(): ParallelFault | null {
  const fault = injectedFault;
  injectedFault = null;
  return fault;
}

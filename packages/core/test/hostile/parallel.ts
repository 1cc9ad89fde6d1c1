import { injectParallelFault, type ParallelFault } from "../../src/engine/parallel-spawn.ts";
import { normalizeArchitecture, ParallelTrainer } from "../../src/engine.ts";
import {
  binaryCrossEntropy,
  losses,
  Matrix,
  trainParallel,
  WorkerCrashedError,
} from "../../src/index.ts";
import type { HostileCase } from "./case.ts";

/**
 * Workers run the TypeScript sources: under Node they need a loader, which the runtime suite's
 * tsx passes on (`--import`); vitest runs without one, so add tsx's for the workers it starts.
 */
function workersCanLoadTypeScript(): void {
  const g = globalThis as { Deno?: unknown; Bun?: unknown; process?: { execArgv?: string[] } };
  const argv = g.process?.execArgv;
  if (g.Deno !== undefined || g.Bun !== undefined || argv === undefined) return;
  if (!argv.includes("--import")) argv.push("--import", "tsx");
}

const arch = [
  { inputDim: 2, outputDim: 6, activation: "relu" as const },
  { inputDim: 6, outputDim: 1, activation: "sigmoid" as const },
];
const X = Matrix.from([
  [0.1, -0.4, 0.8, 0.3, -0.9, 0.5, 0.2, -0.1],
  [0.7, 0.2, -0.3, -0.8, 0.4, 0.6, -0.5, 0.9],
]);
const Y = Matrix.row([1, 0, 1, 0, 0, 1, 1, 0]);
const base = { epochs: 20, learningRate: 0.1, seed: 2 };

/** trainParallel with `fault` armed. */
function crashed(fault: ParallelFault, threads = 2): () => Promise<unknown> {
  return async () => {
    workersCanLoadTypeScript();
    injectParallelFault(fault);
    try {
      return await trainParallel(X, Y, arch, { ...base, threads });
    } finally {
      injectParallelFault(null);
    }
  };
}

/** A trainer stopped by a crash, then asked for another epoch. */
async function epochAfterCrash(): Promise<unknown> {
  workersCanLoadTypeScript();
  injectParallelFault({ worker: 1, epoch: 1, how: "throw" });
  const pt = await ParallelTrainer.create(normalizeArchitecture(arch), X, Y, binaryCrossEntropy);
  try {
    await pt.epochAsync(0, 0.1);
    await pt.epochAsync(1, 0.1).catch(() => undefined);
    return pt.epoch(2, 0.1);
  } finally {
    pt.close();
  }
}

/** Parallel training: bad options and crashed workers (issue 21.3). */
export const cases: HostileCase[] = [
  {
    name: "trainParallel: a worker throwing mid-epoch",
    run: crashed({ worker: 1, epoch: 2, how: "throw" }),
    error: WorkerCrashedError,
    message: "ParallelTrainer: worker 1 crashed during epoch 2",
    defect: "21.3",
  },
  {
    name: "trainParallel: a worker exiting mid-epoch (3 threads)",
    run: crashed({ worker: 2, epoch: 4, how: "exit" }, 3),
    error: WorkerCrashedError,
    message: /worker 2 crashed during epoch 4: exited/,
    defect: "21.3",
  },
  {
    name: "trainParallel: a worker terminated mid-epoch",
    run: crashed({ worker: 1, epoch: 0, how: "terminate" }),
    error: WorkerCrashedError,
    message:
      /worker 1 crashed during epoch [01]: .*the parameters are those after the last completed epoch/,
    defect: "21.3",
  },
  {
    name: "ParallelTrainer.epoch after a crash rethrows the crash",
    run: epochAfterCrash,
    error: WorkerCrashedError,
    message: "worker 1 crashed during epoch 1",
    defect: "21.3",
  },
  {
    name: "ParallelTrainer.epoch after close",
    run: async () => {
      const pt = await ParallelTrainer.create(
        normalizeArchitecture(arch),
        X,
        Y,
        binaryCrossEntropy,
        {
          threads: 1,
        },
      );
      pt.close();
      return pt.epoch(0, 0.1);
    },
    error: TypeError,
    message: "ParallelTrainer.epoch: the trainer is closed; create a new ParallelTrainer",
  },
  {
    name: "ParallelTrainer.create: 64 threads of a 1M-parameter network (64M shared values)",
    run: () => {
      const wide = normalizeArchitecture([
        { inputDim: 2, outputDim: 1000, activation: "relu" },
        { inputDim: 1000, outputDim: 1000, activation: "relu" },
        { inputDim: 1000, outputDim: 1, activation: "sigmoid" },
      ]);
      const X64 = new Matrix(2, 64);
      return ParallelTrainer.create(wide, X64, new Matrix(1, 64), binaryCrossEntropy, {
        threads: 64,
      });
    },
    error: RangeError,
    message:
      /ParallelTrainer\.create: the shared memory of 64 threads would hold \d+ values, above plainnet's limit/,
    defect: "21.1",
  },
  {
    name: "ParallelTrainer.create with timeoutMs 0",
    run: () =>
      ParallelTrainer.create(normalizeArchitecture(arch), X, Y, binaryCrossEntropy, {
        timeoutMs: 0,
      }),
    error: RangeError,
    message: "ParallelTrainer.create: timeoutMs must be a positive number, got 0",
  },
  {
    name: "ParallelTrainer.create with timeoutMs NaN",
    run: () =>
      ParallelTrainer.create(normalizeArchitecture(arch), X, Y, binaryCrossEntropy, {
        timeoutMs: Number.NaN,
      }),
    error: RangeError,
    message: "timeoutMs must be a positive number, got NaN",
  },
  {
    name: "trainParallel with threads 0",
    run: () => trainParallel(X, Y, arch, { ...base, threads: 0 }),
    error: RangeError,
    message: "threads must be an integer from 1 to 64, got 0",
  },
  {
    name: "trainParallel with threads 65",
    run: () => trainParallel(X, Y, arch, { ...base, threads: 65 }),
    error: RangeError,
    message: "got 65",
  },
  {
    name: "trainParallel with threads 1.5",
    run: () => trainParallel(X, Y, arch, { ...base, threads: 1.5 }),
    error: RangeError,
    message: "got 1.5",
  },
  {
    name: "trainParallel with more threads than samples",
    run: () => trainParallel(X, Y, arch, { ...base, threads: 9 }),
    error: RangeError,
    message: "9 threads need at least 9 samples, got 8",
  },
  {
    name: "trainParallel with the reference engine",
    run: () => trainParallel(X, Y, arch, { ...base, engine: "reference" as never }),
    error: RangeError,
    message: 'options.engine must be "auto", "wasm" or "js", got "reference"',
  },
  {
    name: "trainParallel with a custom loss",
    run: () =>
      trainParallel(X, Y, arch, {
        ...base,
        loss: { ...losses.meanSquaredError, name: "myLoss" as never },
      }),
    error: RangeError,
    message: "cannot fuse this network",
  },
  {
    name: "trainParallel with Infinity in X",
    run: () => {
      const bad = X.clone();
      bad.data[5] = Number.POSITIVE_INFINITY;
      return trainParallel(bad, Y, arch, base);
    },
    error: RangeError,
    message: "trainParallel: X must contain only finite numbers, found Infinity at [0][5]",
  },
  {
    name: "trainParallel with X as nested arrays",
    run: () => trainParallel([[1, 2]] as never, Y, arch, base),
    error: TypeError,
    message: "trainParallel: X must be a plainnet Matrix",
  },
  {
    name: "trainParallel with Y of the wrong width",
    run: () => trainParallel(X, Matrix.row([1, 0]), arch, base),
    error: RangeError,
    message: "Y is 1x2 but must be 1x8",
  },
];

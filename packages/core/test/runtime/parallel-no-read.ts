// Deno without read permission: trainParallel's worker cannot load its module from disk, and
// ParallelTrainer.create must reject with that reason (not end the process through the worker's
// uncaught error). Run by scripts/runtimes.mjs as `deno run --no-prompt` with no --allow-read.
import { Matrix, trainParallel, WorkerStartError } from "../../src/index.ts";

const m = 16;
const X = new Matrix(
  2,
  m,
  Float64Array.from({ length: 2 * m }, (_, i) => Math.sin(i)),
);
const Y = new Matrix(
  1,
  m,
  Float64Array.from({ length: m }, (_, i) => i % 2),
);
const arch = [
  { inputDim: 2, outputDim: 3, activation: "relu" as const },
  { inputDim: 3, outputDim: 1, activation: "sigmoid" as const },
];
const fail = (why: string): void => {
  console.log(`FAIL parallel without --allow-read: ${why}`);
  (globalThis as unknown as { Deno: { exit(code: number): void } }).Deno.exit(1);
};
try {
  await trainParallel(X, Y, arch, { epochs: 2, learningRate: 0.1, threads: 2 });
  fail("trainParallel resolved, but its worker needs read access");
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  if (!(e instanceof WorkerStartError)) fail(`expected a WorkerStartError, got ${String(e)}`);
  if (!message.startsWith("ParallelTrainer.create: a worker failed to start:")) fail(message);
  if (!/read access/i.test(message)) fail(`the reason is missing: ${message}`);
  console.log(`ok parallel without --allow-read rejects: ${message.split("\n")[0]}`);
}

// Runs one job (workload x candidate) in its own process, so that each candidate's peak
// memory is its own and no library's global state leaks into another's timings.
// Usage: <runtime> src/worker.ts JOB.json — writes the outcome to the job's resultFile.
import { readFileSync, writeFileSync } from "node:fs";
import process from "node:process";
import { findCandidate } from "./candidates/registry.ts";
import { cpuSeconds, currentRuntime, now, peakRssBytes } from "./runtime.ts";
import type { CandidateRun } from "./types.ts";
import { getWorkload, minibatchDataOf, planOf, predictData, trainData } from "./workloads.ts";

/** What the runner asks a worker to do. */
export interface WorkerJob {
  readonly workload: string;
  readonly candidate: string;
  readonly quick: boolean;
  readonly samples: number | null;
  /** A sample gate directory (src/gate.ts): the job's timed samples wait for the runner's go,
   * one at a time (a paired measurement, src/paired.ts). Absent: samples run back to back. */
  readonly gate?: string;
  /** How many jobs warm up at the same time as this one (the members of a paired
   * measurement): the plan's `sharers` (src/types.ts). Absent: 1. */
  readonly sharers?: number;
  readonly resultFile: string;
}

/** What a worker writes back. */
export type WorkerResult =
  | {
      readonly status: "ok";
      readonly run: CandidateRun;
      readonly peakRssBytes: number | null;
      readonly runtime: string;
      /** CPU time of the worker process and its wall time: a share well below 1 means the
       * machine was busy with other work (or the work ran in a child process, as NumPy's). */
      readonly cpuSeconds?: number;
      readonly wallSeconds?: number;
    }
  | {
      readonly status: "not available" | "failed" | "skipped";
      readonly reason: string;
      readonly runtime: string;
    };

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new RangeError("worker: expected the path of a job file as the only argument");
  const job = JSON.parse(readFileSync(file, "utf8")) as WorkerJob;
  const wall0 = now();
  const rt = currentRuntime();
  const runtime = `${rt.name} ${rt.version} (${rt.engine})`;
  let result: WorkerResult;
  try {
    const spec = getWorkload(job.workload);
    const candidate = await findCandidate(job.candidate);
    const reason = (await candidate.available()) ?? candidate.availableFor?.(spec) ?? null;
    if (reason !== null) {
      result = { status: "not available", reason, runtime };
    } else {
      const plan = {
        ...planOf(spec, job.quick, job.samples),
        ...(job.gate !== undefined ? { gate: job.gate } : {}),
        ...(job.sharers !== undefined ? { sharers: job.sharers } : {}),
      };
      const run = await candidate.run({
        spec,
        plan,
        ...(spec.kind === "train" ? { train: trainData(spec) } : {}),
        ...(spec.kind === "predict" ? { predict: predictData(spec) } : {}),
        ...(spec.kind === "minibatch" ? { minibatch: minibatchDataOf(spec) } : {}),
      });
      const cpu = cpuSeconds();
      result = {
        status: "ok",
        run,
        peakRssBytes: peakRssBytes(),
        runtime,
        ...(cpu !== null ? { cpuSeconds: cpu, wallSeconds: (now() - wall0) / 1000 } : {}),
      };
    }
  } catch (e) {
    const reason = e instanceof Error ? `${e.message}\n${e.stack ?? ""}` : String(e);
    result = { status: "failed", reason, runtime };
  }
  writeFileSync(job.resultFile, JSON.stringify(result));
}

await main();
// tfjs and brain.js may keep timers alive; the result is written, so leave now.
process.exit(0);

// A paired (interleaved) measurement: several candidates' jobs of one workload run at once, and
// their timed samples take turns (one job times a sample while the others wait at their sample
// gates), so that every round of samples sees the same state of the machine. On a machine whose
// speed drifts over seconds, ratios of such samples are far steadier than ratios of the medians
// of jobs run minutes apart.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RUNNER_POLL_MS, waitForGateFile, writeGateFile } from "./gate.ts";
import { runJob } from "./jobs.ts";
import { now } from "./runtime.ts";
import type { RuntimeName } from "./types.ts";
import type { WorkerResult } from "./worker.ts";
import { getWorkload, planOf } from "./workloads.ts";

/**
 * Rounds of a paired measurement: 25 in a full run, 3 in a quick one.
 *
 * @example
 * ```ts
 * PAIRED_ROUNDS.quick; // 3
 * ```
 */
export const PAIRED_ROUNDS: { readonly full: number; readonly quick: number } = {
  full: 25,
  quick: 3,
};

/** One member's samples: what the pure target evaluation needs (src/paired-targets.ts). */
export interface PairedSeries {
  readonly candidate: string;
  /** Per epoch (or pass), in ms: round r's sample divided by the epochs per sample, at index r.
   * Shorter than the rounds when the member dropped out. */
  readonly msPerEpoch: readonly number[];
  /** Why the member has no complete series (not available, skipped, failed, exited early). */
  readonly dropped?: string;
}

/** A member of a paired measurement, with its job's final result. */
export interface PairedMember extends PairedSeries {
  /** What the job's worker wrote (as {@link runJob} returns it). */
  readonly result: WorkerResult;
}

/** One paired measurement: a workload, a runtime, its members in visiting order. */
export interface PairedMeasurement {
  readonly runtime: RuntimeName;
  readonly workload: string;
  readonly rounds: number;
  readonly epochsPerSample: number;
  readonly members: readonly PairedMember[];
  /** Wall time of the whole measurement (start-up, warm-ups, rounds). */
  readonly seconds: number;
}

/**
 * The order in which round `round` visits the members: as given on even rounds, reversed on odd
 * ones, so that a drift that is linear in time favours neither end of the list.
 *
 * @example
 * ```ts
 * roundOrder(["a", "b", "c"], 0); // ["a", "b", "c"]
 * roundOrder(["a", "b", "c"], 1); // ["c", "b", "a"]
 * ```
 */
export function roundOrder<T>(members: readonly T[], round: number): T[] {
  if (!Number.isInteger(round) || round < 0) {
    throw new RangeError(`roundOrder: round must be a non-negative integer, got ${String(round)}`);
  }
  return round % 2 === 0 ? [...members] : [...members].reverse();
}

/** The first line of a worker result's reason, prefixed by its status. */
function whyNot(r: WorkerResult): string {
  if (r.status === "ok") {
    return r.run.skipped ? `skipped: ${r.run.skipped}` : "exited without its gate files";
  }
  return `${r.status}: ${r.reason.split("\n")[0] ?? ""}`;
}

/** The runner's view of one member's job while the measurement runs. */
interface JobState {
  readonly candidate: string;
  readonly gate: string;
  readonly samples: number[];
  dropped: string | null;
  /** The job's result once its process has ended. */
  settled: WorkerResult | null;
}

/** What {@link measurePaired} may be told besides its members. */
export interface PairedOptions {
  /** Hard limit per job; default: the workload's budget twice plus 30 s (as the main run), plus
   * one budget for every other member, whose samples this job waits through. */
  readonly timeoutMs?: number;
  /** Progress lines (e.g. a member dropping out). */
  readonly onProgress?: (line: string) => void;
}

/**
 * Measures `members` (candidate ids) of `workload` under `runtime` paired: one job per member,
 * all started at once, each with `rounds` timed samples behind a sample gate. Once every job is
 * past its warm-up, round r lets each member in turn (in {@link roundOrder}) take sample r and
 * waits for it before the next. Members that are not available, are skipped by their budget,
 * fail or exit are dropped, with the reason; the others go on. Returns each member's samples
 * aligned by round and its job's final result.
 *
 * @example
 * ```ts
 * const m = await measurePaired("bun", "headline", ["plainnet-wasm-f64", "numpy"], 15, false);
 * m.members.map((x) => x.msPerEpoch); // [[1.21, 1.19, ...], [1.62, 1.60, ...]]
 * ```
 */
export async function measurePaired(
  runtime: RuntimeName,
  workload: string,
  members: readonly string[],
  rounds: number,
  quick: boolean,
  opts: PairedOptions = {},
): Promise<PairedMeasurement> {
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new RangeError(`measurePaired: rounds must be a positive integer, got ${String(rounds)}`);
  }
  if (members.length === 0 || new Set(members).size !== members.length) {
    throw new RangeError(
      `measurePaired: members must be distinct candidate ids, at least one; got [${members.join(", ")}]`,
    );
  }
  const spec = getWorkload(workload);
  const plan = planOf(spec, quick, rounds);
  const timeoutMs = opts.timeoutMs ?? plan.budgetMs * (1 + members.length) + 30_000;
  const t0 = now();
  const base = mkdtempSync(join(tmpdir(), "plainnet-bench-paired-"));
  try {
    const jobs: JobState[] = members.map((candidate, i) => {
      const gate = join(base, `${i}-${candidate}`);
      mkdirSync(gate);
      return { candidate, gate, samples: [], dropped: null, settled: null };
    });
    const done = jobs.map((job) =>
      runJob(
        runtime,
        {
          workload,
          candidate: job.candidate,
          quick,
          samples: rounds,
          gate: job.gate,
          sharers: members.length,
        },
        timeoutMs,
      ).then((r) => {
        job.settled = r;
        return r;
      }),
    );
    const exited = (job: JobState) => (): string | null =>
      job.settled === null ? null : whyNot(job.settled);
    const drop = (job: JobState, why: string): void => {
      job.dropped = why;
      opts.onProgress?.(`  paired ${workload} (${runtime}): ${job.candidate} dropped (${why})`);
    };
    await Promise.all(
      jobs.map(async (job) => {
        const r = await waitForGateFile(job.gate, ["ready", "skipped"], { abort: exited(job) });
        if ("aborted" in r) drop(job, r.aborted);
        else if (r.name === "skipped") drop(job, `skipped: ${r.text}`);
      }),
    );
    for (let round = 0; round < rounds; round++) {
      for (const job of roundOrder(jobs, round)) {
        if (job.dropped !== null) continue;
        writeGateFile(job.gate, `go-${round}`, "");
        const r = await waitForGateFile(job.gate, `done-${round}`, {
          abort: exited(job),
          maxIntervalMs: RUNNER_POLL_MS,
        });
        if ("aborted" in r) {
          drop(job, r.aborted);
          continue;
        }
        const ms = Number(r.text);
        if (!Number.isFinite(ms) || ms < 0) {
          drop(job, `done-${round} holds "${r.text}", not a time in ms`);
          continue;
        }
        job.samples.push(ms / plan.epochsPerSample);
      }
    }
    // A member dropped while its job still runs waits at its gate: let it finish its samples
    // now that nobody else is timing.
    for (const job of jobs) {
      if (job.dropped === null || job.settled !== null) continue;
      for (let round = 0; round < rounds; round++) {
        if (!existsSync(join(job.gate, `go-${round}`))) writeGateFile(job.gate, `go-${round}`, "");
      }
    }
    const results = await Promise.all(done);
    const out: PairedMember[] = jobs.map((job, i) => {
      const result = results[i] as WorkerResult;
      // A job may still fail after its samples (e.g. while returning its parameters).
      const dropped = job.dropped ?? (result.status === "ok" ? null : whyNot(result));
      return {
        candidate: job.candidate,
        msPerEpoch: job.samples,
        ...(dropped !== null ? { dropped } : {}),
        result,
      };
    });
    return {
      runtime,
      workload,
      rounds,
      epochsPerSample: plan.epochsPerSample,
      members: out,
      seconds: (now() - t0) / 1000,
    };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

// Starts a worker process (a job, or the ceiling measurement) and collects what it wrote.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { BENCH_DIR, scriptCommand } from "./runtime.ts";
import type { RuntimeName } from "./types.ts";
import type { WorkerJob, WorkerResult } from "./worker.ts";

/** The most telling line of a crashed worker's output: its last error line, else its last line. */
function lastError(output: string): string {
  const lines = output
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const error = [...lines].reverse().find((l) => /error/i.test(l));
  return (error ?? lines[lines.length - 1] ?? "(no output)").slice(0, 300);
}

// Process groups of the scripts running now (each worker is detached into its own group).
const running = new Set<number>();

/**
 * Kills every running script's process group (the runner's wall-clock limit, --max-seconds).
 * Returns how many it killed.
 *
 * @example
 * ```ts
 * killRunningScripts(); // 0 when no job is running
 * ```
 */
export function killRunningScripts(): number {
  let killed = 0;
  for (const pid of running) {
    try {
      process.kill(-pid, "SIGKILL");
      killed++;
    } catch {
      // Already gone.
    }
  }
  running.clear();
  return killed;
}

/** A script's outcome when it wrote no result: it crashed, or was killed at its time limit. */
export interface ScriptFailure {
  readonly status: "failed" | "skipped";
  readonly reason: string;
  readonly runtime: string;
}

/**
 * Runs `src/<script>` under `runtime` with a job file (the JSON of `job` plus a `resultFile`
 * path) as its only argument, and returns what the script wrote to `resultFile`, parsed. A
 * script that crashes or writes nothing gives a "failed" outcome with the end of its output; one
 * that outlives `timeoutMs` is killed (its whole process group) and reported as "skipped".
 *
 * @example
 * ```ts
 * const r = await runScript("node", "ceiling-worker.ts", { n: 512, repeats: 3 }, 60_000);
 * if ("result" in r) console.log(r.result);
 * ```
 */
export async function runScript(
  runtime: RuntimeName,
  script: string,
  job: object,
  timeoutMs: number,
): Promise<{ readonly result: unknown } | ScriptFailure> {
  const dir = mkdtempSync(join(tmpdir(), "plainnet-bench-job-"));
  const jobFile = join(dir, "job.json");
  const resultFile = join(dir, "result.json");
  writeFileSync(jobFile, JSON.stringify({ ...job, resultFile }));
  const { cmd, args } = scriptCommand(runtime, join(BENCH_DIR, "src", script));
  try {
    const { code, output, timedOut } = await new Promise<{
      code: number | null;
      output: string;
      timedOut: boolean;
    }>((resolve) => {
      const child = spawn(cmd, [...args, jobFile], {
        cwd: BENCH_DIR,
        stdio: ["ignore", "pipe", "pipe"],
        detached: process.platform !== "win32",
        env: { ...process.env, NO_COLOR: "1" },
      });
      if (child.pid !== undefined) running.add(child.pid);
      let output = "";
      const keep = (chunk: Buffer | string): void => {
        output = (output + chunk.toString()).slice(-4000);
      };
      child.stdout?.on("data", keep);
      child.stderr?.on("data", keep);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
        } catch {
          child.kill("SIGKILL");
        }
      }, timeoutMs);
      child.on("error", (e) => keep(`\n${e.message}`));
      child.on("close", (code) => {
        clearTimeout(timer);
        if (child.pid !== undefined) running.delete(child.pid);
        resolve({ code, output, timedOut });
      });
    });
    const runtimeText = `${runtime} (${cmd})`;
    if (timedOut) {
      return {
        status: "skipped",
        reason: `did not finish within its time limit of ${(timeoutMs / 1000).toFixed(0)} s`,
        runtime: runtimeText,
      };
    }
    if (!existsSync(resultFile)) {
      return {
        status: "failed",
        reason: `worker exited with ${code} without a result: ${lastError(output)}`,
        runtime: runtimeText,
      };
    }
    return { result: JSON.parse(readFileSync(resultFile, "utf8")) as unknown };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `src/worker.ts` for one job under `runtime` and returns its result (see
 * {@link runScript} for crashes and time limits).
 *
 * @example
 * ```ts
 * const r = await runJob("bun", { workload: "headline", candidate: "numpy", quick: true, samples: null }, 120_000);
 * ```
 */
export async function runJob(
  runtime: RuntimeName,
  job: Omit<WorkerJob, "resultFile">,
  timeoutMs: number,
): Promise<WorkerResult> {
  const r = await runScript(runtime, "worker.ts", job, timeoutMs);
  return "result" in r ? (r.result as WorkerResult) : r;
}

// NumPy: the notebook's own algorithm (apps/bench/python/notebook.py) run by python3 with
// single-threaded BLAS. Reported as not available when python3 or NumPy is missing.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import type { Matrix, Params } from "@plainnet/core";
import { BENCH_DIR } from "../runtime.ts";
import type { CandidateRun, PlainLayer } from "../types.ts";
import { type Candidate, type JobContext, rowsOf } from "./candidate.ts";

/**
 * The Python interpreter: $PLAINNET_BENCH_PYTHON or python3.
 *
 * @example
 * ```ts
 * PYTHON; // "python3"
 * ```
 */
export const PYTHON: string = process.env.PLAINNET_BENCH_PYTHON || "python3";

/** BLAS and OpenMP pinned to one thread: with two, a busy second core makes NumPy erratic. */
const ENV: Record<string, string> = {
  OPENBLAS_NUM_THREADS: "1",
  OMP_NUM_THREADS: "1",
  MKL_NUM_THREADS: "1",
};

/**
 * Parameters as plain nested arrays (W rows, b values), as the Python scripts read them.
 *
 * @example
 * ```ts
 * plainParams(initLayers(arch, 2))[0]!.W.length; // arch[0].outputDim
 * ```
 */
export const plainParams = (params: Params): PlainLayer[] =>
  params.map((p) => ({ W: rowsOf(p.W.data, p.W.rows, p.W.cols), b: Array.from(p.b.data) }));

const plainMatrix = (m: Matrix): number[][] => rowsOf(m.data, m.rows, m.cols);

/**
 * Runs python with BLAS pinned to one thread, asynchronously (the caller's event loop waits,
 * nothing spins). Rejects when python cannot be started.
 *
 * @example
 * ```ts
 * const r = await runPython([join(BENCH_DIR, "python", "gemm.py"), jobFile]);
 * if (r.code === 0) JSON.parse(r.stdout);
 * ```
 */
export function runPython(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, {
      env: { ...process.env, ...ENV },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: string[] = [];
    let stderr = "";
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => out.push(chunk));
    child.stderr.on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: out.join(""), stderr }));
  });
}

/** What the bench's Python scripts print (JSON) for one job. */
export interface PythonOutput {
  samplesMs: number[];
  skipped?: string;
  finalParams?: PlainLayer[];
  outputs?: number[];
  peakRssBytes?: number;
  version: string;
}

/**
 * Writes `payload` to a temporary job file, runs `python/<script>` on it (BLAS on one thread)
 * and returns its parsed output; throws naming the script and its stderr when it fails.
 *
 * @example
 * ```ts
 * const out = await runPythonJob("notebook.py", payload);
 * ```
 */
export async function runPythonJob(script: string, payload: unknown): Promise<PythonOutput> {
  const dir = mkdtempSync(join(tmpdir(), "plainnet-bench-"));
  try {
    const file = join(dir, "job.json");
    writeFileSync(file, JSON.stringify(payload));
    const r = await runPython([join(BENCH_DIR, "python", script), file]);
    if (r.code !== 0) {
      throw new Error(
        `${PYTHON} python/${script} exited with ${r.code}: ${r.stderr.trim().slice(-800)}`,
      );
    }
    return JSON.parse(r.stdout) as PythonOutput;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The fields every Python candidate's run shares: times, float64, version, peak memory.
 *
 * @example
 * ```ts
 * const base = pythonRunBase(out, `${out.version}, one BLAS thread`);
 * ```
 */
export function pythonRunBase(
  out: PythonOutput,
  version: string,
): Pick<CandidateRun, "samplesMs" | "precision" | "version" | "peakRssBytes"> {
  return {
    samplesMs: out.samplesMs,
    precision: "float64",
    version,
    ...(out.peakRssBytes !== undefined ? { peakRssBytes: out.peakRssBytes } : {}),
  };
}

async function run(job: JobContext): Promise<CandidateRun> {
  const data = job.train ?? job.predict;
  if (!data) throw new RangeError(`numpy candidate: workload ${job.spec.id} has no data`);
  const payload = {
    mode: job.train ? "train" : "predict",
    X: plainMatrix(data.X),
    Y: job.train ? plainMatrix(job.train.Y) : undefined,
    architecture: data.architecture.map((l) => ({
      input_dim: l.inputDim,
      output_dim: l.outputDim,
      activation: l.activation.name,
    })),
    params: plainParams(
      job.train ? job.train.initialParams : (job.predict as { params: Params }).params,
    ),
    learningRate: job.spec.learningRate,
    // warmupEpochs, samples, epochsPerSample, budgetMs, and the sample gate (src/gate.ts) when
    // the job is part of a paired measurement: notebook.py then waits for the runner's go.
    ...job.plan,
  };
  const out = await runPythonJob("notebook.py", payload);
  const base = pythonRunBase(out, `${out.version}, OPENBLAS_NUM_THREADS=1`);
  if (out.skipped) return { ...base, skipped: out.skipped };
  return {
    ...base,
    ...(out.finalParams ? { finalParams: out.finalParams } : {}),
    ...(out.outputs ? { outputs: out.outputs } : {}),
    notes: ["the notebook's code; cost and accuracy every epoch"],
  };
}

/**
 * The NumPy candidate.
 *
 * @example
 * ```ts
 * await numpyCandidate.available(); // null, or "python3 not found: ..."
 * ```
 */
export const numpyCandidate: Candidate = {
  id: "numpy",
  label: "NumPy (notebook code)",
  plainnet: false,
  kinds: ["train", "predict"],
  async available() {
    const r = spawnSync(PYTHON, ["-c", "import numpy; print(numpy.__version__)"], {
      encoding: "utf8",
      env: { ...process.env, ...ENV },
    });
    if (r.error) return `${PYTHON} not found (${r.error.message})`;
    if (r.status !== 0) {
      return `${PYTHON} has no NumPy (${(r.stderr || "").trim().split("\n").pop() ?? ""})`;
    }
    return null;
  },
  run,
};

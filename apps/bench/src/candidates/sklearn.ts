// scikit-learn's MLPClassifier / MLPRegressor on the mini-batch workloads (issue 23), run by
// python/sklearn_mlp.py with BLAS on one thread (OPENBLAS_NUM_THREADS=1 and threadpoolctl).
// Reported as not available when python3, scikit-learn or threadpoolctl is missing.
import { spawnSync } from "node:child_process";
import process from "node:process";
import type { CandidateRun } from "../types.ts";
import type { Candidate, JobContext } from "./candidate.ts";
import { PYTHON, plainParams, pythonRunBase, runPythonJob } from "./numpy.ts";

/** samples x features rows of a features x samples column matrix. */
function sampleRows(data: ArrayLike<number>, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let j = 0; j < cols; j++) {
    const r: number[] = new Array(rows);
    for (let i = 0; i < rows; i++) r[i] = data[i * cols + j] as number;
    out.push(r);
  }
  return out;
}

async function run(job: JobContext): Promise<CandidateRun> {
  const d = job.minibatch;
  const mb = job.spec.minibatch;
  if (!d || !mb) {
    throw new RangeError(`sklearn candidate: workload ${job.spec.id} is not a mini-batch workload`);
  }
  const payload = {
    task: mb.dataset === "digits" ? "classifier" : "regressor",
    X: sampleRows(d.X.data, d.X.rows, d.X.cols),
    y: d.labels,
    hidden: job.spec.sizes.slice(1, -1),
    params: plainParams(d.initialParams),
    learningRate: job.spec.learningRate,
    batchSize: mb.batchSize,
    ...job.plan,
  };
  const out = await runPythonJob("sklearn_mlp.py", payload);
  const base = pythonRunBase(out, `${out.version}, one BLAS thread`);
  if (out.skipped) return { ...base, skipped: out.skipped };
  return {
    ...base,
    ...(out.finalParams ? { finalParams: out.finalParams } : {}),
    notes: [
      `solver "adam", batch_size ${mb.batchSize}, alpha 0, shuffle; one partial_fit per epoch`,
    ],
  };
}

/**
 * The scikit-learn candidate (MLPClassifier for digits, MLPRegressor for the regression).
 *
 * @example
 * ```ts
 * await sklearnCandidate.available(); // null, or "python3 has no scikit-learn (...)"
 * ```
 */
export const sklearnCandidate: Candidate = {
  id: "sklearn",
  label: "scikit-learn MLP (1 BLAS thread)",
  plainnet: false,
  kinds: ["minibatch"],
  async available() {
    const r = spawnSync(
      PYTHON,
      ["-c", "import sklearn, threadpoolctl; print(sklearn.__version__)"],
      { encoding: "utf8", env: { ...process.env, OPENBLAS_NUM_THREADS: "1" } },
    );
    if (r.error) return `${PYTHON} not found (${r.error.message})`;
    if (r.status !== 0) {
      return `${PYTHON} has no scikit-learn or threadpoolctl (${(r.stderr || "").trim().split("\n").pop() ?? ""})`;
    }
    return null;
  },
  run,
};

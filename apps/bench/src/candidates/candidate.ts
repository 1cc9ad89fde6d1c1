// What every candidate (plainnet backend, TensorFlow.js, brain.js, NumPy, libm) provides.

import type { MinibatchData } from "../minibatch.ts";
import type { CandidateRun, Plan, WorkloadKind, WorkloadSpec } from "../types.ts";
import type { PredictData, TrainData } from "../workloads.ts";

/** Everything a candidate needs to run one job. */
export interface JobContext {
  readonly spec: WorkloadSpec;
  readonly plan: Plan;
  /** Set for train workloads. */
  readonly train?: TrainData;
  /** Set for the predict workload. */
  readonly predict?: PredictData;
  /** Set for mini-batch workloads (kind "minibatch"). */
  readonly minibatch?: MinibatchData;
}

/** A benchmark candidate. */
export interface Candidate {
  /** Stable id used by --filter and results.json, e.g. "tfjs-wasm". */
  readonly id: string;
  /** Name shown in the table, e.g. "TensorFlow.js wasm". */
  readonly label: string;
  /** True for plainnet's own backends. */
  readonly plainnet: boolean;
  /** Workload kinds this candidate runs. */
  readonly kinds: readonly WorkloadKind[];
  /** Null when the candidate can run here, otherwise the reason it cannot. */
  available(): Promise<string | null>;
  /** Null when the candidate can run this workload, otherwise why not (e.g. a network that
   * `dtype: "float32"` does not support); absent: every workload of its kinds. */
  availableFor?(spec: WorkloadSpec): string | null;
  /** Runs one job (warm-up and timed samples) and returns what the runner checks. */
  run(job: JobContext): Promise<CandidateRun>;
}

/**
 * A matrix as nested arrays of plain numbers (rows).
 *
 * @example
 * ```ts
 * rowsOf(new Float64Array([1, 2, 3, 4]), 2, 2); // [[1, 2], [3, 4]]
 * ```
 */
export function rowsOf(data: ArrayLike<number>, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const row: number[] = new Array(cols);
    for (let j = 0; j < cols; j++) row[j] = data[i * cols + j] as number;
    out.push(row);
  }
  return out;
}

// What every candidate (plainnet backend, TensorFlow.js, brain.js, NumPy, libm) provides.

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

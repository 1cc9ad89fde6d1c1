// plainnet's `Network.fit`, as a user trains (issue 23's mini-batch workloads): the default
// network (engine "auto", float64, one thread, no FMA) and the same with `dtype: "float32"`,
// Adam in batches of 32, reshuffled every epoch, from the workload's initial parameters.
// The default row also measures its per-batch overhead apart from the arithmetic.
import { type Dtype, Matrix, Network } from "@plainnet/core";
import type { MinibatchData } from "../minibatch.ts";
import { measure } from "../sampler.ts";
import { median } from "../stats.ts";
import type {
  BatchOverhead,
  CandidateRun,
  MinibatchSpec,
  PlainLayer,
  WorkloadSpec,
} from "../types.ts";
import { type Candidate, type JobContext, rowsOf } from "./candidate.ts";

/**
 * The id of the default `Network.fit` candidate: the mini-batch workloads' reference (every
 * other candidate's loss check compares with it).
 *
 * @example
 * ```ts
 * NETWORK_DEFAULT_ID; // "plainnet-network"
 * ```
 */
export const NETWORK_DEFAULT_ID = "plainnet-network";

/** samples x features, the layout `Network.fit` takes (the transpose of plainnet's columns). */
function samplesOf(X: Matrix): Matrix {
  const out = new Float64Array(X.rows * X.cols);
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < X.cols; j++) out[j * X.rows + i] = X.data[i * X.cols + j] as number;
  }
  return new Matrix(X.cols, X.rows, out);
}

function makeNetwork(
  spec: WorkloadSpec,
  mb: MinibatchSpec,
  d: MinibatchData,
  dtype: Dtype,
): Network {
  return new Network([...spec.sizes], {
    seed: 2,
    params: d.initialParams,
    outputActivation: mb.outputActivation,
    ...(dtype === "float32" ? { dtype } : {}),
  });
}

/** Targets as a user passes them: class labels for digits, one value per sample otherwise. */
function targetsOf(mb: MinibatchSpec, d: MinibatchData): number[] | Matrix {
  return mb.dataset === "digits"
    ? [...d.labels]
    : new Matrix(d.labels.length, 1, Float64Array.from(d.labels));
}

/**
 * The per-batch overhead: two fresh networks from the same parameters, one trained with the
 * workload's batch size and one with a single batch of all samples (the same FLOPs an epoch,
 * one step), one epoch each in turn, `rounds` times after two untimed epochs each;
 * (median batched − median full) / (batches − 1).
 */
function batchOverhead(
  spec: WorkloadSpec,
  mb: MinibatchSpec,
  d: MinibatchData,
  dtype: Dtype,
  rounds: number,
): BatchOverhead {
  const X = samplesOf(d.X);
  const y = targetsOf(mb, d);
  const nets = { batched: makeNetwork(spec, mb, d, dtype), full: makeNetwork(spec, mb, d, dtype) };
  const times: { batched: number[]; full: number[] } = { batched: [], full: [] };
  const fit = (which: "batched" | "full", epochs: number): void => {
    nets[which].fit(X, y, {
      epochs,
      batchSize: which === "batched" ? mb.batchSize : "full",
      shuffle: true,
      optimizer: "adam",
      learningRate: spec.learningRate,
      warn: false,
    });
  };
  fit("batched", 2);
  fit("full", 2);
  for (let r = 0; r < rounds; r++) {
    for (const which of ["batched", "full"] as const) {
      const t0 = performance.now();
      fit(which, 1);
      times[which].push(performance.now() - t0);
    }
  }
  const batches = Math.ceil(spec.samples / mb.batchSize);
  const batchedMs = median(times.batched);
  const fullMs = median(times.full);
  return {
    batchedMsPerEpoch: batchedMs,
    fullBatchMsPerEpoch: fullMs,
    batches,
    usPerBatch: ((batchedMs - fullMs) / (batches - 1)) * 1000,
    engine: nets.batched.engine,
  };
}

async function runNetwork(dtype: Dtype, job: JobContext): Promise<CandidateRun> {
  const d = job.minibatch;
  const mb = job.spec.minibatch;
  if (!d || !mb) {
    throw new RangeError(
      `plainnet Network candidate: workload ${job.spec.id} is not a mini-batch workload`,
    );
  }
  const net = makeNetwork(job.spec, mb, d, dtype);
  const version = `plainnet Network.fit (engine ${net.engine}, ${net.dtype})`;
  const X = samplesOf(d.X);
  const y = targetsOf(mb, d);
  const m = await measure(job.plan, (epochs) => {
    net.fit(X, y, {
      epochs,
      batchSize: mb.batchSize,
      shuffle: true,
      optimizer: "adam",
      learningRate: job.spec.learningRate,
      warn: false,
    });
  });
  if ("skipped" in m) return { samplesMs: [], precision: dtype, version, skipped: m.skipped };
  const finalParams: PlainLayer[] = net.params.map((p) => ({
    W: rowsOf(p.W.data, p.W.rows, p.W.cols),
    b: Array.from(p.b.data),
  }));
  // Measured after the timed samples, and only outside a paired measurement (whose members
  // wait for each other's samples).
  const overhead =
    job.plan.gate === undefined
      ? batchOverhead(job.spec, mb, d, dtype, Math.max(3, job.plan.samples))
      : undefined;
  return {
    samplesMs: m.samplesMs,
    precision: dtype,
    version,
    finalParams,
    ...(overhead ? { batchOverhead: overhead } : {}),
    notes: [
      `Network.fit with batchSize ${mb.batchSize}, optimizer "adam", shuffle; one fit call per timed sample (input validation and conversion included); engine ${net.engine}`,
      ...(overhead
        ? [
            `per-batch overhead ${overhead.usPerBatch.toFixed(0)} µs: batch ${mb.batchSize} ${overhead.batchedMsPerEpoch.toFixed(2)} ms/epoch (${overhead.batches} steps) vs one full batch ${overhead.fullBatchMsPerEpoch.toFixed(2)} ms/epoch (same FLOPs, 1 step)`,
          ]
        : []),
    ],
  };
}

/** Why `Network` cannot build this workload's network with `dtype`, or null when it can. */
function buildableFor(spec: WorkloadSpec, dtype: Dtype): string | null {
  const mb = spec.minibatch;
  if (!mb) return `workload ${spec.id} is not a mini-batch workload`;
  try {
    new Network([...spec.sizes], { outputActivation: mb.outputActivation, dtype });
    return null;
  } catch (e) {
    return e instanceof Error ? (e.message.split("\n")[0] ?? e.message) : String(e);
  }
}

function networkCandidate(id: string, label: string, dtype: Dtype): Candidate {
  return {
    id,
    label,
    plainnet: true,
    kinds: ["minibatch"],
    async available() {
      return null;
    },
    availableFor: (spec) => buildableFor(spec, dtype),
    run: (job) => runNetwork(dtype, job),
  };
}

/**
 * The `Network.fit` candidates: the default network (engine auto, float64, one thread, no
 * FMA) and float32.
 *
 * @example
 * ```ts
 * networkCandidates().map((c) => c.id); // ["plainnet-network", "plainnet-network-f32"]
 * ```
 */
export function networkCandidates(): Candidate[] {
  return [
    networkCandidate(
      NETWORK_DEFAULT_ID,
      "plainnet Network.fit, default (auto engine, float64, 1 thread, no FMA)",
      "float64",
    ),
    networkCandidate("plainnet-network-f32", "plainnet Network.fit, float32", "float32"),
  ];
}

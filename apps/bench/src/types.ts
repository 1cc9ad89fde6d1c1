// Shared data shapes of the benchmark: what a workload is, what a candidate returns, what a
// row of the report holds. Types only.

/** Which JavaScript runtime runs a worker. */
export type RuntimeName = "node" | "bun" | "deno";

/** What a workload measures: training epochs (the notebook's full-batch descent), mini-batch
 * training epochs (Adam, batches of 32: issue 23), forward passes, or scalar exp/log calls. */
export type WorkloadKind = "train" | "minibatch" | "predict" | "libm";

/** How a mini-batch workload trains (issue 23): data set, output, loss, optimiser and batch. */
export interface MinibatchSpec {
  /** "digits": scikit-learn's digits (fixtures/digits.json); "regression": Friedman #1. */
  readonly dataset: "digits" | "regression";
  readonly outputActivation: "softmax" | "linear";
  readonly loss: "categoricalCrossEntropy" | "meanSquaredError";
  /** Adam with beta1 0.9, beta2 0.999, epsilon 1e-8 (scikit-learn's and plainnet's defaults). */
  readonly optimizer: "adam";
  readonly batchSize: number;
  /** Reshuffle every epoch (each library with its own generator). */
  readonly shuffle: true;
}

/** How many epochs (or passes) a candidate runs: untimed warm-up, then timed samples. */
export interface Plan {
  /** Untimed epochs before the first sample (JIT, caches, allocator). */
  readonly warmupEpochs: number;
  /** Number of timed samples. */
  readonly samples: number;
  /** Epochs (or passes) per timed sample; a sample's time is divided by this. */
  readonly epochsPerSample: number;
  /** A candidate whose warm-up predicts more than this many ms for its samples is skipped. */
  readonly budgetMs: number;
  /** A sample gate directory (src/gate.ts): each timed sample waits for the runner's go. Set
   * only for the jobs of a paired measurement (src/paired.ts). */
  readonly gate?: string;
  /** How many jobs warm up at once on this machine (a paired measurement starts all its
   * members together); the warm-up's budget checks allow that many times longer epochs.
   * Default 1. */
  readonly sharers?: number;
}

/**
 * What a working network reaches on a workload, for candidates whose model differs from the
 * reference (brain.js): after at least `minEpochs` epochs, a training accuracy of at least
 * `minAccuracy` and a binary cross-entropy of at most `maxLoss`.
 */
export interface LearnedBound {
  readonly minEpochs: number;
  readonly minAccuracy: number;
  readonly maxLoss: number;
}

/** A workload as the CLI and the report know it. */
export interface WorkloadSpec {
  readonly id: string;
  readonly kind: WorkloadKind;
  /** One line for the report. */
  readonly description: string;
  /** Layer sizes, e.g. [2, 25, 50, 50, 25, 1] (train/predict). */
  readonly sizes: readonly number[];
  /** Samples per epoch (train), grid points (predict) or calls per pass (libm). */
  readonly samples: number;
  readonly learningRate: number;
  readonly quick: Plan;
  readonly full: Plan;
  /** The bound a candidate with its own model must reach; absent: such rows are unchecked. */
  readonly learned?: LearnedBound;
  /** Candidates not run by `--quick` on this workload (they run on the others). */
  readonly quickSkip?: readonly string[];
  /** Set for kind "minibatch". */
  readonly minibatch?: MinibatchSpec;
}

/** Numeric precision a candidate computes in; it sets the tolerance of its check. */
export type Precision = "float64" | "float32";

/** Parameters of one layer as plain arrays: W is outputDim x inputDim, b has outputDim values. */
export interface PlainLayer {
  readonly W: number[][];
  readonly b: number[];
}

/** A candidate's own loss (binary cross-entropy) and accuracy, when its model differs. */
export interface OwnLoss {
  /** Loss after the first stage of the warm-up. */
  readonly initial: number;
  /** Loss after every epoch. */
  readonly final: number;
  /** Training accuracy after every epoch (threshold 0.5). */
  readonly accuracy?: number;
  /** Epochs the library reports it ran, in all. */
  readonly epochs?: number;
}

/** What a candidate's run returns to the runner. */
export interface CandidateRun {
  /** Milliseconds of each timed sample (each `epochsPerSample` epochs). */
  readonly samplesMs: number[];
  readonly precision: Precision;
  /** Library and version, e.g. "TensorFlow.js 4.22.0 (wasm, SIMD)". */
  readonly version: string;
  /** Parameters after all epochs (train workloads whose model matches the reference). */
  readonly finalParams?: PlainLayer[];
  /** Outputs of the last pass (predict, libm). */
  readonly outputs?: number[];
  /** The candidate's own loss before and after training, when its model is not the reference's. */
  readonly ownLoss?: OwnLoss;
  /** Peak resident memory of the process that did the work, when it is not the worker itself. */
  readonly peakRssBytes?: number;
  /** Differences from the reference algorithm, shown in the report. */
  readonly notes?: string[];
  /** A check the candidate made itself (libm: agreement with Math.exp/Math.log). */
  readonly selfCheck?: { readonly ok: boolean; readonly message: string };
  /** Set when the run was stopped after the warm-up because it would exceed its budget. */
  readonly skipped?: string;
  /** Mini-batch workloads, plainnet's default row: the fixed cost of a batch, measured apart
   * from the arithmetic (src/candidates/network.ts). */
  readonly batchOverhead?: BatchOverhead;
}

/** The per-batch overhead of a mini-batch epoch: the same network, data and epochs trained
 * with batch 32 and with one full batch, one after the other in the same process. */
export interface BatchOverhead {
  /** Median ms an epoch with the workload's batch size. */
  readonly batchedMsPerEpoch: number;
  /** Median ms an epoch with one batch of all samples (the same FLOPs, one step). */
  readonly fullBatchMsPerEpoch: number;
  /** Gradient steps an epoch with the workload's batch size. */
  readonly batches: number;
  /** (batched − full batch) / (batches − 1), in microseconds. */
  readonly usPerBatch: number;
  /** The engine the network trained on (`Network.engine`: what `engine: "auto"` chose). */
  readonly engine?: string;
}

/** The outcome of one (workload, candidate, runtime) job. */
export type JobStatus = "ok" | "failed" | "not available" | "skipped";

/** One row of the report. */
export interface ResultRow {
  readonly workload: string;
  readonly candidate: string;
  readonly label: string;
  /** True for plainnet's own backends, false for peers (TensorFlow.js, brain.js, NumPy). */
  readonly plainnet: boolean;
  readonly runtime: RuntimeName;
  readonly status: JobStatus;
  /** Why a job failed, was skipped or is not available. */
  readonly reason?: string;
  readonly version?: string;
  readonly precision?: Precision;
  readonly samplesMs?: number[];
  /** Per epoch (train), per pass (predict) or per call in ns (libm): median, min, max. */
  readonly medianMs?: number;
  readonly minMs?: number;
  readonly maxMs?: number;
  readonly gflops?: number;
  readonly peakRssBytes?: number;
  /** The worker's CPU time over its wall time: well below 1 when other processes competed for
   * the cores (NumPy's worker only waits for Python, so its share is always low). */
  readonly workerCpuShare?: number;
  /** Median divided by NumPy's median in the same run (> 1: slower than NumPy). */
  readonly vsNumpy?: number;
  /** Median divided by the fastest peer's median in the same run. */
  readonly vsBestPeer?: number;
  readonly finalLoss?: number;
  /** What the correctness check compared, e.g. "loss drop within 3e-12 of the reference". */
  readonly check?: string;
  /** False when no check of its results could be made (shown as "unchecked" in the tables). */
  readonly checked?: false;
  readonly notes?: string[];
  /** Mini-batch workloads: the per-batch overhead a candidate measured (CandidateRun's). */
  readonly batchOverhead?: BatchOverhead;
}

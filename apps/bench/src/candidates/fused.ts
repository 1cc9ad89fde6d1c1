// plainnet's fused training engine (issue 9): a FusedTrainer on a WebAssembly SIMD or a
// JavaScript kernel set, float64 or float32. Each job plans one trainer and copies the data and
// the initial parameters in before the untimed warm-up: only epochs (or forward passes) are timed.
import { binaryCrossEntropy, type Dtype, Matrix, type Params } from "@plainnet/core";
import {
  FusedTrainer,
  hasRelaxedSimd,
  jsKernels,
  type Kernels,
  ParallelTrainer,
  wasmKernels,
} from "@plainnet/core/engine";
import { measure } from "../sampler.ts";
import type { CandidateRun, PlainLayer } from "../types.ts";
import { type Candidate, type JobContext, rowsOf } from "./candidate.ts";

/** Which kernel set a fused candidate trains with. */
export type FusedEngine = "wasm" | "js";

/** One fused candidate: its id, label, kernel set and element type. */
export interface FusedSpec {
  readonly id: string;
  readonly label: string;
  readonly engine: FusedEngine;
  readonly dtype: Dtype;
  /** Threads of a data-parallel candidate (ParallelTrainer); absent: one thread. */
  readonly threads?: number;
  /** Relaxed-SIMD fused multiply-add kernels (opt-in `fma`; not bitwise the reference). */
  readonly fma?: boolean;
  /**
   * `false`: the trainer multiplies every unit, dead ReLU units included (the engine before
   * it skipped them; same bits), so one run shows what the skipping saves.
   */
  readonly skipDeadUnits?: false;
}

/**
 * The fused candidates, in report order: WebAssembly SIMD float64 and float32, JavaScript typed
 * arrays float64 and float32, WebAssembly SIMD with relaxed FMA, then the data-parallel
 * (2 threads) ones: WebAssembly without and with relaxed FMA, and JavaScript float64; last,
 * WebAssembly float64 and float32 without dead-unit skipping (for comparison).
 *
 * @example
 * ```ts
 * FUSED_SPECS.map((s) => s.id);
 * // ["plainnet-wasm-f64", "plainnet-wasm-f32", "plainnet-js-f64", "plainnet-js-f32",
 * //  "plainnet-wasm-f64-fma", "plainnet-wasm-f32-fma", "plainnet-wasm-f64-x2",
 * //  "plainnet-wasm-f32-x2", "plainnet-wasm-f64-fma-x2", "plainnet-wasm-f32-fma-x2",
 * //  "plainnet-js-f64-x2", "plainnet-wasm-f64-dense", "plainnet-wasm-f32-dense"]
 * ```
 */
export const FUSED_SPECS: readonly FusedSpec[] = [
  {
    id: "plainnet-wasm-f64",
    label: "plainnet fused wasm-simd f64",
    engine: "wasm",
    dtype: "float64",
  },
  {
    id: "plainnet-wasm-f32",
    label: "plainnet fused wasm-simd f32",
    engine: "wasm",
    dtype: "float32",
  },
  { id: "plainnet-js-f64", label: "plainnet fused js f64", engine: "js", dtype: "float64" },
  { id: "plainnet-js-f32", label: "plainnet fused js f32", engine: "js", dtype: "float32" },
  {
    id: "plainnet-wasm-f64-fma",
    label: "plainnet fused wasm-simd f64 + relaxed FMA",
    engine: "wasm",
    dtype: "float64",
    fma: true,
  },
  {
    id: "plainnet-wasm-f32-fma",
    label: "plainnet fused wasm-simd f32 + relaxed FMA",
    engine: "wasm",
    dtype: "float32",
    fma: true,
  },
  {
    id: "plainnet-wasm-f64-x2",
    label: "plainnet fused wasm-simd f64, 2 threads",
    engine: "wasm",
    dtype: "float64",
    threads: 2,
  },
  {
    id: "plainnet-wasm-f32-x2",
    label: "plainnet fused wasm-simd f32, 2 threads",
    engine: "wasm",
    dtype: "float32",
    threads: 2,
  },
  {
    id: "plainnet-wasm-f64-fma-x2",
    label: "plainnet fused wasm-simd f64 + relaxed FMA, 2 threads",
    engine: "wasm",
    dtype: "float64",
    fma: true,
    threads: 2,
  },
  {
    id: "plainnet-wasm-f32-fma-x2",
    label: "plainnet fused wasm-simd f32 + relaxed FMA, 2 threads",
    engine: "wasm",
    dtype: "float32",
    fma: true,
    threads: 2,
  },
  {
    id: "plainnet-js-f64-x2",
    label: "plainnet fused js f64, 2 threads",
    engine: "js",
    dtype: "float64",
    threads: 2,
  },
  {
    id: "plainnet-wasm-f64-dense",
    label: "plainnet fused wasm-simd f64, dead units not skipped",
    engine: "wasm",
    dtype: "float64",
    skipDeadUnits: false,
  },
  {
    id: "plainnet-wasm-f32-dense",
    label: "plainnet fused wasm-simd f32, dead units not skipped",
    engine: "wasm",
    dtype: "float32",
    skipDeadUnits: false,
  },
];

/** A new kernel set of the candidate's engine and dtype, or null where WebAssembly SIMD is missing. */
function kernelsOf(spec: FusedSpec): Kernels | null {
  return spec.engine === "wasm"
    ? wasmKernels(spec.dtype, { fma: spec.fma === true })
    : jsKernels(spec.dtype);
}

function toPlain(params: Params): PlainLayer[] {
  return params.map((p) => ({ W: rowsOf(p.W.data, p.W.rows, p.W.cols), b: Array.from(p.b.data) }));
}

async function runFused(spec: FusedSpec, job: JobContext): Promise<CandidateRun> {
  const kernels = kernelsOf(spec);
  if (kernels === null) {
    throw new Error(`${spec.id}: WebAssembly SIMD is not available in this runtime`);
  }
  const version = `plainnet fused engine (${kernels.name})`;
  const precision = spec.dtype;
  if (job.train && spec.threads !== undefined && spec.threads > 1) {
    const { X, Y, architecture, initialParams } = job.train;
    // Workers start and receive their shards once, untimed.
    const trainer = await ParallelTrainer.create(architecture, X, Y, binaryCrossEntropy, {
      threads: spec.threads,
      engine: spec.engine,
      dtype: spec.dtype,
      fma: spec.fma === true,
    });
    try {
      trainer.setParams(initialParams);
      const learningRate = job.spec.learningRate;
      let epoch = 0;
      const m = await measure(job.plan, (epochs) => {
        for (let e = 0; e < epochs; e++) trainer.epoch(epoch++, learningRate);
      });
      const threadsVersion = `${version}, ${trainer.threads} threads`;
      if ("skipped" in m) {
        return { samplesMs: [], precision, version: threadsVersion, skipped: m.skipped };
      }
      return {
        samplesMs: m.samplesMs,
        precision,
        version: threadsVersion,
        finalParams: toPlain(trainer.params()),
        notes: [
          `trainParallel's ParallelTrainer: ${trainer.threads} threads (the calling one and workers), one shard of samples each, a fixed-order gradient reduction every epoch`,
        ],
      };
    } finally {
      trainer.close();
    }
  }
  if (job.train) {
    const { X, Y, architecture, initialParams } = job.train;
    // Planning (every buffer of the run) and copying in are done once, untimed.
    const trainer = new FusedTrainer(architecture, X.cols, kernels, binaryCrossEntropy, {
      skipDeadUnits: spec.skipDeadUnits ?? true,
    });
    trainer.setParams(initialParams);
    trainer.setData(X, Y);
    const learningRate = job.spec.learningRate;
    let epoch = 0;
    const m = await measure(job.plan, (epochs) => {
      for (let e = 0; e < epochs; e++) trainer.epoch(epoch++, learningRate);
    });
    if ("skipped" in m) return { samplesMs: [], precision, version, skipped: m.skipped };
    return {
      samplesMs: m.samplesMs,
      precision,
      version,
      finalParams: toPlain(trainer.params()),
      notes: [
        "one FusedTrainer per job, planned and filled untimed; cost, accuracy and divergence checks every epoch",
        ...(spec.skipDeadUnits === false ? ["skipDeadUnits: false (every unit multiplied)"] : []),
      ],
    };
  }
  if (job.predict) {
    const { X, architecture, params } = job.predict;
    const outputs = architecture[architecture.length - 1]?.outputDim ?? 1;
    const trainer = new FusedTrainer(architecture, X.cols, kernels, binaryCrossEntropy);
    trainer.setParams(params);
    // Targets are not used by a forward pass; zeros fill the slot.
    trainer.setData(X, new Matrix(outputs, X.cols, new Float64Array(outputs * X.cols)));
    const m = await measure(job.plan, (passes) => {
      for (let p = 0; p < passes; p++) trainer.forward();
    });
    if ("skipped" in m) return { samplesMs: [], precision, version, skipped: m.skipped };
    return {
      samplesMs: m.samplesMs,
      precision,
      version,
      outputs: Array.from(trainer.output().data),
      notes: ["FusedTrainer.forward(): one trainer, data copied in untimed"],
    };
  }
  throw new RangeError(`${spec.id} candidate: workload ${job.spec.id} has no data`);
}

/**
 * The candidate of one fused spec.
 *
 * @example
 * ```ts
 * const c = fusedCandidate(FUSED_SPECS[0]);
 * await c.available(); // null where WebAssembly SIMD is available
 * ```
 */
export function fusedCandidate(spec: FusedSpec): Candidate {
  return {
    id: spec.id,
    label: spec.label,
    plainnet: true,
    kinds:
      (spec.threads !== undefined && spec.threads > 1) ||
      spec.fma === true ||
      spec.skipDeadUnits === false
        ? ["train"]
        : ["train", "predict"],
    async available() {
      if (spec.fma === true && !hasRelaxedSimd()) {
        return "WebAssembly relaxed SIMD is not enabled in this runtime (Node 20 needs --experimental-wasm-relaxed-simd)";
      }
      if (spec.engine === "wasm" && wasmKernels(spec.dtype) === null) {
        return "WebAssembly SIMD is not available in this runtime";
      }
      return null;
    },
    run: (job) => runFused(spec, job),
  };
}

/**
 * All fused candidates, in report order.
 *
 * @example
 * ```ts
 * fusedCandidates()[0].label; // "plainnet fused wasm-simd f64"
 * ```
 */
export function fusedCandidates(): Candidate[] {
  return FUSED_SPECS.map(fusedCandidate);
}

// Turns workers' results into report rows: statistics, GFLOP/s, correctness checks against the
// reference, and ratios to NumPy and to the fastest peer of the same run.
import {
  type CheckResult,
  checkOwnLoss,
  checkPredictions,
  checkProbabilities,
  checkTraining,
  fromParams,
  lossOf,
  toParams,
} from "./checks.ts";
import { forwardFlops, gflopsPerSecond, trainingEpochFlops } from "./flops.ts";
import { type MinibatchData, minibatchLoss } from "./minibatch.ts";
import { checkMinibatch } from "./minibatch-check.ts";
import { summarize } from "./stats.ts";
import type { PlainLayer, Plan, ResultRow, RuntimeName, WorkloadSpec } from "./types.ts";
import type { WorkerResult } from "./worker.ts";
import type { PredictData, TrainData } from "./workloads.ts";

/** One finished job. */
export interface JobOutcome {
  readonly candidate: { readonly id: string; readonly label: string; readonly plainnet: boolean };
  readonly runtime: RuntimeName;
  readonly result: WorkerResult;
}

/** What the rows of one workload are computed from. */
export interface WorkloadOutcomes {
  readonly spec: WorkloadSpec;
  readonly plan: Plan;
  /** The id of the candidate every other one is checked against. */
  readonly referenceId: string;
  readonly outcomes: readonly JobOutcome[];
  readonly train?: TrainData;
  readonly predict?: PredictData;
  /** Set for mini-batch workloads. */
  readonly minibatch?: MinibatchData;
}

/**
 * FLOPs of one epoch (train) or one pass (predict) of a workload; 0 for libm.
 *
 * @example
 * ```ts
 * workloadFlops(getWorkload("headline")) > 27e6; // true
 * ```
 */
export function workloadFlops(spec: WorkloadSpec): number {
  if (spec.kind === "train" || spec.kind === "minibatch") {
    return trainingEpochFlops(spec.sizes, spec.samples).total;
  }
  if (spec.kind === "predict") return forwardFlops(spec.sizes, spec.samples).total;
  return 0;
}

/** True when two parameter lists hold the same values bit for bit (NaN equal to NaN). */
function sameParams(a: readonly PlainLayer[], b: readonly PlainLayer[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((la, l) => {
    const lb = b[l] as PlainLayer;
    if (la.b.length !== lb.b.length || la.W.length !== lb.W.length) return false;
    if (!la.b.every((v, i) => Object.is(v, lb.b[i]))) return false;
    return la.W.every((row, r) => {
      const other = lb.W[r] as number[];
      return row.length === other.length && row.every((v, i) => Object.is(v, other[i]));
    });
  });
}

function failedRow(base: ResultRow, reason: string): ResultRow {
  return {
    workload: base.workload,
    candidate: base.candidate,
    label: base.label,
    plainnet: base.plainnet,
    runtime: base.runtime,
    status: "failed",
    reason,
    ...(base.version ? { version: base.version } : {}),
    ...(base.finalLoss !== undefined ? { finalLoss: base.finalLoss } : {}),
  };
}

/**
 * The rows of one workload, for every runtime it ran under.
 *
 * @example
 * ```ts
 * const rows = buildRows({ spec, plan, referenceId: "plainnet-typed-array", outcomes, train });
 * ```
 */
export function buildRows(w: WorkloadOutcomes): ResultRow[] {
  const { spec, plan } = w;
  const flops = workloadFlops(spec);
  const rows: ResultRow[] = [];
  const runtimes = [...new Set(w.outcomes.map((o) => o.runtime))];
  for (const runtime of runtimes) {
    const mine = w.outcomes.filter((o) => o.runtime === runtime);
    const ref = mine.find((o) => o.candidate.id === w.referenceId)?.result;
    const refRun = ref?.status === "ok" && !ref.run.skipped ? ref.run : undefined;
    let refInitial = Number.NaN;
    let refFinal = Number.NaN;
    let f32Initial: number | undefined;
    // Losses of parameters already evaluated: the bitwise-equal float64 engines return the
    // same parameters, and a forward pass of the wide workload costs about a second.
    const seen: { params: readonly PlainLayer[]; loss: number }[] = [];
    const cachedLoss = (params: readonly PlainLayer[], compute: () => number): number => {
      const hit = seen.find((x) => sameParams(x.params, params));
      if (hit) return hit.loss;
      const loss = compute();
      seen.push({ params, loss });
      return loss;
    };
    if (w.train) {
      const { X, Y, architecture, initialParams } = w.train;
      refInitial = lossOf(initialParams, X, Y, architecture);
      const refParams = refRun?.finalParams;
      if (refParams) {
        refFinal = lossOf(toParams(refParams, architecture), X, Y, architecture);
        seen.push({ params: refParams, loss: refFinal });
      }
    }
    const mb = spec.minibatch;
    if (w.minibatch && mb) {
      refInitial = minibatchLoss(w.minibatch.initialParams, w.minibatch, mb);
      if (refRun?.finalParams) {
        refFinal = minibatchLoss(
          toParams(refRun.finalParams, w.minibatch.architecture),
          w.minibatch,
          mb,
        );
      }
    }
    const step: ResultRow[] = [];
    for (const o of mine) {
      const base: ResultRow = {
        workload: spec.id,
        candidate: o.candidate.id,
        label: o.candidate.label,
        plainnet: o.candidate.plainnet,
        runtime,
        status: "ok",
      };
      const r = o.result;
      if (r.status !== "ok") {
        step.push({ ...base, status: r.status, reason: r.reason.split("\n")[0] ?? r.reason });
        continue;
      }
      const run = r.run;
      const withVersion: ResultRow = {
        ...base,
        version: run.version,
        precision: run.precision,
        ...(run.notes ? { notes: run.notes } : {}),
      };
      if (run.skipped) {
        step.push({ ...withVersion, status: "skipped", reason: run.skipped });
        continue;
      }
      let check: CheckResult;
      let finalLoss: number | undefined;
      try {
        if (spec.kind === "train" && w.train) {
          const { X, Y, architecture, initialParams } = w.train;
          if (run.ownLoss) {
            finalLoss = run.ownLoss.final;
            check = checkOwnLoss(run.ownLoss, spec.learned);
          } else if (!run.finalParams) {
            check = { ok: false, message: "the candidate returned no parameters" };
          } else if (!refRun) {
            check = { ok: false, message: "no reference result to check against" };
          } else {
            const f32 = run.precision === "float32";
            finalLoss = cachedLoss(run.finalParams, () =>
              lossOf(toParams(run.finalParams as PlainLayer[], architecture), X, Y, architecture),
            );
            if (f32 && f32Initial === undefined) {
              // Once per runtime: a forward pass of the wide workload costs about a second.
              const rounded = toParams(fromParams(initialParams), architecture, true);
              f32Initial = lossOf(rounded, X, Y, architecture);
            }
            const initial = f32 ? (f32Initial as number) : refInitial;
            check = checkTraining({
              initial,
              final: finalLoss,
              refInitial,
              refFinal,
              precision: run.precision,
            });
          }
        } else if (spec.kind === "minibatch" && w.minibatch && mb) {
          if (!run.finalParams) {
            check = { ok: false, message: "the candidate returned no parameters" };
          } else if (!refRun) {
            check = { ok: false, message: "no reference result to check against" };
          } else {
            const params = toParams(run.finalParams, w.minibatch.architecture);
            finalLoss = minibatchLoss(params, w.minibatch, mb);
            check = checkMinibatch({ initial: refInitial, final: finalLoss, refFinal });
          }
        } else if (spec.kind === "predict") {
          if (!run.outputs) check = { ok: false, message: "the candidate returned no outputs" };
          else if (o.candidate.id === "brainjs") check = checkProbabilities(run.outputs);
          else if (!refRun?.outputs)
            check = { ok: false, message: "no reference result to check against" };
          else check = checkPredictions(run.outputs, refRun.outputs, run.precision);
        } else {
          check = run.selfCheck ?? { ok: true, message: "" };
        }
      } catch (e) {
        check = { ok: false, message: e instanceof Error ? e.message : String(e) };
      }
      const withLoss: ResultRow = {
        ...withVersion,
        ...(finalLoss !== undefined ? { finalLoss } : {}),
      };
      if (!check.ok) {
        step.push(failedRow(withLoss, check.message));
        continue;
      }
      if (run.samplesMs.length === 0) {
        step.push(failedRow(withLoss, "no timed samples"));
        continue;
      }
      const s = summarize(run.samplesMs.map((ms) => ms / plan.epochsPerSample));
      const peak = run.peakRssBytes ?? r.peakRssBytes ?? undefined;
      step.push({
        ...withLoss,
        samplesMs: run.samplesMs,
        medianMs: s.median,
        minMs: s.min,
        maxMs: s.max,
        ...(flops > 0 ? { gflops: gflopsPerSecond(flops, s.median) } : {}),
        ...(peak !== undefined ? { peakRssBytes: peak } : {}),
        ...(r.cpuSeconds !== undefined && r.wallSeconds
          ? { workerCpuShare: r.cpuSeconds / r.wallSeconds }
          : {}),
        ...(check.message ? { check: check.message } : {}),
        ...(check.unchecked ? { checked: false as const } : {}),
        ...(run.batchOverhead ? { batchOverhead: run.batchOverhead } : {}),
      });
    }
    rows.push(...withRatios(spec, step));
  }
  return rows;
}

/** Adds vs-NumPy and vs-best-peer ratios (train, predict) or the Math.* ratio (libm). */
function withRatios(spec: WorkloadSpec, rows: readonly ResultRow[]): ResultRow[] {
  if (spec.kind === "libm") {
    return rows.map((r) => {
      if (!r.plainnet || r.medianMs === undefined) return r;
      const fn = r.candidate.split("-")[0];
      const math = rows.find((x) => x.candidate === `${fn}-math`)?.medianMs;
      if (math === undefined) return r;
      return {
        ...r,
        vsBestPeer: r.medianMs / math,
        check: `${(r.medianMs / math).toFixed(2)}x the time of Math.${fn}; ${r.check ?? ""}`,
      };
    });
  }
  const numpy = rows.find((r) => r.candidate === "numpy" && r.medianMs !== undefined)?.medianMs;
  const peers = rows
    .filter((r) => !r.plainnet && r.medianMs !== undefined)
    .map((r) => r.medianMs as number);
  const best = peers.length ? Math.min(...peers) : undefined;
  return rows.map((r) =>
    r.medianMs === undefined
      ? r
      : {
          ...r,
          ...(numpy !== undefined ? { vsNumpy: r.medianMs / numpy } : {}),
          ...(best !== undefined ? { vsBestPeer: r.medianMs / best } : {}),
        },
  );
}

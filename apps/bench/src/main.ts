// plainnet's benchmark runner: `bun src/main.ts [--quick] [--filter ...] [--json] [--out DIR]`.
// Every job (workload x candidate x runtime) runs in a worker process of its own; this process
// only schedules them, checks their results, measures the matrix-multiply ceiling (also in
// workers) and writes the report with issue 9's targets.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import type { Candidate } from "./candidates/candidate.ts";
import { NETWORK_DEFAULT_ID } from "./candidates/network.ts";
import { REFERENCE_ID } from "./candidates/plainnet.ts";
import { allCandidates } from "./candidates/registry.ts";
import { ceilingPlan, type GemmMeasurement, measureCeiling } from "./ceiling.ts";
import { ceilingLines, ceilingTable } from "./ceiling-report.ts";
import { matchesFilter, parseArgs, USAGE } from "./cli.ts";
import { killRunningScripts, runJob } from "./jobs.ts";
import { prepareOutDir } from "./out-dir.ts";
import { OVERHEAD_METHOD, overheadLines } from "./overhead-report.ts";
import { measurePaired, PAIRED_ROUNDS, type PairedMeasurement } from "./paired.ts";
import { applyPaired, pairedMembers } from "./paired-targets.ts";
import { buildRows, type JobOutcome, workloadFlops } from "./report.ts";
import { BENCH_DIR, currentRuntime, machineDescription, now } from "./runtime.ts";
import { median } from "./stats.ts";
import { type Bar, barChart, type Panel } from "./svg.ts";
import { formatNumber, resultsTable, runtimeMatrix, unitOf } from "./table.ts";
import { CONTENDER_SPREAD, evaluateTargets, targetsTable } from "./targets.ts";
import { ALL_TARGETS } from "./targets-issue23.ts";
import type { ResultRow, RuntimeName, WorkloadKind, WorkloadSpec } from "./types.ts";
import type { WorkerResult } from "./worker.ts";
import { minibatchDataOf, planOf, predictData, trainData, WORKLOADS } from "./workloads.ts";

/** Candidates of a workload: the selected ones plus whatever their checks need. */
function jobsOf(
  spec: WorkloadSpec,
  candidates: readonly Candidate[],
  filters: readonly string[],
): {
  list: Candidate[];
  referenceId: string;
} {
  const fits = candidates.filter((c) => c.kinds.includes(spec.kind));
  const picked = fits.filter((c) => matchesFilter(filters, spec.id, c.id));
  if (picked.length === 0) return { list: [], referenceId: REFERENCE_ID };
  if (spec.kind === "libm") {
    // Each plainnet function is compared with its Math.* twin.
    const fns = new Set(picked.map((c) => c.id.split("-")[0]));
    return { list: fits.filter((c) => fns.has(c.id.split("-")[0])), referenceId: "" };
  }
  // The reference always runs: every other candidate's check needs it (for the mini-batch
  // workloads, plainnet's default Network.fit).
  const referenceId = spec.kind === "minibatch" ? NETWORK_DEFAULT_ID : REFERENCE_ID;
  const list = fits.filter((c) => c.id === referenceId || picked.includes(c));
  return { list, referenceId };
}

function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}

function chartOf(rows: readonly ResultRow[], kinds: Record<string, WorkloadKind>): Panel[] {
  const multi = new Set(rows.map((r) => r.runtime)).size > 1;
  const panels: Panel[] = [];
  for (const spec of WORKLOADS) {
    const mine = rows.filter((r) => r.workload === spec.id);
    if (mine.length === 0) continue;
    const bars: Bar[] = mine.map((r) => ({
      label: multi ? `${r.label} (${r.runtime})` : r.label,
      plainnet: r.plainnet,
      ...(r.status === "ok" && r.medianMs !== undefined ? { value: r.medianMs } : {}),
      ...(r.status !== "ok" ? { note: r.status === "failed" ? "FAILED" : r.status } : {}),
      ...(r.status === "ok" && r.candidate === "brainjs"
        ? { note: r.checked === false ? "per-sample updates, unchecked" : "per-sample updates" }
        : {}),
    }));
    panels.push({ title: spec.id, unit: unitOf(kinds[spec.id] ?? "train"), bars });
  }
  return panels;
}

/** A paired measurement of one workload and runtime, with its progress line; a measurement
 * that throws becomes one whose members all dropped out with the error. */
async function pairedRun(
  runtime: RuntimeName,
  spec: WorkloadSpec,
  members: readonly string[],
  rounds: number,
  quick: boolean,
): Promise<PairedMeasurement> {
  const t0 = now();
  let m: PairedMeasurement;
  try {
    m = await measurePaired(runtime, spec.id, members, rounds, quick, { onProgress: progress });
  } catch (e) {
    const reason = `the paired measurement failed: ${e instanceof Error ? e.message : String(e)}`;
    m = {
      runtime,
      workload: spec.id,
      rounds,
      epochsPerSample: planOf(spec, quick, rounds).epochsPerSample,
      members: members.map((candidate) => ({
        candidate,
        msPerEpoch: [],
        dropped: reason,
        result: { status: "failed", reason, runtime },
      })),
      seconds: (now() - t0) / 1000,
    };
  }
  const text = m.members
    .map((x) =>
      x.dropped !== undefined
        ? `${x.candidate} dropped`
        : `${x.candidate} ${formatNumber(median(x.msPerEpoch))}`,
    )
    .join(", ");
  progress(
    `  paired ${spec.id} (${runtime}), ${rounds} rounds, median ${unitOf(spec.kind)}: ${text} [${m.seconds.toFixed(1)} s]`,
  );
  return m;
}

/** A paired measurement as results.json holds it: the samples, without the jobs' outputs. */
function pairedJson(m: PairedMeasurement): object {
  return {
    runtime: m.runtime,
    workload: m.workload,
    rounds: m.rounds,
    epochsPerSample: m.epochsPerSample,
    seconds: m.seconds,
    members: m.members.map((x) => ({
      candidate: x.candidate,
      msPerEpoch: x.msPerEpoch,
      ...(x.dropped !== undefined ? { dropped: x.dropped } : {}),
      ...(x.result.status === "ok" ? { version: x.result.run.version } : {}),
    })),
  };
}

async function main(): Promise<number> {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  // The output folder is checked before minutes of measuring, not after.
  let out: string;
  try {
    out = prepareOutDir(opts.out ?? join(BENCH_DIR, "out"));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const maxSeconds = opts.maxSeconds;
  if (maxSeconds !== null) {
    // The wall-clock guard (CI: --quick --max-seconds 150): past it the run fails at once.
    setTimeout(() => {
      const killed = killRunningScripts();
      process.stderr.write(
        `bench: the run took longer than --max-seconds ${maxSeconds} s; stopped (${killed} running worker(s) killed), nothing written\n`,
      );
      process.exit(1);
    }, maxSeconds * 1000).unref();
  }
  const started = now();
  const host = currentRuntime();
  const runtimes: readonly RuntimeName[] = opts.runtimes ?? [host.name];
  const candidates = await allCandidates();
  const machine = machineDescription();
  const args = process.argv.slice(2).join(" ");
  const launcher =
    host.name === "bun"
      ? "cd apps/bench && bun run bench"
      : host.name === "deno"
        ? "deno run -A apps/bench/src/main.ts"
        : "tsx apps/bench/src/main.ts";
  const command = `${launcher}${args ? ` ${args}` : ""}`;
  progress(`plainnet bench (${opts.quick ? "quick" : "full"}) on ${machine}`);
  progress(`runner: ${host.name} ${host.version}; jobs under: ${runtimes.join(", ")}`);

  const rows: ResultRow[] = [];
  const kinds: Record<string, WorkloadKind> = {};
  const workloads: unknown[] = [];
  const versions = new Map<string, string>();
  // The last measured speed of each candidate, used to skip a job that would exceed its budget
  // without starting it (e.g. the mathjs adapter on the wide net in a quick run).
  const speeds = new Map<string, { gflops: number; workload: string }>();
  for (const spec of WORKLOADS) {
    const { list, referenceId } = jobsOf(spec, candidates, opts.filters);
    if (list.length === 0) continue;
    kinds[spec.id] = spec.kind;
    const plan = planOf(spec, opts.quick, opts.samples);
    workloads.push({
      id: spec.id,
      kind: spec.kind,
      description: spec.description,
      sizes: spec.sizes,
      samples: spec.samples,
      learningRate: spec.learningRate,
      plan,
      flopsPerStep: workloadFlops(spec),
    });
    const outcomes: JobOutcome[] = [];
    // Hard limit per job: its budget twice, plus start-up, data and library loading.
    const timeoutMs = plan.budgetMs * 2 + 30_000;
    const steps = plan.warmupEpochs + plan.samples * plan.epochsPerSample;
    for (const runtime of runtimes) {
      for (const c of list) {
        const t0 = now();
        const known = speeds.get(`${c.id} ${runtime}`);
        // A full-batch speed does not predict a mini-batch epoch (per-step costs dominate).
        const estimateMs =
          known && spec.kind !== "libm" && spec.kind !== "minibatch"
            ? (steps * workloadFlops(spec)) / (known.gflops * 1e6)
            : 0;
        // The reference always runs (every check needs it), and so does a candidate whose
        // check is a learned bound of this workload (brain.js on wide).
        const mustRun = c.id === referenceId || (spec.learned !== undefined && c.id === "brainjs");
        const result: WorkerResult =
          opts.quick && spec.quickSkip?.includes(c.id)
            ? {
                status: "skipped",
                reason: "not run by --quick on this workload (it runs on the others)",
                runtime,
              }
            : estimateMs > plan.budgetMs && !mustRun
              ? {
                  status: "skipped",
                  reason: `at its ${formatNumber(known?.gflops ?? 0)} GFLOP/s on ${known?.workload}, ${steps} epochs (or passes) would take ~${(estimateMs / 1000).toFixed(0)} s (budget ${(plan.budgetMs / 1000).toFixed(0)} s)`,
                  runtime,
                }
              : await runJob(
                  runtime,
                  { workload: spec.id, candidate: c.id, quick: opts.quick, samples: opts.samples },
                  timeoutMs,
                );
        if (result.status === "ok") versions.set(`${runtime}`, result.runtime);
        const secs = ((now() - t0) / 1000).toFixed(1);
        let what: string;
        if (result.status !== "ok") {
          what = `${result.status}: ${result.reason.split("\n")[0]}`;
        } else if (result.run.skipped || result.run.samplesMs.length === 0) {
          what = `skipped: ${result.run.skipped ?? "no samples"}`;
        } else {
          const per = median(result.run.samplesMs) / plan.epochsPerSample;
          what = `${formatNumber(per)} ${unitOf(spec.kind)}`;
          if (spec.kind !== "libm") {
            what += ` (${formatNumber(workloadFlops(spec) / per / 1e6)} GFLOP/s)`;
          }
          if (result.cpuSeconds !== undefined && result.wallSeconds) {
            what += `, worker CPU ${((100 * result.cpuSeconds) / result.wallSeconds).toFixed(0)}% of wall time`;
          }
          // Small nets are dominated by per-call overhead: only larger ones predict others.
          if (spec.kind !== "libm" && spec.kind !== "minibatch" && workloadFlops(spec) >= 1e7) {
            speeds.set(`${c.id} ${runtime}`, {
              gflops: workloadFlops(spec) / per / 1e6,
              workload: spec.id,
            });
          }
        }
        progress(`  ${spec.id} / ${c.id} (${runtime}): ${what} [${secs} s]`);
        outcomes.push({
          candidate: { id: c.id, label: c.label, plainnet: c.plainnet },
          runtime,
          result,
        });
      }
    }
    rows.push(
      ...buildRows({
        spec,
        plan,
        referenceId,
        outcomes,
        ...(spec.kind === "train" ? { train: trainData(spec) } : {}),
        ...(spec.kind === "predict" ? { predict: predictData(spec) } : {}),
        ...(spec.kind === "minibatch" ? { minibatch: minibatchDataOf(spec) } : {}),
      }),
    );
  }
  if (rows.length === 0) {
    process.stderr.write(`bench: no job matches --filter ${opts.filters.join(",")}\n`);
    return 2;
  }
  const trained = Object.values(kinds).some((k) => k === "train" || k === "minibatch");
  // The targets' candidates, measured again in pairs (interleaved samples) so that both sides of
  // each ratio see the same state of the machine; a "best plainnet" side's contenders (within
  // 1.5x of its fastest median here) all take part, and the fastest of them paired is chosen.
  const medianTargets = trained ? evaluateTargets(rows, ALL_TARGETS) : [];
  const rounds = opts.quick ? PAIRED_ROUNDS.quick : PAIRED_ROUNDS.full;
  const paired: PairedMeasurement[] = [];
  if (trained && opts.paired) {
    for (const spec of WORKLOADS) {
      for (const runtime of runtimes) {
        const members = pairedMembers(medianTargets, rows, runtime, spec.id, ALL_TARGETS);
        if (members.length === 0) continue;
        paired.push(await pairedRun(runtime, spec, members, rounds, opts.quick));
      }
    }
  }
  const targets = applyPaired(medianTargets, paired, rows, ALL_TARGETS);
  // The matrix-multiply ceiling, measured after the workloads so that it delays none of them.
  const cplan = ceilingPlan(opts.quick);
  let ceiling: GemmMeasurement[] = [];
  if (trained && opts.ceiling) {
    const t0 = now();
    ceiling = await measureCeiling(cplan, runtimes, 60_000);
    const text = ceiling
      .map(
        (m) =>
          `${m.source === "openblas" ? "OpenBLAS" : `wasm gemm (${m.runtime})`} ${m.n}³ ${m.dtype} ${m.gflops !== undefined ? `${formatNumber(m.gflops)} GFLOP/s` : `n/a (${m.unavailable})`}`,
      )
      .join("; ");
    progress(`  ceiling: ${text} [${((now() - t0) / 1000).toFixed(1)} s]`);
  }
  const quickNote = opts.quick
    ? " Quick run: a few epochs per job, so medians and verdicts are indicative only."
    : "";
  const targetsSection = trained
    ? [
        "## Targets (issues 9 and 23)",
        "",
        `Issue 9's targets, each "best plainnet" one followed by the same ratio for the default engine (auto: fused wasm-simd f64, one thread, no FMA; issue 23), two guards (the fused engine with dead-unit skipping must not be slower than without it, the \`-dense\` rows), then issue 23's mini-batch targets. A "best plainnet" row may be an FMA, float32 or two-thread variant: its label says which. Per runtime; "best plainnet" is ${
          paired.length > 0
            ? `the plainnet row of the workload (reference path or fused engine), of the precision named, with the lowest paired median among its contenders: the rows within ${CONTENDER_SPREAD}x of the fastest median in the table above (the fastest itself is named too when it differs)`
            : "the fastest plainnet row of the workload in the table above (reference path or fused engine), of the precision named"
        }. ${
          paired.length > 0
            ? `The verdicts come from a paired measurement: the candidates of a workload's targets ran again, at once, each in its own process, and took their timed samples in turns (one sample each per round, the order reversed every other round, ${rounds} rounds), so that both sides of a ratio saw the same state of the machine; "paired" is the median of the per-round ratios, with their interquartile range (IQR: the middle half of the rounds). The ratio of the medians of the table above is shown next to it.`
            : `The verdicts come from the ratios of the medians in the table above (ms/epoch)${opts.paired ? "" : "; the paired measurement was skipped (--no-paired)"}.`
        }${quickNote}`,
        "",
        targetsTable(targets),
      ].join("\n")
    : "";
  const ceilingSection = !trained
    ? ""
    : !opts.ceiling
      ? "## Matrix-multiply ceiling\n\nNot measured (--no-ceiling)."
      : [
          "## Matrix-multiply ceiling",
          "",
          `One thread, n×n by n×n, measured in this run: NumPy the best of ${cplan.repeats} products after an untimed one; plainnet's kernel the best of ${cplan.repeats} samples of ~30 ms after 150 ms of untimed products, and its ceiling below is the better of its sizes${opts.quick ? ". Quick run: best of 3 instead of 5, same sizes" : ""}. A row's GFLOP/s count the dense network's operations (what NumPy computes) per second of its time: plainnet's fused engine leaves dead ReLU units out of its products, so its rows can pass its own kernel's ceiling.`,
          "",
          ceilingTable(ceiling),
          ...ceilingLines(rows, ceiling).flatMap((l, i) => (i === 0 ? ["", `- ${l}`] : [`- ${l}`])),
        ].join("\n");
  const elapsedS = (now() - started) / 1000;
  const table = resultsTable(rows, kinds);
  const matrices =
    runtimes.length > 1
      ? Object.keys(kinds)
          .map(
            (id) =>
              `### ${id} (${unitOf(kinds[id] ?? "train")}, median)\n\n${runtimeMatrix(rows, id)}`,
          )
          .join("\n\n")
      : "";
  const runtimeLines = [...versions.values()].map((v) => `- ${v}`).join("\n");
  const overhead = overheadLines(rows);
  const overheadSection =
    overhead.length > 0
      ? ["## Per-batch overhead", "", OVERHEAD_METHOD, "", ...overhead.map((l) => `- ${l}`)].join(
          "\n",
        )
      : "";
  const markdown = [
    `Machine: ${machine}`,
    "",
    `Runtimes:\n${runtimeLines}`,
    "",
    `Command: \`${command}\` (${opts.quick ? "quick" : "full"} run, ${elapsedS.toFixed(0)} s)`,
    "",
    table,
    ...(matrices ? ["", matrices] : []),
    ...(overheadSection ? ["", overheadSection] : []),
    ...(targetsSection ? ["", targetsSection] : []),
    ...(ceilingSection ? ["", ceilingSection] : []),
    "",
  ].join("\n");
  const results = {
    date: new Date().toISOString(),
    command,
    mode: opts.quick ? "quick" : "full",
    machine,
    runner: `${host.name} ${host.version}`,
    runtimes: Object.fromEntries(versions),
    elapsedSeconds: elapsedS,
    workloads,
    rows,
    targets,
    paired: opts.paired && trained ? { rounds, measurements: paired.map(pairedJson) } : null,
    ceiling: opts.ceiling && trained ? { plan: cplan, measurements: ceiling } : null,
  };
  writeFileSync(join(out, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(out, "results.md"), markdown);
  writeFileSync(
    join(out, "chart.svg"),
    barChart(
      `plainnet bench (${opts.quick ? "quick" : "full"} run): median time per epoch, pass or call`,
      chartOf(rows, kinds),
      `${machine}; ${[...versions.values()].join("; ")}`,
    ),
  );
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    process.stdout.write(`${markdown}\n`);
  }
  progress(
    `wrote ${join(out, "results.json")}, results.md and chart.svg (${elapsedS.toFixed(0)} s)`,
  );
  const failed = rows.filter((r) => r.status === "failed");
  if (failed.length > 0) {
    progress(`bench: ${failed.length} job(s) FAILED:`);
    for (const r of failed)
      progress(`  ${r.workload} / ${r.candidate} (${r.runtime}): ${r.reason}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();

import { describe, expect, it } from "vitest";
import type { JobContext } from "../src/candidates/candidate.ts";
import { FUSED_SPECS, fusedCandidate } from "../src/candidates/fused.ts";
import { plainnetCandidates, REFERENCE_ID } from "../src/candidates/plainnet.ts";
import { allCandidates } from "../src/candidates/registry.ts";
import {
  checkPredictions,
  checkTraining,
  fromParams,
  lossOf,
  TOLERANCE,
  toParams,
} from "../src/checks.ts";
import type { CandidateRun, Plan, WorkloadSpec } from "../src/types.ts";
import { predictData, trainData } from "../src/workloads.ts";
import { tinyWorkload } from "./helpers.ts";

// A tiny workload: 64 two-moons samples, a 2-5-3-1 net, 2 + 2 x 3 epochs.
const plan: Plan = { warmupEpochs: 2, samples: 2, epochsPerSample: 3, budgetMs: 60_000 };
const tiny = tinyWorkload(plan);
const tinyPredict: WorkloadSpec = { ...tiny, id: "tiny-predict", kind: "predict", samples: 400 };

const flat = (run: CandidateRun): number[] =>
  (run.finalParams ?? []).flatMap((l) => [...l.W.flat(), ...l.b]);

async function reference(job: JobContext): Promise<CandidateRun> {
  const ref = (await plainnetCandidates()).find((c) => c.id === REFERENCE_ID);
  if (!ref) throw new Error("no reference candidate");
  return ref.run(job);
}

describe("fused candidates", () => {
  it("are listed after the reference path, with labels that tell the two apart", async () => {
    const all = await allCandidates();
    const ids = all.map((c) => c.id);
    expect(ids.slice(0, 7)).toEqual([
      "plainnet-typed-array",
      "plainnet-mathjs",
      "plainnet-wasm-simd",
      "plainnet-wasm-f64",
      "plainnet-wasm-f32",
      "plainnet-js-f64",
      "plainnet-js-f32",
    ]);
    for (const c of all.slice(0, 3)) expect(c.label).toMatch(/^plainnet reference /);
    for (const c of all.slice(3, 7))
      expect(c.label).toMatch(/^plainnet fused (wasm-simd|js) f(64|32)$/);
    // The data-parallel ones say so (they run under bun run bench; workers need a runtime that
    // loads the TypeScript worker module, which the vitest sandbox does not provide).
    expect(ids.slice(7, 14)).toEqual([
      "plainnet-wasm-f64-fma",
      "plainnet-wasm-f32-fma",
      "plainnet-wasm-f64-x2",
      "plainnet-wasm-f32-x2",
      "plainnet-wasm-f64-fma-x2",
      "plainnet-wasm-f32-fma-x2",
      "plainnet-js-f64-x2",
    ]);
    const fma = [...all.slice(7, 9), ...all.slice(11, 13)];
    for (const c of fma) expect(c.label).toMatch(/\+ relaxed FMA(, 2 threads)?$/);
    // vitest runs on Node 20, where relaxed SIMD needs a flag: the candidates say why, with the
    // same words whether they run on one thread or two.
    const why = await Promise.all(fma.map((c) => c.available()));
    expect(why[0]).toMatch(/relaxed SIMD is not enabled .*--experimental-wasm-relaxed-simd/);
    expect(why).toEqual([why[0], why[0], why[0], why[0]]);
    for (const c of all.slice(9, 14)) {
      expect(c.label).toMatch(/, 2 threads$/);
      expect(c.kinds).toEqual(["train"]);
    }
    expect(all.slice(11, 13).map((c) => c.label)).toEqual([
      "plainnet fused wasm-simd f64 + relaxed FMA, 2 threads",
      "plainnet fused wasm-simd f32 + relaxed FMA, 2 threads",
    ]);
    // The typed-array engine on two threads needs no WebAssembly at all.
    expect(all[13]?.label).toBe("plainnet fused js f64, 2 threads");
    expect(await all[13]?.available()).toBeNull();
    // The engine without dead-unit skipping, for comparison: training only.
    expect(ids.slice(14, 16)).toEqual(["plainnet-wasm-f64-dense", "plainnet-wasm-f32-dense"]);
    for (const c of all.slice(14, 16)) {
      expect(c.label).toMatch(/^plainnet fused wasm-simd f(64|32), dead units not skipped$/);
      expect(c.kinds).toEqual(["train"]);
    }
  });

  it("train to the reference's bits in float64 and within the float32 tolerance in float32", async () => {
    const train = trainData(tiny);
    const job: JobContext = { spec: tiny, plan, train };
    const ref = await reference(job);
    const refFlat = flat(ref);
    const initialFlat = fromParams(train.initialParams).flatMap((l) => [...l.W.flat(), ...l.b]);
    expect(refFlat).toHaveLength(initialFlat.length);
    // Training happened: the parameters moved.
    expect(refFlat.some((v, i) => v !== initialFlat[i])).toBe(true);
    const { X, Y, architecture } = train;
    const refInitial = lossOf(train.initialParams, X, Y, architecture);
    const refFinal = lossOf(toParams(ref.finalParams ?? [], architecture), X, Y, architecture);
    for (const spec of FUSED_SPECS.filter((s) => s.threads === undefined && s.fma !== true)) {
      const c = fusedCandidate(spec);
      expect(await c.available()).toBeNull();
      const run = await c.run(job);
      expect(run.precision).toBe(spec.dtype);
      expect(run.samplesMs).toHaveLength(plan.samples);
      expect(run.version).toMatch(spec.engine === "wasm" ? /wasm-simd-f(64|32)/ : /js-f(64|32)/);
      const got = flat(run);
      expect(got).toHaveLength(refFlat.length);
      if (spec.dtype === "float64") {
        const differing = got.filter((v, i) => !Object.is(v, refFlat[i]));
        expect(differing, spec.id).toEqual([]);
      } else {
        // Stored in float32: every value is a float32 number.
        expect(got.every((v) => Math.fround(v) === v)).toBe(true);
        expect(got.some((v, i) => v !== refFlat[i])).toBe(true);
        const initial = lossOf(
          toParams(fromParams(train.initialParams), architecture, true),
          X,
          Y,
          architecture,
        );
        const final = lossOf(toParams(run.finalParams ?? [], architecture), X, Y, architecture);
        const check = checkTraining({ initial, final, refInitial, refFinal, precision: "float32" });
        expect(check.ok, check.message).toBe(true);
        const worst = Math.max(...got.map((v, i) => Math.abs(v - (refFlat[i] as number))));
        expect(worst).toBeLessThan(TOLERANCE.float32);
      }
    }
  });

  it("predict with FusedTrainer.forward: the reference's outputs in float64", async () => {
    const job: JobContext = { spec: tinyPredict, plan, predict: predictData(tinyPredict) };
    const ref = await reference(job);
    expect(ref.outputs).toHaveLength(400);
    for (const spec of FUSED_SPECS.filter((s) => s.threads === undefined && s.fma !== true)) {
      const run = await fusedCandidate(spec).run(job);
      const outputs = run.outputs ?? [];
      if (spec.dtype === "float64") {
        expect(
          outputs.filter((v, i) => !Object.is(v, ref.outputs?.[i])),
          spec.id,
        ).toEqual([]);
      } else {
        const check = checkPredictions(outputs, ref.outputs ?? [], "float32");
        expect(check.ok, check.message).toBe(true);
      }
    }
  });
});

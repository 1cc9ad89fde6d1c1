// plainnet's reference path on its backends (core's `train()` with `backend`, engine
// "reference": one pure backend op at a time, as the notebook writes it): the typed-array
// reference first, then every other backend that @plainnet/core exports (from its main entry or
// a subpath such as "@plainnet/core/mathjs"). The fused engine's candidates are in fused.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { MatrixBackend, Params } from "@plainnet/core";
import * as core from "@plainnet/core";
import { fullForwardPropagation, train, typedArrayBackend } from "@plainnet/core";
import { BENCH_DIR } from "../runtime.ts";
import { measure } from "../sampler.ts";
import type { CandidateRun, PlainLayer } from "../types.ts";
import { type Candidate, type JobContext, rowsOf } from "./candidate.ts";

/**
 * The reference candidate's id: every other candidate is checked against it.
 *
 * @example
 * ```ts
 * rows.find((r) => r.candidate === REFERENCE_ID);
 * ```
 */
export const REFERENCE_ID = "plainnet-typed-array";

/** A value that quacks like a MatrixBackend. */
function isBackend(x: unknown): x is MatrixBackend<unknown> {
  if (typeof x !== "object" || x === null) return false;
  const b = x as Record<string, unknown>;
  return (
    typeof b.name === "string" &&
    ["isMatrix", "fromMatrix", "toMatrix", "matmul", "addColumn", "activate"].every(
      (k) => typeof b[k] === "function",
    )
  );
}

/** Subpath exports of @plainnet/core ("./mathjs", ...), read from its package.json. */
function coreSubpaths(): string[] {
  try {
    const pkg = JSON.parse(
      readFileSync(join(BENCH_DIR, "node_modules", "@plainnet", "core", "package.json"), "utf8"),
    ) as { exports?: Record<string, unknown> };
    return Object.keys(pkg.exports ?? {}).filter((k) => k !== "." && !k.endsWith(".json"));
  } catch {
    return ["./mathjs"];
  }
}

function toPlain<M>(be: MatrixBackend<M>, params: Params<M>): PlainLayer[] {
  return params.map((p) => {
    const W = be.toMatrix(p.W);
    const b = be.toMatrix(p.b);
    return { W: rowsOf(W.data, W.rows, W.cols), b: Array.from(b.data) };
  });
}

async function runWith<M>(be: MatrixBackend<M>, job: JobContext): Promise<CandidateRun> {
  const version = `plainnet reference path (${be.name} backend)`;
  const convert = (p: Params): Params<M> =>
    p.map((l) => ({ W: be.fromMatrix(l.W), b: be.fromMatrix(l.b) }));
  if (job.train) {
    const { architecture } = job.train;
    const X = be.fromMatrix(job.train.X);
    const Y = be.fromMatrix(job.train.Y);
    let params = convert(job.train.initialParams);
    const m = await measure(job.plan, (epochs) => {
      params = train(X, Y, architecture, {
        epochs,
        learningRate: job.spec.learningRate,
        initialParams: params,
        backend: be,
        engine: "reference",
      }).params;
    });
    if ("skipped" in m) return { samplesMs: [], precision: "float64", version, skipped: m.skipped };
    return {
      samplesMs: m.samplesMs,
      precision: "float64",
      version,
      finalParams: toPlain(be, params),
      notes: [
        "core's train() on the reference path (one pure op at a time): cost, accuracy and finiteness checks every epoch",
      ],
    };
  }
  if (job.predict) {
    const { architecture } = job.predict;
    const X = be.fromMatrix(job.predict.X);
    const params = convert(job.predict.params);
    let out: Float64Array = new Float64Array(0);
    const m = await measure(job.plan, (passes) => {
      for (let p = 0; p < passes; p++) {
        out = be.toMatrix(
          fullForwardPropagation(X, params, architecture, { backend: be }).output,
        ).data;
      }
    });
    if ("skipped" in m) return { samplesMs: [], precision: "float64", version, skipped: m.skipped };
    return { samplesMs: m.samplesMs, precision: "float64", version, outputs: Array.from(out) };
  }
  throw new RangeError(`plainnet candidate: workload ${job.spec.id} has no data`);
}

function candidateFor(
  id: string,
  label: string,
  load: () => Promise<MatrixBackend<unknown>>,
): Candidate {
  let cached: Promise<MatrixBackend<unknown>> | undefined;
  const get = (): Promise<MatrixBackend<unknown>> => {
    cached ??= load();
    return cached;
  };
  return {
    id,
    label,
    plainnet: true,
    kinds: ["train", "predict"],
    async available() {
      try {
        await get();
        return null;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    },
    async run(job) {
      return runWith(await get(), job);
    },
  };
}

/**
 * plainnet's reference-path candidates (labelled "plainnet reference ..."), in this order: the
 * typed-array reference; one per subpath export of
 * core ("@plainnet/core/mathjs", ...), imported only when that candidate runs; every other
 * backend exported by core's main entry (e.g. a WebAssembly one). The mathjs adapter is always
 * listed (as not available when it cannot be loaded).
 *
 * @example
 * ```ts
 * (await plainnetCandidates()).map((c) => c.id); // ["plainnet-typed-array", "plainnet-mathjs", "plainnet-wasm-simd"]
 * ```
 */
export async function plainnetCandidates(): Promise<Candidate[]> {
  const out: Candidate[] = [
    candidateFor(
      REFERENCE_ID,
      "plainnet reference typed-array",
      async () => typedArrayBackend as unknown as MatrixBackend<unknown>,
    ),
  ];
  const seen = new Set<string>(["typed-array"]);
  // "@plainnet/core/engine" holds the fused engine's internals (fused.ts's candidates), not a
  // backend adapter.
  const subpaths = coreSubpaths()
    .map((s) => s.replace(/^\.\//, ""))
    .filter((s) => s !== "engine");
  if (!subpaths.includes("mathjs")) subpaths.unshift("mathjs");
  for (const name of subpaths) {
    if (seen.has(name)) continue;
    seen.add(name);
    const specifier = `@plainnet/core/${name}`;
    out.push(
      candidateFor(`plainnet-${name}`, `plainnet reference ${name}`, async () => {
        let mod: Record<string, unknown>;
        try {
          mod = (await import(specifier)) as Record<string, unknown>;
        } catch (e) {
          throw new Error(
            `cannot load ${specifier}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`,
          );
        }
        const be = Object.values(mod).find(isBackend);
        if (!be) throw new Error(`${specifier} exports no MatrixBackend`);
        return be;
      }),
    );
  }
  for (const value of Object.values(core)) {
    if (isBackend(value) && !seen.has(value.name)) {
      seen.add(value.name);
      out.push(
        candidateFor(
          `plainnet-${value.name}`,
          `plainnet reference ${value.name}`,
          async () => value,
        ),
      );
    }
  }
  return out;
}

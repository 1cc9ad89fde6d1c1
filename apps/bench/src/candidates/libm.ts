// The cost of plainnet's correctly rounded exp/log (exported by @plainnet/core) against the
// runtime's Math.exp/Math.log: one timed pass evaluates the function on every input.
import * as core from "@plainnet/core";
import { measure } from "../sampler.ts";
import type { CandidateRun } from "../types.ts";
import { libmInputs } from "../workloads.ts";
import type { Candidate, JobContext } from "./candidate.ts";

type Fn = "exp" | "log";

function plainnetFn(fn: Fn): ((x: number) => number) | null {
  const f = (core as Record<string, unknown>)[fn];
  return typeof f === "function" ? (f as (x: number) => number) : null;
}

/**
 * Distance in units in the last place between two finite doubles of the same sign.
 *
 * @example
 * ```ts
 * ulpDistance(1, 1 + 2 ** -52); // 1
 * ```
 */
export function ulpDistance(a: number, b: number): number {
  if (a === b) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b) || Math.sign(a) !== Math.sign(b)) return Infinity;
  const buf = new Float64Array([Math.abs(a), Math.abs(b)]);
  const bits = new BigInt64Array(buf.buffer);
  const d = (bits[0] as bigint) - (bits[1] as bigint);
  return Number(d < 0n ? -d : d);
}

async function run(fn: Fn, own: boolean, job: JobContext): Promise<CandidateRun> {
  const f = own ? plainnetFn(fn) : fn === "exp" ? Math.exp : Math.log;
  if (!f) throw new Error(`@plainnet/core does not export ${fn}`);
  const inputs = libmInputs(fn, job.spec.samples);
  const out = new Float64Array(inputs.length);
  const meas = await measure(job.plan, (passes) => {
    for (let p = 0; p < passes; p++) {
      for (let i = 0; i < inputs.length; i++) out[i] = f(inputs[i] as number);
    }
  });
  const version = own ? `plainnet ${fn}` : `Math.${fn}`;
  if ("skipped" in meas)
    return { samplesMs: [], precision: "float64", version, skipped: meas.skipped };
  // Scale ms per pass to ns per call.
  const samplesMs = meas.samplesMs.map((ms) => (ms * 1e6) / inputs.length);
  if (!own) return { samplesMs, precision: "float64", version };
  const ref = fn === "exp" ? Math.exp : Math.log;
  let worst = 0;
  let differ = 0;
  for (let i = 0; i < inputs.length; i++) {
    const d = ulpDistance(out[i] as number, ref(inputs[i] as number));
    if (d > 0) differ++;
    worst = Math.max(worst, d);
  }
  // Math.exp/Math.log are within 1 ulp in V8 and JavaScriptCore; a correctly rounded result
  // can therefore differ from them by at most 1 ulp.
  return {
    samplesMs,
    precision: "float64",
    version,
    selfCheck:
      worst <= 1
        ? {
            ok: true,
            message: `${differ} of ${inputs.length} results differ from Math.${fn} by 1 ulp`,
          }
        : { ok: false, message: `a result differs from Math.${fn} by ${worst} ulp` },
  };
}

function candidate(fn: Fn, own: boolean): Candidate {
  return {
    id: `${fn}-${own ? "plainnet" : "math"}`,
    label: own ? `plainnet ${fn}` : `Math.${fn}`,
    plainnet: own,
    kinds: ["libm"],
    async available() {
      return own && !plainnetFn(fn) ? `@plainnet/core does not export ${fn} yet` : null;
    },
    run: (job) => run(fn, own, job),
  };
}

/**
 * plainnet's exp/log and the runtime's Math.exp/Math.log.
 *
 * @example
 * ```ts
 * libmCandidates.map((c) => c.id); // ["exp-plainnet", "exp-math", "log-plainnet", "log-math"]
 * ```
 */
export const libmCandidates: readonly Candidate[] = [
  candidate("exp", true),
  candidate("exp", false),
  candidate("log", true),
  candidate("log", false),
];

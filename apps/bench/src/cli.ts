// Command-line arguments of the benchmark runner.
import type { RuntimeName } from "./types.ts";

/** Parsed command line. */
export interface CliOptions {
  /** Reduced epochs and samples (seconds, for CI). */
  readonly quick: boolean;
  /** Terms selecting jobs (see {@link matchesFilter}); empty: every job. */
  readonly filters: readonly string[];
  /** Print results.json's content on stdout instead of the table. */
  readonly json: boolean;
  /** Directory for results.json, results.md and chart.svg; null: the default. */
  readonly out: string | null;
  /** Runtimes the jobs run under; null: the one running the CLI. */
  readonly runtimes: readonly RuntimeName[] | null;
  /** Override of the number of timed samples per job. */
  readonly samples: number | null;
  /** Measure the matrix-multiply ceiling (NumPy's BLAS and plainnet's wasm gemm); --no-ceiling: false. */
  readonly ceiling: boolean;
  /** Measure each target's two sides paired (interleaved samples); --no-paired: false. */
  readonly paired: boolean;
  /** Wall-clock limit of the whole run in seconds (the run fails past it); null: none. */
  readonly maxSeconds: number | null;
  readonly help: boolean;
}

/**
 * The usage text printed by --help.
 *
 * @example
 * ```ts
 * process.stdout.write(USAGE);
 * ```
 */
export const USAGE: string = `Usage: bun run bench [options]

Runs plainnet (its reference path on each backend and its fused engine) and the peers
(TensorFlow.js cpu/wasm, brain.js, NumPy) on the notebook's workloads; prints a table of
ms/epoch and GFLOP/s, issue 9's targets and the machine's matrix-multiply ceiling.

Options:
  --quick               reduced epochs and samples (seconds; for CI)
  --filter TERMS        only jobs matching a comma-separated list of terms; a term matches a
                        workload or candidate id containing it, "workload/candidate" both
                        (e.g. --filter headline, --filter tfjs, --filter wide/numpy)
  --json                print the results as JSON on stdout instead of the table
  --out DIR             write results.json, results.md and chart.svg to DIR (default: apps/bench/out)
  --runtimes LIST       run every job under each of node,bun,deno (default: the current runtime)
  --samples N           timed samples per job (default: per workload)
  --no-ceiling          skip the matrix-multiply ceiling (NumPy 1024³ and plainnet's wasm gemm
                        512³ per runtime, a few seconds)
  --no-paired           skip the paired measurement of the targets' candidates (interleaved
                        samples, 15 rounds, 3 with --quick); verdicts then come from the medians
  --max-seconds N       fail (exit 1, workers killed) if the run takes longer than N seconds
  --help                this text

One rule for every option: --name value or --name=value; a value never starts with --; no
option may be given twice (give several filter terms as one comma-separated list); counts are
decimal digits. Exit codes: 0 done, 1 a job failed or --max-seconds passed, 2 bad command line.
`;

const RUNTIMES: readonly RuntimeName[] = ["node", "bun", "deno"];

const OPTIONS: readonly string[] = [
  "--quick",
  "--json",
  "--no-ceiling",
  "--no-paired",
  "--help",
  "--out",
  "--filter",
  "--runtimes",
  "--samples",
  "--max-seconds",
];

/** Upper bound of --samples (timed samples per job). */
const MAX_SAMPLES = 1000;
/** Upper bound of --max-seconds (one day). */
const MAX_SECONDS = 86_400;

// A count: decimal digits only, in [1, max].
function count(name: string, v: string, max: number): number {
  const n = /^\d{1,12}$/.test(v) ? Number(v) : Number.NaN;
  if (!(n >= 1 && n <= max)) {
    throw new RangeError(
      `bench: ${name} must be a positive integer 1..${max} in decimal digits, got "${v}"`,
    );
  }
  return n;
}

/**
 * Parses the arguments after the script name, with one rule for every option: `--name value`
 * or `--name=value`, a value never starts with `--`, no option is given twice, counts are
 * decimal digits. Throws a RangeError naming the option for an unknown or repeated option, a
 * missing value or a bad value.
 *
 * @example
 * ```ts
 * parseArgs(["--quick", "--filter", "headline,wide"]).filters; // ["headline", "wide"]
 * ```
 */
export function parseArgs(argv: readonly string[]): CliOptions {
  let quick = false;
  let json = false;
  let help = false;
  let ceiling = true;
  let paired = true;
  let out: string | null = null;
  let runtimes: RuntimeName[] | null = null;
  let samples: number | null = null;
  let maxSeconds: number | null = null;
  const filters: string[] = [];
  const seen = new Set<string>();
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k] as string;
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const canonical = name === "-h" ? "--help" : name;
    if (!OPTIONS.includes(canonical)) {
      throw new RangeError(`bench: unknown option "${arg}" (see --help)`);
    }
    if (seen.has(canonical)) throw new RangeError(`bench: option ${canonical} is given twice`);
    seen.add(canonical);
    const value = (): string => {
      const v = inline ?? argv[k + 1];
      if (v === undefined || v === "") throw new RangeError(`bench: option ${name} needs a value`);
      if (v.startsWith("--")) {
        throw new RangeError(
          `bench: option ${name} needs a value, got the option "${v}" (a value never starts with --)`,
        );
      }
      if (inline === undefined) k++;
      return v;
    };
    const flag = (): true => {
      if (inline !== undefined) {
        throw new RangeError(`bench: option ${name} takes no value, got "${inline}"`);
      }
      return true;
    };
    switch (name) {
      case "--quick":
        quick = flag();
        break;
      case "--json":
        json = flag();
        break;
      case "--no-ceiling":
        ceiling = !flag();
        break;
      case "--no-paired":
        paired = !flag();
        break;
      case "--help":
      case "-h":
        help = flag();
        break;
      case "--out": {
        const v = value();
        if (v.trim() === "")
          throw new RangeError("bench: --out needs a directory, got an empty string");
        out = v;
        break;
      }
      case "--filter": {
        const terms = value()
          .split(",")
          .map((t) => t.trim())
          .filter((t) => t !== "");
        if (terms.length === 0) throw new RangeError("bench: --filter needs at least one term");
        filters.push(...terms);
        break;
      }
      case "--runtimes": {
        const list = value()
          .split(",")
          .map((t) => t.trim())
          .filter((t) => t !== "");
        for (const r of list) {
          if (!(RUNTIMES as readonly string[]).includes(r)) {
            throw new RangeError(`bench: --runtimes accepts ${RUNTIMES.join(", ")}; got "${r}"`);
          }
        }
        if (list.length === 0) throw new RangeError("bench: --runtimes needs at least one runtime");
        runtimes = [...new Set(list)] as RuntimeName[];
        break;
      }
      case "--samples":
        samples = count("--samples", value(), MAX_SAMPLES);
        break;
      case "--max-seconds":
        maxSeconds = count("--max-seconds", value(), MAX_SECONDS);
        break;
      default:
        throw new RangeError(`bench: unknown option "${arg}" (see --help)`);
    }
  }
  return { quick, filters, json, out, runtimes, samples, ceiling, paired, maxSeconds, help };
}

/**
 * True when a job (workload id, candidate id) is selected: no terms select everything; a term
 * "a/b" needs the workload id to contain a and the candidate id to contain b; any other term
 * needs the workload or the candidate id to contain it. Case-insensitive.
 *
 * @example
 * ```ts
 * matchesFilter(["wide/numpy"], "wide", "numpy"); // true
 * matchesFilter(["tfjs"], "headline", "brain"); // false
 * ```
 */
export function matchesFilter(
  filters: readonly string[],
  workload: string,
  candidate: string,
): boolean {
  if (filters.length === 0) return true;
  const w = workload.toLowerCase();
  const c = candidate.toLowerCase();
  return filters.some((raw) => {
    const term = raw.toLowerCase();
    const slash = term.indexOf("/");
    if (slash >= 0) {
      return w.includes(term.slice(0, slash)) && c.includes(term.slice(slash + 1));
    }
    return w.includes(term) || c.includes(term);
  });
}

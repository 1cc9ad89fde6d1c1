// The bench runner's hostile-input table: every bad command line or output folder is a
// RangeError naming the option and the value, before any job starts (exit code 2 from the
// runner, checked once by spawning it); the correctness checks refuse bad results.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkOwnLoss, checkTraining } from "../src/checks.ts";
import { parseArgs } from "../src/cli.ts";
import { prepareOutDir } from "../src/out-dir.ts";
import { BENCH_DIR } from "../src/runtime.ts";

/** One hostile input: what it must throw. */
interface BenchCase {
  readonly name: string;
  readonly run: () => unknown;
  readonly error: typeof RangeError;
  readonly message: string;
}

const tmp = mkdtempSync(join(tmpdir(), "bench-hostile-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const aFile = join(tmp, "a-file");
writeFileSync(aFile, "not a folder\n");

const args = (name: string, argv: readonly string[], message: string): BenchCase => ({
  name,
  run: () => parseArgs(argv),
  error: RangeError,
  message,
});

const CASES: readonly BenchCase[] = [
  args("unknown option", ["--fast"], 'bench: unknown option "--fast" (see --help)'),
  args("a positional argument", ["headline"], 'bench: unknown option "headline" (see --help)'),
  args(
    "--out takes no option as its value",
    ["--out", "--json"],
    'bench: option --out needs a value, got the option "--json"',
  ),
  args(
    "nor in the = form",
    ["--out=--json"],
    'bench: option --out needs a value, got the option "--json"',
  ),
  args(
    "--filter --quick",
    ["--filter", "--quick"],
    'bench: option --filter needs a value, got the option "--quick"',
  ),
  args("--out missing at the end", ["--out"], "bench: option --out needs a value"),
  args("--samples= empty", ["--samples="], "bench: option --samples needs a value"),
  args("--quick given twice", ["--quick", "--quick"], "bench: option --quick is given twice"),
  args(
    "--json given twice",
    ["--json", "--no-paired", "--json"],
    "bench: option --json is given twice",
  ),
  args(
    "--filter given twice (one list instead)",
    ["--filter", "wide", "--filter=tfjs"],
    "bench: option --filter is given twice",
  ),
  args(
    "--samples given twice",
    ["--samples", "3", "--samples", "3"],
    "bench: option --samples is given twice",
  ),
  args("-h and --help", ["-h", "--help"], "bench: option --help is given twice"),
  args("--quick=yes", ["--quick=yes"], 'bench: option --quick takes no value, got "yes"'),
  args(
    "--samples 0",
    ["--samples", "0"],
    'bench: --samples must be a positive integer 1..1000 in decimal digits, got "0"',
  ),
  args(
    "--samples 1e1",
    ["--samples", "1e1"],
    'bench: --samples must be a positive integer 1..1000 in decimal digits, got "1e1"',
  ),
  args("--samples 2.5", ["--samples", "2.5"], 'got "2.5"'),
  args("--samples -3 (a value, rejected as a count)", ["--samples", "-3"], 'got "-3"'),
  args(
    "--samples past the bound (no unbounded run)",
    ["--samples", "99999999"],
    'bench: --samples must be a positive integer 1..1000 in decimal digits, got "99999999"',
  ),
  args(
    "--max-seconds 0",
    ["--max-seconds", "0"],
    'bench: --max-seconds must be a positive integer 1..86400 in decimal digits, got "0"',
  ),
  args("--max-seconds 1.5e2", ["--max-seconds", "1.5e2"], 'got "1.5e2"'),
  args(
    "--runtimes python",
    ["--runtimes", "python"],
    'bench: --runtimes accepts node, bun, deno; got "python"',
  ),
  args(
    "--runtimes of commas",
    ["--runtimes", ",,"],
    "bench: --runtimes needs at least one runtime",
  ),
  args("--filter of commas", ["--filter", " , "], "bench: --filter needs at least one term"),
  args("--out of spaces", ["--out", "  "], "bench: --out needs a directory, got an empty string"),
  {
    name: "--out /proc/nope (no recursive mkdir: no hang under Node)",
    run: () => prepareOutDir("/proc/nope"),
    error: RangeError,
    message: "bench: --out /proc/nope: cannot create that folder (ENOENT",
  },
  {
    name: "--out naming a file",
    run: () => prepareOutDir(aFile),
    error: RangeError,
    message: `bench: --out ${aFile}: cannot write into that folder (ENOTDIR`,
  },
  {
    name: "--out below a file",
    run: () => prepareOutDir(join(aFile, "x")),
    error: RangeError,
    message: `bench: --out ${join(aFile, "x")}: cannot create that folder (ENOTDIR`,
  },
];

describe("bench hostile table", () => {
  it("has at least 15 cases with an error class and a message fragment", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  for (const c of CASES) {
    it(`${c.name}: ${c.error.name}`, () => {
      let thrown: unknown;
      try {
        c.run();
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(c.error);
      expect((thrown as Error).message).toContain(c.message);
      expect((thrown as Error).message).not.toContain("\n");
    });
  }

  it("prepareOutDir creates missing parents and leaves no probe behind", () => {
    const dir = join(tmp, "a", "b");
    expect(prepareOutDir(dir)).toBe(dir);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("bench correctness checks refuse bad results", () => {
  it("a loss that rose, or is not finite, fails the own-loss check", () => {
    expect(checkOwnLoss({ initial: 0.6, final: 0.7 }).ok).toBe(false);
    expect(checkOwnLoss({ initial: 0.6, final: Number.NaN }).ok).toBe(false);
  });

  it("a skipped epoch fails the training check (float64)", () => {
    const r = checkTraining({
      initial: 0.69,
      final: 0.6,
      refInitial: 0.69,
      refFinal: 0.59,
      precision: "float64",
    });
    expect(r.ok).toBe(false);
    expect(r.message).toContain("differs from the reference's");
  });
});

describe("the bench runner (spawned)", () => {
  it("a bad command line: exit 2, the message and the usage on stderr, nothing on stdout, no job", () => {
    const bun = join(BENCH_DIR, "..", "..", "node_modules", ".bin", "bun");
    const r = spawnSync(bun, ["src/main.ts", "--out", "--json"], {
      cwd: BENCH_DIR,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")[0]).toBe(
      'bench: option --out needs a value, got the option "--json" (a value never starts with --)',
    );
    expect(r.stderr).toContain("Usage: bun run bench");
    expect(r.stderr).not.toContain("plainnet bench ("); // no run started
  }, 90_000);

  it("--max-seconds: past the limit the run stops with exit 1, one line, nothing written", () => {
    const bun = join(BENCH_DIR, "..", "..", "node_modules", ".bin", "bun");
    const out = join(tmp, "guarded");
    // The reference path on the wide workload takes seconds per epoch: far past 1 s.
    const r = spawnSync(
      bun,
      [
        "src/main.ts",
        "--quick",
        "--filter",
        "wide/plainnet-typed-array",
        "--max-seconds",
        "1",
        "--out",
        out,
      ],
      { cwd: BENCH_DIR, encoding: "utf8", timeout: 60_000 },
    );
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /\nbench: the run took longer than --max-seconds 1 s; stopped \(\d+ running worker\(s\) killed\), nothing written\n$/,
    );
    expect(readdirSync(out)).toEqual([]);
  }, 90_000);

  it("--out /proc/nope: exit 2 with one line before any job", () => {
    const bun = join(BENCH_DIR, "..", "..", "node_modules", ".bin", "bun");
    const r = spawnSync(bun, ["src/main.ts", "--quick", "--out", "/proc/nope"], {
      cwd: BENCH_DIR,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^bench: --out \/proc\/nope: cannot create that folder \(ENOENT[^\n]*\)\n$/,
    );
  }, 90_000);
});

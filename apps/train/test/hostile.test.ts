// The CLI's hostile-input table: every bad command line or output folder gets one line on
// stderr naming the flag and the value, the documented exit code, and no training (or, for a
// run that fails, no lost or mixed files). In process, except one spawned run of the real
// Node runtime.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../src/cli.ts";
import { nodeFs, type OutputFs } from "../src/runtime.ts";
import { fakeRuntime, memoryFs } from "./fake-runtime.ts";

/** One hostile command line: what it must print and return. */
interface CliCase {
  readonly name: string;
  readonly args: readonly string[];
  /** 2: a usage error (before training); 1: training or writing failed. */
  readonly exit: 1 | 2;
  /** The error class the message names: `UsageError` (printed as `train: ... (see --help)`). */
  readonly error: "UsageError" | "TrainingDivergedError" | "WriteError";
  /** A fragment of the one stderr line. */
  readonly message: string;
  readonly writable?: boolean;
  readonly fs?: () => OutputFs;
}

const tmp = mkdtempSync(join(tmpdir(), "train-hostile-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const aFile = join(tmp, "a-file");
writeFileSync(aFile, "not a folder\n");

const BASE = ["--samples", "100", "--arch", "2,6,1", "--no-plot"];
const SMALL = [...BASE, "--epochs", "20", "--lr", "0.5"];

// A file system on which every write into the staging folder fails (a full disk).
function diskFull(): OutputFs {
  return memoryFs((op, path) =>
    op === "writeTextFile" && path.includes(".train-") && !path.includes("probe")
      ? Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" })
      : undefined,
  );
}

const usage = (name: string, args: readonly string[], message: string): CliCase => ({
  name,
  args,
  exit: 2,
  error: "UsageError",
  message,
});

const CASES: readonly CliCase[] = [
  // 21.7: one rule for every flag.
  usage(
    "a value flag does not take the next flag (--out --json)",
    ["--out", "--json"],
    '--out needs a value, got the flag "--json"',
  ),
  usage(
    "nor in the = form (--out=--json)",
    ["--out=--json"],
    '--out needs a value, got the flag "--json"',
  ),
  usage(
    "--epochs --lr 0.1",
    ["--epochs", "--lr", "0.1"],
    '--epochs needs a value, got the flag "--lr"',
  ),
  usage(
    "--out --help is not a request for help",
    ["--out", "--help"],
    '--out needs a value, got the flag "--help"',
  ),
  usage("--json given twice", ["--json", "--json"], "--json is given twice"),
  usage(
    "--no-plot given twice",
    ["--no-plot", "--no-color", "--no-plot"],
    "--no-plot is given twice",
  ),
  usage("--epochs given twice", ["--epochs", "3", "--epochs", "4"], "--epochs is given twice"),
  usage(
    "--epochs given twice, both forms",
    ["--epochs=3", "--epochs", "3"],
    "--epochs is given twice",
  ),
  usage(
    "--epochs 1e1 (not decimal digits)",
    ["--epochs", "1e1"],
    '--epochs must be a positive integer (1..10000000) written in decimal digits, got "1e1"',
  ),
  usage("--epochs +5", ["--epochs", "+5"], 'written in decimal digits, got "+5"'),
  usage("--epochs 2.0", ["--epochs", "2.0"], 'written in decimal digits, got "2.0"'),
  usage(
    "--epochs with spaces",
    ["--epochs", " 5"],
    '--epochs must be a positive integer (1..10000000), got " 5"',
  ),
  usage(
    "--samples 0x10",
    ["--samples", "0x10"],
    '--samples must be an integer 10..1000000, got "0x10"',
  ),
  usage("--seed -1", ["--seed", "-1"], '--seed must be an integer seed 0..4294967295, got "-1"'),
  usage(
    "--seed 2^32",
    ["--seed", "4294967296"],
    '--seed must be an integer seed 0..4294967295, got "4294967296"',
  ),
  usage(
    "--epochs 0",
    ["--epochs", "0"],
    '--epochs must be a positive integer (1..10000000), got "0"',
  ),
  usage(
    "--epochs with 20 digits",
    ["--epochs", "99999999999999999999"],
    '--epochs must be a positive integer (1..10000000), got "99999999999999999999"',
  ),
  usage("--epochs missing at the end", ["--epochs"], "--epochs needs a value"),
  usage("--epochs= empty", ["--epochs="], "--epochs needs a value"),
  usage("--json=yes", ["--json=yes"], '--json takes no value, got "--json=yes"'),
  usage("unknown flag", ["--fast"], 'unknown flag "--fast"'),
  usage("a positional argument", ["moons"], 'unexpected argument "moons"; options start with --'),
  // Bad values.
  usage("--lr 0", ["--lr", "0"], '--lr must be a finite number > 0, got "0"'),
  usage("--lr NaN", ["--lr", "NaN"], '--lr must be a finite number, got "NaN"'),
  usage("--lr Infinity", ["--lr", "Infinity"], '--lr must be a finite number, got "Infinity"'),
  usage("--noise -1", ["--noise", "-1"], '--noise must be a number 0..10, got "-1"'),
  usage(
    "--test-size 1",
    ["--test-size", "1"],
    '--test-size must be a fraction between 0 and 1 (exclusive), got "1"',
  ),
  usage(
    "--test-size leaving no training sample",
    ["--samples", "10", "--test-size", "0.99"],
    "--test-size 0.99 of 10 samples: trainTestSplit: ",
  ),
  usage(
    "--arch with a zero layer",
    ["--arch", "2,0,1"],
    '--arch must be at least two positive integer layer sizes separated by commas (e.g. 2,25,1), got "2,0,1"',
  ),
  usage(
    "--arch not starting with 2",
    ["--arch", "3,5,1"],
    '--arch must start with 2, the number of features of every dataset, got "3,5,1"',
  ),
  usage(
    "--arch not ending with 1",
    ["--arch", "2,5,2"],
    '--arch must end with 1 (one sigmoid output: the probability of class 1), got "2,5,2"',
  ),
  usage(
    "--dataset mnist",
    ["--dataset", "mnist"],
    '--dataset must be one of moons, circles, blobs, circle, xor, gauss, spiral, got "mnist"',
  ),
  usage(
    "--activation softmax (output only)",
    ["--activation", "softmax"],
    "--activation must be one of",
  ),
  usage("--loss cce", ["--loss", "cce"], '--loss must be one of bce, mse, got "cce"'),
  usage(
    "--optimizer adagrad",
    ["--optimizer", "adagrad"],
    '--optimizer must be one of sgd, momentum, nesterov, adam, rmsprop, got "adagrad"',
  ),
  usage(
    "--momentum without a momentum optimizer",
    ["--momentum", "0.5"],
    "--momentum applies to --optimizer momentum or nesterov, got --optimizer sgd",
  ),
  usage(
    "--optimizer nesterov --momentum 0",
    ["--optimizer", "nesterov", "--momentum", "0"],
    '--optimizer nesterov needs --momentum > 0, got "0"',
  ),
  usage(
    "--batch-size larger than the training set",
    [...SMALL, "--batch-size", "91"],
    '--batch-size must be at most the 90 training samples, got "91"',
  ),
  usage("--frames without --out", ["--frames", "5"], "--frames needs --out DIR"),
  usage(
    "--frames 1",
    ["--frames", "1", "--out", "x"],
    '--frames must be an integer 2..500, got "1"',
  ),
  usage(
    "--engine gpu",
    ["--engine", "gpu"],
    '--engine must be one of auto, wasm, js, reference, got "gpu"',
  ),
  usage(
    "--dtype float32 on --engine reference",
    ["--engine", "reference", "--dtype", "float32"],
    "--dtype float32 needs a fused engine (--engine auto, wasm or js), got --engine reference",
  ),
  usage(
    "--threads 2 off the notebook's loop",
    ["--threads", "2", "--optimizer", "adam"],
    "--threads 2 trains the notebook's loop (plain gradient descent, full batch, notebook init), got --optimizer adam",
  ),
  usage("--width 10", ["--width", "10"], '--width must be an integer 16..1000, got "10"'),
  // 21.6: --out checked before training, on the real file system.
  {
    ...usage(
      "--out /proc/nope (Node: no hang)",
      [...SMALL, "--out", "/proc/nope"],
      "--out /proc/nope: cannot create that folder (ENOENT",
    ),
    fs: () => nodeFs,
  },
  {
    ...usage(
      "--out below /proc/nope",
      [...SMALL, "--out", "/proc/nope/deeper/still"],
      "--out /proc/nope/deeper/still: cannot create that folder (ENOENT",
    ),
    fs: () => nodeFs,
  },
  {
    ...usage(
      "--out naming a file",
      [...SMALL, "--out", aFile],
      `--out ${aFile}: cannot write into that folder (ENOTDIR`,
    ),
    fs: () => nodeFs,
  },
  {
    ...usage(
      "--out below a file",
      [...SMALL, "--out", join(aFile, "sub")],
      `--out ${join(aFile, "sub")}: cannot create that folder (ENOTDIR`,
    ),
    fs: () => nodeFs,
  },
  {
    ...usage(
      "--out /dev/null/x",
      [...SMALL, "--out", "/dev/null/x"],
      "--out /dev/null/x: cannot create that folder (ENOTDIR",
    ),
    fs: () => nodeFs,
  },
  usage("--out of spaces", [...SMALL, "--out", "  "], '--out needs a folder name, got "  "'),
  {
    ...usage(
      "--out without Deno's permissions",
      [...SMALL, "--out", "out"],
      "--out out needs read and write access to that folder; run: deno run -R=out -W=out train.ts --out out",
    ),
    writable: false,
  },
  // Failures after the command line was accepted.
  {
    name: "--out on a full disk: exit 1, nothing half-written",
    args: [...SMALL, "--out", "out"],
    exit: 1,
    error: "WriteError",
    message: "--out out: writing the files failed (ENOSPC: no space left on device)",
    fs: diskFull,
  },
  {
    name: "--lr 1e6 diverges with a bounded loss (21.2)",
    args: [...BASE, "--epochs", "20", "--lr", "1e6"],
    exit: 1,
    error: "TrainingDivergedError",
    message: "TrainingDivergedError: training diverged at epoch ",
  },
  {
    name: "--optimizer adam --lr 1e6 diverges on the Network.fit path",
    args: [...BASE, "--epochs", "20", "--optimizer", "adam", "--batch-size", "30", "--lr", "1e6"],
    exit: 1,
    error: "TrainingDivergedError",
    message: "TrainingDivergedError: training diverged at epoch ",
  },
  {
    name: "--lr 1e300 diverges",
    args: [...BASE, "--epochs", "20", "--lr", "1e300"],
    exit: 1,
    error: "TrainingDivergedError",
    message: "TrainingDivergedError: ",
  },
];

describe("train CLI hostile table", () => {
  it("has at least 30 cases, each with an exit code, an error class and a message fragment", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    for (const c of CASES) expect(c.message.length).toBeGreaterThan(3);
  });

  for (const c of CASES) {
    it(`${c.name}: exit ${c.exit}, ${c.error}`, async () => {
      const fs = c.fs?.();
      const rt = fakeRuntime([...c.args], { writable: c.writable, fs });
      const code = await main(rt);
      expect(code).toBe(c.exit);
      expect(rt.exitCode).toBe(c.exit);
      // One line, no stack trace, naming the problem.
      expect(rt.stderr.endsWith("\n")).toBe(true);
      const lines = rt.stderr.trimEnd().split("\n");
      expect(lines.at(-1)).toContain(c.message);
      expect(rt.stderr).not.toMatch(/\n\s+at /);
      if (c.error === "UsageError") {
        expect(lines).toHaveLength(1);
        if (c.writable !== false) expect(rt.stderr).toMatch(/^train: .* \(see --help\)\n$/);
        // Stopped before the header: no epoch ran.
        expect(rt.stdout).toBe("");
      } else if (c.error === "TrainingDivergedError") {
        expect(lines.at(-1)).toMatch(/^train: TrainingDivergedError: /);
      } else {
        expect(lines.at(-1)).toMatch(/^train: --out /);
      }
      // Nothing written by a failed run, in memory or on disk.
      if (fs === undefined || fs === nodeFs) expect([...rt.files.keys()]).toEqual([]);
      else expect([...(fs as ReturnType<typeof memoryFs>).files.keys()]).toEqual([]);
    }, 60_000);
  }
});

describe("train CLI: the real Node runtime", () => {
  it("--out /proc/nope under Node: exit 2 and one line, no hang (spawned)", () => {
    const appDir = join(dirname(fileURLToPath(import.meta.url)), "..");
    const tsx = join(appDir, "..", "..", "node_modules", ".bin", "tsx");
    const r = spawnSync(tsx, ["train.ts", "--out", "/proc/nope", "--epochs", "1"], {
      cwd: appDir,
      encoding: "utf8",
      timeout: 90_000,
    });
    expect(r.error).toBeUndefined(); // not killed by the timeout
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "train: --out /proc/nope: cannot create that folder (ENOENT: no such file or directory, mkdir '/proc/nope') (see --help)\n",
    );
  }, 120_000);

  it("a run into a real folder replaces the earlier run's files and frames, keeps other files", async () => {
    const dir = join(tmp, "runs");
    const first = fakeRuntime([...SMALL, "--out", dir, "--frames", "4"], { fs: nodeFs });
    expect(await main(first)).toBe(0);
    writeFileSync(join(dir, "notes.txt"), "mine\n");
    writeFileSync(join(dir, "frames", "keep.txt"), "mine too\n");
    const second = fakeRuntime([...BASE, "--epochs", "21", "--lr", "0.5", "--out", dir], {
      fs: nodeFs,
    });
    expect(await main(second)).toBe(0);
    const names = nodeFs.list(dir).sort();
    expect(names).toEqual(["boundary.svg", "frames", "history.svg", "model.json", "notes.txt"]);
    expect(nodeFs.list(join(dir, "frames"))).toEqual(["keep.txt"]);
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine\n");
    const model = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
    expect(model.training.epochs).toBe(21);
  }, 60_000);
});

// The same pure checks as test/args.test.ts, under Deno (`deno test test-deno/`).
import { deepStrictEqual, strictEqual, throws } from "node:assert";
import { DEFAULT_CONFIG, parseArgs } from "../src/args.ts";
import { UsageError } from "../src/usage.ts";

Deno.test("no flags: the notebook's experiment", () => {
  const r = parseArgs([]);
  strictEqual(r.kind, "run");
  if (r.kind !== "run") return;
  deepStrictEqual(r.config, DEFAULT_CONFIG);
  deepStrictEqual([...r.config.arch], [2, 25, 50, 50, 25, 1]);
  strictEqual(r.config.epochs, 10000);
  strictEqual(r.config.lr, 0.01);
  strictEqual(r.config.seed, 2);
  strictEqual(r.config.dataSeed, 100);
  strictEqual(r.config.splitSeed, 42);
  strictEqual(r.config.testSize, 0.1);
});

Deno.test("--flag value and --flag=value", () => {
  const r = parseArgs(["--epochs", "300", "--dataset=spiral", "--json"]);
  if (r.kind !== "run") throw new Error("expected a run");
  strictEqual(r.config.epochs, 300);
  strictEqual(r.config.dataset, "spiral");
  strictEqual(r.config.json, true);
});

Deno.test("--engine and --dtype: auto / float64 by default", () => {
  strictEqual(DEFAULT_CONFIG.engine, "auto");
  strictEqual(DEFAULT_CONFIG.dtype, "float64");
  const r = parseArgs(["--engine", "js", "--dtype=float32"]);
  if (r.kind !== "run") throw new Error("expected a run");
  deepStrictEqual([r.config.engine, r.config.dtype], ["js", "float32"]);
});

Deno.test("bad input throws a UsageError with a one-line message", () => {
  const bad: [string[], RegExp][] = [
    [["--foo"], /unknown flag "--foo"/],
    [["--arch", "3,25,1"], /must start with 2/],
    [["--epochs", "-5"], /--epochs must be a positive integer/],
    [["--epochs", "ten"], /--epochs must be a positive integer/],
    [["--dataset", "mnist"], /--dataset must be one of/],
    [["--engine", "gpu"], /--engine must be one of auto, wasm, js, reference/],
    [["--dtype", "float16"], /--dtype must be one of float64, float32/],
    [["--engine", "reference", "--dtype", "float32"], /--dtype float32.*--engine reference/],
    [["--backend", "wasm"], /unknown flag "--backend"/],
  ];
  for (const [argv, message] of bad) {
    throws(
      () => parseArgs(argv),
      (e: unknown) =>
        e instanceof UsageError && message.test(e.message) && !e.message.includes("\n"),
    );
  }
});

// The whole command on a small problem under Deno, with an in-memory runtime.
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { main } from "../src/cli.ts";
import type { Runtime } from "../src/runtime.ts";

function fake(args: string[]): Runtime & { out: string; err: string; code: number } {
  const rt = {
    name: "deno" as const,
    args,
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    noColor: false,
    columns: () => undefined,
    out: "",
    err: "",
    code: -1,
    writeStdout: (s: string) => {
      rt.out += s;
    },
    writeStderr: (s: string) => {
      rt.err += s;
    },
    canWrite: () => true,
    fs: {
      makeDirs: () => {},
      writeTextFile: () => {},
      rename: () => {},
      remove: () => false,
      list: () => [],
    },
    setExitCode: (c: number) => {
      rt.code = c;
    },
  };
  return rt;
}

const SMALL = ["--samples", "100", "--arch", "2,6,1", "--epochs", "30", "--lr", "0.5", "--json"];

async function summary(args: string[]): Promise<Record<string, unknown>> {
  const rt = fake(args);
  strictEqual(await main(rt), 0);
  strictEqual(rt.err, "");
  return JSON.parse(rt.out) as Record<string, unknown>;
}

Deno.test("--json: one JSON summary on stdout", async () => {
  const rt = fake(SMALL);
  strictEqual(await main(rt), 0);
  const lines = rt.out.trimEnd().split("\n");
  strictEqual(lines.length, 1);
  const s = JSON.parse(lines[0] as string);
  strictEqual(s.epochs, 30);
  deepStrictEqual(s.samples, { train: 90, test: 10 });
  ok(s.testAccuracy >= 0 && s.testAccuracy <= 1);
  ok(Number.isFinite(s.finalCost));
  strictEqual(rt.err, "");
  // Deno has WebAssembly SIMD: the default engine is the fused WebAssembly one.
  deepStrictEqual([s.engine, s.dtype], ["wasm-simd-f64", "float64"]);
});

Deno.test("--engine reference gives the default engine's numbers bit for bit", async () => {
  const auto = await summary(SMALL);
  const ref = await summary([...SMALL, "--engine", "reference"]);
  strictEqual(ref.engine, "reference:typed-array");
  for (const k of ["finalCost", "lastEpochCost", "testAccuracy", "testCost"]) {
    ok(Object.is(ref[k], auto[k]), k);
  }
});

Deno.test("--engine js --dtype float32: js-f32, close to float64", async () => {
  const f64 = await summary(SMALL);
  const f32 = await summary([...SMALL, "--engine", "js", "--dtype", "float32"]);
  deepStrictEqual([f32.engine, f32.dtype], ["js-f32", "float32"]);
  const a = f64.finalCost as number;
  ok(Math.abs((f32.finalCost as number) - a) / a < 1e-4);
});

Deno.test("bad input: one line on stderr, exit code 2", async () => {
  for (const args of [
    ["--foo"],
    ["--arch", "3,1"],
    ["--epochs", "-1"],
    ["--dataset", "x"],
    ["--engine", "gpu"],
    ["--engine", "reference", "--dtype", "float32"],
  ]) {
    const rt = fake(args);
    strictEqual(await main(rt), 2);
    strictEqual(rt.code, 2);
    strictEqual(rt.out, "");
    strictEqual(rt.err.trimEnd().split("\n").length, 1);
  }
});

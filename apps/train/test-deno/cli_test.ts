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
    writeTextFile: () => {},
    setExitCode: (c: number) => {
      rt.code = c;
    },
  };
  return rt;
}

Deno.test("--json: one JSON summary on stdout", () => {
  const rt = fake([
    "--samples",
    "100",
    "--arch",
    "2,6,1",
    "--epochs",
    "30",
    "--lr",
    "0.5",
    "--json",
  ]);
  strictEqual(main(rt), 0);
  const lines = rt.out.trimEnd().split("\n");
  strictEqual(lines.length, 1);
  const s = JSON.parse(lines[0] as string);
  strictEqual(s.epochs, 30);
  deepStrictEqual(s.samples, { train: 90, test: 10 });
  ok(s.testAccuracy >= 0 && s.testAccuracy <= 1);
  ok(Number.isFinite(s.finalCost));
  strictEqual(rt.err, "");
});

Deno.test("bad input: one line on stderr, exit code 2", () => {
  for (const args of [["--foo"], ["--arch", "3,1"], ["--epochs", "-1"], ["--dataset", "x"]]) {
    const rt = fake(args);
    strictEqual(main(rt), 2);
    strictEqual(rt.code, 2);
    strictEqual(rt.out, "");
    strictEqual(rt.err.trimEnd().split("\n").length, 1);
  }
});

// Determinism suite: `tsx run.ts`, `bun run.ts`, `deno run --allow-read run.ts`.
// Every check compares bits against NumPy/mpmath reference values in /fixtures.

import type { RuntimeCheck } from "./harness.ts";
import { runChecks } from "./harness.ts";

const runtime: string =
  "Deno" in globalThis ? "deno" : "Bun" in globalThis ? "bun" : `node ${process.version}`;

const modules: { checks: RuntimeCheck[] }[] = await Promise.all([
  // Each concern adds its own module here.
  import("./random.ts"),
  import("./seed.ts"),
  import("./libm.ts"),
  import("./network.ts"),
  import("./engine.ts"),
  import("./parallel.ts"),
  import("./parallel-crash.ts"),
  import("./hostile.ts"),
]);

const failed = await runChecks(
  runtime,
  modules.flatMap((m) => m.checks),
);
if (failed > 0) {
  // `process` exists in Node, Bun and Deno 2.
  process.exitCode = 1;
}

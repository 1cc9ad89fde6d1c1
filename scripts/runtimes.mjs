// Runs the determinism suite under Node (tsx), Bun and Deno, each from the workspace's own
// devDependencies, and fails if any runtime fails.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name) => `${root}node_modules/.bin/${name}`;
const script = "packages/core/test/runtime/run.ts";
const runs = [
  // `node --import tsx`, as the bench runs Node: also checks that trainParallel's workers find
  // the TypeScript loader from a bare `--import` specifier.
  ["node", [process.execPath, "--import", "tsx", script]],
  ["bun", [bin("bun"), "run", script]],
  ["deno", [bin("deno"), "run", "--quiet", "--no-prompt", `--allow-read=${root}`, script]],
];

// Checks that cannot compare against a reference value (e.g. a trained network) print
// `hash <name> <hex>` lines; every runtime must print the same set with the same values.
const HASH_LINE = /^hash (\S+) ([0-9a-f]+)$/gm;
const hashes = new Map(); // name -> Map(runtime -> hex)

let failures = 0;
for (const [name, [cmd, ...args]] of runs) {
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: ["inherit", "pipe", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1" },
  });
  process.stdout.write(r.stdout ?? "");
  for (const [, check, hex] of (r.stdout ?? "").matchAll(HASH_LINE)) {
    if (!hashes.has(check)) hashes.set(check, new Map());
    hashes.get(check).set(name, hex);
  }
  if (r.status !== 0) {
    console.error(`runtime suite failed under ${name} (exit ${r.status ?? r.signal})`);
    failures++;
  }
}
for (const [check, byRuntime] of hashes) {
  const missing = runs.map(([name]) => name).filter((name) => !byRuntime.has(name));
  const values = new Set(byRuntime.values());
  if (missing.length > 0 || values.size > 1) {
    const seen = [...byRuntime].map(([rt, hex]) => `${rt} ${hex}`).join(", ");
    console.error(
      `hash ${check} differs across runtimes: ${seen}${missing.length > 0 ? `; missing under ${missing.join(", ")}` : ""}`,
    );
    failures++;
  } else {
    console.log(`hash ${check}: identical under ${runs.map(([name]) => name).join(", ")}`);
  }
}
// Deno with no read permission: trainParallel must reject with the reason (its worker cannot
// load its module), not end the process through the worker's uncaught error.
{
  const r = spawnSync(
    bin("deno"),
    ["run", "--quiet", "--no-prompt", "packages/core/test/runtime/parallel-no-read.ts"],
    { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
  );
  const line = (r.stdout ?? "")
    .split("\n")
    .find((l) => l.startsWith("ok ") || l.startsWith("FAIL"));
  if (r.status === 0 && line?.startsWith("ok ")) console.log(line);
  else {
    console.error(
      line ??
        `parallel-no-read.ts (deno) exited ${r.status}: ${(r.stderr ?? "").trim().split("\n").at(-1)}`,
    );
    failures++;
  }
}
process.exit(failures > 0 ? 1 : 0);

// Runs the determinism suite under Node (tsx), Bun and Deno, each from the workspace's own
// devDependencies, and fails if any runtime fails.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name) => `${root}node_modules/.bin/${name}`;
const script = "packages/core/test/runtime/run.ts";
const runs = [
  ["node", [bin("tsx"), script]],
  ["bun", [bin("bun"), "run", script]],
  ["deno", [bin("deno"), "run", "--quiet", "--no-prompt", `--allow-read=${root}`, script]],
];

let failures = 0;
for (const [name, [cmd, ...args]] of runs) {
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NO_COLOR: "1" },
  });
  if (r.status !== 0) {
    console.error(`runtime suite failed under ${name} (exit ${r.status ?? r.signal})`);
    failures++;
  }
}
process.exit(failures > 0 ? 1 : 0);

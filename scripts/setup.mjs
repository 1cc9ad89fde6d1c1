// Makes a fresh machine (Node 20 + npm only) ready: installs the pinned pnpm through npm if
// it is missing, then the workspace's dependencies (Bun and Deno come from npm packages).
import { execSync, spawnSync } from "node:child_process";

const PNPM = "12.4.2";
const quiet = process.argv.includes("--quiet");

function has(cmd) {
  const r = spawnSync(cmd, ["--version"], {
    encoding: "utf8",
    shell: process.platform === "win32",
  });
  return r.status === 0 ? r.stdout.trim() : null;
}

const run = (cmd) => {
  if (!quiet) console.error(`$ ${cmd}`);
  execSync(cmd, { stdio: ["ignore", "inherit", "inherit"] });
};

const version = has("pnpm");
if (version !== PNPM) {
  if (!quiet)
    console.error(`pnpm ${PNPM} not found (have: ${version ?? "none"}); installing it with npm`);
  run(`npm install --global --no-audit --no-fund pnpm@${PNPM}`);
}
run("pnpm install --frozen-lockfile --reporter=silent");

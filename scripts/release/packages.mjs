// Shared helpers of the release checks and the smoke test: the workspace's publishable packages,
// building them, and packing them with pnpm (so publishConfig and workspace: ranges are applied
// exactly as `changeset publish` -> `pnpm publish` applies them).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, with a trailing slash. */
export const root = fileURLToPath(new URL("../..", import.meta.url));

/** Path of a binary installed in the workspace root's node_modules. */
export const bin = (name) => join(root, "node_modules", ".bin", name);

/** The environment minus the npm_* / pnpm_* variables a `pnpm run` parent sets. */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm|pnpm)_/i.test(key)) env[key] = value;
  }
  return { ...env, NO_COLOR: "1", ...extra };
}

/**
 * Runs a command; throws naming it when it exits non-zero. With `capture: true`, returns stdout
 * (stderr still goes to the terminal); with `capture: "all"`, returns stdout + stderr.
 */
export function run(cmd, args, { cwd = root, env = process.env, capture = false } = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    env,
    encoding: "utf8",
    stdio: ["ignore", capture ? "pipe" : "inherit", capture === "all" ? "pipe" : "inherit"],
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw new Error(`${cmd} ${args.join(" ")}: ${r.error.message}`);
  const out = capture === "all" ? `${r.stdout}${r.stderr}` : r.stdout;
  if (r.status !== 0) {
    const tail = capture && out ? `\n${out.slice(-4000)}` : "";
    throw new Error(
      `${cmd} ${args.join(" ")} (in ${cwd}) exited with ${r.status ?? r.signal}${tail}`,
    );
  }
  return out;
}

/** Every non-private package under packages/: { dir, name, version, manifest }. */
export function publishablePackages() {
  const base = join(root, "packages");
  const out = [];
  for (const entry of readdirSync(base, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(base, entry.name);
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    } catch {
      continue;
    }
    if (manifest.private) continue;
    out.push({ dir, name: manifest.name, version: manifest.version, manifest });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

function listFiles(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(path, out);
    else out.push(path);
  }
  return out;
}

/**
 * True when a package's dist/ was built after every input changed: each src/**.ts has its
 * .js and .d.ts, no dist file is left from a deleted source, and dist is newer than the
 * sources and the build configuration.
 */
function distIsFresh(dir) {
  const src = listFiles(join(dir, "src")).filter((f) => f.endsWith(".ts"));
  const dist = listFiles(join(dir, "dist"));
  if (src.length === 0 || dist.length === 0) return false;
  const inputs = [
    ...src,
    join(dir, "package.json"),
    join(dir, "tsconfig.build.json"),
    join(root, "tsconfig.base.json"),
  ];
  const newestInput = Math.max(...inputs.map((f) => statSync(f).mtimeMs));
  const oldestOutput = Math.min(...dist.map((f) => statSync(f).mtimeMs));
  if (oldestOutput < newestInput) return false;
  const expected = new Set();
  for (const f of src) {
    const rel = f.slice(join(dir, "src").length + 1).replace(/\.ts$/, "");
    expected.add(`${rel}.js`);
    expected.add(`${rel}.d.ts`);
  }
  const actual = new Set(dist.map((f) => f.slice(join(dir, "dist").length + 1)));
  return expected.size === actual.size && [...expected].every((f) => actual.has(f));
}

/**
 * Builds every publishable package (dist/: ESM JavaScript + .d.ts), dependencies first.
 * Skipped when every dist/ is fresh (as for `test:smoke` right after `test:build`).
 */
export function buildPackages() {
  const stale = publishablePackages().filter((p) => !distIsFresh(p.dir));
  if (stale.length === 0) {
    console.log("build: every dist/ is newer than its sources; not rebuilt");
    return;
  }
  run("pnpm", [
    "--recursive",
    "--filter",
    "./packages/*",
    "--reporter=append-only",
    "run",
    "build",
  ]);
}

/**
 * Packs every publishable package into `destination` with `pnpm pack` alone (each package's
 * `prepack` script builds its dist/) and returns [{ name, version, dir, tarball, files }].
 * With `{ clean: true }` every dist/ is deleted first, so a tarball can only contain dist/ if
 * `pnpm pack` built it.
 */
export function packPackages(destination, { clean = false } = {}) {
  return publishablePackages().map((pkg) => {
    if (clean) rmSync(join(pkg.dir, "dist"), { recursive: true, force: true });
    const out = run("pnpm", ["pack", "--json", "--pack-destination", destination], {
      cwd: pkg.dir,
      capture: true,
    });
    const info = JSON.parse(out.slice(out.indexOf("{")));
    return {
      ...pkg,
      tarball: info.filename,
      files: info.files.map((f) => f.path),
    };
  });
}

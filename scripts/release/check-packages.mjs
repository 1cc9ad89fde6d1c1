// `pnpm test:build`: packs every publishable package under packages/ with `pnpm pack` alone
// (its prepack builds dist/; publishConfig applied, as `changeset publish` does) and checks each
// tarball: its file list and manifest (repository, homepage, bugs, prepack), publint --strict
// and @arethetypeswrong/cli. Then the JSR metadata (jsr.json + an offline
// `deno publish --dry-run`) and `pnpm version-packages` in a throwaway copy.
//
// attw runs on the pnpm-packed tarball rather than with `attw --pack`, which packs with npm
// and so would ignore publishConfig (exports pointing at src/*.ts in the workspace). The
// packages are ESM-only, so attw uses its `esm-only` profile (node10 and require() from
// node16-CJS are not claimed).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { versioningProblems } from "./check-versioning.mjs";
import { jsrDryRunProblems, jsrMetadataProblems } from "./jsr.mjs";
import { checkTarballManifest } from "./manifest.mjs";
import { bin, cleanEnv, packPackages, run } from "./packages.mjs";

const results = [];
function step(name, fn) {
  const t0 = Date.now();
  let problems;
  try {
    problems = fn() ?? [];
  } catch (e) {
    problems = [e.message];
  }
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  results.push({ name, problems });
  console.log(`${problems.length === 0 ? "ok  " : "FAIL"} ${name} (${seconds}s)`);
  for (const p of problems) console.log(`     - ${p}`);
}

const dest = mkdtempSync(join(tmpdir(), "plainnet-pack-"));
try {
  let packed = [];
  // No separate build: dist/ is deleted and `pnpm pack` alone must rebuild it (prepack).
  step("pnpm pack alone (prepack builds dist/)", () => {
    packed = packPackages(dest, { clean: true });
  });
  for (const pkg of packed) {
    step(`${pkg.name}: tarball files and manifest`, () => {
      const manifest = JSON.parse(
        execFileSync("tar", ["-xzOf", pkg.tarball, "package/package.json"], { encoding: "utf8" }),
      );
      return checkTarballManifest(pkg, manifest);
    });
    step(`${pkg.name}: publint --strict`, () => {
      run(bin("publint"), ["run", "--strict", pkg.tarball], { env: cleanEnv(), capture: "all" });
    });
    step(`${pkg.name}: attw --profile esm-only`, () => {
      run(bin("attw"), [pkg.tarball, "--profile", "esm-only", "--format", "table-flipped"], {
        env: cleanEnv(),
        capture: "all",
      });
    });
  }
  step("jsr.json metadata", () => jsrMetadataProblems());
  step("deno publish --dry-run (staged Deno workspace, offline)", () => jsrDryRunProblems());
  step("pnpm version-packages (throwaway copy)", () => versioningProblems());
} finally {
  rmSync(dest, { recursive: true, force: true });
}

const failed = results.filter((r) => r.problems.length > 0).length;
console.log(`test:build: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

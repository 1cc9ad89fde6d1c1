// The metadata every publishable package.json carries (what npm shows beside the README): the
// repository with the package's folder, its homepage, where to report bugs, and a `prepack`
// script that builds, so `pnpm pack` (and `pnpm publish`) alone give a working tarball.
//
//   node scripts/release/metadata.mjs          lists the packages whose metadata is off (exit 1)
//   node scripts/release/metadata.mjs --write  sets it in every publishable package.json
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { publishablePackages } from "./packages.mjs";

const REPOSITORY_URL = "git+https://github.com/plainnet/plainnet.git";
const WEB = "https://github.com/plainnet/plainnet";

/** The expected metadata fields of the package in `packages/<folder>`. */
export function expectedMetadata(folder) {
  return {
    repository: { type: "git", url: REPOSITORY_URL, directory: `packages/${folder}` },
    homepage: `${WEB}/tree/main/packages/${folder}#readme`,
    bugs: { url: `${WEB}/issues` },
    prepack: "pnpm run build",
  };
}

/**
 * Problems of a manifest's metadata (empty when it is as expected). `scripts` is the
 * workspace package.json's (pnpm pack drops the lifecycle scripts from the packed one).
 */
export function metadataProblems(manifest, folder, scripts = manifest.scripts) {
  const want = expectedMetadata(folder);
  const problems = [];
  for (const field of ["repository", "homepage", "bugs"]) {
    if (JSON.stringify(manifest[field]) !== JSON.stringify(want[field])) {
      problems.push(
        `${field} is ${JSON.stringify(manifest[field])}, expected ${JSON.stringify(want[field])}`,
      );
    }
  }
  if (scripts?.prepack !== want.prepack) {
    problems.push(
      `scripts.prepack is ${JSON.stringify(scripts?.prepack)}, expected "${want.prepack}" (pnpm pack must build)`,
    );
  }
  if (typeof scripts?.build !== "string") problems.push("scripts.build is missing");
  return problems;
}

/** Sets the metadata fields in one package.json, keeping every other field and its order. */
function writeMetadata(dir, folder) {
  const file = join(dir, "package.json");
  const manifest = JSON.parse(readFileSync(file, "utf8"));
  const want = expectedMetadata(folder);
  const out = {};
  for (const [key, value] of Object.entries(manifest)) {
    if (key === "repository" || key === "homepage" || key === "bugs") continue;
    out[key] = value;
    // After the license: the repository, homepage and bugs (npm's usual order).
    if (key === "license") {
      out.repository = want.repository;
      out.homepage = want.homepage;
      out.bugs = want.bugs;
    }
  }
  if (out.repository === undefined)
    Object.assign(out, { repository: want.repository, homepage: want.homepage, bugs: want.bugs });
  out.scripts = { ...(out.scripts ?? {}), prepack: want.prepack };
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const write = process.argv.includes("--write");
  let bad = 0;
  for (const pkg of publishablePackages()) {
    const folder = pkg.dir.split("/").pop();
    if (write) writeMetadata(pkg.dir, folder);
    const manifest = JSON.parse(readFileSync(join(pkg.dir, "package.json"), "utf8"));
    const problems = metadataProblems(manifest, folder);
    bad += problems.length > 0 ? 1 : 0;
    console.log(`${problems.length === 0 ? "ok  " : "FAIL"} ${pkg.name}`);
    for (const p of problems) console.log(`     - ${p}`);
  }
  process.exit(bad > 0 ? 1 : 0);
}

// Checks `pnpm version-packages` in a throwaway copy of the repository (nothing here is
// modified): the pending changesets are replaced by one test changeset (core minor,
// datasets patch), then the script must bump package.json and jsr.json versions, write
// CHANGELOG.md files with the summary, consume the changeset and leave the private apps alone.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { cleanEnv, publishablePackages, root, run } from "./packages.mjs";

const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));

function bump(version, kind) {
  const [major, minor, patch] = version.split(/[.-]/).map(Number);
  if (kind === "major") return `${major + 1}.0.0`;
  if (kind === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** Returns a list of problems (empty when `pnpm version-packages` behaves). */
export function versioningProblems() {
  const copy = mkdtempSync(join(tmpdir(), "plainnet-version-"));
  const problems = [];
  try {
    // Tracked and untracked-but-not-ignored files: the work tree as it would be committed.
    const files = run("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
      capture: true,
    })
      .split("\0")
      .filter((f) => f !== "" && existsSync(join(root, f)));
    for (const f of files) {
      mkdirSync(dirname(join(copy, f)), { recursive: true });
      cpSync(join(root, f), join(copy, f));
    }
    symlinkSync(join(root, "node_modules"), join(copy, "node_modules"));

    const changesetDir = join(copy, ".changeset");
    for (const f of readdirSync(changesetDir)) {
      if (f.endsWith(".md") && f !== "README.md") rmSync(join(changesetDir, f));
    }
    const packages = publishablePackages();
    const kinds = new Map(packages.map((p, i) => [p.name, i === 0 ? "minor" : "patch"]));
    const summary = "Throwaway release check: this line must reach every CHANGELOG.md.";
    const front = [...kinds].map(([name, kind]) => `"${name}": ${kind}`).join("\n");
    writeFileSync(join(changesetDir, "release-check.md"), `---\n${front}\n---\n\n${summary}\n`);

    const appsBefore = new Map();
    for (const app of existsSync(join(copy, "apps")) ? readdirSync(join(copy, "apps")) : []) {
      const file = join(copy, "apps", app, "package.json");
      if (existsSync(file)) appsBefore.set(file, readFileSync(file, "utf8"));
    }

    run("pnpm", ["run", "--silent", "version-packages"], {
      cwd: copy,
      env: cleanEnv(),
      capture: "all",
    });

    for (const pkg of packages) {
      const dir = join(copy, relative(root, pkg.dir));
      const want = bump(pkg.version, kinds.get(pkg.name));
      const got = readJson(join(dir, "package.json")).version;
      if (got !== want) problems.push(`${pkg.name}: package.json version ${got}, expected ${want}`);
      const jsrFile = join(dir, "jsr.json");
      if (existsSync(jsrFile) && readJson(jsrFile).version !== want) {
        problems.push(
          `${pkg.name}: jsr.json version ${readJson(jsrFile).version}, expected ${want}`,
        );
      }
      const changelog = join(dir, "CHANGELOG.md");
      if (!existsSync(changelog)) {
        problems.push(`${pkg.name}: no CHANGELOG.md written`);
      } else {
        const text = readFileSync(changelog, "utf8");
        if (!text.includes(`## ${want}`))
          problems.push(`${pkg.name}: CHANGELOG.md has no "## ${want}" heading`);
        if (!text.includes(summary))
          problems.push(`${pkg.name}: CHANGELOG.md lacks the changeset summary`);
      }
      const deps = readJson(join(dir, "package.json")).dependencies ?? {};
      for (const [name, range] of Object.entries(deps)) {
        if (kinds.has(name) && !range.startsWith("workspace:")) {
          problems.push(
            `${pkg.name}: dependency ${name} became "${range}" (expected a workspace: range)`,
          );
        }
      }
    }
    if (existsSync(join(changesetDir, "release-check.md"))) {
      problems.push("the test changeset was not consumed");
    }
    for (const [file, before] of appsBefore) {
      if (readFileSync(file, "utf8") !== before)
        problems.push(`${relative(copy, file)} changed (apps are private)`);
      if (existsSync(join(dirname(file), "CHANGELOG.md"))) {
        problems.push(`${relative(copy, dirname(file))}/CHANGELOG.md written (apps are private)`);
      }
    }
    if (problems.length === 0) {
      for (const pkg of packages) {
        const dir = join(copy, relative(root, pkg.dir));
        console.log(
          `  ${pkg.name}: ${pkg.version} -> ${readJson(join(dir, "package.json")).version} (package.json, jsr.json, CHANGELOG.md)`,
        );
      }
    }
  } catch (e) {
    problems.push(`pnpm version-packages failed: ${e.message}`);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = versioningProblems();
  for (const p of problems) console.error(`version-packages: ${p}`);
  if (problems.length > 0) process.exit(1);
  console.log("version-packages: OK in a throwaway copy");
}

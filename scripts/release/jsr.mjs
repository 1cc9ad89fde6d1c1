// JSR (Deno) side of a release. Each publishable package keeps its JSR metadata in jsr.json
// (name, version, exports to the TypeScript sources); a jsr.json is not a Deno config file, so
// it changes nothing for the Deno runs inside this repository.
//
// `deno publish` rewrites ("unfurls") bare imports. Run in place, it would turn datasets'
// `@plainnet/core` into `npm:@plainnet/core@*` (from the pnpm `workspace:*` range) and
// `mathjs` into `npm:mathjs@15.2.0` (from the devDependency). So this script stages the
// packages as a Deno workspace in a temporary folder: each member gets a deno.json made from
// its jsr.json plus an import map of its npm dependencies (npm:name@<peer or dependency range>),
// so that workspace packages unfurl to `jsr:@plainnet/<name>@^<version>`.
//
//   node scripts/release/jsr.mjs check    metadata checks + `deno publish --dry-run` (offline),
//                                        asserting every unfurled import
//   node scripts/release/jsr.mjs publish  the same staging, then `deno publish` (needs jsr.io)
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bin, cleanEnv, publishablePackages, root, run } from "./packages.mjs";

const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));

/** Checks each package's jsr.json against its package.json; returns a list of problems. */
export function jsrMetadataProblems() {
  const problems = [];
  for (const pkg of publishablePackages()) {
    const where = `${pkg.name} (packages/${pkg.dir.split("/").pop()}/jsr.json)`;
    const file = join(pkg.dir, "jsr.json");
    if (!existsSync(file)) {
      problems.push(`${where}: missing`);
      continue;
    }
    const jsr = readJson(file);
    const m = pkg.manifest;
    if (jsr.name !== m.name)
      problems.push(`${where}: name is ${jsr.name}, package.json has ${m.name}`);
    if (jsr.version !== m.version) {
      problems.push(
        `${where}: version is ${jsr.version}, package.json has ${m.version} (run pnpm version-packages)`,
      );
    }
    if (jsr.license !== m.license)
      problems.push(`${where}: license is ${jsr.license}, package.json has ${m.license}`);
    const jsrExports = jsr.exports ?? {};
    const npmExports = m.exports ?? {};
    const keys = (o) => Object.keys(o).sort().join(", ");
    if (keys(jsrExports) !== keys(npmExports)) {
      problems.push(
        `${where}: exports are [${keys(jsrExports)}], package.json has [${keys(npmExports)}]`,
      );
    }
    for (const [key, target] of Object.entries(jsrExports)) {
      if (typeof target !== "string" || !/^\.\/src\/.+\.ts$/.test(target)) {
        problems.push(
          `${where}: exports["${key}"] must be a ./src/*.ts path, got ${JSON.stringify(target)}`,
        );
      } else if (!existsSync(join(pkg.dir, target))) {
        problems.push(`${where}: exports["${key}"] -> ${target} does not exist`);
      } else if (npmExports[key] !== target) {
        problems.push(
          `${where}: exports["${key}"] is ${target}, package.json has ${JSON.stringify(npmExports[key])}`,
        );
      }
    }
    const include = jsr.publish?.include ?? [];
    if (!include.includes("src")) problems.push(`${where}: publish.include must contain "src"`);
    if (!include.includes("README.md"))
      problems.push(`${where}: publish.include must contain "README.md"`);
  }
  return problems;
}

/**
 * Copies the publishable packages into a temporary Deno workspace and returns its folder and
 * the expected unfurled form of every bare import.
 */
export function stageWorkspace() {
  const stage = mkdtempSync(join(tmpdir(), "plainnet-jsr-"));
  const packages = publishablePackages();
  const names = new Set(packages.map((p) => p.name));
  const expected = new Map();
  const members = [];
  for (const pkg of packages) {
    const folder = pkg.dir.split("/").pop();
    const dest = join(stage, "packages", folder);
    mkdirSync(dest, { recursive: true });
    const jsr = readJson(join(pkg.dir, "jsr.json"));
    const include = (jsr.publish?.include ?? []).filter((f) => f !== "jsr.json");
    const present = include.filter((f) => existsSync(join(pkg.dir, f)));
    for (const f of present) cpSync(join(pkg.dir, f), join(dest, f), { recursive: true });
    cpSync(join(pkg.dir, "package.json"), join(dest, "package.json"));
    // Bare imports of npm packages resolve from the workspace's node_modules (no download).
    if (existsSync(join(pkg.dir, "node_modules"))) {
      symlinkSync(join(pkg.dir, "node_modules"), join(dest, "node_modules"));
    }
    const m = pkg.manifest;
    const ranges = { ...(m.dependencies ?? {}), ...(m.peerDependencies ?? {}) };
    const imports = {};
    for (const [name, range] of Object.entries(ranges)) {
      if (names.has(name)) {
        const version = packages.find((p) => p.name === name).version;
        expected.set(name, `jsr:${name}@^${version}`);
      } else {
        imports[name] = `npm:${name}@${range}`;
        expected.set(name, imports[name]);
      }
    }
    const config = {
      name: jsr.name,
      version: jsr.version,
      license: jsr.license,
      exports: jsr.exports,
      ...(Object.keys(imports).length > 0 ? { imports } : {}),
      publish: { include: [...present, "deno.json"] },
    };
    writeFileSync(join(dest, "deno.json"), `${JSON.stringify(config, null, 2)}\n`);
    members.push(`./packages/${folder}`);
  }
  cpSync(join(root, "package.json"), join(stage, "package.json"));
  symlinkSync(join(root, "node_modules"), join(stage, "node_modules"));
  writeFileSync(
    join(stage, "deno.json"),
    `${JSON.stringify({ workspace: members, nodeModulesDir: "manual", lock: false }, null, 2)}\n`,
  );
  return { stage, expected };
}

/** Runs `deno publish --dry-run` on the staged workspace; returns a list of problems. */
export function jsrDryRunProblems() {
  const { stage, expected } = stageWorkspace();
  const problems = [];
  try {
    const env = cleanEnv({ DENO_NO_UPDATE_CHECK: "1", DENO_DIR: join(stage, ".deno") });
    let log;
    try {
      log = run(bin("deno"), ["publish", "--dry-run", "--allow-dirty", "--log-level=debug"], {
        cwd: stage,
        env,
        capture: "all",
      });
    } catch (e) {
      return [`deno publish --dry-run failed: ${e.message.slice(-3000)}`];
    }
    // Debug lines: "Unfurled specifier: <bare> from <file> -> <target>".
    const seen = new Map();
    for (const line of log.split("\n")) {
      const hit = /Unfurled specifier: (\S+) from (\S+) -> (\S+)/.exec(line);
      if (!hit) continue;
      const [, specifier, , target] = hit;
      if (target.startsWith(".") || target.startsWith("/")) continue;
      seen.set(`${specifier} -> ${target}`, (seen.get(`${specifier} -> ${target}`) ?? 0) + 1);
      const want = expected.get(specifier.replace(/^(@[^/]+\/[^/]+|[^@/][^/]*)\/.*$/, "$1"));
      // A subpath of an npm package unfurls to Deno's absolute form "npm:/name@version/sub".
      const unfurled = target.replace(/^npm:\//, "npm:");
      const ok = want !== undefined && (unfurled === want || unfurled.startsWith(`${want}/`));
      if (!ok)
        problems.push(
          `import "${specifier}" would be published as "${target}", expected "${want}"`,
        );
    }
    for (const [pair, n] of seen) console.log(`  unfurled ${pair} (${n}x)`);
    if (!/Dry run complete/.test(log))
      problems.push("deno publish --dry-run did not report 'Dry run complete'");
    if (/Download\s+https?:/.test(log))
      problems.push("deno publish --dry-run downloaded something (expected none)");
    return [...new Set(problems)];
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

const mode = process.argv[2];
if (import.meta.url === `file://${process.argv[1]}` && mode !== undefined) {
  const problems = jsrMetadataProblems();
  if (problems.length === 0 && mode === "check") problems.push(...jsrDryRunProblems());
  if (problems.length > 0) {
    for (const p of problems) console.error(`jsr: ${p}`);
    process.exit(1);
  }
  if (mode === "publish") {
    const { stage } = stageWorkspace();
    console.log(`publishing the staged workspace ${stage} to JSR`);
    run(bin("deno"), ["publish", ...process.argv.slice(3)], { cwd: stage });
  } else if (mode === "check") {
    console.log("jsr: metadata and deno publish --dry-run OK");
  } else {
    console.error(`usage: node scripts/release/jsr.mjs check|publish [deno publish flags]`);
    process.exit(2);
  }
}

// Checks that the documentation's TypeScript still compiles and runs, so the docs cannot rot.
//
// Every ```ts / ```typescript block of README.md, packages/*/README.md, apps/*/README.md,
// docs/**/*.md and packages/*/docs/*.md is written to .tmp/docs-check-PID/ (inside the
// workspace, so `@plainnet/core` and `@plainnet/datasets` resolve through its node_modules; the
// workspace packages' own dependencies, such as core's optional peer mathjs, are linked in),
// type-checked in one `tsc --noEmit` program with the repository's strict base config, then
// run with tsx (each block as its own module, working directory = the Markdown file's folder,
// with a timeout; blocks whose code is identical, such as the two tutorials', run once).
// Deno's `npm:` specifiers are read as the bare package names. Failures are printed as
// `file:line: ...`; the last line is `docs: N passed, N failed`, and the exit code is 1 if any
// block failed (2 for bad arguments).
//
//   node scripts/check-docs.mjs                      # every file (pnpm run check:docs)
//   node scripts/check-docs.mjs docs/tutorial.md     # only these files
//   options: --timeout=SECONDS (per block, default 120), --jobs=N (blocks run at once,
//            default 2), --keep (leave .tmp/docs-check-PID/ for inspection), --verbose (print
//            each passing block's output)
//
// A block that cannot run by nature (e.g. browser-only code) may be marked
// ```ts check=typecheck: it is then type-checked only. Keep such marks rare; the marked
// blocks are:
//   (none)
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { asModule, extractBlocks } from "./docs-blocks.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const workDir = join(root, ".tmp", `docs-check-${process.pid}`);

const options = { timeout: 120, jobs: 2, keep: false, verbose: false, files: [] };
for (const arg of process.argv.slice(2)) {
  const [name, value] = arg.split("=", 2);
  if (name === "--timeout" || name === "--jobs") {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
      console.error(`check-docs: ${name} must be a positive integer, got ${String(value)}`);
      process.exit(2);
    }
    options[name.slice(2)] = n;
  } else if (arg === "--keep") options.keep = true;
  else if (arg === "--verbose") options.verbose = true;
  else if (arg.startsWith("--")) {
    console.error(`check-docs: unknown option ${arg}`);
    process.exit(2);
  } else options.files.push(relative(root, resolve(arg)));
}

/** The Markdown files whose blocks are checked, relative to the root. */
function docFiles() {
  const list = (dir) => (existsSync(join(root, dir)) ? readdirSync(join(root, dir)) : []);
  const walk = (dir) =>
    list(dir).flatMap((name) => {
      const path = `${dir}/${name}`;
      if (name === "node_modules" || name.startsWith(".")) return [];
      return readdirSync(join(root, dir), { withFileTypes: true })
        .find((e) => e.name === name)
        ?.isDirectory()
        ? walk(path)
        : name.endsWith(".md")
          ? [path]
          : [];
    });
  const files = ["README.md"];
  for (const group of ["packages", "apps"]) {
    for (const pkg of list(group)) files.push(`${group}/${pkg}/README.md`);
  }
  files.push(...walk("docs"));
  for (const pkg of list("packages")) {
    files.push(...list(`packages/${pkg}/docs`).map((name) => `packages/${pkg}/docs/${name}`));
  }
  return files.filter((f) => f.endsWith(".md") && existsSync(join(root, f))).sort();
}

const files = options.files.length > 0 ? options.files : docFiles();
for (const f of files) {
  if (!existsSync(join(root, f))) {
    console.error(`check-docs: no such file ${f}`);
    process.exit(2);
  }
}

// 1. Extract the blocks and write each to its own module.
rmSync(workDir, { recursive: true, force: true });
mkdirSync(workDir, { recursive: true });
const blocks = files.flatMap((file) =>
  extractBlocks(readFileSync(join(root, file), "utf8"), file).map((b, i) => ({
    ...b,
    name: `${file.replace(/[^A-Za-z0-9]+/g, "_")}_${String(i + 1).padStart(2, "0")}_L${b.line}.ts`,
    errors: [],
  })),
);
const byName = new Map(blocks.map((b) => [b.name, b]));
linkPackageDependencies();
for (const b of blocks) writeFileSync(join(workDir, b.name), asModule(b.code));
writeFileSync(
  join(workDir, "tsconfig.json"),
  `${JSON.stringify({ extends: "../../tsconfig.base.json", include: ["*.ts"] }, null, 2)}\n`,
);

/**
 * Links every dependency of a workspace package that the root's node_modules lacks (e.g.
 * mathjs, core's optional peer) into the work folder's node_modules, so a block can import
 * what its package's docs tell users to install.
 */
function linkPackageDependencies() {
  const target = join(workDir, "node_modules");
  const link = (from, scope, name) => {
    const rel = scope === "" ? name : `${scope}/${name}`;
    if (existsSync(join(root, "node_modules", rel)) || existsSync(join(target, rel))) return;
    mkdirSync(join(target, scope), { recursive: true });
    symlinkSync(join(from, rel), join(target, rel), "dir");
  };
  for (const group of ["packages", "apps"]) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const pkg of readdirSync(groupDir)) {
      const from = join(groupDir, pkg, "node_modules");
      if (!existsSync(from)) continue;
      for (const name of readdirSync(from)) {
        if (name.startsWith(".")) continue;
        if (name.startsWith("@")) {
          for (const inner of readdirSync(join(from, name))) link(from, name, inner);
        } else link(from, "", name);
      }
    }
  }
}

// 2. Type-check them all in one program.
if (blocks.length > 0) {
  const tsc = spawnSync(
    join(root, "node_modules/.bin/tsc"),
    ["-p", join(workDir, "tsconfig.json"), "--pretty", "false"],
    { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const DIAGNOSTIC = /^(.*?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
  let last = null;
  const stray = [];
  for (const line of `${tsc.stdout ?? ""}${tsc.stderr ?? ""}`.split("\n")) {
    const m = DIAGNOSTIC.exec(line);
    if (m !== null) {
      const [, path, row, col, code, message] = m;
      const block = byName.get(path.split(/[\\/]/).pop() ?? "");
      if (block !== undefined && resolve(root, path).startsWith(workDir)) {
        last = { at: `${block.file}:${block.line + Number(row) - 1}:${col}`, code, message };
        block.errors.push(last);
      } else {
        last = null;
        stray.push(line);
      }
    } else if (line.startsWith(" ") && last !== null) {
      last.message += `\n    ${line.trim()}`;
    } else if (line.trim() !== "") {
      last = null;
      stray.push(line);
    }
  }
  if (tsc.status !== 0 && blocks.every((b) => b.errors.length === 0)) {
    // tsc failed without naming a block (a broken config, or an error in a package's source).
    console.error(`check-docs: tsc failed (exit ${tsc.status ?? tsc.signal}):`);
    console.error(stray.join("\n") || tsc.error?.message || "(no output)");
    if (!options.keep) rmSync(workDir, { recursive: true, force: true });
    process.exit(1);
  }
  for (const line of stray) console.error(line);
}

// 3. Run the blocks that type-checked and are not marked check=typecheck.
const tsxLoader = import.meta.resolve("tsx"); // the workspace's tsx, wherever the block runs
function runBlock(block) {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", tsxLoader, join(workDir, block.name)], {
      cwd: dirname(join(root, block.file)),
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group, so a timeout also ends whatever it started
    });
    let output = "";
    const collect = (chunk) => {
      output = (output + chunk).slice(-4000);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, options.timeout * 1000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        block.errors.push({
          at: `${block.file}:${block.line}`,
          code: "run",
          message: `did not finish within ${options.timeout} s`,
        });
      } else if (code !== 0) {
        block.errors.push({
          at: `${block.file}:${block.line}`,
          code: "run",
          message: `exited with ${code ?? signal}:\n${output
            .trimEnd()
            .split("\n")
            .slice(-15)
            .map((l) => `    ${l}`)
            .join("\n")}`,
        });
      } else if (options.verbose) {
        console.log(`ok ${block.file}:${block.line}\n${output.trimEnd().replace(/^/gm, "    ")}`);
      }
      done();
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      block.errors.push({ at: `${block.file}:${block.line}`, code: "run", message: error.message });
      done();
    });
  });
}

// Blocks with the same code (the English and Korean tutorials share theirs) run once.
const runnable = blocks.filter((b) => b.mode === "run" && b.errors.length === 0);
const sameCode = new Map();
for (const b of runnable) sameCode.set(b.code, [...(sameCode.get(b.code) ?? []), b]);
const queue = [...sameCode.values()].map((group) => group[0]);
await Promise.all(
  Array.from({ length: Math.min(options.jobs, queue.length) }, async () => {
    for (let b = queue.shift(); b !== undefined; b = queue.shift()) await runBlock(b);
  }),
);

for (const [first, ...copies] of sameCode.values()) {
  for (const b of copies) {
    b.errors.push(
      ...first.errors.map((e) => ({
        ...e,
        at: `${b.file}:${b.line}`,
        message: `${e.message} (as ${first.file}:${first.line})`,
      })),
    );
  }
}

// 4. Report.
let failed = 0;
for (const b of blocks) {
  if (b.errors.length === 0) continue;
  failed++;
  for (const e of b.errors)
    console.error(`${e.at}: ${e.code === "run" ? "run" : `error ${e.code}`}: ${e.message}`);
}
if (!options.keep) rmSync(workDir, { recursive: true, force: true });
const typecheckOnly = blocks.filter((b) => b.mode === "typecheck").length;
console.log(
  `docs: ${blocks.length - failed} passed, ${failed} failed` +
    (typecheckOnly > 0 ? ` (${typecheckOnly} type-checked only)` : ""),
);
process.exit(failed > 0 ? 1 : 0);

// `pnpm test:smoke`: the release smoke test. Packs the publishable packages with `pnpm pack` alone
// (each package's prepack builds it; dist/ is deleted first), installs the tarballs with npm into
// an empty temporary project (no workspace links, no registry), and runs two consumer programs
// under Node, Bun, Deno (npm: specifiers, resolved from the project's node_modules) and, bundled
// with esbuild, in headless Chromium:
// - scripts/smoke/app.mjs: make moons, train a tiny network, hash the trained parameters;
// - README.md's `Network` example (iris.csv -> readCSV -> Network -> fit -> evaluate ->
//   classificationReport -> toJSON), extracted from the README by scripts/smoke/readme-example.mjs.
// Fails unless every runtime ran both, all four produced the same hashes and results, and the
// README example reached a test accuracy of at least 0.9 with a reloaded model that predicts the
// same class names.
//
// `node scripts/smoke/run.mjs --keep` keeps the temporary folder (its path is printed).
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { bin, cleanEnv, packPackages, root, run } from "../release/packages.mjs";
import { CHROMIUM_ARGS, ensureChromium } from "./chromium.mjs";
import {
  extractReadmeExample,
  inMemoryFs,
  README_MARK,
  readmeExampleFiles,
  readmeExampleModule,
} from "./readme-example.mjs";

const here = new URL(".", import.meta.url);
const MARK = "PLAINNET_SMOKE ";
const RUN_TIMEOUT_MS = 60_000;
const started = Date.now();
const work = mkdtempSync(join(tmpdir(), "plainnet-smoke-"));
const project = join(work, "project");
const keep = process.argv.includes("--keep");

const timings = [];
async function timed(name, fn) {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    timings.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }
}

/** Parses the app's result line out of a runtime's output. */
function parseResult(text, runtime, mark = MARK) {
  const line = text.split("\n").find((l) => l.startsWith(mark));
  if (line === undefined)
    throw new Error(`${runtime}: no "${mark.trim()}" line in its output:\n${text.slice(-2000)}`);
  return JSON.parse(line.slice(mark.length));
}

function runApp(runtime, cmd, args, extraEnv = {}, mark = MARK) {
  const r = spawnSync(cmd, args, {
    cwd: project,
    env: cleanEnv(extraEnv),
    encoding: "utf8",
    timeout: RUN_TIMEOUT_MS,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (r.error) throw new Error(`${runtime}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(
      `${runtime}: exited with ${r.status ?? r.signal}\n${(r.stdout + r.stderr).slice(-3000)}`,
    );
  }
  return parseResult(r.stdout, runtime, mark);
}

async function runChromium(executablePath, { entry = "app.mjs", mark = MARK, plugins = [] } = {}) {
  const runtime = mark === MARK ? "chromium" : "readme chromium";
  const outfile = join(project, "dist", entry.replace(/\.mjs$/, ".js"));
  await build({
    entryPoints: [join(project, entry)],
    absWorkingDir: project,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outfile,
    logLevel: "warning",
    plugins,
  });
  const bundle = readFileSync(outfile, "utf8");
  if (/from\s*["']node:|require\(["']node:/.test(bundle))
    throw new Error(`${runtime}: the browser bundle imports node: modules`);
  const html =
    '<!doctype html><meta charset="utf-8"><title>plainnet smoke</title><script type="module" src="/app.js"></script>';
  const userDataDir = join(work, `chromium-profile-${entry}`);
  mkdirSync(userDataDir);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const result = new Promise((resolve) => {
      page.on("console", (m) => {
        if (m.text().startsWith(mark)) resolve(m.text());
      });
    });
    // Served from memory by Playwright's router (a *.localhost origin is a secure context, so
    // crypto.subtle is there); nothing goes to the network.
    await page.route("http://plainnet-smoke.localhost/**", (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === "/app.js")
        return route.fulfill({ contentType: "text/javascript", body: bundle });
      if (path === "/") return route.fulfill({ contentType: "text/html", body: html });
      return route.fulfill({ status: 404, body: "" });
    });
    // "commit": the module runs the whole training before the load event fires.
    await page.goto("http://plainnet-smoke.localhost/", { waitUntil: "commit" });
    const text = await Promise.race([
      result,
      new Promise((_, reject) =>
        setTimeout(
          () =>
            reject(
              new Error(
                `${runtime}: no result after 60 s; page errors: ${errors.join("; ") || "none"}`,
              ),
            ),
          60_000,
        ),
      ),
    ]);
    if (errors.length > 0) throw new Error(`${runtime}: page errors: ${errors.join("; ")}`);
    return { ...parseResult(text, runtime, mark), version: context.browser()?.version() };
  } finally {
    await context.close();
  }
}

/**
 * Packs the third-party runtime dependencies of the packed packages from the workspace's
 * installed copies (npm pack of node_modules/<name>, offline); returns [{ name, tarball }].
 */
function packThirdParty(packed, destination) {
  const names = new Set(packed.map((p) => p.name));
  const out = [];
  const seen = new Set();
  for (const pkg of packed) {
    for (const name of Object.keys(pkg.manifest.dependencies ?? {})) {
      if (names.has(name) || seen.has(name)) continue;
      seen.add(name);
      // The installed folder as an npm tarball (its files under package/): `npm pack` inside
      // pnpm's store does not work, and nothing has to be built or fetched.
      const dir = realpathSync(join(pkg.dir, "node_modules", name));
      const tarball = join(destination, `${name.replace("@", "").replace("/", "-")}.tgz`);
      run("tar", [
        "-czf",
        tarball,
        "--hard-dereference", // pnpm's store hard-links equal files; npm skips link entries
        "-C",
        dirname(dir),
        "--transform",
        `s,^${basename(dir)},package,`,
        basename(dir),
      ]);
      out.push({ name, tarball });
    }
  }
  return out;
}

const results = new Map();
const readmeResults = new Map();
const failures = [];
async function attempt(runtime, fn, into = results) {
  try {
    const r = await timed(into === results ? runtime : `readme ${runtime}`, fn);
    into.set(runtime, r);
  } catch (e) {
    failures.push(`${into === results ? "" : "readme "}${runtime}: ${e.message}`);
  }
}

let exitCode = 1;
try {
  const executablePath = await timed("chromium check/install", () => ensureChromium());
  // `pnpm pack` alone, from deleted dist/ folders: each package's prepack must build it.
  const packed = await timed("pnpm pack (prepack builds)", () => {
    mkdirSync(join(work, "packs"));
    return packPackages(join(work, "packs"), { clean: true });
  });

  mkdirSync(project);
  writeFileSync(
    join(project, "package.json"),
    `${JSON.stringify({ name: "plainnet-smoke-consumer", private: true, type: "module" }, null, 2)}\n`,
  );
  // Third-party runtime dependencies of the packed packages (@plainnet/onnx's
  // @bufbuild/protobuf) are packed from the workspace's installed copies: no registry.
  const thirdParty = await timed("pack third-party dependencies", () =>
    packThirdParty(packed, join(work, "packs")),
  );
  await timed("npm install (tarballs, offline)", () =>
    run(
      "npm",
      [
        "install",
        "--offline",
        "--no-audit",
        "--no-fund",
        "--no-update-notifier",
        ...packed.map((p) => p.tarball),
        ...thirdParty.map((p) => p.tarball),
      ],
      {
        cwd: project,
        env: cleanEnv({ npm_config_cache: join(work, "npm-cache") }),
        capture: "all",
      },
    ),
  );

  // What npm installed: exactly the packed packages and their third-party dependencies, one copy
  // of core, core without dependencies.
  const installed = readdirSync(join(project, "node_modules")).filter((d) => !d.startsWith("."));
  const allowed = new Set(["@plainnet", ...thirdParty.map((p) => p.name.split("/")[0])]);
  if (!installed.includes("@plainnet") || installed.some((d) => !allowed.has(d)))
    failures.push(
      `install: expected only @plainnet/* and ${[...allowed].slice(1).join(", ")}, found ${installed.join(", ")}`,
    );
  for (const pkg of packed) {
    const manifest = JSON.parse(
      readFileSync(join(project, "node_modules", pkg.name, "package.json"), "utf8"),
    );
    if (manifest.version !== pkg.version)
      failures.push(`install: ${pkg.name} is ${manifest.version}, packed ${pkg.version}`);
    if (existsSync(join(project, "node_modules", pkg.name, "node_modules"))) {
      failures.push(
        `install: ${pkg.name} got its own nested node_modules (a second copy of a dependency)`,
      );
    }
    if (pkg.name === "@plainnet/core" && Object.keys(manifest.dependencies ?? {}).length > 0) {
      failures.push(
        `install: @plainnet/core has runtime dependencies: ${Object.keys(manifest.dependencies).join(", ")}`,
      );
    }
  }

  const app = readFileSync(new URL("app.mjs", here), "utf8");
  writeFileSync(join(project, "app.mjs"), app);
  const denoApp = app.replaceAll('from "@plainnet/', 'from "npm:@plainnet/');
  if (denoApp.split('from "npm:@plainnet/').length - 1 !== 4)
    throw new Error("app.mjs: expected four @plainnet imports");
  writeFileSync(join(project, "app-deno.mjs"), denoApp);

  // README.md's `Network` example, verbatim, and the files it reads.
  const readmeCode = extractReadmeExample();
  const readmeFiles = {};
  for (const file of readmeExampleFiles(readmeCode)) {
    readmeFiles[file] = readFileSync(join(root, file), "utf8");
    mkdirSync(join(project, file, ".."), { recursive: true });
    writeFileSync(join(project, file), readmeFiles[file]);
  }
  const readmeModule = readmeExampleModule(readmeCode);
  writeFileSync(join(project, "readme-example.mjs"), readmeModule);
  writeFileSync(
    join(project, "readme-example-deno.mjs"),
    readmeModule.replaceAll('from "@plainnet/', 'from "npm:@plainnet/'),
  );

  // The published types, as a strict TypeScript consumer (NodeNext, no skipLibCheck) sees them.
  writeFileSync(
    join(project, "types.ts"),
    [
      'import { type Matrix, type TrainResult, train } from "@plainnet/core";',
      'import { makeMoons, toColumns } from "@plainnet/datasets";',
      "const { X, Y }: { X: Matrix; Y: Matrix } = toColumns(makeMoons({ nSamples: 10, noise: 0.1, randomState: 0 }));",
      'const result: TrainResult = train(X, Y, [{ inputDim: 2, outputDim: 1, activation: "sigmoid" }], { epochs: 1, learningRate: 0.1 });',
      "export const cost: number | undefined = result.costHistory[0];",
      'import { Network } from "@plainnet/core";',
      'import { fromONNX, toONNX, type ImportedModel, readONNX } from "@plainnet/onnx";',
      'import { type TfjsArtifacts, toTfjsArtifacts } from "@plainnet/tfjs";',
      "const net = new Network([2, 3, 1]);",
      'export const copy: Network = fromONNX(toONNX(net, { dtype: "float32" }));',
      "export const model: ImportedModel = readONNX(toONNX(net));",
      "export const artifacts: TfjsArtifacts = toTfjsArtifacts(net);",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(project, "tsconfig.json"),
    `${JSON.stringify(
      {
        // A browser consumer: no @types/node, so the published types must not need Node's.
        compilerOptions: {
          target: "ES2022",
          lib: ["ES2022", "DOM"],
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ["types.ts"],
      },
      null,
      2,
    )}\n`,
  );
  await timed("tsc (consumer types)", () => {
    try {
      run(bin("tsc"), ["-p", "tsconfig.json"], { cwd: project, env: cleanEnv(), capture: "all" });
    } catch (e) {
      failures.push(`types: ${e.message}`);
    }
  });

  await attempt("node", () => runApp("node", process.execPath, ["app.mjs"]));
  await attempt("bun", () => runApp("bun", bin("bun"), ["app.mjs"]));
  await attempt("deno", () =>
    runApp(
      "deno",
      bin("deno"),
      ["run", "--quiet", "--no-prompt", "--cached-only", "--no-remote", "app-deno.mjs"],
      {
        DENO_DIR: join(work, "deno-dir"),
        DENO_NO_UPDATE_CHECK: "1",
      },
    ),
  );
  await attempt("chromium", () => runChromium(executablePath));

  const denoEnv = { DENO_DIR: join(work, "deno-dir"), DENO_NO_UPDATE_CHECK: "1" };
  await attempt(
    "node",
    () => runApp("readme node", process.execPath, ["readme-example.mjs"], {}, README_MARK),
    readmeResults,
  );
  await attempt(
    "bun",
    () => runApp("readme bun", bin("bun"), ["readme-example.mjs"], {}, README_MARK),
    readmeResults,
  );
  await attempt(
    "deno",
    () =>
      runApp(
        "readme deno",
        bin("deno"),
        [
          "run",
          "--quiet",
          "--no-prompt",
          "--cached-only",
          "--no-remote",
          `--allow-read=${Object.keys(readmeFiles).join(",") || "."}`,
          "readme-example-deno.mjs",
        ],
        denoEnv,
        README_MARK,
      ),
    readmeResults,
  );
  await attempt(
    "chromium",
    () =>
      runChromium(executablePath, {
        entry: "readme-example.mjs",
        mark: README_MARK,
        plugins: [inMemoryFs(readmeFiles)],
      }),
    readmeResults,
  );

  // Report, then compare every runtime with Node.
  console.log(`smoke: project ${project}`);
  for (const [runtime, r] of results) {
    console.log(
      `  ${runtime.padEnd(8)} params ${r.paramsHash}  data ${r.datasetHash.slice(0, 16)}  cost ${r.costHash.slice(0, 16)}` +
        `  onnx ${r.onnxHash?.slice(0, 16)}  tfjs ${r.tfjsHash?.slice(0, 16)}` +
        `  final cost ${r.finalCost}  accuracy ${r.finalAccuracy}  engine ${r.engine}` +
        `${r.parallelHash ? `  ${r.parallelEngine} ${r.parallelHash.slice(0, 16)}` : ""}` +
        `${r.version ? `  (Chromium ${r.version})` : ""}`,
    );
  }
  const reference = results.get("node");
  if (reference !== undefined) {
    if (!(reference.finalAccuracy >= 0.8))
      failures.push(`node: trained accuracy ${reference.finalAccuracy} < 0.8`);
    if (typeof reference.parallelHash !== "string")
      failures.push("node: trainParallel did not run");
    for (const [runtime, r] of results) {
      if (r.onnxRoundTripSame !== true)
        failures.push(`${runtime}: fromONNX(toONNX(net)) did not give the same parameters`);
    }
    for (const [runtime, r] of results) {
      if (runtime === "node") continue;
      for (const key of [
        "datasetHash",
        "paramsHash",
        "costHash",
        "onnxHash",
        "onnxRoundTripHash",
        "tfjsHash",
      ]) {
        if (r[key] !== reference[key])
          failures.push(`${runtime}: ${key} ${r[key]} differs from node's ${reference[key]}`);
      }
      // Two-thread training from the packed package: the same bits under Node, Bun and Deno.
      if (runtime !== "chromium" && r.parallelHash !== reference.parallelHash)
        failures.push(
          `${runtime}: trainParallel hash ${r.parallelHash} differs from node's ${reference.parallelHash}`,
        );
    }
  }
  for (const [runtime, r] of readmeResults) {
    console.log(
      `  readme ${runtime.padEnd(8)} accuracy ${r.accuracy}  classes ${r.classes?.join(",")}  saved ${r.savedHash?.slice(0, 16)}`,
    );
  }
  const readmeReference = readmeResults.get("node");
  for (const [runtime, r] of readmeResults) {
    if (!(r.accuracy >= 0.9)) failures.push(`readme ${runtime}: test accuracy ${r.accuracy} < 0.9`);
    if (r.reloadedSame !== true)
      failures.push(`readme ${runtime}: Network.fromJSON(saved) predicts differently`);
    if (!Array.isArray(r.predicted) || !r.predicted.every((p) => r.classes?.includes(p)))
      failures.push(`readme ${runtime}: predictions are not the class names ${r.classes}`);
    if (readmeReference === undefined || runtime === "node") continue;
    for (const key of ["accuracy", "classes", "predicted", "savedHash"]) {
      if (JSON.stringify(r[key]) !== JSON.stringify(readmeReference[key]))
        failures.push(`readme ${runtime}: ${key} differs from node's`);
    }
  }
  for (const runtime of ["node", "bun", "deno", "chromium"]) {
    if (!results.has(runtime) && !failures.some((f) => f.startsWith(`${runtime}:`)))
      failures.push(`${runtime}: did not run`);
    if (!readmeResults.has(runtime) && !failures.some((f) => f.startsWith(`readme ${runtime}:`)))
      failures.push(`readme ${runtime}: did not run`);
  }
  exitCode = failures.length > 0 ? 1 : 0;
} catch (e) {
  failures.push(e.message);
} finally {
  console.log(`smoke: ${timings.join(", ")}; total ${((Date.now() - started) / 1000).toFixed(1)}s`);
  for (const f of failures) console.error(`smoke FAIL ${f}`);
  const runtimes = ["node", "bun", "deno", "chromium"];
  const bad = runtimes.filter(
    (r) =>
      !results.has(r) ||
      !readmeResults.has(r) ||
      failures.some((f) => f.startsWith(`${r}:`) || f.startsWith(`readme ${r}:`)),
  );
  console.log(`smoke: ${runtimes.length - bad.length} passed, ${bad.length} failed`);
  if (keep || exitCode !== 0) console.log(`smoke: kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(failures.length > 0 ? 1 : exitCode);

// The README's `Network` example, as the release smoke test runs it: the ```ts block that
// follows the marker comment in README.md, extracted verbatim (so the smoke test and the README
// cannot drift apart), its types stripped by esbuild, and a few lines appended that print one
// result line (test accuracy, the reloaded model's predictions, a hash of the saved model) for
// comparing runtimes. The files it reads (fixtures/iris.csv) are copied into the project, and
// for the browser bundle `node:fs` becomes a module that serves those files from memory.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { transformSync } from "esbuild";
import { root } from "../release/packages.mjs";

/** The comment in README.md that marks the block the smoke test runs. */
export const README_MARKER =
  "<!-- release smoke test: scripts/smoke runs this block from the packed packages -->";

/** Prefix of the result line the example prints. */
export const README_MARK = "PLAINNET_README ";

/** Module specifiers the example may import (what a user of the two packages has). */
const ALLOWED_IMPORTS = new Set(["node:fs", "@plainnet/core", "@plainnet/datasets"]);

/** Names the appended result lines use; the README block must define them. */
const NEEDED = ["Network", "net", "XTest", "yTest", "saved"];

/** Returns the README block's TypeScript source; throws naming what is wrong. */
export function extractReadmeExample(readme = readFileSync(join(root, "README.md"), "utf8")) {
  const at = readme.indexOf(README_MARKER);
  if (at < 0) throw new Error(`README.md: no "${README_MARKER}" line`);
  const rest = readme.slice(at + README_MARKER.length);
  const block = /^\s*```ts\n([\s\S]*?)\n```/.exec(rest);
  if (block === null)
    throw new Error("README.md: no ```ts block right after the smoke-test marker");
  const code = block[1];
  for (const [, specifier] of code.matchAll(/from\s+"([^"]+)"/g)) {
    if (!ALLOWED_IMPORTS.has(specifier))
      throw new Error(
        `README.md example: imports "${specifier}" (allowed: ${[...ALLOWED_IMPORTS].join(", ")})`,
      );
  }
  for (const name of NEEDED) {
    if (!new RegExp(`\\b${name}\\b`).test(code))
      throw new Error(`README.md example: no "${name}" (the smoke test's result line uses it)`);
  }
  return code;
}

/** The files the example reads, relative to the project (copied there from the repository). */
export function readmeExampleFiles(code) {
  return [...code.matchAll(/readFileSync\("([^"]+)"/g)].map((m) => m[1]);
}

/** The example as an ES module for every runtime: types stripped, the result line appended. */
export function readmeExampleModule(code) {
  const js = transformSync(code, { loader: "ts", format: "esm", target: "es2022" }).code;
  return `${js}
// Appended by scripts/smoke/readme-example.mjs: one result line to compare runtimes.
{
  const copy = Network.fromJSON(saved);
  const predicted = copy.predict(XTest);
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(saved));
  const result = {
    accuracy: net.evaluate(XTest, yTest).accuracy,
    classes: net.classes,
    predicted,
    reloadedSame: JSON.stringify(predicted) === JSON.stringify(net.predict(XTest)),
    savedHash: Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join(""),
  };
  console.log(${JSON.stringify(README_MARK)} + JSON.stringify(result));
}
`;
}

/**
 * An esbuild plugin for the browser bundle: `node:fs` becomes a module whose `readFileSync`
 * returns the given files' text (path -> text), and throws for any other path.
 */
export function inMemoryFs(files) {
  return {
    name: "plainnet-smoke-in-memory-fs",
    setup(b) {
      b.onResolve({ filter: /^node:fs$/ }, () => ({ path: "node:fs", namespace: "smoke-fs" }));
      b.onLoad({ filter: /.*/, namespace: "smoke-fs" }, () => ({
        loader: "js",
        contents: `const files = ${JSON.stringify(files)};
export function readFileSync(path) {
  if (!Object.hasOwn(files, path)) throw new Error("readFileSync: " + path + " is not in the smoke bundle");
  return files[path];
}
`,
      }));
    },
  };
}

// Checks on a packed tarball's package.json and file list (what npm users install).
import { metadataProblems } from "./metadata.mjs";

const ALWAYS = new Set(["package.json", "README.md", "CHANGELOG.md", "LICENSE"]);

/** Returns a list of problems of one packed package ({ name, files }) and its manifest. */
export function checkTarballManifest(pkg, manifest) {
  const problems = [];
  const files = new Set(pkg.files);
  for (const f of files) {
    if (!ALWAYS.has(f) && !f.startsWith("dist/"))
      problems.push(`unexpected file in the tarball: ${f}`);
    if (f.startsWith("dist/") && !/\.(js|d\.ts)$/.test(f))
      problems.push(`unexpected dist file: ${f}`);
  }
  if (!files.has("README.md")) problems.push("README.md is missing");
  if (manifest.type !== "module")
    problems.push(`type must be "module", got ${JSON.stringify(manifest.type)}`);
  if (manifest.sideEffects !== false) problems.push("sideEffects must be false");
  if (typeof manifest.license !== "string" || manifest.license === "")
    problems.push("license is missing");
  if (typeof manifest.engines?.node !== "string") problems.push("engines.node is missing");
  // repository (with the package's folder), homepage, bugs and a prepack that builds.
  if (pkg.dir !== undefined) {
    const folder = pkg.dir.split("/").pop();
    problems.push(...metadataProblems(manifest, folder, pkg.manifest?.scripts));
  }

  const exportsField = manifest.exports ?? {};
  if (Object.keys(exportsField).length === 0) problems.push("exports is missing");
  // publishConfig.exports replaces the workspace's exports: both must list the same subpaths.
  const keys = (o) =>
    Object.keys(o ?? {})
      .sort()
      .join(", ");
  if (pkg.manifest !== undefined && keys(pkg.manifest.exports) !== keys(exportsField)) {
    problems.push(
      `packed exports [${keys(exportsField)}] differ from the workspace's [${keys(pkg.manifest.exports)}] (update publishConfig.exports)`,
    );
  }
  for (const [key, target] of Object.entries(exportsField)) {
    if (typeof target !== "object" || target === null) {
      problems.push(`exports["${key}"] must be { types, default }, got ${JSON.stringify(target)}`);
      continue;
    }
    const { types, default: js } = target;
    if (typeof types !== "string" || !types.startsWith("./dist/") || !types.endsWith(".d.ts")) {
      problems.push(
        `exports["${key}"].types must be a ./dist/*.d.ts file, got ${JSON.stringify(types)}`,
      );
    } else if (!files.has(types.slice(2))) {
      problems.push(`exports["${key}"].types -> ${types} is not in the tarball`);
    }
    if (typeof js !== "string" || !js.startsWith("./dist/") || !js.endsWith(".js")) {
      problems.push(
        `exports["${key}"].default must be a ./dist/*.js file, got ${JSON.stringify(js)}`,
      );
    } else if (!files.has(js.slice(2))) {
      problems.push(`exports["${key}"].default -> ${js} is not in the tarball`);
    }
  }

  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (/^(workspace|link|file|catalog):/.test(range))
        problems.push(`${field}.${name} is "${range}"`);
    }
  }
  if (pkg.name === "@plainnet/core" && Object.keys(manifest.dependencies ?? {}).length > 0) {
    problems.push(
      `core must have zero runtime dependencies, has ${Object.keys(manifest.dependencies).join(", ")}`,
    );
  }
  for (const name of Object.keys(manifest.peerDependencies ?? {})) {
    if (manifest.peerDependenciesMeta?.[name]?.optional !== true) {
      problems.push(`peer dependency ${name} must be optional (peerDependenciesMeta)`);
    }
  }
  return problems;
}

// Part of `pnpm version-packages`: after `changeset version` has bumped the package.json
// versions, copies each one into the package's jsr.json (only the "version" line changes).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { publishablePackages } from "./packages.mjs";

for (const pkg of publishablePackages()) {
  const file = join(pkg.dir, "jsr.json");
  if (!existsSync(file)) continue;
  const text = readFileSync(file, "utf8");
  const current = JSON.parse(text).version;
  if (current === pkg.version) continue;
  const next = text.replace(/("version"\s*:\s*)"[^"]*"/, `$1"${pkg.version}"`);
  if (JSON.parse(next).version !== pkg.version) {
    throw new Error(`sync-jsr-versions: could not set the version in ${file}`);
  }
  writeFileSync(file, next);
  console.log(`${pkg.name}: jsr.json ${current} -> ${pkg.version}`);
}

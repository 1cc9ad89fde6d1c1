// The --out folder, checked before a run of minutes rather than after it.
import { mkdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return false;
    throw error;
  }
}

/**
 * Creates `dir` (and its missing parents, one level at a time: a recursive `mkdirSync` into a
 * pseudo filesystem such as /proc never returns under Node) and writes and removes a probe
 * file. Returns the absolute path; throws a RangeError naming `--out`, the folder and the
 * system's reason when the folder cannot be created or written.
 *
 * @example
 * ```ts
 * const out = prepareOutDir("apps/bench/out");
 * ```
 */
export function prepareOutDir(dir: string): string {
  const abs = resolve(dir);
  try {
    const missing: string[] = [];
    let path = abs;
    while (!exists(path) && missing.length < 256) {
      missing.push(path);
      const parent = dirname(path);
      if (parent === path) break;
      path = parent;
    }
    for (let k = missing.length - 1; k >= 0; k--) mkdirSync(missing[k] as string);
  } catch (error) {
    throw new RangeError(`bench: --out ${dir}: cannot create that folder (${reason(error)})`);
  }
  const probe = join(abs, `.bench-probe-${process.pid}.tmp`);
  try {
    writeFileSync(probe, "");
    unlinkSync(probe);
  } catch (error) {
    throw new RangeError(`bench: --out ${dir}: cannot write into that folder (${reason(error)})`);
  }
  return abs;
}

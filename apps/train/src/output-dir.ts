// The --out folder: checked before training, written atomically after it.
import type { OutputFs } from "./runtime.ts";
import { UsageError } from "./usage.ts";

/** One file of a run's output, by its name inside the `--out` folder (`frames/` allowed). */
export interface OutputFile {
  readonly name: string;
  readonly text: string;
}

/**
 * The files a run writes at the top of the `--out` folder, in the order they are moved into
 * place: `model.json` last (and removed first), so that a folder holding `model.json` holds
 * one complete run.
 *
 * @example
 * ```ts
 * OUTPUT_NAMES.at(-1); // "model.json"
 * ```
 */
export const OUTPUT_NAMES: readonly string[] = Object.freeze([
  "training.svg",
  "history.svg",
  "boundary.svg",
  "model.json",
]);

const FRAMES = "frames";
const FRAME_NAME = /^frame-\d{3,}\.svg$/;

/**
 * A path inside a folder, with `/` (a trailing separator of `dir` dropped; `/` stays `/`).
 *
 * @example
 * ```ts
 * joinPath("out/", "model.json"); // "out/model.json"
 * ```
 */
export function joinPath(dir: string, name: string): string {
  if (/^[/\\]+$/.test(dir)) return `/${name}`;
  return `${dir.replace(/[/\\]+$/, "") || "."}/${name}`;
}

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

function tag(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Makes sure the run can write its files into `dir` before it trains: creates the folder (and
 * its missing parents) and writes and removes a probe file. Throws a {@link UsageError} naming
 * `--out`, the folder and the system's reason when it cannot.
 *
 * @example
 * ```ts
 * prepareOutputDir(nodeFs, "out"); // throws a UsageError for "/proc/nope"
 * ```
 */
export function prepareOutputDir(fs: OutputFs, dir: string): void {
  if (dir.trim() === "")
    throw new UsageError(`--out needs a folder name, got ${JSON.stringify(dir)}`);
  try {
    fs.makeDirs(dir);
  } catch (error) {
    throw new UsageError(`--out ${dir}: cannot create that folder (${reason(error)})`);
  }
  const probe = joinPath(dir, `.train-probe-${tag()}.tmp`);
  try {
    fs.writeTextFile(probe, "");
  } catch (error) {
    throw new UsageError(`--out ${dir}: cannot write into that folder (${reason(error)})`);
  }
  try {
    fs.remove(probe);
  } catch (error) {
    throw new UsageError(`--out ${dir}: cannot remove a file from that folder (${reason(error)})`);
  }
}

/** Tries to remove the staging folder of a failed write; never throws. */
function discard(fs: OutputFs, stage: string): void {
  try {
    for (const name of fs.list(joinPath(stage, FRAMES)))
      fs.remove(joinPath(stage, `${FRAMES}/${name}`));
    fs.remove(joinPath(stage, FRAMES));
    for (const name of fs.list(stage)) fs.remove(joinPath(stage, name));
    fs.remove(stage);
  } catch {
    // Left for the user: a hidden .train-*.tmp folder.
  }
}

/**
 * Writes a run's files into `dir` so that the folder never mixes two runs:
 * 1. every file is written into a hidden staging folder `dir/.train-XXXXXXXXXXXX.tmp/`
 *    (a failure there removes it and leaves the earlier run's files untouched);
 * 2. the earlier run's files are removed: `model.json` first, then the other
 *    {@link OUTPUT_NAMES} and every `frames/frame-NNN.svg` (other files are left alone);
 * 3. the new files are renamed into place, frames first and `model.json` last.
 *
 * A failed operation removes the staging folder and rethrows; an interrupt (or a failure at
 * that point) leaves some files of one run (complete when `model.json` is there), and after an
 * interrupt possibly the staging folder. Returns the written paths in the order of `files`.
 *
 * @example
 * ```ts
 * writeOutputFiles(nodeFs, "out", [{ name: "model.json", text: "{}\n" }]); // ["out/model.json"]
 * ```
 */
export function writeOutputFiles(
  fs: OutputFs,
  dir: string,
  files: readonly OutputFile[],
): string[] {
  for (const f of files) {
    const top = OUTPUT_NAMES.includes(f.name);
    const frame =
      f.name.startsWith(`${FRAMES}/`) && FRAME_NAME.test(f.name.slice(FRAMES.length + 1));
    if (!top && !frame) {
      throw new RangeError(
        `writeOutputFiles: ${JSON.stringify(f.name)} is not an output name (${OUTPUT_NAMES.join(", ")} or frames/frame-NNN.svg)`,
      );
    }
  }
  const stage = joinPath(dir, `.train-${tag()}.tmp`);
  const hasFrames = files.some((f) => f.name.startsWith(`${FRAMES}/`));
  try {
    fs.makeDirs(hasFrames ? joinPath(stage, FRAMES) : stage);
    for (const f of files) fs.writeTextFile(joinPath(stage, f.name), f.text);
    // The earlier run's files, model.json first.
    for (const name of [...OUTPUT_NAMES].reverse()) fs.remove(joinPath(dir, name));
    const framesDir = joinPath(dir, FRAMES);
    for (const name of fs.list(framesDir)) {
      if (FRAME_NAME.test(name)) fs.remove(joinPath(framesDir, name));
    }
    if (!hasFrames && fs.list(framesDir).length === 0) fs.remove(framesDir);
    // The new ones, model.json last.
    const order = (name: string): number =>
      name.startsWith(`${FRAMES}/`) ? -1 : OUTPUT_NAMES.indexOf(name);
    const moves = [...files].sort((a, b) => order(a.name) - order(b.name));
    if (hasFrames) fs.makeDirs(framesDir);
    for (const f of moves) fs.rename(joinPath(stage, f.name), joinPath(dir, f.name));
    if (hasFrames) fs.remove(joinPath(stage, FRAMES));
    fs.remove(stage);
  } catch (error) {
    discard(fs, stage);
    throw error;
  }
  return files.map((f) => joinPath(dir, f.name));
}

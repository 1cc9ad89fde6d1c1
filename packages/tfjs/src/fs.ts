// @plainnet/tfjs/fs: writes a TensorFlow.js model folder (Node, Bun, Deno).
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type ExportableNetwork, type TfjsOptions, toTfjsModelFiles } from "./artifacts.ts";

/**
 * Writes `model.json` and `weights.bin` into `dir` (created if missing) for
 * `tf.loadLayersModel("file://<dir>/model.json")` (tfjs-node) or a web server; returns the
 * path of `model.json`. Node, Bun and Deno (`--allow-write`).
 *
 * @example
 * ```ts
 * import { writeTfjsModel } from "@plainnet/tfjs/fs";
 * await writeTfjsModel(net, "./model"); // "model/model.json"
 * ```
 */
export async function writeTfjsModel(
  net: ExportableNetwork,
  dir: string,
  options: TfjsOptions = {},
): Promise<string> {
  if (typeof dir !== "string" || dir.length === 0) {
    throw new TypeError(`writeTfjsModel: dir must be a non-empty path, got ${String(dir)}`);
  }
  const files = toTfjsModelFiles(net, options);
  await mkdir(dir, { recursive: true });
  const modelPath = join(dir, "model.json");
  await writeFile(join(dir, files.weightsPath), files.weights);
  await writeFile(modelPath, files.modelJson);
  return modelPath;
}

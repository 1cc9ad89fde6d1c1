// Scratch helper (A/B of engine kernel variants): assembles engineWat() of a generator file into
// .wasm files. `node scripts/ab-engine-asm.mjs <gen-engine-wat.mjs path> <out prefix> [json opts]`
// writes <prefix>-f64.wasm, -f32.wasm, -f64-fma.wasm, -f32-fma.wasm.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import wabtInit from "wabt";

const [gen, prefix, optsJson] = process.argv.slice(2);
const { engineWat } = await import(pathToFileURL(resolve(gen)).href);
const opts = optsJson ? JSON.parse(optsJson) : {};
const wabt = await wabtInit();
for (const [T, fma] of [
  ["f64", false],
  ["f32", false],
  ["f64", true],
  ["f32", true],
]) {
  const text = engineWat(T, opts.rows ?? 2, opts.vecs ?? 4, fma, opts);
  const mod = wabt.parseWat(`${T}.wat`, text, { simd: true, relaxed_simd: true });
  const { buffer } = mod.toBinary({ log: false, write_debug_names: false });
  writeFileSync(`${prefix}-${T}${fma ? "-fma" : ""}.wasm`, buffer);
}
console.log(`wrote ${prefix}-*.wasm`);

// Regenerates plainnet's embedded WebAssembly modules from their WAT sources:
//   packages/core/src/backends/wasm/kernels.wat  -> kernels.generated.ts   (wasm backend)
//   packages/core/src/engine/wasm/engine-f64.wat -> engine-f64.generated.ts (fused engine)
//   packages/core/src/engine/wasm/engine-f32.wat -> engine-f32.generated.ts
//   engine-f64-fma.wat, engine-f32-fma.wat (relaxed-SIMD fused multiply-add variants, opt-in)
//   engine-f64-3x3.wat, engine-f64-fma-3x3.wat (float64 with 3 x 3 register blocking, picked
//   per runtime)
//   packages/core/src/engine/wasm/output-f64.wat -> output-f64.generated.ts (output layer and
//   output-f32.wat, cost-f64.wat                 cost, sharing the engine instance's memory)
//   packages/core/src/engine/wasm/grad-f32.wat -> grad-f32.generated.ts (float32 gradients, and
//   grad-f32-fma.wat                              its multiply-add variant, on the same memory)
//   packages/core/src/engine/wasm/float32-output.wat -> float32-output.generated.ts (float32
//   sigmoid and cross-entropy terms in float32 arithmetic, on the same memory)
// The engine's .wat files are themselves written from scripts/gen-engine-wat.mjs,
// scripts/gen-output-wat.mjs, scripts/gen-grad-wat.mjs and scripts/gen-float32-output-wat.mjs
// (here, first).
// `node scripts/build-wasm.mjs` writes them; `--check` only verifies the committed files are
// current. Each WAT is assembled with the pinned `wabt` devDependency, SIMD on, no debug names,
// so the bytes depend only on the source. packages/core/test/wasm-kernels.test.ts repeats the
// check.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import wabtInit from "wabt";
import { engineWat, F64_ALT } from "./gen-engine-wat.mjs";
import { float32OutputWat } from "./gen-float32-output-wat.mjs";
import { gradWat } from "./gen-grad-wat.mjs";
import { outputWat } from "./gen-output-wat.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const core = join(root, "packages/core/src");

/** [wat path, generated .ts path, exported constant name] */
const modules = [
  ["backends/wasm/kernels.wat", "backends/wasm/kernels.generated.ts", "kernelsBase64"],
  ["engine/wasm/engine-f64.wat", "engine/wasm/engine-f64.generated.ts", "engineF64Base64"],
  ["engine/wasm/engine-f32.wat", "engine/wasm/engine-f32.generated.ts", "engineF32Base64"],
  [
    "engine/wasm/engine-f64-fma.wat",
    "engine/wasm/engine-f64-fma.generated.ts",
    "engineF64FmaBase64",
  ],
  [
    "engine/wasm/engine-f64-3x3.wat",
    "engine/wasm/engine-f64-3x3.generated.ts",
    "engineF64Blocked3x3Base64",
  ],
  [
    "engine/wasm/engine-f64-fma-3x3.wat",
    "engine/wasm/engine-f64-fma-3x3.generated.ts",
    "engineF64FmaBlocked3x3Base64",
  ],
  [
    "engine/wasm/engine-f32-fma.wat",
    "engine/wasm/engine-f32-fma.generated.ts",
    "engineF32FmaBase64",
  ],
  ["engine/wasm/output-f64.wat", "engine/wasm/output-f64.generated.ts", "outputF64Base64"],
  ["engine/wasm/output-f32.wat", "engine/wasm/output-f32.generated.ts", "outputF32Base64"],
  ["engine/wasm/cost-f64.wat", "engine/wasm/cost-f64.generated.ts", "costF64Base64"],
  ["engine/wasm/grad-f32.wat", "engine/wasm/grad-f32.generated.ts", "gradF32Base64"],
  ["engine/wasm/grad-f32-fma.wat", "engine/wasm/grad-f32-fma.generated.ts", "gradF32FmaBase64"],
  [
    "engine/wasm/float32-output.wat",
    "engine/wasm/float32-output.generated.ts",
    "float32OutputBase64",
  ],
];

const check = process.argv.includes("--check");
const wabt = await wabtInit();
let stale = 0;

for (const T of ["f64", "f32"]) {
  for (const fma of [false, true]) {
    const name = `engine-${T}${fma ? "-fma" : ""}.wat`;
    const path = join(core, `engine/wasm/${name}`);
    const text = engineWat(T, undefined, undefined, fma);
    if (check) {
      if (readFileSync(path, "utf8") !== text) {
        console.error(`${name} is out of date: run node scripts/build-wasm.mjs`);
        stale++;
      }
    } else writeFileSync(path, text);
  }
}

// The float64 kernels' second register blocking (wasm-kernels.ts picks one per runtime).
for (const fma of [false, true]) {
  const name = `engine-f64${fma ? "-fma" : ""}-${F64_ALT.rows}x${F64_ALT.vecs}.wat`;
  const path = join(core, `engine/wasm/${name}`);
  const text = engineWat("f64", F64_ALT.rows, F64_ALT.vecs, fma);
  if (check) {
    if (readFileSync(path, "utf8") !== text) {
      console.error(`${name} is out of date: run node scripts/build-wasm.mjs`);
      stale++;
    }
  } else writeFileSync(path, text);
}

{
  const path = join(core, "engine/wasm/float32-output.wat");
  const text = float32OutputWat();
  if (check) {
    if (readFileSync(path, "utf8") !== text) {
      console.error("float32-output.wat is out of date: run node scripts/build-wasm.mjs");
      stale++;
    }
  } else writeFileSync(path, text);
}

for (const fma of [false, true]) {
  const name = `grad-f32${fma ? "-fma" : ""}.wat`;
  const path = join(core, `engine/wasm/${name}`);
  const text = gradWat(fma);
  if (check) {
    if (readFileSync(path, "utf8") !== text) {
      console.error(`${name} is out of date: run node scripts/build-wasm.mjs`);
      stale++;
    }
  } else writeFileSync(path, text);
}

for (const [T, part] of [
  ["f64", "output"],
  ["f32", "output"],
  ["f64", "cost"],
]) {
  const name = `${part}-${T}.wat`;
  const path = join(core, `engine/wasm/${name}`);
  const text = outputWat(T, part);
  if (check) {
    if (readFileSync(path, "utf8") !== text) {
      console.error(`${name} is out of date: run node scripts/build-wasm.mjs`);
      stale++;
    }
  } else writeFileSync(path, text);
}

for (const [wat, out, name] of modules) {
  const file = wat.split("/").pop();
  const mod = wabt.parseWat(file, readFileSync(join(core, wat), "utf8"), {
    simd: true,
    relaxed_simd: true,
  });
  mod.validate();
  const { buffer } = mod.toBinary({ log: false, write_debug_names: false });
  mod.destroy();
  const base64 = Buffer.from(buffer).toString("base64");
  const text = `// GENERATED by scripts/build-wasm.mjs from ${file}: do not edit. Run \`node scripts/build-wasm.mjs\`.

/**
 * The assembled ${file} (${buffer.length} bytes) as standard base64.
 *
 * @example
 * \`\`\`ts
 * ${name}.length > 0; // true
 * \`\`\`
 */
export const ${name}: string =
  "${base64}";
`;
  const outPath = join(core, out);
  if (check) {
    if (readFileSync(outPath, "utf8") !== text) {
      console.error(`${out} is out of date: run node scripts/build-wasm.mjs`);
      stale++;
    }
  } else {
    writeFileSync(outPath, text);
    console.log(`wrote ${out} (${buffer.length} bytes of wasm)`);
  }
}
if (check) {
  if (stale > 0) process.exit(1);
  console.log("every generated wasm module is up to date");
}

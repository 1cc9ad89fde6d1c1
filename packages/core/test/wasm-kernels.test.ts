// The WebAssembly SIMD backend's kernels: the committed kernels.generated.ts is the assembly of
// kernels.wat (rebuilt here in memory with the pinned wabt, as scripts/build-wasm.mjs does), the
// kernels load in this runtime (so the conformance suite tests them, not the JS fallback), and
// products (large enough to grow its memory) are bitwise the reference's.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import wabtInit from "wabt";
import { decodeBase64, kernelBytes, wasmKernels } from "../src/backends/wasm/kernels.ts";
import { Matrix, typedArrayBackend, wasmBackend } from "../src/index.ts";

const watUrl = new URL("../src/backends/wasm/kernels.wat", import.meta.url);

describe("wasm kernels module", () => {
  it("kernels.generated.ts holds exactly the assembly of kernels.wat (run node scripts/build-wasm.mjs)", async () => {
    const wabt = await wabtInit();
    const mod = wabt.parseWat("kernels.wat", readFileSync(watUrl, "utf8"), { simd: true });
    mod.validate();
    const { buffer } = mod.toBinary({ log: false, write_debug_names: false });
    mod.destroy();
    expect(Array.from(kernelBytes())).toEqual(Array.from(buffer));
  });

  it("every generated module (backend and fused engine, f64 and f32) is current: build-wasm --check", () => {
    const script = fileURLToPath(new URL("../../../scripts/build-wasm.mjs", import.meta.url));
    // Regenerates the engine's WAT from scripts/gen-engine-wat.mjs and every module's bytes in
    // memory, and exits 1 naming any committed file that differs.
    const out = execFileSync(process.execPath, [script, "--check"], { encoding: "utf8" });
    expect(out).toContain("every generated wasm module is up to date");
  });

  it("the fused engine's modules (and its output-layer, cost, gradient and float32 output modules) stay under 4 KiB, so browsers compile them synchronously on the main thread", async () => {
    const { engineF64Base64 } = await import("../src/engine/wasm/engine-f64.generated.ts");
    const { engineF32Base64 } = await import("../src/engine/wasm/engine-f32.generated.ts");
    const { engineF64FmaBase64 } = await import("../src/engine/wasm/engine-f64-fma.generated.ts");
    const { engineF64Blocked3x3Base64 } = await import(
      "../src/engine/wasm/engine-f64-3x3.generated.ts"
    );
    const { engineF32FmaBase64 } = await import("../src/engine/wasm/engine-f32-fma.generated.ts");
    const { outputF64Base64 } = await import("../src/engine/wasm/output-f64.generated.ts");
    const { outputF32Base64 } = await import("../src/engine/wasm/output-f32.generated.ts");
    const { costF64Base64 } = await import("../src/engine/wasm/cost-f64.generated.ts");
    const { gradF32Base64 } = await import("../src/engine/wasm/grad-f32.generated.ts");
    const { gradF32FmaBase64 } = await import("../src/engine/wasm/grad-f32-fma.generated.ts");
    const { float32OutputBase64 } = await import("../src/engine/wasm/float32-output.generated.ts");
    for (const b64 of [
      engineF64Base64,
      engineF32Base64,
      engineF64FmaBase64,
      engineF32FmaBase64,
      engineF64Blocked3x3Base64,
      outputF64Base64,
      outputF32Base64,
      costF64Base64,
      gradF32Base64,
      gradF32FmaBase64,
      float32OutputBase64,
    ]) {
      expect(decodeBase64(b64).length).toBeLessThanOrEqual(4096);
    }
  });

  it("decodeBase64 agrees with Node's Buffer", () => {
    for (const bytes of [[], [0], [0, 255], [1, 2, 3], [250, 251, 252, 253, 254]]) {
      const text = Buffer.from(bytes).toString("base64");
      expect(Array.from(decodeBase64(text))).toEqual(bytes);
    }
    expect(() => decodeBase64("AB*C")).toThrow(RangeError);
  });

  it("compiles and instantiates in this runtime (SIMD available: the suites test the kernels)", () => {
    const k = wasmKernels();
    expect(k).not.toBeNull();
    expect(typeof k?.matmul).toBe("function");
  });
});

function grid(rows: number, cols: number, seed: number, specials = false): Matrix {
  let s = seed >>> 0;
  const data = new Float64Array(rows * cols);
  const special = [Number.NaN, Infinity, -Infinity, 0, -0];
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 2 ** 32;
    data[i] = specials && u < 0.01 ? (special[Math.floor(u * 500)] as number) : u - 0.5;
  }
  return new Matrix(rows, cols, data);
}

// Sizes past the initial 64 KiB memory (so it grows) and n = 103 = 12·8 + 3·2 + 1 (every
// column path of the kernel). The kernel adds in the reference's order without fused
// multiply-add, so its products are the reference's bit for bit (Object.is: -0 and NaN too).
describe("wasm-simd matmul is bitwise the typed-array reference's", () => {
  const cases = [
    { name: "a·b", a: [97, 131], b: [131, 103], opts: {} },
    { name: "a·bᵀ", a: [97, 131], b: [103, 131], opts: { transposeB: true } },
    { name: "aᵀ·b", a: [131, 97], b: [131, 103], opts: { transposeA: true } },
    { name: "aᵀ·bᵀ", a: [131, 97], b: [103, 131], opts: { transposeA: true, transposeB: true } },
  ] as const;
  for (const { name, a: sa, b: sb, opts } of cases) {
    for (const specials of [false, true]) {
      it(`${name}${specials ? " with NaN, ±Infinity and ±0" : ""}`, () => {
        const a = grid(sa[0], sa[1], sa[0] + sb[1], specials);
        const b = grid(sb[0], sb[1], sa[1] + sb[0], specials);
        const ours = wasmBackend.toMatrix(
          wasmBackend.matmul(wasmBackend.fromMatrix(a), wasmBackend.fromMatrix(b), opts),
        );
        const ref = typedArrayBackend.matmul(a, b, opts);
        expect(ours.shape).toEqual(ref.shape);
        let differing = 0;
        for (let i = 0; i < ref.data.length; i++) {
          if (!Object.is(ours.data[i], ref.data[i])) differing++;
        }
        expect(differing).toBe(0);
        if (specials) expect(ref.data.some(Number.isNaN)).toBe(true);
      });
    }
  }
});

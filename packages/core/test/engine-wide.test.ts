// The fused engine on wide layers and many samples, where the WebAssembly products take their
// large-product paths: panels of B packed into the kernel set's scratch (several panels of
// columns, slices of the inner index carried in C, a last panel of one column) and the backward
// product `Wᵀ·dZ` reading a transposed copy of W (dense, and gathered around dead units). Every
// float64 result must stay the reference path's bits; the float32 WebAssembly set must stay
// the float32 JavaScript kernels' bits.
import { describe, expect, it } from "vitest";
import { architectureFromSizes } from "../src/architecture.ts";
import { decodeBase64 } from "../src/backends/wasm/kernels.ts";
import { engineF64Base64 } from "../src/engine/wasm/engine-f64.generated.ts";
import { kernelsOfModule } from "../src/engine/wasm-kernels.ts";
import { FusedTrainer, jsKernels, wasmKernels } from "../src/engine.ts";
import { binaryCrossEntropy, initLayers, type Params, train } from "../src/index.ts";
import { data } from "./engine-data.ts";

function differing(a: Params, b: Params): number {
  let n = 0;
  a.forEach((p, i) => {
    for (const key of ["W", "b"] as const) {
      const x = p[key].data;
      const y = b[i]![key].data;
      for (let q = 0; q < x.length; q++) if (!Object.is(x[q], y[q])) n++;
    }
  });
  return n;
}

// 72 x 80 x 1025 multiply-adds (5.9 M) take the transposed-W path; 1025 samples give the
// forward products four panels of 256 columns and one of 1; dW's inner index (1025) is cut
// into slices carried in C.
const sizes = [2, 72, 80, 1];
const samples = 1025;

describe("wide layers: large-product paths keep the bits", () => {
  it("float64: train on wasm gives the reference path's costs and parameters bit for bit", () => {
    const arch = architectureFromSizes(sizes);
    const [X, Y] = data(2, samples, 1, 11);
    const options = { epochs: 8, learningRate: 0.5, seed: 5 };
    const ref = train(X, Y, arch, { ...options, engine: "reference" });
    const fused = train(X, Y, arch, { ...options, engine: "wasm" });
    expect(fused.engine).toBe("wasm-simd-f64");
    expect(fused.costHistory.length).toBe(ref.costHistory.length);
    for (let e = 0; e < ref.costHistory.length; e++) {
      expect(Object.is(fused.costHistory[e], ref.costHistory[e]), `epoch ${e}`).toBe(true);
    }
    expect(differing(fused.params, ref.params)).toBe(0);
    expect(ref.costHistory.at(-1)).not.toBe(ref.costHistory[0]);
  });

  for (const dtype of ["float64", "float32"] as const) {
    it(`${dtype}: both WebAssembly paths (dead units skipped or not) match the JavaScript kernels bit for bit, with dead units`, () => {
      const arch = architectureFromSizes(sizes);
      const [X, Y] = data(2, samples, 1, 11);
      const init = initLayers(arch, 5);
      const run = (wasm: boolean, skipDeadUnits: boolean): [Params, number[]] => {
        const k = wasm ? wasmKernels(dtype) : jsKernels(dtype);
        expect(k).not.toBeNull();
        const t = new FusedTrainer(arch, samples, k!, binaryCrossEntropy, { skipDeadUnits });
        t.setParams(init);
        t.setData(X, Y);
        let live: number[] = [];
        for (let e = 0; e < 8; e++) {
          t.epoch(e, 0.5);
          if (e === 0) live = t.liveUnits();
        }
        return [t.params(), live];
      };
      const [js] = run(false, false);
      const [dense] = run(true, false);
      const [skipping, live] = run(true, true);
      expect(differing(dense, js)).toBe(0);
      expect(differing(skipping, js)).toBe(0);
      // Some units died, so the gathered (compacted) products ran.
      expect(live[0]! + live[1]!).toBeLessThan(72 + 80);
      expect(differing(js, init)).toBeGreaterThan(0);
    });
  }
});

describe("kernelsOfModule: panel options", () => {
  const mod = (): WebAssembly.Module => new WebAssembly.Module(decodeBase64(engineF64Base64));

  it("rejects unusable panel sizes with a RangeError naming the option and the value", () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ bytes: 0, cols: 256 }, /kernelsOfModule: panel\.bytes .* got 0/],
      [{ bytes: 65536, cols: Number.NaN }, /kernelsOfModule: panel\.cols .* got NaN/],
      [{ bytes: 65536, cols: 2.5 }, /kernelsOfModule: panel\.cols .* got 2\.5/],
      [{ bytes: 65536, cols: 64, packRows: -1 }, /kernelsOfModule: panel\.packRows .* got -1/],
      [{ bytes: 2 ** 40, cols: 64 }, /kernelsOfModule: panel\.bytes/],
    ];
    for (const [panel, message] of bad) {
      expect(() => kernelsOfModule(mod(), "float64", "x", panel as never)).toThrow(RangeError);
      expect(() => kernelsOfModule(mod(), "float64", "x", panel as never)).toThrow(message);
    }
    expect(() =>
      kernelsOfModule(mod(), "float64", "x", { bytes: 65536, cols: 64, pack: 1 } as never),
    ).toThrow(/kernelsOfModule: panel\.pack must be a boolean/);
  });

  it("packed or not, small panels or large, a product gives the same bits", () => {
    const [m, kk, n] = [19, 300, 517];
    const results = [
      { bytes: 262144, cols: 256 },
      { bytes: 262144, cols: 256, pack: false },
      { bytes: 4096, cols: 8, packRows: 0 },
    ].map((panel) => {
      const k = kernelsOfModule(mod(), "float64", "x", panel)!;
      const a = k.alloc(m * kk);
      const b = k.alloc(kk * n);
      const c = k.alloc(m * n);
      const h = k.heap();
      for (let i = 0; i < m * kk; i++) h[a + i] = Math.sin(i * 0.7);
      for (let i = 0; i < kk * n; i++) h[b + i] = Math.cos(i * 1.3);
      k.gemm(a, kk, 1, b, c, m, kk, n);
      return Array.from(k.heap().subarray(c, c + m * n));
    });
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect(results[0]!.some((v) => v !== 0)).toBe(true);
  });
});

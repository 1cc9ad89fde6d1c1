// The fused engine on wide layers and many samples, where the WebAssembly products take their
// large-product paths: panels of B packed into the kernel set's scratch (several panels of
// columns, slices of the inner index carried in C, a last panel of one column) and the backward
// product `Wᵀ·dZ` reading a transposed copy of W (dense, and gathered around dead units). Every
// float64 result must stay the reference path's bits; the float32 WebAssembly set must stay
// the float32 JavaScript kernels' bits.
import { describe, expect, it } from "vitest";
import { architectureFromSizes } from "../src/architecture.ts";
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
    fused.costHistory.forEach((c, e) =>
      expect(Object.is(c, ref.costHistory[e]), `epoch ${e}`).toBe(true),
    );
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

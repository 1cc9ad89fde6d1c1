// The float64 kernels' two register blockings: which one each runtime gets by default, and that
// both give the same bits when training (the conformance suite runs both too:
// engine-kernel-sets.ts).
import { afterEach, describe, expect, it, vi } from "vitest";
import { architectureFromSizes } from "../src/architecture.ts";
import { defaultF64Blocking, FusedTrainer, wasmKernels } from "../src/engine.ts";
import { binaryCrossEntropy, initLayers, Matrix } from "../src/index.ts";

describe("defaultF64Blocking", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("is 3x3 under Bun (JavaScriptCore), whatever V8 version Bun reports", () => {
    vi.stubGlobal("process", { versions: { bun: "1.4.4", v8: "14.6.202.34-node.20" } });
    expect(defaultF64Blocking()).toBe("3x3");
  });

  it("is 3x3 under V8 15 or later (Deno 2.9) and 2x4 under older V8 (Node 20)", () => {
    vi.stubGlobal("process", { versions: { deno: "2.9.6", v8: "15.0.245.2-rusty" } });
    expect(defaultF64Blocking()).toBe("3x3");
    vi.stubGlobal("process", { versions: { node: "20.20.2", v8: "11.3.244.8-node.38" } });
    expect(defaultF64Blocking()).toBe("2x4");
  });

  it("reads Deno's own V8 version where Deno has no process global", () => {
    vi.stubGlobal("process", undefined);
    vi.stubGlobal("Deno", { version: { v8: "15.0.245.2-rusty" } });
    expect(defaultF64Blocking()).toBe("3x3");
    vi.stubGlobal("Deno", { version: { v8: "12.9.202.13-rusty" } });
    expect(defaultF64Blocking()).toBe("2x4");
  });

  it("is 2x4 where the engine cannot be told (no process, or no version)", () => {
    vi.stubGlobal("process", undefined);
    expect(defaultF64Blocking()).toBe("2x4");
    vi.stubGlobal("process", { versions: {} });
    expect(defaultF64Blocking()).toBe("2x4");
  });
});

describe("the float64 blockings train to the same bits", () => {
  it("2x4 and 3x3 give bitwise equal parameters after 30 epochs of a 2-25-50-50-25-1 network (odd sizes, 101 samples)", () => {
    const arch = architectureFromSizes([2, 25, 50, 50, 25, 1]);
    const m = 101;
    const X = new Matrix(
      2,
      m,
      Float64Array.from({ length: 2 * m }, (_, i) => Math.sin(i * 1.7)),
    );
    const Y = new Matrix(
      1,
      m,
      Float64Array.from({ length: m }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0)),
    );
    const params = initLayers(arch, 3);
    const results = (["2x4", "3x3"] as const).map((blocking) => {
      const k = wasmKernels("float64", { blocking });
      expect(k).not.toBeNull();
      const t = new FusedTrainer(arch, m, k!, binaryCrossEntropy);
      t.setParams(params);
      t.setData(X, Y);
      for (let e = 0; e < 30; e++) t.epoch(e, 0.05);
      return t.params().flatMap((p) => [...p.W.data, ...p.b.data]);
    });
    const [a, b] = results as [number[], number[]];
    expect(a.length).toBe(b.length);
    expect(a.some((v, i) => v !== params.flatMap((p) => [...p.W.data, ...p.b.data])[i])).toBe(true);
    expect(b.every((v, i) => Object.is(v, a[i]))).toBe(true);
  });
});

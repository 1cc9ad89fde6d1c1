// NumPy parity on every backend of ./backends.ts: seed.json (the notebook's init_layers(arch, 42)
// and the forward pass of [[1], [2]]). The training parity ("small" case of training.json) needs
// @plainnet/datasets and runs over the same backends in packages/datasets/test/backend-parity.test.ts
// (a devDependency of core on datasets would make a workspace cycle).
import { describe, expect, it } from "vitest";
import seedJson from "../../../fixtures/seed.json" with { type: "json" };
import { fullForwardPropagation, initLayers, type LayerInput, Matrix } from "../src/index.ts";
import { backends } from "./backends.ts";

interface SeedFixture {
  architecture: { input_dim: number; output_dim: number; activation: string }[];
  init_seed: number;
  params: { W: number[][]; b: number[][] }[];
  input: number[][];
  Z: number[][][];
  output: number[][];
}
const seed = seedJson as unknown as SeedFixture;
const arch = seed.architecture as LayerInput[];

/** Signed distance in units in the last place between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Number(view.getBigInt64(0) - view.getBigInt64(8));
}

describe.each(backends)("$name backend: seed.json parity", ({ backend: be }) => {
  const params = initLayers(arch, seed.init_seed, { backend: be });

  it("initLayers(arch, 42) returns this backend's matrices with NumPy's values bitwise, except W3[34], W3[35] (1 ulp)", () => {
    const differing: string[] = [];
    seed.params.forEach((ref, layer) => {
      for (const key of ["W", "b"] as const) {
        const m = params[layer]![key];
        expect(be.isMatrix(m)).toBe(true);
        const ours = be.toMatrix(m);
        expect(ours.shape).toEqual([ref[key].length, ref[key][0]!.length]);
        ref[key].flat().forEach((v, k) => {
          const d = ulps(ours.data[k]!, v);
          if (d !== 0) differing.push(`${key}${layer + 1}[${k}]:${Math.abs(d)}`);
        });
      }
    });
    // NumPy's Gaussians use glibc's log, which is not correctly rounded for one uniform pair.
    expect(differing).toEqual(["W3[34]:1", "W3[35]:1"]);
  });

  it("forward pass of [[1], [2]]: output 0.49936550483295905 and every Z within 1e-15", () => {
    const X = be.fromMatrix(Matrix.from(seed.input));
    const before = be.toMatrix(X).toArray();
    const { output, memory } = fullForwardPropagation(X, params, arch, { backend: be });
    expect(be.isMatrix(output)).toBe(true);
    const yHat = be.toMatrix(output);
    expect(yHat.shape).toEqual([1, 1]);
    expect(Math.abs(yHat.get(0, 0) - 0.49936550483295905)).toBeLessThanOrEqual(1e-15);
    expect(Math.abs(yHat.get(0, 0) - seed.output[0]![0]!)).toBeLessThanOrEqual(1e-15);
    expect(memory.Z).toHaveLength(seed.Z.length);
    seed.Z.forEach((ref, i) => {
      const z = be.toMatrix(memory.Z[i]!);
      expect(z.shape).toEqual([ref.length, 1]);
      ref.forEach((row, r) => {
        expect(Math.abs(z.get(r, 0) - row[0]!)).toBeLessThanOrEqual(1e-15);
      });
    });
    expect(be.toMatrix(X).toArray()).toEqual(before);
  });
});

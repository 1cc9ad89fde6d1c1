// fixtures/seed.json under every runtime: the notebook's init_layers(arch, 42) from NumPy's
// legacy generator, and its forward pass of [1, 2]. Parameters must match NumPy bit for bit
// except the one Gaussian pair (W3 flat indices 34 and 35) that NumPy computes with glibc's log,
// which is not correctly rounded there: those two are exactly 1 ulp away. Every Z and the output
// must be within 1e-15 of NumPy's.
import seedJson from "../../../../fixtures/seed.json" with { type: "json" };
import { Matrix } from "../../src/matrix.ts";
import { initLayers } from "../../src/notebook/init.ts";
import { fullForwardPropagation } from "../../src/notebook/propagation.ts";
import type { RuntimeCheck } from "./harness.ts";
import { assert } from "./harness.ts";

interface SeedFixture {
  architecture: { input_dim: number; output_dim: number; activation: string }[];
  init_seed: number;
  params: { W: number[][]; b: number[][] }[];
  input: number[][];
  Z: number[][][];
  output: number[][];
}

const seed = seedJson as unknown as SeedFixture;

/** Signed distance in units in the last place between two float64 values of the same sign. */
function ulps(a: number, b: number): number {
  const v = new DataView(new ArrayBuffer(16));
  v.setFloat64(0, a);
  v.setFloat64(8, b);
  return Number(v.getBigInt64(0) - v.getBigInt64(8));
}

export const checks: RuntimeCheck[] = [
  {
    name: "seed.json: init_layers(arch, 42) is NumPy's, bit for bit but for the glibc-log pair",
    run(): void {
      const params = initLayers(seed.architecture, seed.init_seed);
      const off: string[] = [];
      let compared = 0;
      seed.params.forEach((ref, layer) => {
        for (const key of ["W", "b"] as const) {
          const ours = params[layer]![key];
          const flat = ref[key].flat();
          assert(
            ours.data.length === flat.length,
            `${key}${layer + 1}: ${ours.data.length} values`,
          );
          flat.forEach((v, k) => {
            compared++;
            const d = ulps(ours.data[k]!, v);
            if (d !== 0) off.push(`${key}${layer + 1}[${k}]:${Math.abs(d)}`);
          });
        }
      });
      const count = seed.architecture.reduce((n, l) => n + l.output_dim * (l.input_dim + 1), 0);
      assert(compared === count, `${compared} parameters compared, the network has ${count}`);
      assert(
        off.join(",") === "W3[34]:1,W3[35]:1",
        `parameters differing from NumPy: ${off.join(", ") || "none"}`,
      );
    },
  },
  {
    name: "seed.json: the forward pass of [1, 2] gives NumPy's Z and output to 1e-15",
    run(): void {
      const params = initLayers(seed.architecture, seed.init_seed);
      const X = Matrix.from(seed.input);
      const { output, memory } = fullForwardPropagation(X, params, seed.architecture);
      const out = output.get(0, 0);
      assert(Math.abs(out - seed.output[0]![0]!) < 1e-15, `output ${out}`);
      seed.Z.forEach((z, i) => {
        const ours = memory.Z[i]!;
        assert(ours.rows === z.length && ours.cols === 1, `Z${i + 1} is ${ours.rows}x${ours.cols}`);
        z.forEach((row, r) => {
          const d = Math.abs(ours.get(r, 0) - row[0]!);
          assert(d < 1e-15, `Z${i + 1}[${r}] is ${d} from NumPy's`);
        });
      });
    },
  },
];

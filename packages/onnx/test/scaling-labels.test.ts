// A network's scaler and class labels inside the exported graph: ONNX Runtime takes raw
// features and returns plainnet's labels; fromONNX restores the scaler and the labels.
import { describe, expect, it } from "vitest";
import { fromONNX, readONNX, toONNX } from "../src/index.ts";
import { maxRelativeError, Network, randomSamples, runOrt, toFloat32 } from "./helpers.ts";

/** Raw features far from zero mean and unit variance (what a scaler is for). */
const raw = randomSamples(60, 3, 21).map(([a, b, c]) => [
  100 + 30 * a!,
  0.01 * b!,
  5000 + 800 * c!,
]);
const species = ["setosa", "versicolor", "virginica"];
const multiLabels = raw.map((r) => species[(r[0]! > 100 ? 1 : 0) + (r[2]! > 5000 ? 1 : 0)]!);
const binaryLabels = raw.map((r) => (r[0]! + r[2]! / 100 > 150 ? "yes" : "no"));
const values = raw.map((r) => r[0]! / 100 - r[2]! / 5000);

type Case = {
  readonly task: string;
  readonly sizes: number[];
  readonly y: (string | number)[];
  readonly out?: "linear";
};
const tasks: Case[] = [
  { task: "binary, string labels", sizes: [3, 6, 1], y: binaryLabels },
  { task: "multiclass, string labels", sizes: [3, 6, 3], y: multiLabels },
  { task: "regression", sizes: [3, 6, 1], y: values, out: "linear" },
];

function trained(c: Case, scale: "standard" | "minmax"): Network<string | number> {
  const net = new Network<string | number>(c.sizes, {
    scale,
    seed: 3,
    ...(c.out === undefined ? {} : { outputActivation: c.out }),
  });
  net.fit(raw, c.y as string[], { epochs: 5, optimizer: "adam", learningRate: 0.01 });
  return net;
}

describe("scaler and class labels in the ONNX graph", () => {
  for (const scale of ["standard", "minmax"] as const) {
    for (const c of tasks) {
      for (const dtype of ["float64", "float32"] as const) {
        it(`${scale}, ${c.task}, ${dtype}: ONNX Runtime on raw features = plainnet`, async () => {
          const net = trained(c, scale);
          const X = dtype === "float64" ? raw : toFloat32(raw);
          const res = await runOrt(toONNX(net, { dtype }), X, dtype);
          const regression = c.out === "linear";
          const expected = regression ? net.predictOutputs(X) : net.predictProba(X);
          const out = res[regression ? "variable" : "probabilities"]!;
          expect(maxRelativeError(out.data as Float64Array, expected.data)).toBeLessThanOrEqual(
            dtype === "float64" ? 1e-12 : 1e-5,
          );
          if (!regression) {
            expect(Array.from(res.label!.data as string[])).toEqual(net.predict(X));
          }
        });
      }
      it(`${scale}, ${c.task}: fromONNX restores the scaler, the labels and the weights`, () => {
        const net = trained(c, scale);
        const copy = fromONNX<string | number>(toONNX(net));
        const a = net.toJSON() as unknown as Record<string, unknown>;
        const b = copy.toJSON() as unknown as Record<string, unknown>;
        for (const key of [
          "architecture",
          "loss",
          "params",
          "training",
          "scale",
          "scaler",
          "classes",
        ]) {
          expect(b[key], key).toEqual(a[key]);
        }
        expect(copy.predict(raw)).toEqual(net.predict(raw));
      });
    }
  }

  it("the graph starts with the scaler: Sub + Div (standard), Mul + Add (min-max)", () => {
    const std = readONNX(toONNX(trained(tasks[0]!, "standard")));
    expect(std.scaler?.kind).toBe("standard");
    const mm = readONNX(toONNX(trained(tasks[0]!, "minmax")));
    expect(mm.scaler?.kind).toBe("minmax");
    expect(mm.classes).toEqual(["no", "yes"]);
  });

  it("a network with scale but not fitted yet cannot be exported", () => {
    const net = new Network([3, 4, 1], { scale: "standard" });
    expect(() => toONNX(net)).toThrow(/not been fitted yet/);
  });

  it("a graph whose scaler contradicts the metadata is refused", async () => {
    const { fromBinary, toBinary } = await import("@bufbuild/protobuf");
    const { ModelProtoSchema } = await import("../src/gen/onnx_pb.ts");
    const m = fromBinary(ModelProtoSchema, toONNX(trained(tasks[0]!, "standard")));
    const mean = m.graph!.initializer.find((t) => t.name === "scaler_mean")!;
    new DataView(mean.rawData.buffer, mean.rawData.byteOffset).setFloat64(0, 1, true);
    expect(() => fromONNX(toBinary(ModelProtoSchema, m))).toThrow(/does not match metadata/);
  });
});

describe("numeric class labels in the label output", () => {
  for (const [name, labels, type] of [
    ["integers", [3, 7], "int64"],
    ["non-integers", [-0.5, 2.5], "float64"],
  ] as const) {
    it(`${name}: ${type} labels equal net.predict`, async () => {
      const y = raw.map((r) => (r[0]! > 100 ? labels[1] : labels[0]));
      const net = new Network([3, 5, 1], { scale: "standard", seed: 5 });
      net.fit(raw, y, { epochs: 5, optimizer: "adam", learningRate: 0.01 });
      expect(net.classes).toEqual([...labels]);
      const res = await runOrt(toONNX(net), raw, "float64");
      expect(res.label!.type).toBe(type);
      expect(Array.from(res.label!.data as ArrayLike<number | bigint>, Number)).toEqual(
        net.predict(raw),
      );
      expect(fromONNX(toONNX(net)).classes).toEqual([...labels]);
    });
  }
});

import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromONNX, readONNX } from "../src/index.ts";
import { maxRelativeError } from "./helpers.ts";

/** Graphs that reproduce skl2onnx's MLP converter, from scripts/gen-onnx-fixtures.py. */
const dir = new URL("../../../fixtures/onnx/", import.meta.url);
const names = readdirSync(dir)
  .filter((f) => f.endsWith(".onnx"))
  .map((f) => f.slice(0, -5));

interface Fixture {
  readonly estimator: "MLPClassifier" | "MLPRegressor";
  readonly activation: string;
  readonly hidden_layer_sizes: number[];
  readonly dtype: "float64" | "float32";
  readonly classes?: (string | number)[];
  readonly X: number[][];
  readonly predict_proba?: number[][];
  readonly predict: (string | number)[] | number[][];
}

const hiddenName: Record<string, string> = {
  relu: "relu",
  tanh: "tanh",
  logistic: "sigmoid",
  identity: "linear",
};

describe("fromONNX imports scikit-learn MLPs (skl2onnx's graphs)", () => {
  it("finds the fixtures", () => {
    expect(names.length).toBeGreaterThanOrEqual(10);
  });
  for (const name of names) {
    it(name, () => {
      const fx = JSON.parse(readFileSync(new URL(`${name}.json`, dir), "utf8")) as Fixture;
      const bytes = new Uint8Array(readFileSync(new URL(`${name}.onnx`, dir)));
      const model = readONNX(bytes);
      const net = fromONNX<string | number>(bytes);
      const tol = fx.dtype === "float64" ? 1e-12 : 1e-5;
      expect(model.dtype).toBe(fx.dtype);
      expect(model.producerName).toBe("skl2onnx");
      expect(net.architecture.map((l) => l.outputDim).slice(0, -1)).toEqual(fx.hidden_layer_sizes);
      for (const l of net.architecture.slice(0, -1)) {
        expect(l.activation.name).toBe(hiddenName[fx.activation]);
      }
      if (fx.estimator === "MLPClassifier" && Array.isArray(fx.predict[0])) {
        // Multi-label: one sigmoid per label, skl2onnx's Binarizer gives the 0/1 rows.
        expect(net.task).toBe("multilabel");
        const proba = net.predictProba(fx.X);
        expect(maxRelativeError(proba.data, fx.predict_proba!.flat())).toBeLessThanOrEqual(tol);
        const rows = fx.X.map((_, i) =>
          Array.from(proba.data.subarray(i * proba.cols, (i + 1) * proba.cols), (p) =>
            p > 0.5 ? 1 : 0,
          ),
        );
        expect(rows).toEqual(fx.predict);
      } else if (fx.estimator === "MLPClassifier") {
        expect(model.classes).toEqual(fx.classes);
        const proba = net.predictProba(fx.X);
        const expected = fx.predict_proba!;
        if (expected[0]!.length === 2) {
          expect(net.task).toBe("binary");
          const p1 = expected.map((r) => r[1]!);
          expect(maxRelativeError(proba.data, p1)).toBeLessThanOrEqual(tol);
        } else {
          expect(net.task).toBe("multiclass");
          expect(maxRelativeError(proba.data, expected.flat())).toBeLessThanOrEqual(tol);
        }
        // scikit-learn's classes_ become the network's labels: predict returns them.
        expect(net.classes).toEqual(fx.classes);
        expect(net.predict(fx.X)).toEqual(fx.predict);
      } else {
        expect(net.task).toBe("regression");
        const pred = net.predict(fx.X) as number[];
        expect(maxRelativeError(pred, fx.predict as number[])).toBeLessThanOrEqual(tol);
      }
    });
  }

  it("an imported classifier continues training", () => {
    const bytes = new Uint8Array(readFileSync(new URL("multiclass_tanh_f64_strings.onnx", dir)));
    const fx = JSON.parse(
      readFileSync(new URL("multiclass_tanh_f64_strings.json", dir), "utf8"),
    ) as Fixture;
    const net = fromONNX<string>(bytes);
    const y = fx.predict as string[];
    const before = net.evaluate(fx.X, y).loss;
    net.fit(fx.X, y, { epochs: 20, optimizer: "adam", learningRate: 0.001 });
    expect(net.epoch).toBe(20);
    expect(net.evaluate(fx.X, y).loss).toBeLessThan(before);
  });
});

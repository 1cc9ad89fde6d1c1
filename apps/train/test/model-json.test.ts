import { architectureFromSizes, initLayers } from "@plainnet/core";
import { describe, expect, it } from "vitest";
import { modelToJson, paramsFromJson } from "../src/model-json.ts";

describe("model.json", () => {
  const arch = architectureFromSizes([2, 3, 1]);
  const params = initLayers(arch, 7);

  it("round-trips every bit of the parameters through JSON text", () => {
    const text = JSON.stringify(modelToJson(arch, params, { epochs: 1 }));
    const back = paramsFromJson(JSON.parse(text));
    expect(back).toHaveLength(params.length);
    back.forEach((p, i) => {
      expect(p.W.shape).toEqual(params[i]!.W.shape);
      expect(Array.from(p.W.data)).toEqual(Array.from(params[i]!.W.data));
      expect(Array.from(p.b.data)).toEqual(Array.from(params[i]!.b.data));
    });
  });

  it("records the architecture in the notebook's spelling", () => {
    const json = modelToJson(arch, params, { dataset: "moons" });
    expect(json.format).toBe("plainnet-model");
    expect(json.architecture).toEqual([
      { input_dim: 2, output_dim: 3, activation: "relu" },
      { input_dim: 3, output_dim: 1, activation: "sigmoid" },
    ]);
    expect(json.training).toEqual({ dataset: "moons" });
  });

  it("rejects something that is not a model", () => {
    expect(() => paramsFromJson({ format: "other" })).toThrow(TypeError);
    expect(() => paramsFromJson({ format: "plainnet-model", params: [{ W: 1 }] })).toThrow(
      /params\[0\]/,
    );
  });
});

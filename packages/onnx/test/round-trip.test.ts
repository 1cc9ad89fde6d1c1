import type { ActivationName } from "@plainnet/core";
import { describe, expect, it } from "vitest";
import { fromONNX, readONNX, toONNX } from "../src/index.ts";
import { Network, randomSamples } from "./helpers.ts";

const acts: ActivationName[] = ["relu", "leakyRelu", "tanh", "sigmoid", "linear"];
const outs: [ActivationName, number][] = [
  ["sigmoid", 1],
  ["sigmoid", 2],
  ["softmax", 3],
  ["linear", 2],
  ["tanh", 1],
];

describe("fromONNX(toONNX(net))", () => {
  for (const act of acts) {
    for (const [out, units] of outs) {
      it(`float64 ${act} -> ${out} x${units}: same architecture, loss and weights to the bit`, () => {
        const net = new Network([4, 7, 5, units], {
          activation: act,
          outputActivation: out,
          seed: 3,
          initializer: "heNormal",
        });
        const copy = fromONNX(toONNX(net));
        const a = net.toJSON();
        const b = copy.toJSON();
        expect(b.architecture).toEqual(a.architecture);
        expect(b.loss).toBe(a.loss);
        expect(b.params).toEqual(a.params);
        expect(b.training).toEqual(a.training);
        const X = randomSamples(20, 4, 5);
        expect(copy.predictOutputs(X).data).toEqual(net.predictOutputs(X).data);
      });
    }
  }

  it("keeps the training record of a fitted network", () => {
    const X = randomSamples(40, 3, 1);
    const y = X.map((r) => (r[0]! + r[1]! > 0 ? 1 : 0));
    const net = new Network([3, 6, 1], { seed: 9 });
    net.fit(X, y, { epochs: 3, batchSize: 8, optimizer: "adam", learningRate: 0.01 });
    const copy = fromONNX(toONNX(net));
    expect(copy.trainingRecord).toEqual(net.trainingRecord);
    expect(copy.trainingRecord.hyperparameters?.epochs).toBe(3);
    expect(copy.predict(X)).toEqual(net.predict(X));
  });

  it("float32: the weights come back as their float32 roundings", () => {
    const net = new Network([3, 5, 2], {
      activation: "tanh",
      outputActivation: "softmax",
      seed: 4,
    });
    const m = readONNX(toONNX(net, { dtype: "float32" }));
    expect(m.dtype).toBe("float32");
    const copy = fromONNX(toONNX(net, { dtype: "float32" }));
    net.params.forEach((p, i) => {
      expect(copy.params[i]!.W.data).toEqual(p.W.data.map(Math.fround));
      expect(copy.params[i]!.b.data).toEqual(p.b.data.map(Math.fround));
    });
  });

  it("states the IR version, opset and producer", () => {
    const m = readONNX(toONNX(new Network([2, 3, 1])));
    expect(m.irVersion).toBe(8);
    expect(m.opsetVersion).toBe(17);
    expect(m.producerName).toBe("@plainnet/onnx");
    expect(JSON.parse(m.metadata["plainnet.architecture"]!)).toHaveLength(2);
  });
});

describe("toONNX options and refusals", () => {
  it("a float32 network exports a float32 graph by default", () => {
    const net = new Network([2, 3, 1], { dtype: "float32" });
    expect(readONNX(toONNX(net)).dtype).toBe("float32");
    expect(readONNX(toONNX(net, { dtype: "float64" })).dtype).toBe("float64");
  });

  it("names the graph's input as asked", () => {
    expect(readONNX(toONNX(new Network([2, 3, 1]), { inputName: "features" })).inputName).toBe(
      "features",
    );
  });

  it("rejects an unknown dtype, naming it", () => {
    expect(() => toONNX(new Network([2, 3, 1]), { dtype: "float16" as "float32" })).toThrow(
      RangeError,
    );
    expect(() => toONNX(new Network([2, 3, 1]), { dtype: "float16" as "float32" })).toThrow(
      /dtype must be "float64" or "float32", got "float16"/,
    );
  });

  it("rejects a custom activation, naming the layer", () => {
    const swish = {
      name: "swish" as "linear",
      forward: (z: number) => z / (1 + Math.exp(-z)),
      backward: (da: number) => da,
    };
    const net = new Network([{ inputDim: 2, outputDim: 1, activation: swish }]);
    expect(() => toONNX(net)).toThrow(TypeError);
    expect(() => toONNX(net)).toThrow(/toONNX: layer 0 uses a custom activation "swish"/);
  });
});

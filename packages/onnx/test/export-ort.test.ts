import type { ActivationName } from "@plainnet/core";
import { describe, expect, it } from "vitest";
import { toONNX } from "../src/index.ts";
import { maxRelativeError, Network, randomSamples, runOrt, toFloat32 } from "./helpers.ts";

const hidden: ActivationName[] = ["relu", "leakyRelu", "tanh", "sigmoid", "linear"];
/** Output activation and units: binary, multilabel, multiclass, and regressions. */
const outputs: [ActivationName, number][] = [
  ["sigmoid", 1],
  ["sigmoid", 3],
  ["softmax", 4],
  ["linear", 2],
  ["relu", 1],
  ["leakyRelu", 2],
  ["tanh", 1],
];

function build(act: ActivationName, out: ActivationName, units: number, seed: number): Network {
  return new Network([5, 16, 9, units], {
    activation: act,
    outputActivation: out,
    seed,
    initializer: "heNormal",
  });
}

const X = randomSamples(64, 5, 7);

describe("toONNX verified by onnxruntime-node", () => {
  for (const dtype of ["float64", "float32"] as const) {
    for (const act of hidden) {
      for (const [out, units] of outputs) {
        it(`${dtype}: ${act} hidden, ${out} x${units} output`, async () => {
          const net = build(act, out, units, 11);
          const task = net.task;
          const outName = task === "regression" ? "variable" : "probabilities";
          const input = dtype === "float64" ? X : toFloat32(X);
          const res = await runOrt(toONNX(net, { dtype }), input, dtype);
          const expected =
            task === "regression" ? net.predictOutputs(input) : net.predictProba(input);
          expect(res[outName]!.dims).toEqual([X.length, units]);
          const err = maxRelativeError(res[outName]!.data as Float64Array, expected.data);
          expect(err).toBeLessThanOrEqual(dtype === "float64" ? 1e-12 : 1e-5);
          if (task === "binary" || task === "multiclass") {
            expect(Array.from(res.label!.data as BigInt64Array, Number)).toEqual(
              net.predict(input),
            );
          }
          if (task === "multilabel") {
            const labels = Array.from(expected.data, (p) => (p > 0.5 ? 1 : 0));
            expect(Array.from(res.label!.data as BigInt64Array, Number)).toEqual(labels);
          }
        });
      }
    }
  }
});

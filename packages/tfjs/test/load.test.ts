import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ActivationName, Network, RandomState } from "@plainnet/core";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { loadLayersModel } from "@tensorflow/tfjs-layers";
import { beforeAll, describe, expect, it } from "vitest";
import { writeTfjsModel } from "../src/fs.ts";
import { toTfjsArtifacts } from "../src/index.ts";

function samples(n: number, d: number, seed: number): number[][] {
  const rng = new RandomState(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => 2 * rng.randn()));
}

/** Largest |a - e| / max(|e|, 1). */
function maxRelativeError(a: ArrayLike<number>, e: ArrayLike<number>): number {
  expect(a.length).toBe(e.length);
  let worst = 0;
  for (let i = 0; i < e.length; i++) {
    const err = Math.abs(a[i]! - e[i]!) / Math.max(Math.abs(e[i]!), 1);
    worst = Number.isNaN(err) ? Infinity : Math.max(worst, err);
  }
  return worst;
}

async function predictTfjs(
  handler: tf.io.IOHandler,
  X: number[][],
): Promise<{ data: Float32Array; shape: number[] }> {
  const model = await loadLayersModel(handler);
  const out = model.predict(tf.tensor2d(X)) as tf.Tensor;
  const data = (await out.data()) as Float32Array;
  return { data, shape: out.shape };
}

const hidden: ActivationName[] = ["relu", "leakyRelu", "tanh", "sigmoid", "linear"];
const outputs: [ActivationName, number][] = [
  ["sigmoid", 1],
  ["softmax", 3],
  ["linear", 2],
  ["leakyRelu", 1],
];

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("TensorFlow.js loads toTfjsArtifacts and predicts as plainnet (float32, 1e-5)", () => {
  const X = samples(50, 4, 3);
  for (const act of hidden) {
    for (const [out, units] of outputs) {
      it(`${act} hidden, ${out} x${units} output`, async () => {
        const net = new Network([4, 12, 7, units], {
          activation: act,
          outputActivation: out,
          seed: 5,
          initializer: "heNormal",
        });
        const { data, shape } = await predictTfjs(tf.io.fromMemory(toTfjsArtifacts(net)), X);
        expect(shape).toEqual([X.length, units]);
        expect(maxRelativeError(data, net.predictOutputs(X).data)).toBeLessThanOrEqual(1e-5);
      });
    }
  }

  it("writeTfjsModel writes model.json + weights.bin that load the same model", async () => {
    const net = new Network([4, 9, 3], { activation: "tanh", outputActivation: "softmax" });
    const dir = mkdtempSync(join(tmpdir(), "plainnet-tfjs-"));
    try {
      const path = await writeTfjsModel(net, dir);
      expect(path).toBe(join(dir, "model.json"));
      const json = JSON.parse(readFileSync(path, "utf8"));
      expect(json.format).toBe("layers-model");
      expect(json.weightsManifest[0].paths).toEqual(["weights.bin"]);
      const bin = readFileSync(join(dir, "weights.bin"));
      const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
      const { data } = await predictTfjs(
        tf.io.fromMemory({
          modelTopology: json.modelTopology,
          weightSpecs: json.weightsManifest[0].weights,
          weightData,
        }),
        X,
      );
      expect(maxRelativeError(data, net.predictProba(X).data)).toBeLessThanOrEqual(1e-5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("kernels are inputs x units (W transposed) in float32", () => {
    const net = new Network([2, 3, 1]);
    const a = toTfjsArtifacts(net);
    expect(a.weightSpecs.map((s) => s.shape)).toEqual([[2, 3], [3], [3, 1], [1]]);
    const w = new Float32Array(a.weightData);
    const W = net.params[0]!.W;
    expect(w[1]).toBe(Math.fround(W.get(1, 0)));
    expect(w[3]).toBe(Math.fround(W.get(0, 1)));
  });
});

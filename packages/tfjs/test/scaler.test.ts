import { Network } from "@plainnet/core";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { loadLayersModel } from "@tensorflow/tfjs-layers";
import { describe, expect, it } from "vitest";
import { toTfjsArtifacts } from "../src/index.ts";

const raw = Array.from({ length: 40 }, (_, i) => [
  100 + 3 * Math.sin(i),
  5000 + 900 * Math.cos(i * 0.7),
]);
const y = raw.map((r) => (r[0]! - 100 + (r[1]! - 5000) / 300 > 0 ? "up" : "down"));

describe("TensorFlow.js: the network's scaler folded into the first layer", () => {
  for (const scale of ["standard", "minmax"] as const) {
    it(`${scale}: the model takes raw features and predicts as plainnet (1e-5)`, async () => {
      const net = new Network<string>([2, 8, 1], { scale, seed: 4 });
      net.fit(raw, y, { epochs: 20, optimizer: "adam", learningRate: 0.05 });
      await tf.setBackend("cpu");
      const model = await loadLayersModel(tf.io.fromMemory(toTfjsArtifacts(net)));
      const got = (model.predict(tf.tensor2d(raw)) as tf.Tensor).dataSync();
      const want = net.predictProba(raw).data;
      let worst = 0;
      for (let i = 0; i < want.length; i++) {
        worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / Math.max(Math.abs(want[i]!), 1));
      }
      expect(worst).toBeLessThanOrEqual(1e-5);
    });
  }

  it("a network with scale but not fitted yet cannot be exported", () => {
    expect(() => toTfjsArtifacts(new Network([2, 3, 1], { scale: "minmax" }))).toThrow(
      /not been fitted yet/,
    );
  });
});

// The smoke test's consumer program. scripts/smoke/run.mjs copies it into an empty project where
// the packed tarballs were installed with npm, and runs it unchanged under Node and Bun, as a
// browser bundle in Chromium, and under Deno with the four imports rewritten to `npm:` specifiers.
// The import lines are the ones README.md's "Install" section shows.
import { Network, train, trainParallel } from "@plainnet/core";
import { makeMoons, toColumns } from "@plainnet/datasets";
import { fromONNX, toONNX } from "@plainnet/onnx";
import { toTfjsArtifacts } from "@plainnet/tfjs";

const { X, Y } = toColumns(makeMoons({ nSamples: 200, noise: 0.2, randomState: 42 }));
const architecture = [
  { inputDim: 2, outputDim: 8, activation: "relu" },
  { inputDim: 8, outputDim: 8, activation: "relu" },
  { inputDim: 8, outputDim: 1, activation: "sigmoid" },
];
const { params, costHistory, accuracyHistory, engine } = train(X, Y, architecture, {
  epochs: 400,
  learningRate: 0.1,
  seed: 2,
});

/** SHA-256 (hex) of float64 values, each written as 8 little-endian bytes. */
async function hashFloats(arrays) {
  const total = arrays.reduce((n, a) => n + a.length, 0);
  const view = new DataView(new ArrayBuffer(total * 8));
  let offset = 0;
  for (const a of arrays) {
    for (const v of a) {
      view.setFloat64(offset, v, true);
      offset += 8;
    }
  }
  const digest = await globalThis.crypto.subtle.digest("SHA-256", view.buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** SHA-256 (hex) of bytes. */
async function hashBytes(bytes) {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

// The bindings: an ONNX model written and read back (protobuf through @bufbuild/protobuf), and
// TensorFlow.js artifacts.
const net = new Network([2, 8, 3], { activation: "tanh", outputActivation: "softmax", seed: 2 });
const onnx = toONNX(net);
const imported = fromONNX(onnx);
const tfjs = toTfjsArtifacts(net);

const result = {
  datasetHash: await hashFloats([X.data, Y.data]),
  paramsHash: await hashFloats(params.flatMap((layer) => [layer.W.data, layer.b.data])),
  costHash: await hashFloats([costHistory]),
  parameters: params.reduce((n, layer) => n + layer.W.data.length + layer.b.data.length, 0),
  finalCost: costHistory[costHistory.length - 1],
  finalAccuracy: accuracyHistory[accuracyHistory.length - 1],
  engine,
  onnxHash: await hashBytes(onnx),
  onnxRoundTripHash: await hashFloats(imported.params.flatMap((l) => [l.W.data, l.b.data])),
  onnxRoundTripSame:
    JSON.stringify(imported.toJSON().params) === JSON.stringify(net.toJSON().params),
  tfjsHash: await hashBytes(new Uint8Array(tfjs.weightData)),
};
// Outside browsers: the same network on two threads (trainParallel starts its worker from the
// installed package's own files).
if (typeof document === "undefined") {
  const parallel = await trainParallel(X, Y, architecture, {
    epochs: 100,
    learningRate: 0.1,
    seed: 2,
    threads: 2,
  });
  result.parallelEngine = parallel.engine;
  result.parallelHash = await hashFloats(
    parallel.params.flatMap((layer) => [layer.W.data, layer.b.data]),
  );
}
console.log(`PLAINNET_SMOKE ${JSON.stringify(result)}`);

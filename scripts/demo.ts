// The notebook in a few lines: the seed notebook's forward pass, then a short training run.
// Run with `npm run demo` (Node via tsx).
import { fullForwardPropagation, initLayers, Matrix, parameterCount, train } from "@plainnet/core";

const architecture = [
  { input_dim: 2, output_dim: 4, activation: "relu" },
  { input_dim: 4, output_dim: 6, activation: "relu" },
  { input_dim: 6, output_dim: 6, activation: "relu" },
  { input_dim: 6, output_dim: 4, activation: "relu" },
  { input_dim: 4, output_dim: 1, activation: "sigmoid" },
];
const params = initLayers(architecture, 42);
const { output } = fullForwardPropagation(Matrix.from([[1], [2]]), params, architecture);
console.log(`seed notebook, init_layers(arch, 42), forward([1, 2]) = ${output.get(0, 0)}`);
console.log("NumPy 1.24 gives                              0.49936550483295905");

// XOR, features x samples.
const X = Matrix.from([
  [0, 0, 1, 1],
  [0, 1, 0, 1],
]);
const Y = Matrix.row([0, 1, 1, 0]);
const xorArch = [
  { inputDim: 2, outputDim: 8, activation: "tanh" as const },
  { inputDim: 8, outputDim: 1, activation: "sigmoid" as const },
];
console.log(`\nXOR, 2-8-1 (${parameterCount(xorArch)} parameters), 2000 epochs, learning rate 1:`);
const result = train(X, Y, xorArch, {
  epochs: 2000,
  learningRate: 1,
  callbackEvery: 500,
  verbose: true,
});
const p = fullForwardPropagation(X, result.params, xorArch).output;
console.log(
  `predictions: ${Array.from(p.data, (v) => v.toFixed(3)).join(", ")} (targets 0, 1, 1, 0)`,
);

// Train the notebook's network on data held in mathjs matrices.
// Run: pnpm exec tsx packages/core/examples/mathjs-train.ts

import { fullForwardPropagation, getAccuracyValue, type LayerInput, train } from "@plainnet/core";
import { createMathjsBackend } from "@plainnet/core/mathjs";
import { all, create, type FactoryFunctionMap } from "mathjs";

// Your own mathjs instance (any config); a seeded one makes math.random reproducible.
const math = create(all as FactoryFunctionMap, { randomSeed: "plainnet" });
const backend = createMathjsBackend(math);

// Two interleaving half-circles ("moons") with a little noise, built with mathjs, laid out as
// the notebook does: X is features x samples, Y is 1 x samples.
function moons(n: number) {
  const t = math.multiply(math.random([n]), math.pi) as number[];
  const label = t.map((_, i) => i % 2);
  const noise = () => math.random(-0.2, 0.2);
  const x = t.map((ti, i) => (label[i] === 0 ? math.cos(ti) : 1 - math.cos(ti)) + noise());
  const y = t.map((ti, i) => (label[i] === 0 ? math.sin(ti) : 0.5 - math.sin(ti)) + noise());
  return { X: math.matrix([x, y]), Y: math.matrix([label]) };
}

const data = moons(200);
const test = moons(100);

// The notebook's NN_ARCHITECTURE, in its own spelling.
const NN_ARCHITECTURE: LayerInput[] = [
  { input_dim: 2, output_dim: 25, activation: "relu" },
  { input_dim: 25, output_dim: 50, activation: "relu" },
  { input_dim: 50, output_dim: 50, activation: "relu" },
  { input_dim: 50, output_dim: 25, activation: "relu" },
  { input_dim: 25, output_dim: 1, activation: "sigmoid" },
];

const { params, costHistory } = train(data.X, data.Y, NN_ARCHITECTURE, {
  epochs: 500,
  learningRate: 0.2,
  seed: 2,
  backend,
  verbose: true,
  callbackEvery: 100,
});

// Parameters come back as mathjs matrices; predict on the test set with them.
const { output } = fullForwardPropagation(test.X, params, NN_ARCHITECTURE, { backend });
console.log(`W1 is a ${math.typeOf(params[0]?.W)} of size ${math.format(params[0]?.W.size())}`);
console.log(`final cost ${costHistory.at(-1)?.toFixed(5)} after ${costHistory.length} epochs`);
console.log(`test accuracy ${getAccuracyValue(output, test.Y, { backend }).toFixed(2)}`);

// From the notebook to Network: the notebook's moons experiment with the training API.
// Run: pnpm exec tsx packages/core/examples/network-moons.ts
import { Network } from "@plainnet/core";
import { makeMoons, trainTestSplit } from "@plainnet/datasets";

// The notebook's data: 1000 moons with noise 0.2, 10% held out (scikit-learn's exact points).
const { X, y } = makeMoons({ nSamples: 1000, noise: 0.2, randomState: 100 });
const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { testSize: 0.1, randomState: 42 });

// 1. The notebook's run, as a Network: same layers, init seed 2, full batch, SGD at 0.01.
//    Its costs are the functional `train`'s (and NumPy's) bit for bit.
const notebook = new Network([2, 25, 50, 50, 25, 1], { seed: 2 });
const slow = notebook.fit(XTrain, yTrain, { epochs: 100, learningRate: 0.01 });
console.log(`notebook settings, epoch 0 cost: ${slow.loss[0]}`);
console.log(`notebook settings, epoch 99 cost: ${slow.loss[99]}`);

// 2. The same network with today's defaults: He initialisation, mini-batches of 32, Adam,
//    a seeded 10% validation split and early stopping on the validation loss.
const net = new Network([2, 25, 50, 50, 25, 1], { seed: 2, initializer: "heNormal" });
const history = net.fit(XTrain, yTrain, {
  epochs: 200,
  batchSize: 32,
  optimizer: "adam",
  learningRate: 0.005,
  validationSplit: 0.1,
  earlyStopping: { patience: 10, restoreBestWeights: true },
  dataset: { name: "moons", nSamples: 1000, noise: 0.2, randomState: 100 },
  callbacks: {
    onEpochEnd: (log) => {
      if (log.epoch % 10 === 0) {
        console.log(
          `epoch ${String(log.epoch).padStart(3)}  loss ${log.loss.toFixed(4)}  val_loss ${log.valLoss?.toFixed(4)}  val_acc ${log.valAccuracy?.toFixed(3)}`,
        );
      }
    },
  },
});
console.log(
  `stopped: ${history.stopReason} after ${history.logs.length} epochs (best epoch ${history.bestEpoch})`,
);
const { loss, accuracy } = net.evaluate(XTest, yTest);
console.log(`test loss ${loss.toFixed(4)}, test accuracy ${accuracy}`);

// 3. Save and load: the same predictions, and training would continue exactly.
const text = JSON.stringify(net);
const copy = Network.fromJSON(text);
const same = copy.predict(XTest).every((label, i) => label === net.predict(XTest)[i]);
console.log(`saved ${text.length} characters; reloaded predictions identical: ${same}`);

// 4. A standalone forward pass (no plainnet import needed) for a web page or a server.
const predict = net.toFunction();
const first = XTest.toArray()[0]!;
console.log(
  `toFunction: P(y=1) for ${first.map((v) => v.toFixed(3)).join(", ")} = ${predict(first)[0]!.toFixed(6)}`,
);

// Cross-runtime determinism of Network.fit: the same seeded fits (mini-batches, shuffling,
// Adam / Nesterov momentum, softmax) under Node, Bun and Deno must give the same parameter
// bits. Each check prints `hash <name> <fnv1a-hex>` of its final parameters; scripts/runtimes.mjs
// collects those lines from the three runtimes and fails if they differ. (The hash is only
// compared across runtimes, never against a stored constant.)
import { Network } from "../../src/model/network.ts";
import { RandomState } from "../../src/random.ts";
import type { RuntimeCheck } from "./harness.ts";
import { assert, hashParams as hashLayers } from "./harness.ts";

const hashParams = (net: Network): string => hashLayers(net.params);

/** Two interleaved noisy arcs (moons-like) and three angular sectors, drawn from RandomState. */
function data(seed: number, n: number): { X: number[][]; y2: number[]; y3: number[] } {
  const rng = new RandomState(seed);
  const X: number[][] = [];
  const y2: number[] = [];
  const y3: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.uniform(-1.5, 1.5);
    const b = rng.uniform(-1.5, 1.5) + 0.1 * rng.randn();
    X.push([a, b]);
    y2.push(b > 0.5 * a * a - 0.5 ? 1 : 0);
    y3.push(a + b > 0.4 ? 0 : a - b > 0.4 ? 1 : 2);
  }
  return { X, y2, y3 };
}

function report(name: string, net: Network): void {
  console.log(`hash ${name} ${hashParams(net)}`);
}

export const checks: RuntimeCheck[] = [
  {
    name: "network: Adam, mini-batches, shuffle, sigmoid output",
    run(): void {
      const { X, y2 } = data(11, 240);
      const net = new Network([2, 16, 16, 1], { seed: 5 });
      const h = net.fit(X, y2, {
        epochs: 25,
        batchSize: 16,
        optimizer: "adam",
        learningRate: 0.01,
        validationSplit: 0.2,
      });
      assert(h.loss.every(Number.isFinite), "loss not finite");
      assert(
        h.loss.at(-1)! < h.loss[0]!,
        `loss did not decrease: ${h.loss[0]} -> ${h.loss.at(-1)}`,
      );
      const copy = Network.fromJSON(JSON.stringify(net));
      assert(hashParams(copy) === hashParams(net), "save/load changed the parameters");
      report("network-adam-sigmoid", net);
    },
  },
  {
    name: "network: Nesterov momentum, step schedule, He init, softmax output, save/load mid-way",
    run(): void {
      const { X, y3 } = data(12, 180);
      const options = {
        batchSize: 20,
        optimizer: { type: "sgd" as const, momentum: 0.9, nesterov: true },
        learningRate: 0.05,
        learningRateSchedule: { type: "step" as const, stepSize: 5, gamma: 0.5 },
      };
      const first = new Network([2, 12, 3], {
        seed: 6,
        activation: "tanh",
        initializer: "heNormal",
      });
      first.fit(X, y3, { ...options, epochs: 8 });
      const resumed = Network.fromJSON(JSON.stringify(first));
      resumed.fit(X, y3, { ...options, epochs: 7 });
      const straight = new Network([2, 12, 3], {
        seed: 6,
        activation: "tanh",
        initializer: "heNormal",
      });
      straight.fit(X, y3, { ...options, epochs: 15 });
      assert(
        hashParams(resumed) === hashParams(straight),
        "resume after save/load differs from a straight run",
      );
      report("network-nesterov-softmax", straight);
    },
  },
  {
    name: "network: float32, scale standard, string labels, 10 epochs + save/load + 10 = 20 (21.5)",
    run(): void {
      const { X, y2 } = data(13, 160);
      const raw = X.map(([a, b]) => [1000 + 300 * a!, 0.01 * b!]);
      const y = y2.map((v) => (v === 1 ? "inner" : "outer"));
      const options = {
        batchSize: 16,
        optimizer: "adam" as const,
        learningRate: 0.01,
        warn: false as const,
      };
      const make = (): Network<string> =>
        new Network<string>([2, 12, 1], { seed: 7, dtype: "float32", scale: "standard" });
      const first = make();
      first.fit(raw, y, { ...options, epochs: 10 });
      const resumed = Network.fromJSON<string>(JSON.stringify(first));
      assert(resumed.dtype === "float32", `dtype after load: ${resumed.dtype}`);
      resumed.fit(raw, y, { ...options, epochs: 10 });
      const straight = make();
      straight.fit(raw, y, { ...options, epochs: 20 });
      assert(
        hashLayers(resumed.params) === hashLayers(straight.params),
        "float32 resume after save/load differs from a straight run",
      );
      const predicted = resumed.predict(raw);
      assert(
        predicted.every((p) => p === "inner" || p === "outer"),
        "predict did not return the class strings",
      );
      report("network-float32-scaled-labels", straight as unknown as Network);
    },
  },
];

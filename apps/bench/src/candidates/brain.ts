// brain.js 2.0.0-beta.24's NeuralNetwork, run as it is: it updates the weights after every
// sample (online SGD, with momentum), minimises the squared error and uses one activation for
// every layer, the output included (its default, sigmoid). Its timings are per pass over the
// data set, but its results are not comparable with the notebook's: the check asks for a finite
// loss that decreases and, on workloads with a known bound (wide), for the accuracy and loss a
// working network reaches; elsewhere its rows are labelled unchecked.
import { createRequire } from "node:module";
import { join } from "node:path";
import { bceLoss } from "../checks.ts";
import { BENCH_DIR } from "../runtime.ts";
import { measure } from "../sampler.ts";
import type { CandidateRun } from "../types.ts";
import type { Candidate, JobContext } from "./candidate.ts";

const require = createRequire(join(BENCH_DIR, "package.json"));

interface Datum {
  input: number[];
  output: number[];
}

interface BrainNet {
  sizes: number[];
  weights: Float32Array[][];
  biases: Float32Array[];
  initialize(): void;
  train(data: Datum[], options: Record<string, unknown>): { iterations: number; error: number };
  run(input: number[]): Float32Array | number[];
}

interface Brain {
  NeuralNetwork: new (options: Record<string, unknown>) => BrainNet;
}

const VERSION = "brain.js 2.0.0-beta.24";

function load(): { brain: Brain; version: string } {
  const brain = require("brain.js") as Brain;
  let version = VERSION;
  try {
    const pkg = require("brain.js/package.json") as { version: string };
    version = `brain.js ${pkg.version}`;
  } catch {
    // The package's exports may hide package.json; keep the pinned version.
  }
  return { brain, version };
}

function columnsToData(X: { data: Float64Array; rows: number; cols: number }): number[][] {
  const out: number[][] = [];
  for (let j = 0; j < X.cols; j++) {
    const v: number[] = new Array(X.rows);
    for (let i = 0; i < X.rows; i++) v[i] = X.data[i * X.cols + j] as number;
    out.push(v);
  }
  return out;
}

async function run(job: JobContext): Promise<CandidateRun> {
  const { brain, version } = load();
  const data = job.train ?? job.predict;
  if (!data) throw new RangeError(`brain.js candidate: workload ${job.spec.id} has no data`);
  const sizes = [data.architecture[0]?.inputDim ?? 0, ...data.architecture.map((l) => l.outputDim)];
  const net = new brain.NeuralNetwork({
    hiddenLayers: sizes.slice(1, -1),
    activation: "sigmoid",
  });
  net.sizes = sizes;
  net.initialize();
  // Start from plainnet's initial parameters (brain.js's layer l+1 is plainnet's layer l).
  const params = job.train ? job.train.initialParams : (job.predict?.params ?? []);
  params.forEach((p, l) => {
    for (let o = 0; o < p.W.rows; o++) {
      net.weights[l + 1]![o] = Float32Array.from(
        p.W.data.subarray(o * p.W.cols, (o + 1) * p.W.cols),
      );
    }
    net.biases[l + 1] = Float32Array.from(p.b.data);
  });
  const inputs = columnsToData(data.X);
  const predictAll = (): number[] => inputs.map((x) => Number(net.run(x)[0]));
  const notes = [
    "per-sample updates (online SGD), squared error, sigmoid in every layer: not the notebook's algorithm",
  ];
  if (job.train) {
    const labels = Array.from(job.train.Y.data);
    const train: Datum[] = inputs.map((input, j) => ({ input, output: [labels[j] as number] }));
    // Per-sample updates leave the weights tuned to the last samples of a pass, so the loss
    // right after the first pass can exceed the initial one; "decreasing" is therefore
    // checked from the end of the warm-up on.
    let initial = Number.NaN;
    let epochsRun = 0;
    const meas = await measure(
      job.plan,
      (epochs) => {
        const r = net.train(train, {
          iterations: epochs,
          learningRate: job.spec.learningRate,
          // brain.js refuses 0 for these two; tiny values switch them off in effect.
          momentum: 1e-12,
          errorThresh: 1e-12,
          log: false,
        });
        epochsRun += r.iterations;
      },
      () => {
        initial = bceLoss(predictAll(), labels);
      },
    );
    if ("skipped" in meas)
      return { samplesMs: [], precision: "float32", version, skipped: meas.skipped };
    const finalOutputs = predictAll();
    return {
      samplesMs: meas.samplesMs,
      precision: "float32",
      version,
      ownLoss: {
        initial,
        final: bceLoss(finalOutputs, labels),
        accuracy:
          finalOutputs.filter((p, j) => (p > 0.5 ? 1 : 0) === labels[j]).length / labels.length,
        epochs: epochsRun,
      },
      notes,
    };
  }
  let out: number[] = [];
  const meas = await measure(job.plan, (passes) => {
    for (let p = 0; p < passes; p++) out = predictAll();
  });
  if ("skipped" in meas)
    return { samplesMs: [], precision: "float32", version, skipped: meas.skipped };
  return { samplesMs: meas.samplesMs, precision: "float32", version, outputs: out, notes };
}

/**
 * The brain.js candidate.
 *
 * @example
 * ```ts
 * brainCandidate.label; // "brain.js (per-sample)"
 * ```
 */
export const brainCandidate: Candidate = {
  id: "brainjs",
  label: "brain.js (per-sample)",
  plainnet: false,
  kinds: ["train", "predict"],
  async available() {
    try {
      load();
      return null;
    } catch (e) {
      return e instanceof Error ? (e.message.split("\n")[0] ?? String(e)) : String(e);
    }
  },
  run,
};

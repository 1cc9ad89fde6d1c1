// Data-parallel training (trainParallel / ParallelTrainer) under Node (tsx), Bun and Deno:
// workers start from the TypeScript sources in every runtime, an epoch's cost is the
// single-thread engine's bit for bit for the same parameters, whole runs stay within rounding of
// the single-thread run, a run is reproducible, and its parameter hash (printed as
// `hash <name> <hex>`) is the same under every runtime.
import type { LayerInput } from "../../src/architecture.ts";
import { TrainingDivergedError } from "../../src/errors.ts";
import { Matrix } from "../../src/matrix.ts";
import { train } from "../../src/notebook/train.ts";
import { trainParallel } from "../../src/notebook/train-parallel.ts";
import type { RuntimeCheck } from "./harness.ts";
import { assert, hashParams, moonsLike } from "./harness.ts";

const arch: LayerInput[] = [
  { inputDim: 2, outputDim: 25, activation: "relu" },
  { inputDim: 25, outputDim: 50, activation: "relu" },
  { inputDim: 50, outputDim: 50, activation: "relu" },
  { inputDim: 50, outputDim: 25, activation: "relu" },
  { inputDim: 25, outputDim: 1, activation: "sigmoid" },
];

export const checks: RuntimeCheck[] = [
  {
    name: "parallel: softmax + categorical cross-entropy on 2 and 3 threads (cost terms sent)",
    async run(): Promise<void> {
      const [X, Y1] = moonsLike(37, 300);
      // Two classes as two one-hot rows.
      const Y = new Matrix(2, 300);
      for (let j = 0; j < 300; j++) Y.data[(Y1.data[j] === 1 ? 1 : 0) * 300 + j] = 1;
      const layers: LayerInput[] = [
        { inputDim: 2, outputDim: 16, activation: "relu" },
        { inputDim: 16, outputDim: 2, activation: "softmax" },
      ];
      const options = {
        epochs: 40,
        learningRate: 0.1,
        seed: 4,
        loss: "categoricalCrossEntropy",
      } as const;
      const single = train(X, Y, layers, options);
      const reference = train(X, Y, layers, { ...options, engine: "reference" });
      assert(
        single.costHistory.every((c, e) => Object.is(c, reference.costHistory[e])),
        "one-thread softmax costs differ from the reference path",
      );
      for (const threads of [2, 3]) {
        const a = await trainParallel(X, Y, layers, { ...options, threads });
        assert(
          a.costHistory[0] === single.costHistory[0],
          `softmax x${threads}: epoch 0 cost ${a.costHistory[0]} != ${single.costHistory[0]}`,
        );
        let worst = 0;
        a.costHistory.forEach((c, e) => {
          worst = Math.max(worst, Math.abs(c - single.costHistory[e]!) / single.costHistory[e]!);
        });
        assert(worst < 1e-12, `softmax x${threads}: costs drift ${worst} from one thread`);
      }
      assert(single.costHistory.at(-1)! < single.costHistory[0]!, "softmax: cost did not fall");
    },
  },
  {
    name: "parallel: 2, 3 and 4 threads match the single-thread engine, reproducibly",
    async run(): Promise<void> {
      const [X, Y] = moonsLike(31, 451);
      const options = { epochs: 80, learningRate: 0.05, seed: 2 };
      const single = train(X, Y, arch, options);
      // 2 and 4 threads: shards on the cost's sum tree (sums sent); 3: equal shards (terms sent).
      for (const threads of [2, 3, 4]) {
        const a = await trainParallel(X, Y, arch, { ...options, threads });
        const b = await trainParallel(X, Y, arch, { ...options, threads });
        assert(a.engine.endsWith(`x${threads} threads`), `engine: ${a.engine}`);
        assert(
          a.costHistory[0] === single.costHistory[0],
          `epoch 0 cost ${a.costHistory[0]} != ${single.costHistory[0]}`,
        );
        let worst = 0;
        a.costHistory.forEach((c, e) => {
          worst = Math.max(worst, Math.abs(c - single.costHistory[e]!) / single.costHistory[e]!);
        });
        assert(worst < 1e-12, `${threads} threads: costs drift ${worst} from one thread`);
        assert(
          single.costHistory.at(-1)! < single.costHistory[0]!,
          "training did not lower the cost",
        );
        assert(
          hashParams(a.params) === hashParams(b.params),
          `${threads} threads: two runs differ`,
        );
        console.log(`hash parallel-x${threads} ${hashParams(a.params)}`);
      }
    },
  },
  {
    name: "parallel: a diverging run stops with the single-thread engine's TrainingDivergedError",
    async run(): Promise<void> {
      // Inputs of 3e154 and 1e155 (learning rate 1e-300): the first epoch's gradients pass
      // 2^1000, where the reduction's quick all-finite test hands over to the per-layer sums;
      // at 3e154 every layer's sum is still finite (the cost overflows an epoch later), at 1e155
      // layer 0's is not.
      const layers: LayerInput[] = [
        { inputDim: 2, outputDim: 3, activation: "linear" },
        { inputDim: 3, outputDim: 1, activation: "linear" },
      ];
      const options = { epochs: 50, learningRate: 1e-300, loss: "mse" as const, seed: 3 };
      const caught = async (f: () => unknown): Promise<TrainingDivergedError> => {
        try {
          await f();
        } catch (e) {
          assert(e instanceof TrainingDivergedError, `threw ${String(e)}`);
          return e as TrainingDivergedError;
        }
        throw new Error("training did not diverge");
      };
      const seen: string[] = [];
      for (const scale of [3e154, 1e155]) {
        const X = Matrix.from([
          [scale, -scale, scale, 0.3 * scale],
          [scale, scale, -scale, -0.2 * scale],
        ]);
        const Y = Matrix.row([1, 0, 1, 0]);
        const one = await caught(() => train(X, Y, layers, options));
        const two = await caught(() => trainParallel(X, Y, layers, { ...options, threads: 2 }));
        const text = (e: TrainingDivergedError): string =>
          `epoch ${e.epoch} layer ${e.layer} ${e.quantity}`;
        assert(text(one) === text(two), `${scale}: one thread ${text(one)}; two: ${text(two)}`);
        seen.push(text(one));
      }
      assert(
        seen[0] === "epoch 1 layer -1 cost" && seen[1] === "epoch 0 layer 0 gradient",
        `expected a cost and a gradient divergence, saw ${seen.join(", ")}`,
      );
    },
  },
  {
    name: "parallel: float32 on 2 threads stays within 1e-5 of float64",
    async run(): Promise<void> {
      const [X, Y] = moonsLike(32, 300);
      const options = { epochs: 60, learningRate: 0.05, seed: 2 };
      const f64 = train(X, Y, arch, options);
      const f32 = await trainParallel(X, Y, arch, { ...options, dtype: "float32", threads: 2 });
      let worst = 0;
      f32.costHistory.forEach((c, e) => {
        worst = Math.max(worst, Math.abs(c - f64.costHistory[e]!) / f64.costHistory[e]!);
      });
      assert(worst < 1e-5 && worst > 0, `float32 drift ${worst}`);
      console.log(`hash parallel-f32-x2 ${hashParams(f32.params)}`);
    },
  },
];

/** Parameters as their float64 bits, in order (a string, to compare runs). */
function paramBits(params: readonly { W: Matrix; b: Matrix }[]): string {
  const values = Float64Array.from(params.flatMap((p) => [...p.W.data, ...p.b.data]));
  return Array.from(new Uint32Array(values.buffer)).join(",");
}

checks.push({
  name: "parallel: absurd learning rates stop with TrainingDivergedError, keeping the last healthy epoch",
  async run(): Promise<void> {
    const [X, Y] = moonsLike(41, 300);
    for (const [output, loss, reason] of [
      ["sigmoid", "binaryCrossEntropy", "saturated-output"],
      ["sigmoid", "meanSquaredError", "saturated-output"],
      ["linear", "meanSquaredError", "exploding-loss"],
    ] as const) {
      const layers: LayerInput[] = [...arch.slice(0, -1), { ...arch.at(-1)!, activation: output }];
      const options = { epochs: 30, learningRate: 1e8, loss, seed: 2, threads: 2 };
      let error: unknown;
      try {
        await trainParallel(X, Y, layers, options);
      } catch (e) {
        error = e;
      }
      assert(error instanceof TrainingDivergedError, `${output} + ${loss}: threw ${String(error)}`);
      const e = error as TrainingDivergedError;
      assert(
        e.epoch === 1 && e.reason === reason && e.resumeEpoch === 0,
        `${output} + ${loss}: epoch ${e.epoch}, reason ${e.reason}, resumeEpoch ${e.resumeEpoch}`,
      );
      const good = await trainParallel(X, Y, layers, { ...options, epochs: e.resumeEpoch });
      assert(
        paramBits(e.lastGoodParams as { W: Matrix; b: Matrix }[]) === paramBits(good.params),
        `${output} + ${loss}: the kept parameters are not those of epoch ${e.resumeEpoch}`,
      );
    }
  },
});

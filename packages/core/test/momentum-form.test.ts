// Sgd's momentumForm "sklearn" against scikit-learn (fixtures/momentum.json, written by
// scripts/gen-momentum-fixture.py): sklearn's own SGDOptimizer bit for bit, and a whole
// MLPClassifier(solver="sgd", learning_rate="invscaling", momentum=0.9) trajectory.
import { describe, expect, it } from "vitest";
import fixtureJson from "../../../fixtures/momentum.json" with { type: "json" };
import { scheduledLearningRate } from "../src/engine.ts";
import {
  createOptimizer,
  fullBackwardPropagation,
  fullForwardPropagation,
  getLoss,
  type LearningRateSchedule,
  Matrix,
  Network,
  type Params,
  Sgd,
  typedArrayBackend,
} from "../src/index.ts";

interface OptimizerCase {
  nesterov: boolean;
  n_samples: number;
  initial: [number[][], number[]];
  steps: { learning_rate: number; grads: [number[][], number[]]; params: [number[][], number[]] }[];
}
interface MlpState {
  coefs: number[][][];
  intercepts: number[][];
}
const fx = fixtureJson as unknown as {
  learning_rate_init: number;
  power_t: number;
  momentum: number;
  epochs: number;
  optimizer: OptimizerCase[];
  mlp: {
    X: number[][];
    y: number[];
    hidden: number;
    initial: MlpState;
    trajectory: (MlpState & { epoch: number; loss_curve: number[] })[];
  };
};
const schedule: LearningRateSchedule = { type: "inverseScaling", powerT: fx.power_t };

/** sklearn's (W: fan_in x fan_out, b) pair as one plainnet layer (W: out x in, b: out x 1). */
const layer = (W: number[][], b: number[]) => ({
  W: Matrix.from(W).transpose(),
  b: Matrix.from(b.map((v) => [v])),
});
const bits = (m: Matrix): number[] => Array.from(m.data);

describe('Sgd({ momentumForm: "sklearn" }) equals scikit-learn\'s SGDOptimizer bit for bit', () => {
  for (const c of fx.optimizer) {
    it(`invscaling, momentum ${fx.momentum}, nesterov ${c.nesterov}`, () => {
      const opt = new Sgd({
        learningRate: fx.learning_rate_init,
        momentum: fx.momentum,
        nesterov: c.nesterov,
        momentumForm: "sklearn",
      });
      let params: Params = [{ W: Matrix.from(c.initial[0]), b: Matrix.row(c.initial[1]) }];
      c.steps.forEach((step, k) => {
        const lr = scheduledLearningRate(schedule, fx.learning_rate_init, {
          epoch: k,
          samplesSeen: k * c.n_samples,
        });
        expect(lr).toBe(step.learning_rate);
        opt.learningRate = lr;
        params = opt.step(params, [
          { dW: Matrix.from(step.grads[0]), db: Matrix.row(step.grads[1]) },
        ]);
        expect(bits(params[0]!.W)).toEqual(step.params[0].flat());
        expect(bits(params[0]!.b)).toEqual(step.params[1]);
      });
    });
  }
  it("agrees with PyTorch's form while the learning rate is constant, not under a schedule", () => {
    const c = fx.optimizer[0]!;
    const run = (form: "pytorch" | "sklearn", scheduled: boolean): number[] => {
      const opt = new Sgd({ learningRate: 0.3, momentum: 0.9, momentumForm: form });
      let params: Params = [{ W: Matrix.from(c.initial[0]), b: Matrix.row(c.initial[1]) }];
      c.steps.forEach((step, k) => {
        if (scheduled) {
          opt.learningRate = scheduledLearningRate(schedule, 0.3, {
            epoch: k,
            samplesSeen: k * c.n_samples,
          });
        }
        params = opt.step(params, [
          { dW: Matrix.from(step.grads[0]), db: Matrix.row(step.grads[1]) },
        ]);
      });
      return bits(params[0]!.W);
    };
    const gap = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
    expect(gap(run("pytorch", false), run("sklearn", false))).toBeLessThan(1e-14);
    expect(gap(run("pytorch", true), run("sklearn", true))).toBeGreaterThan(1e-2);
  });
});

describe("an MLPClassifier(solver='sgd', learning_rate='invscaling', momentum=0.9) trajectory", () => {
  const { X, y, hidden, initial, trajectory } = fx.mlp;
  const arch = [
    { inputDim: 2, outputDim: hidden, activation: "relu" },
    { inputDim: hidden, outputDim: 1, activation: "sigmoid" },
  ] as const;
  const Xt = Matrix.from(X).transpose();
  const Y = Matrix.row(y);
  const n = X.length;
  const train = (form: "pytorch" | "sklearn") => {
    const opt = createOptimizer({
      type: "sgd",
      learningRate: fx.learning_rate_init,
      momentum: fx.momentum,
      momentumForm: form,
    });
    let params: Params = initial.coefs.map((W, i) => layer(W, initial.intercepts[i]!));
    const out: { params: Params; loss: number }[] = [];
    for (let k = 0; k < fx.epochs; k++) {
      opt.learningRate = scheduledLearningRate(schedule, fx.learning_rate_init, {
        epoch: k,
        samplesSeen: k * n,
      });
      const { output, memory } = fullForwardPropagation(Xt, params, arch);
      const loss = getLoss("binaryCrossEntropy").cost(typedArrayBackend, output, Y);
      const grads = fullBackwardPropagation(output, Y, memory, params, arch);
      params = opt.step(params, grads);
      out.push({ params, loss });
    }
    return out;
  };
  const worst = (params: Params, ref: MlpState): number => {
    let w = 0;
    params.forEach((p, i) => {
      const r = layer(ref.coefs[i]!, ref.intercepts[i]!);
      for (const [a, b] of [
        [p.W, r.W],
        [p.b, r.b],
      ] as const) {
        a.data.forEach((v, j) => {
          w = Math.max(w, Math.abs(v - b.data[j]!));
        });
      }
    });
    return w;
  };

  it('momentumForm "sklearn" follows it epoch by epoch (weights to 1e-12, loss to 1e-12)', () => {
    const run = train("sklearn");
    trajectory.forEach((ref, k) => {
      expect(worst(run[k]!.params, ref)).toBeLessThan(1e-12);
      expect(Math.abs(run[k]!.loss - ref.loss_curve[k]!)).toBeLessThan(1e-12);
    });
  });
  it("PyTorch's form (the default) leaves it after the first epoch", () => {
    const run = train("pytorch");
    expect(worst(run[0]!.params, trajectory[0]!)).toBeLessThan(1e-12);
    expect(worst(run[fx.epochs - 1]!.params, trajectory[fx.epochs - 1]!)).toBeGreaterThan(1e-3);
  });
});

describe("momentumForm settings", () => {
  it("is saved in config() only when it is not the default, and validated", () => {
    expect(new Sgd({ momentum: 0.9, momentumForm: "sklearn" }).config()).toEqual({
      type: "sgd",
      learningRate: 0.01,
      momentum: 0.9,
      nesterov: false,
      weightDecay: 0,
      momentumForm: "sklearn",
    });
    expect("momentumForm" in new Sgd({ momentum: 0.9 }).config()).toBe(false);
    expect(() => new Sgd({ momentumForm: "keras" as never })).toThrow(
      /Sgd: momentumForm must be "pytorch" or "sklearn", got "keras"/,
    );
  });
  it("survives a Network's toJSON / fromJSON", () => {
    const net = new Network([2, 3, 1], { seed: 3 });
    net.fit(
      [
        [0, 1],
        [1, 0],
        [1, 1],
        [0, 0],
      ],
      [1, 1, 0, 0],
      {
        epochs: 3,
        optimizer: { type: "sgd", momentum: 0.9, momentumForm: "sklearn" },
        learningRateSchedule: "inverseScaling",
        warn: false,
      },
    );
    expect(net.optimizer?.config()).toMatchObject({ momentumForm: "sklearn" });
    const back = Network.fromJSON(JSON.parse(JSON.stringify(net)));
    expect(back.optimizer?.config()).toEqual(net.optimizer?.config());
  });
});

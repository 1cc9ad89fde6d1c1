// Optimisers against hand computation: each update rule written out here from its formula
// (Kingma & Ba for Adam, PyTorch's SGD momentum/Nesterov, Hinton's RMSProp), on plain numbers.
import { describe, expect, it } from "vitest";
import { normalizeSchedule, powInt, scheduledLearningRate } from "../src/engine.ts";
import {
  Adam,
  createOptimizer,
  Matrix,
  Network,
  type Params,
  RmsProp,
  Sgd,
  update,
} from "../src/index.ts";

const W0 = [0.3, -0.2, 0.5, 0.1, -0.4, 0.25];
const b0 = [0.05, -0.1];
const G1 = { dW: [0.1, -0.3, 0.02, 0.4, -0.05, 0.2], db: [0.01, -0.2] };
const G2 = { dW: [-0.2, 0.1, 0.3, -0.1, 0.05, 0.0], db: [0.15, 0.05] };

const params = (W: number[], b: number[]): Params => [
  { W: new Matrix(2, 3, Float64Array.from(W)), b: new Matrix(2, 1, Float64Array.from(b)) },
];
const grads = (g: { dW: number[]; db: number[] }) => [
  { dW: new Matrix(2, 3, Float64Array.from(g.dW)), db: new Matrix(2, 1, Float64Array.from(g.db)) },
];
const flat = (p: Params): number[] => [...p[0]!.W.data, ...p[0]!.b.data];

/** Runs a per-element rule over W then b for two steps; `rule(p, g, state, t)` returns [p', state']. */
function byHand<S>(
  rule: (p: number, g: number, s: S | undefined, t: number, isW: boolean) => [number, S],
): number[] {
  let p = [...W0, ...b0];
  let state: (S | undefined)[] = p.map(() => undefined);
  [G1, G2].forEach((G, k) => {
    const g = [...G.dW, ...G.db];
    const next = p.map((pi, i) => rule(pi, g[i]!, state[i], k + 1, i < 6));
    p = next.map((r) => r[0]);
    state = next.map((r) => r[1]);
  });
  return p;
}

function twoSteps(opt: { step(p: Params, g: ReturnType<typeof grads>): Params }): number[] {
  const p1 = opt.step(params(W0, b0), grads(G1));
  return flat(opt.step(p1, grads(G2)));
}

describe("update rules, two steps by formula", () => {
  it("SGD without momentum is the notebook's update", () => {
    const lr = 0.1;
    const expected = flat(update(update(params(W0, b0), grads(G1), lr), grads(G2), lr));
    expect(twoSteps(new Sgd({ learningRate: lr }))).toEqual(expected);
    expect(byHand<number>((p, g) => [p - lr * g, 0])).toEqual(expected);
  });

  it("SGD momentum: v ← μv + g, p ← p − lr·v", () => {
    const lr = 0.1;
    const mu = 0.9;
    const expected = byHand<number>((p, g, v = 0) => {
      const v2 = mu * v + g;
      return [p - lr * v2, v2];
    });
    expect(twoSteps(new Sgd({ learningRate: lr, momentum: mu }))).toEqual(expected);
    // second step differs from plain SGD by exactly the momentum term (sanity of the reference)
    expect(expected[0]).toBeCloseTo(
      W0[0]! - lr * G1.dW[0]! - lr * (mu * G1.dW[0]! + G2.dW[0]!),
      15,
    );
  });

  it("SGD Nesterov: v ← μv + g, p ← p − lr·(g + μv)", () => {
    const lr = 0.05;
    const mu = 0.8;
    const expected = byHand<number>((p, g, v = 0) => {
      const v2 = mu * v + g;
      return [p - lr * (g + mu * v2), v2];
    });
    expect(twoSteps(new Sgd({ learningRate: lr, momentum: mu, nesterov: true }))).toEqual(expected);
  });

  it("Adam: bias-corrected moments, p ← p − lr·m̂/(√v̂ + ε)", () => {
    const lr = 0.01;
    const [b1, b2, eps] = [0.9, 0.999, 1e-8];
    const expected = byHand<[number, number]>((p, g, s = [0, 0], t) => {
      const m = b1 * s[0] + (1 - b1) * g;
      const v = b2 * s[1] + (1 - b2) * g * g;
      const b1t = t === 1 ? b1 : b1 * b1;
      const b2t = t === 1 ? b2 : b2 * b2;
      return [p - (lr * (m / (1 - b1t))) / (Math.sqrt(v / (1 - b2t)) + eps), [m, v]];
    });
    expect(twoSteps(new Adam({ learningRate: lr }))).toEqual(expected);
    // Adam's first step moves every parameter by ≈ lr·sign(g), a property of the formula.
    const one = flat(new Adam({ learningRate: lr }).step(params(W0, b0), grads(G1)));
    one.forEach((v, i) => {
      const g = [...G1.dW, ...G1.db][i]!;
      expect(v - [...W0, ...b0][i]!).toBeCloseTo(-lr * Math.sign(g), 6);
    });
  });

  it("RMSProp: s ← ρs + (1−ρ)g², p ← p − lr·g/(√s + ε)", () => {
    const lr = 0.01;
    const rho = 0.9;
    const expected = byHand<number>((p, g, s = 0) => {
      const s2 = rho * s + (1 - rho) * g * g;
      return [p - (lr * g) / (Math.sqrt(s2) + 1e-8), s2];
    });
    expect(twoSteps(new RmsProp({ learningRate: lr, rho }))).toEqual(expected);
  });

  it("L2 weight decay adds λ·W to the weight gradients only", () => {
    const lr = 0.1;
    const wd = 0.01;
    const expected = byHand<number>((p, g, _s, _t, isW) => [p - lr * (isW ? wd * p + g : g), 0]);
    expect(twoSteps(new Sgd({ learningRate: lr, weightDecay: wd }))).toEqual(expected);
  });

  it("optimiser state round-trips: step, save, restore into a new optimiser, step = two steps", () => {
    for (const make of [
      () => new Adam({ learningRate: 0.02 }),
      () => new Sgd({ momentum: 0.9, nesterov: true }),
      () => new RmsProp(),
    ]) {
      const a = make();
      const p1 = a.step(params(W0, b0), grads(G1));
      const b = make();
      b.setState(a.getState());
      expect(b.iterations).toBe(1);
      expect(flat(b.step(p1, grads(G2)))).toEqual(flat(a.step(p1, grads(G2))));
    }
  });

  it("step is pure with respect to its arguments", () => {
    const p = params(W0, b0);
    const g = grads(G1);
    new Adam().step(p, g);
    expect(Array.from(p[0]!.W.data)).toEqual(W0);
    expect(Array.from(g[0]!.dW.data)).toEqual(G1.dW);
  });
});

describe("Adam on a tiny network, through Network.fit", () => {
  it("two full-batch epochs equal the hand-computed gradients and Adam steps", () => {
    // One sigmoid unit, two samples: with BCE, dZ = a − y, dW = dZ·Xᵀ/m, db = mean(dZ).
    const X = [
      [0.5, -1],
      [1.5, 0.25],
    ];
    const y = [1, 0];
    const net = new Network([{ inputDim: 2, outputDim: 1, activation: "sigmoid" }], { seed: 3 });
    const start = net.params[0]!;
    let w = Array.from(start.W.data);
    let b = start.b.data[0]!;
    const lr = 0.1;
    const [b1, b2, eps] = [0.9, 0.999, 1e-8];
    let m = [0, 0, 0];
    let v = [0, 0, 0];
    for (let t = 1; t <= 2; t++) {
      const dZ = X.map((x, i) => 1 / (1 + Math.exp(-(w[0]! * x[0]! + w[1]! * x[1]! + b))) - y[i]!);
      const g = [
        (dZ[0]! * X[0]![0]! + dZ[1]! * X[1]![0]!) / 2,
        (dZ[0]! * X[0]![1]! + dZ[1]! * X[1]![1]!) / 2,
        (dZ[0]! + dZ[1]!) / 2,
      ];
      m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]!);
      v = v.map((vi, i) => b2 * vi + (1 - b2) * g[i]! * g[i]!);
      const step = m.map(
        (mi, i) => (lr * (mi / (1 - b1 ** t))) / (Math.sqrt(v[i]! / (1 - b2 ** t)) + eps),
      );
      w = [w[0]! - step[0]!, w[1]! - step[1]!];
      b -= step[2]!;
    }
    net.fit(X, y, { epochs: 2, optimizer: "adam", learningRate: lr });
    const p = net.params[0]!;
    expect(p.W.data[0]).toBeCloseTo(w[0]!, 12);
    expect(p.W.data[1]).toBeCloseTo(w[1]!, 12);
    expect(p.b.data[0]).toBeCloseTo(b, 12);
    expect(net.optimizer!.iterations).toBe(2);
  });
});

describe("schedules", () => {
  it("step, exponential and inverse scaling follow their formulas", () => {
    const step = normalizeSchedule({ type: "step", stepSize: 3 });
    expect(step).toEqual({ type: "step", stepSize: 3, gamma: 0.1 });
    expect(
      [0, 2, 3, 5, 6].map((epoch) => scheduledLearningRate(step, 1, { epoch, samplesSeen: 0 })),
    ).toEqual([1, 1, 0.1, 0.1, 0.1 * 0.1]);
    const exp = normalizeSchedule({ type: "exponential", gamma: 0.5 });
    expect(scheduledLearningRate(exp, 0.8, { epoch: 3, samplesSeen: 0 })).toBe(0.1);
    const inv = normalizeSchedule("inverseScaling");
    expect(inv).toEqual({ type: "inverseScaling", powerT: 0.5 });
    expect(scheduledLearningRate(inv, 0.3, { epoch: 9, samplesSeen: 99 })).toBe(0.3 / 10);
    const inv2 = normalizeSchedule({ type: "inverseScaling", powerT: 0.25 });
    expect(scheduledLearningRate(inv2, 1, { epoch: 1, samplesSeen: 15 })).toBeCloseTo(0.5, 15);
    expect(scheduledLearningRate({ type: "constant" }, 0.7, { epoch: 100, samplesSeen: 5 })).toBe(
      0.7,
    );
  });

  it("powInt is square-and-multiply: exact for exactly representable results", () => {
    expect(powInt(2, 10)).toBe(1024);
    expect(powInt(0.5, 20)).toBe(2 ** -20);
    expect(powInt(0.9, 0)).toBe(1);
    expect(powInt(0.9, 2)).toBe(0.9 * 0.9);
    expect(powInt(0.9, 100)).toBeCloseTo(0.9 ** 100, 15);
    expect(() => powInt(2, 1.5)).toThrow(/non-negative integer/);
  });

  it("powInt keeps IEEE special values: signed zeros, infinities, NaN", () => {
    expect(Object.is(powInt(-0, 3), -0)).toBe(true);
    expect(Object.is(powInt(-0, 2), 0)).toBe(true);
    expect(Object.is(powInt(-0, 1), -0)).toBe(true);
    expect(powInt(-Infinity, 3)).toBe(-Infinity);
    expect(powInt(-Infinity, 4)).toBe(Infinity);
    expect(powInt(Number.NaN, 1)).toBeNaN();
    expect(powInt(Number.NaN, 0)).toBe(1);
    expect(Object.is(powInt(5e-324, 2), 0)).toBe(true);
  });

  it("bad schedules are rejected by name", () => {
    expect(() => normalizeSchedule({ type: "cosine" })).toThrow(/unknown schedule type "cosine"/);
    expect(() => normalizeSchedule({ type: "step" })).toThrow(
      /stepSize must be a positive integer, got undefined/,
    );
    expect(() => normalizeSchedule({ type: "step", stepSize: 2, gama: 0.5 })).toThrow(
      /unknown key "gama"/,
    );
    expect(() => normalizeSchedule({ type: "exponential", gamma: 1.5 })).toThrow(
      /gamma must be a number in \(0, 1\]/,
    );
  });
});

describe("optimiser settings", () => {
  it("createOptimizer fills defaults and validates", () => {
    expect(createOptimizer("adam").config()).toEqual({
      type: "adam",
      learningRate: 0.001,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      weightDecay: 0,
    });
    expect(createOptimizer({ type: "sgd", momentum: 0.5 }).config()).toEqual({
      type: "sgd",
      learningRate: 0.01,
      momentum: 0.5,
      nesterov: false,
      weightDecay: 0,
    });
    expect(() => createOptimizer({ type: "adamw" })).toThrow(/unknown optimizer "adamw"/);
    expect(() => createOptimizer({ type: "adam", beta1: 1 })).toThrow(
      /beta1 must be a finite number >= 0 and < 1, got 1/,
    );
    expect(() => createOptimizer({ type: "sgd", nesterov: true })).toThrow(
      /nesterov needs momentum > 0/,
    );
    expect(() => createOptimizer({ type: "sgd", learningRate: -1 })).toThrow(
      /learningRate must be a finite number > 0, got -1/,
    );
    expect(() => createOptimizer({ type: "rmsprop", beta1: 0.9 } as never)).toThrow(
      /unknown key "beta1" for rmsprop/,
    );
    expect(() => new Adam().step(params(W0, b0), [])).toThrow(
      /params has 1 layers but grads has 0/,
    );
  });
});

// gradCheck's criterion (issue 21, test gaps): |analytic − numeric| <= atol + rtol · max(|a|, |n|)
// with atol = 1e-8 and rtol = 1e-5. Why these values: with h = 1e-5 the central difference is
// itself off by its truncation (h²·f‴/6, ~1e-7 of the gradient at worst here) plus the
// rounding of two costs over 2h (~1e-9 absolute for costs of order 1); measured over the
// networks below, the worst are 1.4e-9 absolute and 1.8e-7 relative, so the tolerances leave a
// margin of about 7x and 50x. A wrong backward pass is off by 1e-3 or more relatively, 100x
// above rtol: the "wrong backward" cases below must all fail.
import { describe, expect, it } from "vitest";
import {
  type Activation,
  type ActivationName,
  activationNames,
  binaryCrossEntropy,
  fullForwardPropagation,
  GRAD_CHECK_ATOL,
  GRAD_CHECK_RTOL,
  gradCheck,
  initLayers,
  type LayerSpec,
  type Loss,
  type LossName,
  leakyRelu,
  Matrix,
  RandomState,
  sigmoid,
  tanh,
  typedArrayBackend,
} from "../src/index.ts";

/** Output activations that fit each loss. */
const outputsFor: Record<LossName, ActivationName[]> = {
  binaryCrossEntropy: ["sigmoid"],
  meanSquaredError: ["sigmoid", "linear", "tanh"],
  categoricalCrossEntropy: ["softmax"],
};
const SEEDS = [1, 2, 3, 4, 5];

/** A random small network and data set: sizes, inputs, targets and weights all from `seed`. */
function problem(
  seed: number,
  hidden: ActivationName | Activation,
  output: ActivationName | Activation,
  loss: LossName,
): { X: Matrix; Y: Matrix; arch: LayerSpec[] } {
  const rng = new RandomState(seed);
  const inputs = 1 + (seed % 3);
  const h1 = 2 + (seed % 4);
  const h2 = 2 + ((seed * 7) % 3);
  const outs =
    loss === "categoricalCrossEntropy" ? 3 : loss === "meanSquaredError" ? 1 + (seed % 2) : 1;
  const m = 5 + seed;
  const X = new Matrix(inputs, m, rng.normal(0, 1, [inputs, m]) as Float64Array);
  const y = new Float64Array(outs * m);
  for (let j = 0; j < m; j++) {
    if (loss === "categoricalCrossEntropy") y[rng.randint(0, outs) * m + j] = 1;
    else if (loss === "binaryCrossEntropy") y[j] = rng.randint(0, 2);
    else for (let o = 0; o < outs; o++) y[o * m + j] = rng.uniform(-0.9, 0.9);
  }
  const arch: LayerSpec[] = [
    { inputDim: inputs, outputDim: h1, activation: hidden },
    { inputDim: h1, outputDim: h2, activation: hidden },
    { inputDim: h2, outputDim: outs, activation: output },
  ];
  return { X, Y: new Matrix(outs, m, y), arch };
}

describe("gradCheck: random small networks, every hidden activation x loss x output", () => {
  const pairs: [ActivationName, LossName, ActivationName][] = [];
  for (const hidden of activationNames) {
    for (const loss of Object.keys(outputsFor) as LossName[]) {
      for (const output of outputsFor[loss]) pairs.push([hidden, loss, output]);
    }
  }

  it.each(pairs)("hidden %s, %s after %s: passes on 5 seeds", (hidden, loss, output) => {
    for (const seed of SEEDS) {
      const { X, Y, arch } = problem(seed, hidden, output, loss);
      const r = gradCheck(X, Y, initLayers(arch, seed, { scale: 0.7 }), arch, { loss });
      const count = arch.reduce((n, l) => n + l.outputDim * (l.inputDim + 1), 0);
      expect(r.checked).toBe(count);
      expect(r.atol).toBe(GRAD_CHECK_ATOL);
      expect(r.rtol).toBe(GRAD_CHECK_RTOL);
      expect(r.passed, `seed ${seed}: worst ${JSON.stringify(r.worst)}`).toBe(true);
      expect(r.maxViolation).toBeLessThanOrEqual(1);
      // Not vacuous: some gradients are far above the absolute tolerance.
      expect(Math.abs(r.worst.analytic) + Math.abs(r.worst.numeric)).toBeGreaterThan(0);
    }
  });
});

describe("gradCheck: a wrong backward pass fails", () => {
  const wrong: [string, Activation, ActivationName | Activation, LossName | Loss][] = [
    [
      "a sigmoid without its (1 − s) factor",
      { name: "sigmoid", forward: sigmoid.forward, backward: (da, z) => da * sigmoid.forward(z) },
      "sigmoid",
      "binaryCrossEntropy",
    ],
    [
      "a leaky ReLU whose backward uses slope 0.02",
      {
        name: "leakyRelu",
        forward: leakyRelu.forward,
        backward: (da, z) => (z > 0 ? da : 0.02 * da),
      },
      "linear",
      "meanSquaredError",
    ],
    [
      "a tanh whose backward has the wrong sign",
      { name: "tanh", forward: tanh.forward, backward: (da, z) => -tanh.backward(da, z) },
      "sigmoid",
      "meanSquaredError",
    ],
    [
      "a tanh whose backward is off by 0.1 %",
      { name: "tanh", forward: tanh.forward, backward: (da, z) => 1.001 * tanh.backward(da, z) },
      "sigmoid",
      "binaryCrossEntropy",
    ],
    [
      "a loss whose gradient is off by 0.1 %",
      { ...tanh },
      "sigmoid",
      {
        ...binaryCrossEntropy,
        gradient: (be, yHat, y) => be.scale(binaryCrossEntropy.gradient(be, yHat, y), 1.001),
        outputDelta: undefined,
      } as Loss,
    ],
  ];

  it.each(wrong)("%s", (_name, hidden, output, loss) => {
    for (const seed of SEEDS) {
      const lossName = typeof loss === "string" ? loss : loss.name;
      const { X, Y, arch } = problem(seed, hidden, output, lossName);
      const params = initLayers(
        arch.map((l) => ({
          ...l,
          activation: typeof l.activation === "string" ? l.activation : l.activation.name,
        })),
        seed,
        { scale: 0.7 },
      );
      const r = gradCheck(X, Y, params, arch, { loss });
      expect(r.passed, `seed ${seed}`).toBe(false);
      expect(r.maxViolation).toBeGreaterThan(1);
    }
  });

  it("an error of 1e-6 on a near-zero gradient fails (atol, not a relative floor, bounds it)", () => {
    const shifted: Activation = {
      name: "linear",
      forward: (z) => z,
      backward: (da) => da + 1e-6,
    };
    const arch: LayerSpec[] = [
      { inputDim: 1, outputDim: 1, activation: shifted },
      { inputDim: 1, outputDim: 1, activation: "sigmoid" },
    ];
    const X = Matrix.row([0.3, -0.2, 0.5]);
    const right: LayerSpec[] = [
      { inputDim: 1, outputDim: 1, activation: "linear" },
      { inputDim: 1, outputDim: 1, activation: "sigmoid" },
    ];
    const params = initLayers(right, 2);
    // Targets equal to the network's own outputs: the cost is at its minimum, every true
    // gradient is 0, and the shifted backward is off by 1e-6 (100x atol) on layer 0's bias.
    const Y = fullForwardPropagation(X, params, right).output as Matrix;
    const r = gradCheck(X, Y, params, arch, { loss: "meanSquaredError" });
    expect(r.passed).toBe(false);
    expect(r.maxAbsoluteError).toBeGreaterThan(50 * GRAD_CHECK_ATOL);
    expect(r.worst).toMatchObject({ layer: 0, param: "b" });
    expect(gradCheck(X, Y, params, right, { loss: "meanSquaredError" }).passed).toBe(true);
    expect(Math.abs(r.worst.numeric)).toBeLessThan(GRAD_CHECK_ATOL);
  });
});

describe("gradCheck: options", () => {
  const arch: LayerSpec[] = [{ inputDim: 2, outputDim: 1, activation: "sigmoid" }];
  const X = Matrix.from([
    [0.5, -1, 2],
    [1, 0.3, -0.4],
  ]);
  const Y = Matrix.row([1, 0, 1]);
  const params = initLayers(arch, 1);

  it("tighter tolerances can fail a right gradient; the verdict follows atol and rtol", () => {
    const loose = gradCheck(X, Y, params, arch);
    expect(loose.passed).toBe(true);
    const tight = gradCheck(X, Y, params, arch, { atol: 1e-20, rtol: 1e-16 });
    expect(tight.passed).toBe(false);
    // The same errors, judged on the other scale.
    expect(tight.maxAbsoluteError).toBe(loose.maxAbsoluteError);
  });

  it("rejects negative, non-finite and all-zero tolerances", () => {
    expect(() => gradCheck(X, Y, params, arch, { atol: -1 })).toThrow(
      "gradCheck: atol must be a finite number >= 0, got -1",
    );
    expect(() => gradCheck(X, Y, params, arch, { rtol: Number.NaN })).toThrow(
      "gradCheck: rtol must be a finite number >= 0, got NaN",
    );
    expect(() => gradCheck(X, Y, params, arch, { atol: 0, rtol: 0 })).toThrow(
      "atol and rtol are both 0",
    );
  });

  it("works on the typed-array backend passed explicitly", () => {
    expect(gradCheck(X, Y, params, arch, { backend: typedArrayBackend }).passed).toBe(true);
  });
});

// Softmax (column-wise) and categorical cross-entropy, checked against their definitions and
// against numerical differentiation.
import { describe, expect, it } from "vitest";
import {
  typedArrayBackend as be,
  categoricalCrossEntropy,
  exp,
  fullBackwardPropagation,
  fullForwardPropagation,
  getActivation,
  getLoss,
  gradCheck,
  initLayers,
  Matrix,
  softmax,
} from "../src/index.ts";

describe("softmaxColumns", () => {
  it("is exp(z − max) / Σ exp(z − max) per column, summed top to bottom", () => {
    const z = Matrix.from([
      [1, -2, 1000, 0.5],
      [2, -2, 999, -0.5],
      [3, -2, -1000, 0.25],
    ]);
    const a = be.softmaxColumns(z);
    for (let j = 0; j < 4; j++) {
      const col = [z.get(0, j), z.get(1, j), z.get(2, j)];
      const m = Math.max(...col);
      const e = col.map((v) => exp(v - m));
      const s = e[0]! + e[1]! + e[2]!;
      for (let i = 0; i < 3; i++) expect(a.get(i, j)).toBe(e[i]! / s);
    }
    expect(a.get(0, 1)).toBe(1 / 3);
    expect(a.get(2, 2)).toBe(0); // e^-2000 underflows: probability exactly 0, no NaN
    expect(Math.abs(a.get(0, 2) + a.get(1, 2) - 1)).toBeLessThan(1e-15);
  });

  it("makes a whole column NaN when it holds a NaN, and leaves the input untouched", () => {
    const z = new Matrix(2, 2, new Float64Array([1, 2, Number.NaN, 3]));
    const a = be.softmaxColumns(z);
    expect(a.get(0, 0)).toBeNaN();
    expect(a.get(1, 0)).toBeNaN();
    expect(a.get(0, 1)).toBeCloseTo(1 / (1 + Math.E), 15);
    expect(z.get(1, 1)).toBe(3);
  });

  it("softmax is resolved by name but is not element-wise", () => {
    expect(getActivation("softmax")).toBe(softmax);
    expect(() => softmax.forward(1)).toThrow(/not element-wise/);
  });
});

describe("categorical cross-entropy", () => {
  it("cost is −1/m Σ y·log ŷ, clipped below at 2^-52", () => {
    const p = Matrix.from([
      [0.7, 0.1],
      [0.2, 0],
      [0.1, 0.9],
    ]);
    const y = Matrix.from([
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    expect(categoricalCrossEntropy.cost(be, p, y)).toBeCloseTo(
      -(Math.log(0.7) + Math.log(2 ** -52)) / 2,
      14,
    );
    expect(getLoss("categorical_crossentropy")).toBe(categoricalCrossEntropy);
    expect(getLoss("cce")).toBe(categoricalCrossEntropy);
  });

  it("with a softmax output, backprop uses dZ = Ŷ − Y", () => {
    const arch = [{ inputDim: 2, outputDim: 3, activation: "softmax" as const }];
    const params = initLayers(arch, 4, { scale: 1 });
    const X = Matrix.from([
      [0.5, -1, 2],
      [1, 0.25, -0.5],
    ]);
    const Y = Matrix.from([
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 0],
    ]);
    const { output, memory } = fullForwardPropagation(X, params, arch);
    const [g] = fullBackwardPropagation(output, Y, memory, params, arch, "cce");
    // dW = (Ŷ − Y)·Xᵀ / m
    for (let i = 0; i < 3; i++) {
      for (let k = 0; k < 2; k++) {
        let s = 0;
        for (let j = 0; j < 3; j++) s += (output.get(i, j) - Y.get(i, j)) * X.get(k, j);
        expect(g!.dW.get(i, k)).toBeCloseTo(s / 3, 15);
      }
    }
  });

  it("gradients agree with central differences (softmax + CCE fused, softmax + MSE via the Jacobian)", () => {
    const arch = [
      { inputDim: 3, outputDim: 5, activation: "tanh" as const },
      { inputDim: 5, outputDim: 4, activation: "softmax" as const },
    ];
    const params = initLayers(arch, 2, { scale: 0.8 });
    const X = Matrix.from([
      [0.1, -0.4, 0.7, 1.2, -0.3],
      [0.5, 0.2, -0.3, 0.05, 0.9],
      [-1, 0.3, 0.6, -0.2, 0.4],
    ]);
    const Y = Matrix.from([
      [1, 0, 0, 0, 0],
      [0, 1, 0, 0, 1],
      [0, 0, 1, 0, 0],
      [0, 0, 0, 1, 0],
    ]);
    expect(gradCheck(X, Y, params, arch, { loss: "cce" }).passed).toBe(true);
    expect(gradCheck(X, Y, params, arch, { loss: "mse" }).passed).toBe(true);
  });
});

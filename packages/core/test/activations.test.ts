import { describe, expect, it } from "vitest";
import { tanhValue } from "../src/engine.ts";
import { activations, exp, getActivation } from "../src/index.ts";

// Points away from ReLU's kink at 0, where the derivative is undefined.
const points = [-3.7, -1.2, -0.31, -0.02, 0.013, 0.4, 0.999, 2.5, 6.1];

describe.each(Object.values(activations))("activation $name", (act) => {
  it("backward matches the central finite difference of forward", () => {
    const h = 1e-6;
    for (const z of points) {
      const numeric = (act.forward(z + h) - act.forward(z - h)) / (2 * h);
      const da = 0.7;
      const analytic = act.backward(da, z);
      expect(Math.abs(analytic - da * numeric)).toBeLessThan(
        1e-7 * Math.max(1, Math.abs(analytic)),
      );
    }
  });

  it("is finite for extreme inputs", () => {
    for (const z of [-1e308, -1000, -710, 710, 1000, 1e308]) {
      expect(Number.isFinite(act.forward(z))).toBe(true);
      expect(Number.isNaN(act.backward(1, z))).toBe(false);
    }
  });

  it("propagates NaN", () => {
    expect(act.forward(Number.NaN)).toBeNaN();
  });
});

describe("activation values", () => {
  it("sigmoid is exactly 0/1 far out and 0.5 at 0", () => {
    expect(activations.sigmoid.forward(0)).toBe(0.5);
    expect(activations.sigmoid.forward(-710)).toBe(1 / (1 + exp(710)));
    expect(activations.sigmoid.forward(-1000)).toBe(0);
    expect(activations.sigmoid.forward(1000)).toBe(1);
  });

  it("relu and its derivative at the kink follow the notebook (0 for z <= 0)", () => {
    expect(activations.relu.forward(-2)).toBe(0);
    expect(activations.relu.forward(3)).toBe(3);
    expect(activations.relu.backward(5, 0)).toBe(0);
    expect(activations.relu.backward(5, 1e-300)).toBe(5);
  });

  it("tanh agrees with the definition (e^2z - 1)/(e^2z + 1) to 2 ulp and is odd", () => {
    for (let z = -25; z <= 25; z += 0.173) {
      const t = tanhValue(z);
      expect(tanhValue(-z)).toBe(-t);
      // Reference from the exact-rational identity in high-ish precision via Math.tanh:
      // engines differ by at most an ulp or two, which this bound allows.
      expect(Math.abs(t - Math.tanh(z))).toBeLessThanOrEqual(
        4 * Number.EPSILON * Math.max(Math.abs(t), 1e-300),
      );
    }
    expect(tanhValue(0)).toBe(0);
    expect(tanhValue(1e-300)).toBe(1e-300);
  });

  it("accepts the notebook's and snake_case names, rejects unknown ones", () => {
    expect(getActivation("leaky_relu").name).toBe("leakyRelu");
    expect(() => getActivation("softplus", "layer 2")).toThrow(
      /layer 2: unknown activation "softplus"; expected one of "relu", "sigmoid", "tanh", "leakyRelu", "linear"/,
    );
  });
});

// Network on the mathjs backend: the same maths through the MatrixBackend contract. mathjs adds
// the terms of a matrix product in another order than the reference, so results agree to
// rounding, not bitwise.
import { describe, expect, it } from "vitest";
import { Network, RandomState } from "../src/index.ts";
import { mathjsBackend } from "../src/mathjs.ts";

const rng = new RandomState(31);
const X: number[][] = [];
const y: number[] = [];
for (let i = 0; i < 60; i++) {
  const a = rng.uniform(-1, 1);
  const b = rng.uniform(-1, 1);
  X.push([a, b]);
  y.push(a + b > 0 ? (a > b ? 0 : 1) : 2);
}

describe("Network on the mathjs backend", () => {
  it("trains, predicts and saves like the typed-array reference (to rounding)", () => {
    const options = { epochs: 5, batchSize: 16, optimizer: "adam" as const, learningRate: 0.02 };
    const ref = new Network([2, 8, 3], { seed: 4 });
    const mj = new Network([2, 8, 3], { seed: 4, backend: mathjsBackend });
    const hr = ref.fit(X, y, options);
    const hm = mj.fit(X, y, options);
    hm.loss.forEach((l, i) => {
      expect(Math.abs(l - hr.loss[i]!)).toBeLessThan(1e-12);
    });
    ref.params.forEach((p, i) => {
      const q = mj.params[i]!;
      p.W.data.forEach((v, k) => {
        expect(Math.abs(v - q.W.data[k]!)).toBeLessThan(1e-12);
      });
    });
    expect(mj.predict(X)).toEqual(ref.predict(X));
    const back = Network.fromJSON(JSON.stringify(mj), { backend: mathjsBackend });
    expect(back.backend).toBe(mathjsBackend);
    expect(back.predictProba(X).toArray()).toEqual(mj.predictProba(X).toArray());
  }, 60_000);
});

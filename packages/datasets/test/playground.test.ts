import { RandomState } from "@plainnet/core";
import { describe, expect, it } from "vitest";
import type { Dataset } from "../src/index.ts";
import {
  gaussVariance,
  playgroundCircle,
  playgroundGauss,
  playgroundSpiral,
  playgroundXor,
} from "../src/index.ts";

const rows = (ds: Dataset): [number, number][] =>
  ds.X.toArray().map((r) => [r[0] as number, r[1] as number]);
const countOf = (y: number[], label: number): number => y.filter((v) => v === label).length;

const generators = {
  circle: playgroundCircle,
  xor: playgroundXor,
  gauss: playgroundGauss,
  spiral: playgroundSpiral,
};

describe("Playground sets: shapes, labels, determinism", () => {
  for (const [name, make] of Object.entries(generators)) {
    it(`${name}: n x 2, 0/1 labels, default 500 points`, () => {
      const ds = make({ nSamples: 301, noise: 0.2, randomState: 1 });
      expect(ds.X.shape).toEqual([301, 2]);
      expect(ds.y).toHaveLength(301);
      for (const v of ds.y) expect(v === 0 || v === 1).toBe(true);
      for (const v of ds.X.data) expect(Number.isFinite(v)).toBe(true);
      expect(make({ randomState: 0 }).X.shape).toEqual([500, 2]);
    });

    it(`${name}: same seed, same data; another seed, other data`, () => {
      const a = make({ nSamples: 100, noise: 0.1, randomState: 7 });
      const b = make({ nSamples: 100, noise: 0.1, randomState: 7 });
      const c = make({ nSamples: 100, noise: 0.1, randomState: 8 });
      expect(Array.from(a.X.data)).toEqual(Array.from(b.X.data));
      expect(a.y).toEqual(b.y);
      expect(Array.from(a.X.data)).not.toEqual(Array.from(c.X.data));
      const viaInstance = make({ nSamples: 100, noise: 0.1, randomState: new RandomState(7) });
      expect(Array.from(viaInstance.X.data)).toEqual(Array.from(a.X.data));
    });

    it(`${name}: shuffle false keeps generation order; shuffle permutes the same rows`, () => {
      const plain = make({ nSamples: 60, randomState: 3, shuffle: false });
      const shuffled = make({ nSamples: 60, randomState: 3 });
      const key = (ds: Dataset): string[] =>
        rows(ds)
          .map((r, i) => `${r[0]},${r[1]},${ds.y[i]}`)
          .sort();
      expect(key(shuffled)).toEqual(key(plain));
    });
  }
});

describe("Playground circle", () => {
  it("noise 0: disc points (r < 2.5) are class 1, ring points (3.5 <= r < 5) class 0", () => {
    const ds = playgroundCircle({ nSamples: 1000, randomState: 2, shuffle: false });
    rows(ds).forEach(([x, y], i) => {
      const r = Math.hypot(x, y);
      if (ds.y[i] === 1) expect(r).toBeLessThan(2.5 + 1e-12);
      else expect(r >= 3.5 - 1e-12 && r < 5 + 1e-12).toBe(true);
    });
    expect(countOf(ds.y, 0)).toBe(500);
    expect(countOf(ds.y, 1)).toBe(500);
    expect(ds.y.slice(0, 500).every((v) => v === 0)).toBe(true); // ring first
  });

  it("noise moves labels, not points: points stay within radius 5", () => {
    const ds = playgroundCircle({ nSamples: 1000, noise: 0.5, randomState: 4 });
    for (const [x, y] of rows(ds)) expect(Math.hypot(x, y)).toBeLessThan(5 + 1e-12);
    // With noise, some ring points are labelled 1 or disc points 0.
    const flipped = rows(ds).filter(([x, y], i) => (Math.hypot(x, y) < 2.5 ? 1 : 0) !== ds.y[i]);
    expect(flipped.length).toBeGreaterThan(0);
  });
});

describe("Playground xor", () => {
  it("noise 0: label 1 exactly when x * y >= 0; coordinates padded 0.3 off the axes", () => {
    const ds = playgroundXor({ nSamples: 1000, randomState: 5 });
    rows(ds).forEach(([x, y], i) => {
      expect(ds.y[i]).toBe(x * y >= 0 ? 1 : 0);
      for (const v of [x, y]) {
        expect(Math.abs(v)).toBeGreaterThanOrEqual(0.3 - 1e-12);
        expect(Math.abs(v)).toBeLessThanOrEqual(5.3 + 1e-12);
      }
    });
  });

  it("noise flips some labels near the axes only", () => {
    const ds = playgroundXor({ nSamples: 2000, noise: 0.3, randomState: 6 });
    const wrong = rows(ds).filter(([x, y], i) => (x * y >= 0 ? 1 : 0) !== ds.y[i]);
    expect(wrong.length).toBeGreaterThan(0);
    // A flip needs a noise term of at most 5 * 0.3 = 1.5 to cross an axis.
    for (const [x, y] of wrong) expect(Math.min(Math.abs(x), Math.abs(y))).toBeLessThanOrEqual(1.5);
  });
});

describe("Playground gauss", () => {
  it("gaussVariance is the linear map [0, 0.5] -> [0.5, 4]", () => {
    expect(gaussVariance(0)).toBe(0.5);
    expect(gaussVariance(0.5)).toBe(4);
    expect(gaussVariance(0.25)).toBe(2.25);
  });

  it("class 1 is centred at (2, 2), class 0 at (-2, -2), with the mapped variance", () => {
    for (const noise of [0, 0.5]) {
      const ds = playgroundGauss({ nSamples: 4000, noise, randomState: 8 });
      const variance = gaussVariance(noise);
      for (const [label, centre] of [
        [1, 2],
        [0, -2],
      ] as const) {
        const pts = rows(ds).filter((_, i) => ds.y[i] === label);
        expect(pts).toHaveLength(2000);
        for (const axis of [0, 1]) {
          const vals = pts.map((p) => p[axis] as number);
          const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
          const v = vals.reduce((a, b) => a + (b - mean) ** 2, 0) / (vals.length - 1);
          // Standard error of the mean sqrt(variance / 2000) <= 0.045; of the variance ~ 0.13 at 4.
          expect(Math.abs(mean - centre)).toBeLessThan(0.2);
          expect(Math.abs(v / variance - 1)).toBeLessThan(0.1);
        }
      }
    }
  });
});

describe("Playground spiral", () => {
  it("noise 0, 2 classes: Playground's arms r = i/m*5, t = 1.75*i/m*2pi (+pi for class 0)", () => {
    const n = 200;
    const m = n / 2;
    const ds = playgroundSpiral({ nSamples: n, randomState: 9, shuffle: false });
    const pts = rows(ds);
    for (let i = 0; i < m; i++) {
      const r = (i / m) * 5;
      const t = ((1.75 * i) / m) * 2 * Math.PI;
      const [x0, y0] = pts[i] as [number, number]; // class 0 first, rotated by pi
      const [x1, y1] = pts[m + i] as [number, number];
      expect(ds.y[i]).toBe(0);
      expect(ds.y[m + i]).toBe(1);
      expect(Math.abs(x1 - r * Math.sin(t))).toBeLessThan(1e-12);
      expect(Math.abs(y1 - r * Math.cos(t))).toBeLessThan(1e-12);
      expect(Math.abs(x0 + r * Math.sin(t))).toBeLessThan(1e-12);
      expect(Math.abs(y0 + r * Math.cos(t))).toBeLessThan(1e-12);
    }
  });

  it("nClasses 3: labels 0..2, n split evenly, points within radius 5 + noise", () => {
    const noise = 0.4;
    const ds = playgroundSpiral({ nSamples: 301, nClasses: 3, noise, randomState: 10 });
    expect([countOf(ds.y, 0), countOf(ds.y, 1), countOf(ds.y, 2)]).toEqual([101, 100, 100]);
    for (const [x, y] of rows(ds)) expect(Math.hypot(x, y)).toBeLessThan(5 + noise * Math.SQRT2);
  });

  it("noise moves each coordinate by at most noise", () => {
    const clean = playgroundSpiral({ nSamples: 100, randomState: 11, shuffle: false });
    const noisy = playgroundSpiral({ nSamples: 100, noise: 0.3, randomState: 11, shuffle: false });
    let moved = 0;
    noisy.X.data.forEach((v, i) => {
      const d = Math.abs(v - (clean.X.data[i] as number));
      expect(d).toBeLessThanOrEqual(0.3);
      if (d > 0) moved++;
    });
    expect(moved).toBeGreaterThan(150);
  });
});

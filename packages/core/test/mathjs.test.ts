// The mathjs adapter at the edge: user-made math.matrix inputs through the functional API,
// 1-D vectors, sparse and non-number matrices, wrong-backend input, custom mathjs instances.
// (Every op of the contract is covered by conformance.test.ts, parity by parity.test.ts.)
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { all, create, type FactoryFunctionMap, type Matrix as MathMatrix } from "mathjs";
import { describe, expect, it } from "vitest";
import {
  fullForwardPropagation,
  getAccuracyValue,
  getCostValue,
  gradCheck,
  initLayers,
  type LayerInput,
  Matrix,
  relu,
  train,
  typedArrayBackend,
} from "../src/index.ts";
import { createMathjsBackend, mathjsBackend } from "../src/mathjs.ts";

const math = create(all as FactoryFunctionMap);
const be = mathjsBackend;

const arch: LayerInput[] = [
  { input_dim: 2, output_dim: 4, activation: "relu" },
  { input_dim: 4, output_dim: 1, activation: "sigmoid" },
];

// Eight samples, features x samples, as the notebook lays them out.
const xRows = [
  [0.1, 0.9, -0.4, 1.2, 0.3, -1.1, 0.8, 0.05],
  [1.0, -0.2, 0.7, 0.1, -0.9, 0.4, 0.6, -0.3],
];
const yRow = [1, 0, 1, 0, 0, 1, 1, 0];

describe("mathjs matrices through the functional API", () => {
  it("train accepts math.matrix([...]) X and Y and returns mathjs parameters, matching the typed-array backend", () => {
    const X = math.matrix(xRows);
    const Y = math.matrix([yRow]);
    const options = { epochs: 60, learningRate: 0.3, seed: 5 };
    const ours = train(X, Y, arch, { ...options, backend: be });
    const ref = train(Matrix.from(xRows), Matrix.from([yRow]), arch, options);
    expect(ours.params.every((p) => math.isMatrix(p.W) && math.isMatrix(p.b))).toBe(true);
    expect(ours.params[0]!.W.size()).toEqual([4, 2]);
    ours.costHistory.forEach((c, i) => {
      expect(Math.abs(c - ref.costHistory[i]!) / ref.costHistory[i]!).toBeLessThanOrEqual(1e-12);
    });
    expect(ours.accuracyHistory).toEqual(ref.accuracyHistory);
    ours.params.forEach((p, l) => {
      const w = be.toMatrix(p.W).data;
      ref.params[l]!.W.data.forEach((v, k) => {
        expect(Math.abs(w[k]! - v)).toBeLessThanOrEqual(1e-12);
      });
    });
    // The inputs are untouched and still plain mathjs matrices of numbers.
    expect(X.toArray()).toEqual(xRows);
    expect(Y.toArray()).toEqual([yRow]);
  });

  it("the forward pass returns mathjs matrices and keeps X as memory.A[0]", () => {
    const X = math.matrix(xRows);
    const params = initLayers(arch, 3, { backend: be });
    const { output, memory } = fullForwardPropagation(X, params, arch, { backend: be });
    expect(math.isMatrix(output)).toBe(true);
    expect(output.size()).toEqual([1, 8]);
    expect(memory.A[0]).toBe(X);
    const Y = math.matrix([yRow]);
    expect(typeof getCostValue(output, Y, "bce", { backend: be })).toBe("number");
    const acc = getAccuracyValue(output, Y, { backend: be });
    expect(acc * 8).toBe(Math.round(acc * 8));
  });

  it("accepts user-made params (math.matrix of the notebook's shapes) and matrices without a declared datatype", () => {
    const params = initLayers(arch, 11).map((p) => ({
      W: math.matrix(p.W.toArray()),
      b: math.matrix(p.b.toArray()),
    }));
    const declared = initLayers(arch, 11, { backend: be });
    const X = math.matrix(xRows);
    const a = be.toMatrix(fullForwardPropagation(X, params, arch, { backend: be }).output);
    const b = be.toMatrix(fullForwardPropagation(X, declared, arch, { backend: be }).output);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });

  it("gradCheck works on mathjs matrices", () => {
    const X = math.matrix(xRows);
    const Y = math.matrix([yRow]);
    const { passed, checked } = gradCheck(X, Y, initLayers(arch, 4, { backend: be }), arch, {
      backend: be,
    });
    expect(checked).toBe(17);
    expect(passed).toBe(true);
  });
});

describe("mathjs input the backend rejects, with a clear error", () => {
  it("a 1-D vector (e.g. labels) is a RangeError that shows the math.reshape to use", () => {
    const X = math.matrix(xRows);
    const y1d = math.matrix(yRow);
    expect(() => be.shape(y1d)).toThrow(RangeError);
    expect(() => be.shape(y1d)).toThrow("math.reshape(v, [1, 8])");
    expect(() => train(X, y1d, arch, { epochs: 1, learningRate: 0.1, backend: be })).toThrow(
      /1-D mathjs matrix of size \[8\].*math\.reshape/,
    );
    const Y = math.reshape(y1d, [1, 8]);
    expect(() => train(X, Y, arch, { epochs: 1, learningRate: 0.1, backend: be })).not.toThrow();
  });

  it("a 3-D matrix and an empty matrix are RangeErrors", () => {
    expect(() => be.shape(math.matrix([[[1]]]))).toThrow(/3-D/);
    expect(() => be.sum(math.matrix([[]]))).toThrow(RangeError);
  });

  it("a sparse matrix is a TypeError that says how to make it dense", () => {
    const S = math.sparse(xRows);
    expect(() => be.matmul(S, S, { transposeB: true })).toThrow(TypeError);
    expect(() => be.matmul(S, S, { transposeB: true })).toThrow(
      /sparse.*math\.matrix\(m, "dense"\)/,
    );
    expect(() =>
      fullForwardPropagation(S, initLayers(arch, 1, { backend: be }), arch, { backend: be }),
    ).toThrow(/sparse/);
  });

  it("BigNumber, Fraction, Complex and bigint entries are TypeErrors naming the type and the position", () => {
    const cases: [MathMatrix, RegExp][] = [
      [math.matrix([[1, math.bignumber(2)]]), /BigNumber at \[0\]\[1\]/],
      [math.matrix([[math.fraction(1, 3), 1]]), /Fraction at \[0\]\[0\]/],
      [math.matrix([[1], [math.complex(1, 2)]]), /Complex at \[1\]\[0\]/],
      [math.matrix([[1, 2n]] as never), /bigint at \[0\]\[1\]/],
    ];
    for (const [m, message] of cases) {
      expect(() => be.shape(m)).toThrow(TypeError);
      expect(() => be.map(m, (v) => v)).toThrow(message);
    }
    const X = math.matrix([xRows[0]!, xRows[1]!.map((v) => math.bignumber(v))]);
    expect(() =>
      train(X, math.matrix([yRow]), arch, { epochs: 1, learningRate: 0.1, backend: be }),
    ).toThrow(/BigNumber.*math\.number/);
  });

  it("a plainnet Matrix given to the mathjs backend is a TypeError naming both backends", () => {
    const m = Matrix.from([[1, 2]]);
    for (const run of [() => be.shape(m as never), () => be.add(m as never, m as never)]) {
      expect(run).toThrow(TypeError);
      expect(run).toThrow(/mathjs backend.*plainnet Matrix.*typed-array backend/);
    }
    expect(() =>
      train(Matrix.from(xRows) as never, math.matrix([yRow]), arch, {
        epochs: 1,
        learningRate: 0.1,
        backend: be,
      }),
    ).toThrow(TypeError);
  });

  it("a mathjs matrix given to the typed-array backend is a TypeError naming both backends", () => {
    const m = math.matrix([[1, 2]]);
    for (const run of [
      () => typedArrayBackend.shape(m as never),
      () => typedArrayBackend.matmul(m as never, m as never),
    ]) {
      expect(run).toThrow(TypeError);
      expect(run).toThrow(/typed-array backend.*mathjs/);
    }
    // Through the functional API (default backend) the error names both backends and the fix.
    expect(() =>
      train(math.matrix(xRows) as never, math.matrix([yRow]) as never, arch, {
        epochs: 1,
        learningRate: 0.1,
      }),
    ).toThrow(/typed-array backend.*a mathjs matrix: pass \{ backend: mathjsBackend \}/);
  });

  it("mixed shapes are RangeErrors naming both shapes", () => {
    const X = math.matrix(xRows);
    expect(() =>
      train(X, math.matrix([yRow.slice(1)]), arch, { epochs: 1, learningRate: 0.1, backend: be }),
    ).toThrow(/Y is 1x7.*1x8/);
    expect(() => be.addColumn(X, math.matrix([[1], [2], [3]]))).toThrow(/addColumn.*2x1.*3x1/);
    expect(() => be.activateBackward(X, math.transpose(X), relu)).toThrow(/2x8 and 8x2/);
  });
});

describe("createMathjsBackend", () => {
  it("computes with the given instance, whatever its number and matrix config", () => {
    const X = math.matrix(xRows);
    const Y = math.matrix([yRow]);
    const options = { epochs: 20, learningRate: 0.3, seed: 9 };
    const ref = train(X, Y, arch, { ...options, backend: be });
    for (const config of [
      { number: "BigNumber" },
      { matrix: "Array" },
      { number: "Fraction" },
    ] as const) {
      const custom = createMathjsBackend(create(all as FactoryFunctionMap, config));
      const r = train(X, Y, arch, { ...options, backend: custom });
      expect(r.costHistory).toEqual(ref.costHistory);
      expect(r.params.every((p) => math.isMatrix(p.W) && p.W.storage() === "dense")).toBe(true);
      expect(typeof custom.sum(X)).toBe("number");
    }
  });

  it("rejects something that is not a mathjs instance", () => {
    expect(() => createMathjsBackend({} as never)).toThrow(TypeError);
    expect(() => createMathjsBackend(null as never)).toThrow(/createMathjsBackend/);
  });
});

describe("core stays free of mathjs", () => {
  it("no file under src/ imports mathjs except the adapter and its subpath entry", () => {
    const src = fileURLToPath(new URL("../src", import.meta.url));
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) =>
      f.endsWith(".ts"),
    );
    const importers = files.filter((f) =>
      /from\s+["']mathjs["']/.test(readFileSync(join(src, f), "utf8")),
    );
    expect(importers.sort()).toEqual(["backends/mathjs.ts"]);
    expect(readFileSync(join(src, "mathjs.ts"), "utf8")).toContain("./backends/mathjs.ts");
    expect(readFileSync(join(src, "index.ts"), "utf8")).not.toMatch(/mathjs\.ts|from "mathjs"/);
  });
});

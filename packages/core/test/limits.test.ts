// The shared size limit (issue 21.1): every allocation sized by user input is checked against
// MAX_ELEMENTS before anything is allocated, so an oversized request fails at once (the issue
// asks for under 50 ms; a check takes microseconds) with a RangeError naming the function, the
// tensor or layer, the count and the limit.
import { describe, expect, it } from "vitest";
import { checkElementCount, decodeNetwork, normalizeArchitecture } from "../src/engine.ts";
import {
  InvalidModelError,
  initLayers,
  MAX_ELEMENTS,
  Matrix,
  Network,
  RandomState,
  typedArrayBackend,
} from "../src/index.ts";
import { mathjsBackend } from "../src/mathjs.ts";

/** Runs `f`, expects a RangeError matching `message`, and returns the milliseconds it took. */
function timedRangeError(f: () => unknown, message: string | RegExp): number {
  const started = performance.now();
  let caught: unknown = null;
  try {
    f();
  } catch (error) {
    caught = error;
  }
  const ms = performance.now() - started;
  expect(caught).toBeInstanceOf(RangeError);
  expect((caught as Error).message).toMatch(message);
  return ms;
}

describe("checkElementCount", () => {
  it("accepts 0 to MAX_ELEMENTS and rejects one more", () => {
    expect(MAX_ELEMENTS).toBe(50_000_000);
    expect(() => checkElementCount("f", "x", 0)).not.toThrow();
    expect(() => checkElementCount("f", "x", MAX_ELEMENTS)).not.toThrow();
    expect(() => checkElementCount("f", "the output", MAX_ELEMENTS + 1)).toThrow(
      "f: the output would hold 50000001 values, above plainnet's limit of 50,000,000 (MAX_ELEMENTS)",
    );
  });

  it("rejects NaN, negative and infinite counts, and non-numbers", () => {
    for (const bad of [Number.NaN, -1, Number.POSITIVE_INFINITY, "5" as never]) {
      expect(() => checkElementCount("f", "x", bad)).toThrow(RangeError);
    }
  });

  it("prints huge counts in full digits", () => {
    expect(() => checkElementCount("f", "x", 2 ** 62)).toThrow(
      "would hold 4611686018427387904 values",
    );
  });
});

describe("oversized requests fail at once, before allocating", () => {
  const cases: [string, () => unknown, string | RegExp][] = [
    ["new Matrix(1e6, 1e6)", () => new Matrix(1e6, 1e6), "Matrix: a 1000000x1000000 matrix"],
    ["new Network([2, 1e9, 1])", () => new Network([2, 1e9, 1]), /layer 0 W \(1000000000x2\)/],
    [
      "initLayers with a 1e9-unit layer",
      () => initLayers([{ inputDim: 3, outputDim: 1e9, activation: "relu" }]),
      "initLayers: layer 0 W (1000000000x3)",
    ],
    [
      "RandomState.randn(1e15)",
      () => new RandomState(1).randn(1e15),
      "RandomState.randn: shape [1000000000000000]",
    ],
    [
      "a 1e5 x 1e5 matmul product",
      () => typedArrayBackend.matmul(new Matrix(1e5, 1), new Matrix(1, 1e5)),
      "matmul: the 100000x100000 product",
    ],
  ];
  it.each(cases)("%s", (_name, f, message) => {
    // Generous: the bound. Without the check these allocate gigabytes or never return.
    expect(timedRangeError(f, message)).toBeLessThan(50);
  });

  it("the mathjs backend checks its zeros and products too", () => {
    expect(
      timedRangeError(
        () => mathjsBackend.zeros(1e5, 1e5),
        "mathjs backend: zeros: a 100000x100000 matrix",
      ),
    ).toBeLessThan(50);
    const column = mathjsBackend.zeros(1e5, 1);
    expect(
      timedRangeError(
        () => mathjsBackend.matmul(column, column, { transposeB: true }),
        "mathjs backend: matmul: the 100000x100000 product would hold 10000000000 values",
      ),
    ).toBeLessThan(50);
  });

  it("a saved network above the limit is an InvalidModelError naming the architecture", () => {
    const doc = new Network([2, 3, 1]).toJSON() as unknown as Record<string, unknown>;
    doc.architecture = [
      { inputDim: 8000, outputDim: 8000, activation: "relu" },
      { inputDim: 8000, outputDim: 1, activation: "sigmoid" },
    ];
    expect(() => decodeNetwork(doc)).toThrow(InvalidModelError);
    expect(() => decodeNetwork(doc)).toThrow(
      "Network.fromJSON: architecture: has more than 50000000 parameters",
    );
    // A lower limit of the caller's still applies and is named.
    doc.architecture = [{ inputDim: 100, outputDim: 100, activation: "sigmoid" }];
    expect(() => decodeNetwork(doc, { maxParameters: 1000 })).toThrow(
      "has more than 1000 parameters (the limit); raise limits.maxParameters",
    );
  });

  it("normalizeArchitecture accepts a layer just under the limit (it allocates nothing)", () => {
    // 7070 x 7070 weights + 7070 biases = 49,991,970 values: allowed.
    const layer = (n: number) => [{ inputDim: n, outputDim: n, activation: "relu" as const }];
    expect(normalizeArchitecture(layer(7070))[0]!.outputDim).toBe(7070);
    // 7071 x 7071 + 7071 = 50,006,112: over, named as the whole parameter set.
    expect(() => normalizeArchitecture(layer(7071))).toThrow(
      "architecture: the parameters of layers 0 to 0 (weights and biases) would hold 50006112 values",
    );
  });
});

import { checkElementCount, decodeNetwork, normalizeArchitecture } from "../../src/engine.ts";
import {
  architectureFromSizes,
  InvalidModelError,
  initLayers,
  Matrix,
  Network,
  parameterCount,
  RandomState,
  typedArrayBackend,
  wasmBackend,
} from "../../src/index.ts";
import type { HostileCase } from "./case.ts";

/** A saved network declaring one 1e4 x 1e4 layer (its other fields are placeholders). */
function bigFile(): Record<string, unknown> {
  return {
    format: "plainnet.network",
    version: 1,
    architecture: [{ inputDim: 10_000, outputDim: 10_000, activation: "sigmoid" }],
    loss: "binaryCrossEntropy",
    params: [],
    optimizer: null,
    rng: null,
    epoch: 0,
    samplesSeen: 0,
    training: null,
  };
}

const LIMIT = /above plainnet's limit of 50,000,000 \(MAX_ELEMENTS\)/;

/** Oversized requests: every one must fail before allocating (issue 21.1). */
export const cases: HostileCase[] = [
  {
    name: "new Matrix(1e6, 1e6)",
    run: () => new Matrix(1e6, 1e6),
    error: RangeError,
    message: "Matrix: a 1000000x1000000 matrix would hold 1000000000000 values",
    defect: "21.1",
  },
  {
    name: "Matrix.zeros(1e5, 1e5)",
    run: () => Matrix.zeros(1e5, 1e5),
    error: RangeError,
    message: LIMIT,
    defect: "21.1",
  },
  {
    name: "Matrix.zeros(2**31, 2**31) (the count is above 2**53)",
    run: () => Matrix.zeros(2 ** 31, 2 ** 31),
    error: RangeError,
    message: "would hold 4611686018427387904 values",
    defect: "21.1",
  },
  {
    name: "Matrix.zeros(50_000_001, 1), one value over the limit",
    run: () => Matrix.zeros(50_000_001, 1),
    error: RangeError,
    message: "a 50000001x1 matrix would hold 50000001 values, above plainnet's limit",
    defect: "21.1",
  },
  {
    name: "Matrix.from with a 1-row array-like claiming 1e9 columns",
    run: () => Matrix.from([{ length: 1e9 } as ArrayLike<number>]),
    error: RangeError,
    message: "Matrix.from: a 1x1000000000 matrix would hold",
    defect: "21.1",
  },
  {
    name: "Matrix.from with an array-like claiming 1e8 rows",
    run: () => {
      const rows = { length: 1e8, 0: [1, 2] } as unknown as ArrayLike<ArrayLike<number>>;
      return Matrix.from(rows);
    },
    error: RangeError,
    message: "Matrix.from: a 100000000x2 matrix would hold 200000000 values",
    defect: "21.1",
  },
  {
    name: "Matrix.row with an array-like claiming 1e12 values",
    run: () => Matrix.row({ length: 1e12 } as ArrayLike<number>),
    error: RangeError,
    message: "Matrix.row: a 1x1000000000000 matrix",
    defect: "21.1",
  },
  {
    name: "new Network([2, 1e9, 1]) names layer 0 and its W size",
    run: () => new Network([2, 1e9, 1]),
    error: RangeError,
    message: "layer 0 W (1000000000x2) would hold 2000000000 values",
    defect: "21.1",
  },
  {
    name: "new Network([1e9, 1]): the input layer's W",
    run: () => new Network([1e9, 1]),
    error: RangeError,
    message: "layer 0 W (1x1000000000) would hold 1000000000 values",
    defect: "21.1",
  },
  {
    name: "new Network([2, 8, 1e8, 1]): a deep layer is named",
    run: () => new Network([2, 8, 1e8, 1]),
    error: RangeError,
    message: "layer 1 W (100000000x8) would hold 800000000 values",
    defect: "21.1",
  },
  {
    name: "new Network with 20 layers of 2000 units (80M parameters in all)",
    run: () => new Network([2, ...Array.from({ length: 20 }, () => 2000), 1]),
    error: RangeError,
    message:
      /the parameters of layers 0 to \d+ \(weights and biases\) would hold \d+ values, above/,
    defect: "21.1",
  },
  {
    name: "new Network with a 1e9-unit layer in the long form",
    run: () =>
      new Network([
        { inputDim: 2, outputDim: 1e9, activation: "relu" },
        { inputDim: 1e9, outputDim: 1, activation: "sigmoid" },
      ]),
    error: RangeError,
    message: "layer 0 W (1000000000x2)",
    defect: "21.1",
  },
  {
    name: "initLayers with a 1e9-unit layer",
    run: () => initLayers([{ inputDim: 2, outputDim: 1e9, activation: "relu" }]),
    error: RangeError,
    message: "initLayers: layer 0 W (1000000000x2) would hold",
    defect: "21.1",
  },
  {
    name: "initLayers with notebook-spelled 1e5 x 1e5 layer",
    run: () => initLayers([{ input_dim: 1e5, output_dim: 1e5, activation: "relu" }]),
    error: RangeError,
    message: "layer 0 W (100000x100000) would hold 10000000000 values",
    defect: "21.1",
  },
  {
    name: "architectureFromSizes([2, 1e9, 1])",
    run: () => architectureFromSizes([2, 1e9, 1]),
    error: RangeError,
    message: "architectureFromSizes: layer 0 W (1000000000x2)",
    defect: "21.1",
  },
  {
    name: "normalizeArchitecture with an Number.MAX_SAFE_INTEGER-unit layer",
    run: () =>
      normalizeArchitecture([
        { inputDim: Number.MAX_SAFE_INTEGER, outputDim: 1, activation: "sigmoid" },
      ]),
    error: RangeError,
    message: "layer 0 W (1x9007199254740991) would hold 9007199254740991 values",
    defect: "21.1",
  },
  {
    name: "parameterCount of an oversized architecture",
    run: () => parameterCount([{ inputDim: 1e4, outputDim: 1e4, activation: "relu" }]),
    error: RangeError,
    message: LIMIT,
    defect: "21.1",
  },
  {
    name: "RandomState.randn(1e9, 2)",
    run: () => new RandomState(0).randn(1e9, 2),
    error: RangeError,
    message: "RandomState.randn: shape [1000000000, 2] would hold 2000000000 values",
    defect: "21.1",
  },
  {
    name: "RandomState.uniform with a 1e15-sample shape (no 'Invalid typed array length')",
    run: () => new RandomState(0).uniform(0, 1, 1e15),
    error: RangeError,
    message: "RandomState.uniform: shape [1000000000000000] would hold 1000000000000000 values",
    defect: "21.1",
  },
  {
    name: "RandomState.normal with shape [1e8, 1e8, 0] is empty, but [1e8, 1e8] is not",
    run: () => {
      if (new RandomState(0).normal(0, 1, [1e8, 1e8, 0]).length !== 0) return;
      return new RandomState(0).normal(0, 1, [1e8, 1e8]);
    },
    error: RangeError,
    message: "RandomState.normal: shape [100000000, 100000000] would hold",
    defect: "21.1",
  },
  {
    name: "RandomState.permutation(1e9)",
    run: () => new RandomState(0).permutation(1e9),
    error: RangeError,
    message: "RandomState.permutation: a permutation of 1000000000 would hold",
    defect: "21.1",
  },
  {
    name: "typed-array matmul whose product is 1e5 x 1e5",
    run: () =>
      typedArrayBackend.matmul(new Matrix(1e5, 1), new Matrix(1e5, 1), { transposeB: true }),
    error: RangeError,
    message: "matmul: the 100000x100000 product would hold 10000000000 values",
    defect: "21.1",
  },
  {
    name: "wasm matmul whose product is 1e5 x 1e5",
    run: () => {
      const a = wasmBackend.fromMatrix(new Matrix(1e5, 1));
      return wasmBackend.matmul(a, a, { transposeB: true });
    },
    error: RangeError,
    message: "matmul: the 100000x100000 product would hold",
    defect: "21.1",
  },
  {
    name: "decodeNetwork of a file declaring a 1e4 x 1e4 layer (before reading params)",
    run: () => decodeNetwork(bigFile()),
    error: InvalidModelError,
    message: "architecture: has more than 50000000 parameters, above plainnet's limit",
    defect: "21.1",
  },
  {
    name: "decodeNetwork: raising limits.maxParameters above MAX_ELEMENTS does not lift the cap",
    run: () => decodeNetwork(bigFile(), { maxParameters: 1e12 }),
    error: InvalidModelError,
    message: "(MAX_ELEMENTS)",
    defect: "21.1",
  },
  {
    name: "decodeNetwork with limits.maxParameters NaN",
    run: () => decodeNetwork({}, { maxParameters: Number.NaN }),
    error: RangeError,
    message: "limits.maxParameters must be a non-negative number, got NaN",
  },
  {
    name: "checkElementCount with NaN",
    run: () => checkElementCount("f", "the output", Number.NaN),
    error: RangeError,
    message: "f: the output would hold NaN values, which is not a valid count",
  },
  {
    name: "checkElementCount with a negative count",
    run: () => checkElementCount("f", "the output", -1),
    error: RangeError,
    message: "f: the output would hold -1 values",
  },
  {
    name: "checkElementCount with Infinity",
    run: () => checkElementCount("f", "the output", Number.POSITIVE_INFINITY),
    error: RangeError,
    message: "f: the output would hold Infinity values, above plainnet's limit",
  },
];

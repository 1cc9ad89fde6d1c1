import { Matrix } from "@plainnet/core";
import { describe, expect, it } from "vitest";
import {
  makeBlobs,
  makeCircles,
  makeMoons,
  playgroundCircle,
  playgroundGauss,
  playgroundSpiral,
  playgroundXor,
  toColumns,
  toCSV,
  trainTestSplit,
} from "../src/index.ts";

const X4 = [
  [0, 1],
  [2, 3],
  [4, 5],
  [6, 7],
];
const X20 = Array.from({ length: 20 }, (_, i) => [i, -i]);
const y20 = Array.from({ length: 20 }, (_, i) => i % 2);

type ErrorClass = typeof RangeError | typeof TypeError;

// [case, call, error class, message pattern]
const table: [string, () => unknown, ErrorClass, RegExp][] = [
  // nSamples <= 0 or not an integer
  [
    "makeMoons nSamples 0",
    () => makeMoons({ nSamples: 0 }),
    RangeError,
    /makeMoons: .*nSamples.*positive integer.*got 0/,
  ],
  ["makeMoons nSamples -5", () => makeMoons({ nSamples: -5 }), RangeError, /nSamples.*-5/],
  ["makeMoons nSamples 2.5", () => makeMoons({ nSamples: 2.5 }), RangeError, /nSamples.*2\.5/],
  [
    "makeMoons nSamples NaN",
    () => makeMoons({ nSamples: Number.NaN }),
    RangeError,
    /nSamples.*NaN/,
  ],
  [
    "makeMoons nSamples string",
    () => makeMoons({ nSamples: "10" as unknown as number }),
    TypeError,
    /nSamples/,
  ],
  ["makeMoons pair [0, 0]", () => makeMoons({ nSamples: [0, 0] }), RangeError, /at least 1/],
  [
    "makeMoons pair with -1",
    () => makeMoons({ nSamples: [-1, 3] }),
    RangeError,
    /nSamples\[0\].*-1/,
  ],
  [
    "makeMoons triple",
    () => makeMoons({ nSamples: [1, 2, 3] as unknown as [number, number] }),
    TypeError,
    /pair/,
  ],
  [
    "makeCircles nSamples 0",
    () => makeCircles({ nSamples: 0 }),
    RangeError,
    /makeCircles: .*nSamples/,
  ],
  ["makeCircles nSamples 1.5", () => makeCircles({ nSamples: 1.5 }), RangeError, /nSamples.*1\.5/],
  ["makeBlobs nSamples 0", () => makeBlobs({ nSamples: 0 }), RangeError, /makeBlobs: .*nSamples/],
  ["makeBlobs nSamples 3.5", () => makeBlobs({ nSamples: 3.5 }), RangeError, /nSamples.*3\.5/],
  ["makeBlobs counts all zero", () => makeBlobs({ nSamples: [0, 0] }), RangeError, /at least 1/],
  ["makeBlobs count -2", () => makeBlobs({ nSamples: [3, -2] }), RangeError, /nSamples\[1\].*-2/],
  [
    "playgroundXor nSamples 0",
    () => playgroundXor({ nSamples: 0 }),
    RangeError,
    /playgroundXor: .*nSamples/,
  ],
  [
    "playgroundGauss nSamples 1.5",
    () => playgroundGauss({ nSamples: 1.5 }),
    RangeError,
    /nSamples.*1\.5/,
  ],
  // factor outside [0, 1)
  [
    "makeCircles factor 1",
    () => makeCircles({ factor: 1 }),
    RangeError,
    /factor in \[0, 1\).*got 1/,
  ],
  ["makeCircles factor -0.1", () => makeCircles({ factor: -0.1 }), RangeError, /factor.*-0\.1/],
  ["makeCircles factor 1.5", () => makeCircles({ factor: 1.5 }), RangeError, /factor.*1\.5/],
  ["makeCircles factor NaN", () => makeCircles({ factor: Number.NaN }), RangeError, /factor.*NaN/],
  // negative noise
  [
    "makeMoons noise -0.1",
    () => makeMoons({ noise: -0.1 }),
    RangeError,
    /makeMoons: expected noise >= 0, got -0\.1/,
  ],
  ["makeCircles noise -1", () => makeCircles({ noise: -1 }), RangeError, /noise >= 0.*-1/],
  ["makeMoons noise Infinity", () => makeMoons({ noise: Infinity }), RangeError, /noise.*finite/],
  [
    "playgroundCircle noise -0.2",
    () => playgroundCircle({ noise: -0.2 }),
    RangeError,
    /playgroundCircle: expected noise >= 0/,
  ],
  ["playgroundSpiral noise -1", () => playgroundSpiral({ noise: -1 }), RangeError, /noise >= 0/],
  [
    "makeBlobs clusterStd -1",
    () => makeBlobs({ clusterStd: -1 }),
    RangeError,
    /clusterStd >= 0.*-1/,
  ],
  // other generator options
  [
    "playgroundSpiral nClasses 1",
    () => playgroundSpiral({ nClasses: 1 }),
    RangeError,
    /nClasses >= 2/,
  ],
  [
    "playgroundSpiral nClasses 2.5",
    () => playgroundSpiral({ nClasses: 2.5 }),
    RangeError,
    /nClasses.*2\.5/,
  ],
  ["makeBlobs centers 0", () => makeBlobs({ centers: 0 }), RangeError, /centers.*0/],
  ["makeBlobs ragged centers", () => makeBlobs({ centers: [[0, 1], [2]] }), RangeError, /ragged/],
  [
    "makeBlobs counts vs centers",
    () => makeBlobs({ nSamples: [2, 3], centers: [[0, 0]] }),
    RangeError,
    /2 counts.*1 rows/,
  ],
  [
    "makeBlobs counts with numeric centers",
    () => makeBlobs({ nSamples: [2, 3], centers: 2 }),
    TypeError,
    /centers must be undefined or an array/,
  ],
  [
    "makeBlobs clusterStd length",
    () => makeBlobs({ centers: 3, clusterStd: [1, 2] }),
    RangeError,
    /clusterStd has 2 values.*3 centers/,
  ],
  [
    "makeBlobs centerBox NaN",
    () => makeBlobs({ centerBox: [Number.NaN, 1] }),
    RangeError,
    /centerBox\[0\]/,
  ],
  [
    "makeMoons unknown option",
    () => makeMoons({ n_samples: 5 } as never),
    TypeError,
    /unknown option "n_samples"/,
  ],
  ["makeMoons options not an object", () => makeMoons(100 as never), TypeError, /options object/],
  ["makeMoons bad seed", () => makeMoons({ randomState: -1 }), RangeError, /randomState.*-1/],
  [
    "makeMoons seed string",
    () => makeMoons({ randomState: "1" as never }),
    TypeError,
    /randomState/,
  ],
  ["makeMoons shuffle 1", () => makeMoons({ shuffle: 1 as never }), TypeError, /shuffle.*boolean/],
  // testSize outside (0, 1) or larger than the data
  [
    "testSize 0",
    () => trainTestSplit(X20, y20, { testSize: 0 }),
    RangeError,
    /testSize.*fraction in \(0, 1\).*got 0$/,
  ],
  [
    "testSize -0.2",
    () => trainTestSplit(X20, y20, { testSize: -0.2 }),
    RangeError,
    /testSize.*-0\.2/,
  ],
  ["testSize 1.5", () => trainTestSplit(X20, y20, { testSize: 1.5 }), RangeError, /testSize.*1\.5/],
  [
    "testSize NaN",
    () => trainTestSplit(X20, y20, { testSize: Number.NaN }),
    RangeError,
    /testSize.*NaN/,
  ],
  [
    "testSize = n",
    () => trainTestSplit(X20, y20, { testSize: 20 }),
    RangeError,
    /testSize.*\[1, 20\).*got 20/,
  ],
  ["testSize > n", () => trainTestSplit(X20, y20, { testSize: 25 }), RangeError, /testSize.*25/],
  [
    "trainSize = n",
    () => trainTestSplit(X4, [0, 1, 0, 1], { trainSize: 4 }),
    RangeError,
    /trainSize.*4/,
  ],
  [
    "sizes add past 1",
    () => trainTestSplit(X20, y20, { testSize: 0.6, trainSize: 0.5 }),
    RangeError,
    /must not exceed 1/,
  ],
  [
    "counts add past n",
    () => trainTestSplit(X20, y20, { testSize: 10, trainSize: 15 }),
    RangeError,
    /exceed the 20 samples/,
  ],
  [
    "empty training part",
    () => trainTestSplit([[1], [2]], [0, 1], { testSize: 0.9 }),
    RangeError,
    /training part would be empty/,
  ],
  // a stratify class with a single member
  [
    "stratify singleton class",
    () => trainTestSplit(X20, y20, { stratify: [...Array(19).fill(0), 1] }),
    RangeError,
    /stratify class 1 has only 1 member/,
  ],
  [
    "stratify length",
    () => trainTestSplit(X20, y20, { stratify: [0, 1] }),
    RangeError,
    /stratify has 2 labels/,
  ],
  [
    "stratify with shuffle false",
    () => trainTestSplit(X20, y20, { stratify: y20, shuffle: false }),
    RangeError,
    /shuffle/,
  ],
  [
    "stratify test part too small",
    () =>
      trainTestSplit(X20, y20, {
        stratify: Array.from({ length: 20 }, (_, i) => i % 4),
        testSize: 3,
      }),
    RangeError,
    /test part has 3 samples, fewer than the 4 classes/,
  ],
  [
    "stratify mixed kinds",
    () => trainTestSplit(X4, [0, 1, 0, 1], { stratify: [0, "a", 0, "a"] }),
    TypeError,
    /mixes/,
  ],
  // mismatched X/y lengths
  [
    "split X/y lengths",
    () => trainTestSplit(X4, [0, 1, 0]),
    RangeError,
    /X has 4 samples but y has 3 labels/,
  ],
  [
    "split Matrix X/y lengths",
    () => trainTestSplit(Matrix.from(X4), [0, 1, 0, 1, 1]),
    RangeError,
    /X has 4 samples but y has 5/,
  ],
  [
    "toColumns X/y lengths",
    () => toColumns({ X: Matrix.from(X4), y: [0, 1] }),
    RangeError,
    /X has 4 samples but y has 2/,
  ],
  ["toCSV X/y lengths", () => toCSV({ X: Matrix.from(X4), y: [0] }), RangeError, /X has 4 samples/],
  [
    "split X not rows",
    () => trainTestSplit("abc" as never, [0]),
    TypeError,
    /X to be a Matrix or number\[\]\[\]/,
  ],
];

describe("bad input gives a clear error", () => {
  for (const [name, call, type, message] of table) {
    it(name, () => {
      expect(call).toThrow(type);
      expect(call).toThrow(message);
    });
  }
});

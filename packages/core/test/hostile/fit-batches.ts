import { jsKernels } from "../../src/engine/js-kernels.ts";
import { FusedTrainer } from "../../src/engine/trainer.ts";
import { binaryCrossEntropy } from "../../src/losses/binary-cross-entropy.ts";
import { Matrix } from "../../src/matrix.ts";
import { Network } from "../../src/model/network.ts";
import type { HostileCase } from "./case.ts";

// The fused engine's mini-batch input (`FusedTrainer.setDataColumns`): a batch gathered from
// the training set by a sample order must name a bad range, order or shape instead of reading
// past the data or the planned buffers.

const trainer = (): FusedTrainer =>
  new FusedTrainer(
    new Network([3, 4, 1]).architecture,
    8,
    jsKernels("float64"),
    binaryCrossEntropy,
  );
const X = new Matrix(20, 3);
const Y = new Matrix(20, 1);

export const cases: HostileCase[] = [
  {
    name: "setDataColumns with more samples than the trainer's capacity",
    run: () => trainer().setDataColumns(X, Y, null, 0, 9),
    error: RangeError,
    message: "FusedTrainer.setDataColumns: 9 samples (0 to 9) exceed the capacity 8",
  },
  {
    name: "setDataColumns with an empty range",
    run: () => trainer().setDataColumns(X, Y, null, 4, 4),
    error: RangeError,
    message: "samples 4 to 4 must be a non-empty range of the 20 given",
  },
  {
    name: "setDataColumns past the end of the sample order",
    run: () => trainer().setDataColumns(X, Y, new Int32Array([3, 1, 2]), 1, 5),
    error: RangeError,
    message: "samples 1 to 5 must be a non-empty range of the 3 given",
  },
  {
    name: "setDataColumns with a negative start",
    run: () => trainer().setDataColumns(X, Y, null, -2, 3),
    error: RangeError,
    message: "samples -2 to 3 must be a non-empty range",
  },
  {
    name: "setDataColumns with a fractional end",
    run: () => trainer().setDataColumns(X, Y, null, 0, 2.5),
    error: RangeError,
    message: "samples 0 to 2.5 must be a non-empty range",
  },
  {
    name: "setDataColumns with features x samples instead of samples x features",
    run: () => trainer().setDataColumns(X.transpose(), Y, null, 0, 2),
    error: RangeError,
    message: "X is 3x20 and Y 20x1, expected 3 and 1 columns and as many rows",
  },
  {
    name: "setDataColumns with fewer target rows than samples",
    run: () => trainer().setDataColumns(X, new Matrix(10, 1), null, 0, 2),
    error: RangeError,
    message: "X is 20x3 and Y 10x1, expected 3 and 1 columns and as many rows",
  },
  {
    name: "setDataColumns with a sample index past the data",
    run: () => trainer().setDataColumns(X, Y, [0, 20, 1], 0, 3),
    error: RangeError,
    message: "FusedTrainer.setDataColumns: order[1] is 20, not a sample index from 0 to 19",
  },
  {
    name: "setDataColumns with a NaN sample index",
    run: () => trainer().setDataColumns(X, Y, [0, 1, Number.NaN], 1, 3),
    error: RangeError,
    message: "order[2] is NaN, not a sample index",
  },
];

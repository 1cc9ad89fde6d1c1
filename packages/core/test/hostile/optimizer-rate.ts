// Hostile inputs found in review of the flat optimiser steps: a learning rate set to NaN, a
// negative or an infinite value between steps (every form of the step refuses it before any
// parameter changes), and a huge sparse list of blocks (refused at its first hole, without a
// scratch array sized by the list's length).
import type { FlatBlock } from "../../src/index.ts";
import { Matrix } from "../../src/matrix.ts";
import { Adam } from "../../src/optimizers/adam.ts";
import { RmsProp } from "../../src/optimizers/rmsprop.ts";
import { Sgd } from "../../src/optimizers/sgd.ts";
import type { HostileCase } from "./case.ts";

const W: FlatBlock = { layer: 0, key: "W", rows: 2, cols: 3, param: 0, grad: 8 };
const B: FlatBlock = { layer: 0, key: "b", rows: 2, cols: 1, param: 6, grad: 14 };
const heap = (): Float64Array => new Float64Array(16).fill(0.5);

/** A list of 2^32 − 2 blocks (the longest even array length) holding only W and b. */
function sparseBlocks(): FlatBlock[] {
  const blocks: FlatBlock[] = [W, B];
  blocks.length = 2 ** 32 - 2;
  return blocks;
}

export const cases: HostileCase[] = [
  {
    name: "stepBlocksInPlace: a NaN learning rate set between steps",
    run: () => {
      const opt = new Adam();
      opt.learningRate = Number.NaN;
      opt.stepBlocksInPlace(heap(), heap(), [W, B]);
    },
    error: RangeError,
    message: "adam.stepBlocksInPlace: learningRate must be a finite number >= 0, got NaN",
    defect: "23.2",
  },
  {
    name: "stepInPlace: a negative learning rate set between steps",
    run: () => {
      const opt = new Sgd({ momentum: 0.9 });
      opt.learningRate = -0.1;
      opt.stepInPlace(heap(), 0, heap(), 8, 8);
    },
    error: RangeError,
    message: "sgd.stepInPlace: learningRate must be a finite number >= 0, got -0.1",
    defect: "23.2",
  },
  {
    name: "step: an infinite learning rate set between steps",
    run: () => {
      const opt = new RmsProp();
      opt.learningRate = Infinity;
      const p = [{ W: Matrix.zeros(2, 3), b: Matrix.zeros(2, 1) }];
      opt.step(p, [{ dW: Matrix.zeros(2, 3), db: Matrix.zeros(2, 1) }]);
    },
    error: RangeError,
    message: "rmsprop.step: learningRate must be a finite number >= 0, got Infinity",
    defect: "23.2",
  },
  {
    name: "stepBlocksInPlace: a sparse list of 2^32 − 2 blocks",
    run: () => new Adam().stepBlocksInPlace(heap(), heap(), sparseBlocks()),
    error: TypeError,
    message:
      "adam.stepBlocksInPlace: blocks[2] must be an object { layer, key, rows, cols, param, grad }, got undefined",
    defect: "23.2",
  },
];

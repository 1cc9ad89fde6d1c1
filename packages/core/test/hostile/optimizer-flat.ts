// Hostile flat blocks for Optimizer.stepBlocksInPlace: blocks outside the arrays, a missing or
// duplicated parameter, non-integer fields, wrong kinds, and another network's blocks for an
// optimiser that holds state.
import type { FlatBlock } from "../../src/index.ts";
import { Adam } from "../../src/optimizers/adam.ts";
import { RmsProp } from "../../src/optimizers/rmsprop.ts";
import { Sgd } from "../../src/optimizers/sgd.ts";
import type { HostileCase } from "./case.ts";

const W: FlatBlock = { layer: 0, key: "W", rows: 2, cols: 3, param: 0, grad: 8 };
const B: FlatBlock = { layer: 0, key: "b", rows: 2, cols: 1, param: 6, grad: 14 };
const heap = (): Float64Array => new Float64Array(16);
const step = (blocks: unknown[]): void =>
  new Adam().stepBlocksInPlace(heap(), heap(), blocks as FlatBlock[]);

export const cases: HostileCase[] = [
  {
    name: "stepBlocksInPlace: a block past the end of params",
    run: () => step([{ ...W, param: 12 }, B]),
    error: RangeError,
    message:
      /adam\.stepBlocksInPlace: blocks\[0\] \(layer 0 W, 2x3\) must lie inside params \(length 16\) from 12/,
    defect: "23.2",
  },
  {
    name: "stepBlocksInPlace: a block past the end of grads",
    run: () => step([W, { ...B, grad: 15 }]),
    error: RangeError,
    message:
      "blocks[1] (layer 0 b, 2x1) must lie inside params (length 16) from 6 and grads (length 16) from 15",
    defect: "23.2",
  },
  {
    name: "stepBlocksInPlace: a layer without its b (odd count)",
    run: () => step([W]),
    error: RangeError,
    message: "expected a W and a b block per layer (an even number of blocks), got 1 blocks",
    defect: "23.2",
  },
  {
    name: "stepBlocksInPlace: two W blocks and no b",
    run: () => step([W, { ...W, layer: 1 }]),
    error: RangeError,
    message: "blocks[1].layer is 1 but 2 blocks describe layers 0 to 0",
    defect: "23.2",
  },
  {
    name: "stepBlocksInPlace: the same W twice",
    run: () => step([W, B, { ...W, layer: 1 }, { ...W, param: 1 }]),
    error: RangeError,
    message: "blocks[3] is layer 0's W again (blocks[0] is too)",
    defect: "23.2",
  },
  {
    name: "stepBlocksInPlace: fractional rows",
    run: () => step([{ ...W, rows: 1.5 }, B]),
    error: RangeError,
    message: "blocks[0].rows must be a positive integer, got 1.5",
    defect: "23.2",
  },
  {
    name: "stepBlocksInPlace: zero cols",
    run: () => step([W, { ...B, cols: 0 }]),
    error: RangeError,
    message: "blocks[1].cols must be a positive integer, got 0",
    defect: "23.2",
  },
  {
    name: "stepBlocksInPlace: a negative offset",
    run: () => step([{ ...W, grad: -1 }, B]),
    error: RangeError,
    message: "blocks[0].grad must be a non-negative integer, got -1",
    defect: "23.2",
  },
  {
    name: "stepBlocksInPlace: a NaN layer",
    run: () => step([{ ...W, layer: Number.NaN }, B]),
    error: RangeError,
    message: "blocks[0].layer must be a non-negative integer, got NaN",
    defect: "23.2",
  },
  {
    name: "stepBlocksInPlace: a string offset",
    run: () => step([{ ...W, param: "0" }, B]),
    error: RangeError,
    message: 'blocks[0].param must be a non-negative integer, got string "0"',
    defect: "23.2",
  },
  {
    name: "stepBlocksInPlace: an unknown key",
    run: () => step([W, { ...B, key: "bias" }]),
    error: RangeError,
    message: 'blocks[1].key must be "W" or "b", got "bias"',
    defect: "23.2",
  },
  {
    name: "stepBlocksInPlace: a null block",
    run: () => step([W, null]),
    error: TypeError,
    message: "blocks[1] must be an object { layer, key, rows, cols, param, grad }, got null",
    defect: "23.2",
  },
  {
    name: "stepBlocksInPlace: blocks not an array",
    run: () => new Sgd().stepBlocksInPlace(heap(), heap(), { 0: W, 1: B } as never),
    error: TypeError,
    message: "sgd.stepBlocksInPlace: expected params and grads as Float64Array or Float32Array",
    defect: "23.2",
  },
  {
    name: "stepBlocksInPlace: params as a plain array",
    run: () => new Sgd().stepBlocksInPlace(Array(16).fill(0) as never, heap(), [W, B]),
    error: TypeError,
    message: "got array(16), a Float64Array and array(2)",
    defect: "23.2",
  },
  {
    name: "stepBlocksInPlace: another network's blocks after flat steps",
    run: () => {
      const opt = new RmsProp();
      opt.stepBlocksInPlace(heap(), heap(), [W, B]);
      opt.stepBlocksInPlace(heap(), heap(), [{ ...W, rows: 3, cols: 2 }, B]);
    },
    error: RangeError,
    message:
      "rmsprop.stepBlocksInPlace: this optimiser's meanSquare for layer 0's W is 2x3 but the step has 3x2; use a new optimiser",
    defect: "23.2",
  },
];

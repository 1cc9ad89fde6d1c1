import { describe } from "../matrix.ts";
import type { FlatBlock } from "./flat-block.ts";
import type { FlatArray } from "./optimizer.ts";

/** Which block (index + 1, 0 for none yet) claimed each `2·layer + (W 0, b 1)`; reused. */
let claimed = new Float64Array(64);

/**
 * Checks flat blocks against their arrays (allocating nothing when they are good): `params`
 * and `grads` are Float64Array or Float32Array; every block is an object with a non-negative
 * integer `layer`, `key` `"W"` or `"b"`, positive integer `rows` and `cols`, and non-negative
 * integer offsets `param` and `grad` whose `rows·cols` values lie inside `params` and `grads`;
 * every layer's `W` and `b` appear exactly once (blocks may overlap). Returns the number of
 * layers. A `TypeError` (wrong kinds) or `RangeError` names `where`, the block and the value.
 *
 * @example
 * ```ts
 * checkBlocks("adam.stepBlocksInPlace", heap, heap, blocks); // 2 (for 4 blocks)
 * ```
 */
export function checkBlocks(
  where: string,
  params: FlatArray,
  grads: FlatArray,
  blocks: readonly FlatBlock[],
): number {
  if (!isFlat(params) || !isFlat(grads) || !Array.isArray(blocks)) {
    throw new TypeError(
      `${where}: expected params and grads as Float64Array or Float32Array and an array of blocks, got ${describe(params)}, ${describe(grads)} and ${describe(blocks)}`,
    );
  }
  const count = blocks.length;
  if (count % 2 !== 0) {
    throw new RangeError(
      `${where}: expected a W and a b block per layer (an even number of blocks), got ${count} blocks`,
    );
  }
  const layers = count / 2;
  // Every block first (a sparse or hostile list stops at its first bad entry), then the
  // claims: the scratch array grows only to the length of a list of real blocks.
  for (let i = 0; i < count; i++) checkBlock(where, params, grads, blocks[i], i, layers);
  if (claimed.length < count) claimed = new Float64Array(count);
  claimed.fill(0, 0, count);
  for (let i = 0; i < count; i++) {
    const blk = blocks[i] as FlatBlock;
    const slot = 2 * blk.layer + (blk.key === "W" ? 0 : 1);
    const before = claimed[slot] as number;
    if (before !== 0) {
      throw new RangeError(
        `${where}: blocks[${i}] is layer ${blk.layer}'s ${blk.key} again (blocks[${before - 1}] is too); each layer needs one W and one b block`,
      );
    }
    claimed[slot] = i + 1;
  }
  return layers;
}

/** Checks one block's kind, fields, layer and extent (`layers`: the list's layer count). */
function checkBlock(
  where: string,
  params: FlatArray,
  grads: FlatArray,
  blk: FlatBlock | undefined,
  i: number,
  layers: number,
): void {
  if (typeof blk !== "object" || blk === null) {
    throw new TypeError(
      `${where}: blocks[${i}] must be an object { layer, key, rows, cols, param, grad }, got ${describe(blk)}`,
    );
  }
  checkInt(where, i, "layer", blk.layer, 0);
  checkInt(where, i, "rows", blk.rows, 1);
  checkInt(where, i, "cols", blk.cols, 1);
  checkInt(where, i, "param", blk.param, 0);
  checkInt(where, i, "grad", blk.grad, 0);
  if (blk.key !== "W" && blk.key !== "b") {
    throw new RangeError(
      `${where}: blocks[${i}].key must be "W" or "b", got ${typeof blk.key === "string" ? JSON.stringify(blk.key) : describe(blk.key)}`,
    );
  }
  if (blk.layer >= layers) {
    throw new RangeError(
      `${where}: blocks[${i}].layer is ${blk.layer} but ${2 * layers} blocks describe layers 0 to ${layers - 1} (a W and a b each)`,
    );
  }
  const n = blk.rows * blk.cols;
  if (blk.param + n > params.length || blk.grad + n > grads.length) {
    throw new RangeError(
      `${where}: blocks[${i}] (layer ${blk.layer} ${blk.key}, ${blk.rows}x${blk.cols}) must lie inside params (length ${params.length}) from ${blk.param} and grads (length ${grads.length}) from ${blk.grad}`,
    );
  }
}

function isFlat(a: unknown): boolean {
  return a instanceof Float64Array || a instanceof Float32Array;
}

function checkInt(where: string, i: number, field: string, value: unknown, min: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new RangeError(
      `${where}: blocks[${i}].${field} must be ${min === 0 ? "a non-negative" : "a positive"} integer, got ${describe(value)}`,
    );
  }
}

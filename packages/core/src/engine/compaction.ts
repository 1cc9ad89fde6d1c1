import type { Heap } from "./kernels.ts";
import type { LayerPlan } from "./plan.ts";

// The fused trainer's compacted products: the live rows and columns of a layer's W gathered
// into a scratch matrix, and a compacted dW spread back over the full layout.

/**
 * Copies `W[rows, cols]` of layer `L` into the matrix at `g` as a row-major
 * `rowCount x colCount` matrix (`rows` or `cols` null: every row or column).
 *
 * @example
 * ```ts
 * gatherW(k.heap(), plan.gather, L, 3, alive, L.inputs, null);
 * ```
 */
export function gatherW(
  h: Heap,
  g: number,
  L: LayerPlan,
  rowCount: number,
  rows: Int32Array | null,
  colCount: number,
  cols: Int32Array | null,
): void {
  const width = L.inputs;
  for (let r = 0; r < rowCount; r++) {
    const src = L.W + (rows === null ? r : rows[r]!) * width;
    const dst = g + r * colCount;
    if (cols === null) {
      h.copyWithin(dst, src, src + width);
    } else {
      for (let c = 0; c < colCount; c++) h[dst + c] = h[src + cols[c]!] as number;
    }
  }
}

/**
 * Copies the transpose of `W[rows, cols]` of layer `L` into the matrix at `g`, as a row-major
 * `colCount x rowCount` matrix (`rows` or `cols` null: every row or column): the backward
 * product `Wᵀ·dZ` then reads its left operand row by row.
 *
 * @example
 * ```ts
 * gatherWT(k.heap(), plan.gather, L, 3, alive, L.inputs, null);
 * ```
 */
export function gatherWT(
  h: Heap,
  g: number,
  L: LayerPlan,
  rowCount: number,
  rows: Int32Array | null,
  colCount: number,
  cols: Int32Array | null,
): void {
  const width = L.inputs;
  for (let r = 0; r < rowCount; r++) {
    const src = L.W + (rows === null ? r : rows[r]!) * width;
    let dst = g + r;
    if (cols === null) {
      for (let c = 0; c < colCount; c++, dst += rowCount) h[dst] = h[src + c] as number;
    } else {
      for (let c = 0; c < colCount; c++, dst += rowCount) h[dst] = h[src + cols[c]!] as number;
    }
  }
}

/**
 * Spreads the compacted `oc x ic` dW of layer `L` (rows `rows`, columns `cols`, null: all) over
 * the full `outputs x inputs` layout in place, with +0 for the dead rows and columns (what the
 * dense product gives there). Walks backwards, so no value is overwritten before it is read.
 *
 * @example
 * ```ts
 * expandDW(k.heap(), L, 3, alive, L.inputs, null);
 * ```
 */
export function expandDW(
  h: Heap,
  L: LayerPlan,
  oc: number,
  rows: Int32Array | null,
  ic: number,
  cols: Int32Array | null,
): void {
  const { inputs: i, outputs: o } = L;
  let r = oc - 1;
  for (let full = o - 1; full >= 0; full--) {
    const dst = L.dW + full * i;
    if (r < 0 || (rows === null ? full : rows[r]) !== full) {
      h.fill(0, dst, dst + i);
      continue;
    }
    const src = L.dW + r * ic;
    let c = ic - 1;
    for (let col = i - 1; col >= 0; col--) {
      if (c >= 0 && (cols === null ? col : cols[c]) === col) {
        h[dst + col] = h[src + c] as number;
        c--;
      } else {
        h[dst + col] = 0;
      }
    }
    r--;
  }
}

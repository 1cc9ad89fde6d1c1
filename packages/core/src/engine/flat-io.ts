import { Matrix } from "../matrix.ts";
import type { FlatBlock } from "../optimizers/flat-block.ts";
import type { Grads, LayerGrads, LayerParams, Params } from "../params.ts";
import type { Heap } from "./kernels.ts";
import type { LayerPlan } from "./plan.ts";

// The fused trainer's parameter I/O: its heap's W, b, dW and db in and out, as matrices or as
// one flat array laid out layer by layer, W row-major then b. The flat copies are plain loops
// (parallel training calls them every epoch: no subarray views to allocate); a float32 heap's
// values widen exactly.

/**
 * Number of parameters of the planned layers (every W, then b, layer by layer).
 *
 * @example
 * ```ts
 * flatParameterCount(plan.layers); // 4101 for 2-25-50-50-25-1
 * ```
 */
export function flatParameterCount(layers: readonly LayerPlan[]): number {
  let n = 0;
  for (const L of layers) n += L.outputs * L.inputs + L.outputs;
  return n;
}

/**
 * Copies one `{ W, b }` per layer into the heap.
 *
 * @example
 * ```ts
 * writeParams(k.heap(), plan.layers, initLayers(arch, 2));
 * ```
 */
export function writeParams(h: Heap, layers: readonly LayerPlan[], params: Params<Matrix>): void {
  layers.forEach((L, l) => {
    const p = params[l]!;
    h.set(p.W.data, L.W);
    h.set(p.b.data, L.b);
  });
}

/**
 * Copies parameters in from a flat array at `offset`.
 *
 * @example
 * ```ts
 * writeParamsFlat(k.heap(), plan.layers, flat, 0);
 * ```
 */
export function writeParamsFlat(
  h: Heap,
  layers: readonly LayerPlan[],
  src: Float64Array,
  offset: number,
): void {
  let o = offset;
  for (const L of layers) {
    const nW = L.outputs * L.inputs;
    for (let q = 0; q < nW; q++) h[L.W + q] = src[o + q] as number;
    o += nW;
    for (let q = 0; q < L.outputs; q++) h[L.b + q] = src[o + q] as number;
    o += L.outputs;
  }
}

/**
 * Copies the parameters (`which = "params"`) or the gradients (`"grads"`) out into a flat
 * array at `offset`.
 *
 * @example
 * ```ts
 * readFlat(k.heap(), plan.layers, "grads", flat, 0);
 * ```
 */
export function readFlat(
  h: Heap,
  layers: readonly LayerPlan[],
  which: "params" | "grads",
  out: Float64Array,
  offset: number,
): void {
  const grads = which === "grads";
  let o = offset;
  for (const L of layers) {
    const nW = L.outputs * L.inputs;
    const W = grads ? L.dW : L.W;
    const b = grads ? L.db : L.b;
    for (let q = 0; q < nW; q++) out[o + q] = h[W + q] as number;
    o += nW;
    for (let q = 0; q < L.outputs; q++) out[o + q] = h[b + q] as number;
    o += L.outputs;
  }
}

/**
 * The parameters, copied out as float64 matrices.
 *
 * @example
 * ```ts
 * readParams(k.heap(), plan.layers)[0].W.shape; // [25, 2]
 * ```
 */
export function readParams(h: Heap, layers: readonly LayerPlan[]): Params<Matrix> {
  return layers.map(
    (L): LayerParams<Matrix> => ({
      W: new Matrix(
        L.outputs,
        L.inputs,
        Float64Array.from(h.subarray(L.W, L.W + L.outputs * L.inputs)),
      ),
      b: new Matrix(L.outputs, 1, Float64Array.from(h.subarray(L.b, L.b + L.outputs))),
    }),
  );
}

/**
 * The gradients, copied out as float64 matrices.
 *
 * @example
 * ```ts
 * readGrads(k.heap(), plan.layers)[0].dW.shape; // [25, 2]
 * ```
 */
export function readGrads(h: Heap, layers: readonly LayerPlan[]): Grads<Matrix> {
  return layers.map(
    (L): LayerGrads<Matrix> => ({
      dW: new Matrix(
        L.outputs,
        L.inputs,
        Float64Array.from(h.subarray(L.dW, L.dW + L.outputs * L.inputs)),
      ),
      db: new Matrix(L.outputs, 1, Float64Array.from(h.subarray(L.db, L.db + L.outputs))),
    }),
  );
}

/**
 * The parameter blocks of the planned layers in the heap (layer by layer, `W` before `b`): the
 * parameters at `W`/`b`, the gradients at `dW`/`db`, for `Optimizer.stepBlocksInPlace`.
 *
 * @example
 * ```ts
 * heapBlocks(plan.layers)[0]; // { layer: 0, key: "W", rows: 25, cols: 2, param: …, grad: … }
 * ```
 */
export function heapBlocks(layers: readonly LayerPlan[]): FlatBlock[] {
  const blocks: FlatBlock[] = [];
  layers.forEach((L, layer) => {
    blocks.push({ layer, key: "W", rows: L.outputs, cols: L.inputs, param: L.W, grad: L.dW });
    blocks.push({ layer, key: "b", rows: L.outputs, cols: 1, param: L.b, grad: L.db });
  });
  return blocks;
}

import { Matrix } from "../matrix.ts";
import type { FlatBlock } from "./flat-block.ts";
import type { FlatArray, Optimizer } from "./optimizer.ts";

/**
 * The generic flat step of a rule without an in-place form: copies checked blocks into
 * matrices, calls `opt.step` and writes the new parameters back (rounded to float32 for a
 * Float32Array). The same bits as the in-place rules, but it allocates on every call.
 *
 * @example
 * ```ts
 * stepBlocksThroughStep(opt, heap, heap, blocks);
 * ```
 */
export function stepBlocksThroughStep<M>(
  opt: Optimizer<M>,
  params: FlatArray,
  grads: FlatArray,
  blocks: readonly FlatBlock[],
): void {
  const ps: Record<"W" | "b", Matrix>[] = [];
  const gs: Record<"W" | "b", Matrix>[] = [];
  for (const blk of blocks) {
    const n = blk.rows * blk.cols;
    const copy = (a: FlatArray, at: number): Matrix =>
      new Matrix(blk.rows, blk.cols, Float64Array.from(a.subarray(at, at + n)));
    (ps[blk.layer] ??= {} as Record<"W" | "b", Matrix>)[blk.key] = copy(params, blk.param);
    (gs[blk.layer] ??= {} as Record<"W" | "b", Matrix>)[blk.key] = copy(grads, blk.grad);
  }
  const be = opt.backend;
  const next = opt.step(
    ps.map((p) => ({ W: be.fromMatrix(p.W), b: be.fromMatrix(p.b) })),
    gs.map((g) => ({ dW: be.fromMatrix(g.W), db: be.fromMatrix(g.b) })),
  );
  for (const blk of blocks) {
    const p = next[blk.layer]!;
    params.set(be.toMatrix(blk.key === "W" ? p.W : p.b).data, blk.param);
  }
}

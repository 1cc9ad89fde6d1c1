/**
 * Where one parameter block (a layer's `W` or `b`) sits in flat parameter and gradient arrays,
 * such as a fused engine's heap: `rows x cols` values, row-major, from `param` in the parameter
 * array and from `grad` in the gradient array. A network's blocks are listed layer by layer,
 * `W` before `b` (the order of {@link Optimizer.step}).
 *
 * @example
 * ```ts
 * const blocks: FlatBlock[] = [
 *   { layer: 0, key: "W", rows: 25, cols: 2, param: 0, grad: 4101 },
 *   { layer: 0, key: "b", rows: 25, cols: 1, param: 50, grad: 4151 },
 * ];
 * ```
 */
export interface FlatBlock {
  readonly layer: number;
  readonly key: "W" | "b";
  readonly rows: number;
  readonly cols: number;
  /** Offset of the block's first value in the parameter array. */
  readonly param: number;
  /** Offset of the block's first value in the gradient array. */
  readonly grad: number;
}

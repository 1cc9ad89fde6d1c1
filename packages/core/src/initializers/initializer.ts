import type { RandomState } from "../random.ts";

/** Names of the built-in weight initialisers. */
export type InitializerName = "notebook" | "glorotUniform" | "heNormal";

/**
 * A weight initialiser as plain data (what `toJSON` saves):
 * - `{ type: "notebook", scale }`: the notebook's `randn * scale` for W and b (scale 0.1);
 * - `{ type: "glorotUniform" }`: W ~ U(−√(6/(fanIn+fanOut)), +√(6/(fanIn+fanOut))), b = 0;
 * - `{ type: "heNormal" }`: W ~ N(0, 2/fanIn) (untruncated), b = 0.
 *
 * @example
 * ```ts
 * const init: InitializerConfig = { type: "notebook", scale: 0.1 };
 * ```
 */
export type InitializerConfig =
  | { readonly type: "notebook"; readonly scale: number }
  | { readonly type: "glorotUniform" }
  | { readonly type: "heNormal" };

/** An initialiser by name or as a config object (`scale` defaults to 0.1). */
export type InitializerLike =
  | InitializerName
  | { readonly type: "notebook"; readonly scale?: number }
  | { readonly type: "glorotUniform" }
  | { readonly type: "heNormal" };

/** The draws of one layer, row-major: W is outputDim x inputDim, b is outputDim x 1. */
export interface LayerDraw {
  readonly W: Float64Array;
  readonly b: Float64Array;
}

/**
 * Draws one layer's initial parameters from `rng`, in a fixed order (W first, then b).
 *
 * @example
 * ```ts
 * const draw: InitializerFn = (rng, out, inp) => ({ W: rng.randn(out, inp), b: new Float64Array(out) });
 * ```
 */
export type InitializerFn = (rng: RandomState, outputDim: number, inputDim: number) => LayerDraw;
